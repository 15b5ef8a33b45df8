"""Threads and conversations rebuilt from reply links.

A *thread* is a tree of messages linked by ``in_reply_to``; its id is the mention_id of its root
(the earliest ancestor that can be reached, even when that message itself is not in the data, so
two replies to the same missing message still share a thread). A *conversation* is one thread
seen from the client's side: who opened it, when the first own reply came, and how long that took.

Definitions used in the handout:

- **inbound message**: a message not written by the client's own accounts (``is_own`` False).
- **own message**: a message written by one of the client's own accounts (``is_own`` True).
- **inbound conversation**: a thread with at least one inbound message.
- **opening message**: the earliest inbound message of the conversation.
- **first response**: the earliest own message in the thread published at or after the opening
  message; the conversation is *answered* when it exists.
- **first response time**: first response minus opening message, in minutes of wall-clock time,
  and in minutes of business time (the client's business hours in the client's time zone,
  excluding weekends outside those hours and Norwegian public holidays).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..arrow_text import is_in
from ..calendar import business_minutes_between
from ..config import BusinessHours
from ..errors import require_columns
from ..listen._common import select_rows

CONVERSATION_COLUMNS = [
    "thread_id", "channel", "opened_at", "opening_id", "opening_author", "opening_sentiment", "opening_critical",
    "inbound_messages", "own_messages", "answered", "first_response_at", "first_response_id",
    "first_responder", "first_response_minutes", "first_response_business_minutes",
]


def empty_conversations() -> pd.DataFrame:
    """A conversations frame with no rows and the columns and dtypes of :func:`build_conversations`."""
    dtypes = {"opened_at": "datetime64[us, UTC]", "first_response_at": "datetime64[us, UTC]",
              "opening_critical": "boolean",
              "inbound_messages": "int64", "own_messages": "int64", "answered": "bool",
              "first_response_minutes": "float64", "first_response_business_minutes": "float64"}
    return pd.DataFrame({column: pd.Series(dtype=dtypes.get(column, "str")) for column in CONVERSATION_COLUMNS})


def assign_thread_ids(mentions: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``mentions`` with ``thread_id`` set to the root of each reply chain.

    The root is found by following ``in_reply_to`` upwards until a message with no parent, or a
    parent that is not in the frame (then that parent's id is the thread id). Cycles in the links
    are broken at the message where the cycle was detected, which becomes the root.

    Raises AnalysisError when ``mention_id`` or ``in_reply_to`` is missing.
    """
    _require(mentions, ["mention_id", "in_reply_to"], "mentions")
    roots = _thread_roots(mentions["mention_id"], mentions["in_reply_to"])
    if roots is None:  # the walk itself (a cycle, or ids that are not all text)
        roots = _walked_roots(mentions["mention_id"].tolist(), mentions["in_reply_to"].tolist())
    # assign: with copy-on-write the other columns are shared with ``mentions``, not copied
    return mentions.assign(thread_id=pd.Series(roots, index=mentions.index, dtype="str"))


def _walked_roots(ids: list, parents: list) -> list:
    """The definition: per row, the root found by following each message's parent (a repeated id: its
    last row's parent) until a message without one, a parent not in the data, or a message seen before."""
    parent_of = {child: parent for child, parent in zip(ids, parents)
                 if isinstance(parent, str) and parent and parent != child}
    roots: dict[str, str] = {}
    for start in parent_of:  # a message without a parent is its own root
        path = []
        seen = set()
        node = start
        while node in parent_of and node not in roots and node not in seen:
            seen.add(node)
            path.append(node)
            node = parent_of[node]
        root = roots.get(node, node)
        for member in path:
            roots[member] = root
        roots.setdefault(start, root)
    return [roots.get(m, m) for m in ids]


def _thread_roots(ids: pd.Series, parents: pd.Series):
    """Each row's thread root as the walk finds it (:func:`_walked_roots`), on arrays: every id and parent
    numbered (one ``factorize``), each message's parent pointer (a repeated id keeps its last row's
    valid parent, as the walk's dictionary does) followed by doubling until it stops at a root.
    None where the walk is the definition to use: links holding a cycle (the walk's answer then
    depends on its order), ids that are missing or not text, parents not text."""
    if not (isinstance(ids.dtype, pd.StringDtype) and isinstance(parents.dtype, pd.StringDtype)) \
            or ids.isna().any():
        return None
    valid = (parents.notna() & (parents != "") & (parents != ids)).to_numpy(dtype=bool, na_value=False)
    codes, names = pd.factorize(pd.concat([ids, parents[valid]], ignore_index=True))
    rows = len(ids)
    own, linked = codes[:rows], codes[rows:]
    children = own[valid]
    last = len(children) - 1 - np.unique(children[::-1], return_index=True)[1]  # a repeated id: its last row
    parent = np.arange(len(names))
    parent[children[last]] = linked[last]
    pointer = parent
    for _ in range(64):  # doubling: 2**64 steps exceed any chain
        onward = pointer[pointer]
        if np.array_equal(onward, pointer):
            break
        pointer = onward
    if not np.array_equal(parent[pointer], pointer):  # not every pointer at a root: a cycle
        return None
    return names.take(pointer[own])


def build_conversations(mentions: pd.DataFrame, *, timezone: str = "Europe/Oslo",
                        business_hours: BusinessHours = BusinessHours(), holidays=None,
                        sentiment_column: str = "sentiment") -> pd.DataFrame:
    """One row per inbound conversation: opening message, first own response and its timing.

    Parameters
    ----------
    mentions : a canonical mentions frame with ``is_own`` and ``thread_id`` (or ``in_reply_to``,
        from which thread ids are rebuilt). Messages without links are single-message threads.
    timezone, business_hours, holidays : how business minutes are counted (see
        :func:`sermo_helpers.calendar.business_minutes_between`); usually the client's settings.
    sentiment_column : a column with negative/neutral/positive per message, if present; the
        opening message's value goes to ``opening_sentiment`` (missing when the column is absent).
        The opening message's ``critical`` flag (prepared data) goes to ``opening_critical``
        (missing when the frame has no ``critical`` column: criticism is then not measurable).

    Columns: see ``CONVERSATION_COLUMNS``. ``first_responder`` is the first response's
    ``responder`` (or its author when no responder is recorded). Rows are sorted by ``opened_at``.

    Raises AnalysisError naming a missing column.
    """
    _require(mentions, ["mention_id", "published_at", "channel", "is_own"], "mentions")
    frame = mentions
    if "thread_id" not in frame.columns or frame["thread_id"].isna().any():
        if "in_reply_to" not in frame.columns:
            frame = frame.assign(in_reply_to=pd.Series(pd.NA, index=frame.index, dtype="str"))
        frame = _fill_thread_ids(frame)
    has_sentiment = sentiment_column in frame.columns
    columns = ["mention_id", "published_at", "channel", "is_own", "thread_id"]
    work = frame[columns].copy()
    work["author"] = frame["author"] if "author" in frame.columns else pd.NA
    work["responder"] = frame["responder"] if "responder" in frame.columns else pd.NA
    work["sentiment"] = frame[sentiment_column] if has_sentiment else pd.NA
    work["critical"] = (frame["critical"].astype("boolean") if "critical" in frame.columns
                        else pd.Series(pd.NA, index=frame.index, dtype="boolean"))
    work = work.sort_values(["published_at", "mention_id"], kind="stable")
    is_own = work["is_own"].astype(bool)

    inbound = work[~is_own]
    if inbound.empty:  # nobody wrote to the client: no conversations (merging empty frames fails)
        return empty_conversations()
    opening = inbound.groupby("thread_id", sort=False).head(1).set_index("thread_id")
    counts_in = inbound.groupby("thread_id").size()
    counts_own = work[is_own].groupby("thread_id").size()

    own = work[is_own]
    if own.empty:  # nobody answered: merging an empty frame on an index level fails
        own = own.assign(opened_at=pd.Series(dtype="datetime64[us, UTC]"))
    else:
        own = own.merge(opening[["published_at"]].rename(columns={"published_at": "opened_at"}),
                        left_on="thread_id", right_index=True)
    after = own[own["published_at"] >= own["opened_at"]]
    first = after.groupby("thread_id", sort=False).head(1).set_index("thread_id")

    out = pd.DataFrame({
        "thread_id": opening.index.astype("str"),
        "channel": opening["channel"].to_numpy(),
        "opened_at": opening["published_at"].array,  # the times as they are (to_numpy makes Timestamp objects)
        "opening_id": opening["mention_id"].to_numpy(),
        "opening_author": opening["author"].to_numpy(),
        "opening_sentiment": opening["sentiment"].to_numpy(),
        "opening_critical": pd.array(opening["critical"].to_numpy(), dtype="boolean"),
    })
    out["opened_at"] = pd.to_datetime(out["opened_at"], utc=True).astype("datetime64[us, UTC]")
    out["inbound_messages"] = out["thread_id"].map(counts_in).astype("int64")
    out["own_messages"] = out["thread_id"].map(counts_own).fillna(0).astype("int64")
    # reindex, not map: Series.map with an empty datetime mapper fails in pandas 3.1
    first = first.reindex(out["thread_id"])
    out["first_response_at"] = pd.to_datetime(first["published_at"].array, utc=True).astype("datetime64[us, UTC]")
    out["answered"] = out["first_response_at"].notna()
    out["first_response_id"] = pd.Series(first["mention_id"].to_numpy(), dtype="str")
    responder = first["responder"].where(first["responder"].notna(), first["author"])
    out["first_responder"] = pd.Series(responder.to_numpy(), dtype="str")
    out["first_response_minutes"] = (out["first_response_at"] - out["opened_at"]).dt.total_seconds() / 60
    out["first_response_business_minutes"] = business_minutes_between(
        out["opened_at"], out["first_response_at"], timezone=timezone, business_hours=business_hours,
        holidays=holidays).to_numpy()
    for column in ("opening_author", "opening_sentiment"):
        out[column] = out[column].astype("str")
    out = out.sort_values(["opened_at", "thread_id"], kind="stable").reset_index(drop=True)
    return out[CONVERSATION_COLUMNS]


def _fill_thread_ids(frame: pd.DataFrame) -> pd.DataFrame:
    rebuilt = assign_thread_ids(frame)
    if "thread_id" in frame.columns:
        rebuilt["thread_id"] = frame["thread_id"].where(frame["thread_id"].notna(), rebuilt["thread_id"])
    return rebuilt


def _require(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    require_columns(frame, columns, step=name)


def select_dialogue(mentions: pd.DataFrame, *, client) -> pd.DataFrame:
    """The messages of the client's dialogue: threads on its own channels that are addressed to it.

    A thread belongs to the dialogue when it is on a channel where the client has an own account
    (``client.own_accounts``), is about the client (``subject`` is the client's slug or missing),
    and either the client took part in it (an own message) or its first message was delivered by
    the export as the start of a conversation (its ``thread_id`` is its own ``mention_id``, as in
    an inbox export of messages and comments to the client's accounts). Other public talk about
    the client (news, forums, replies to other people's posts) belongs to Listen, not here.

    Thread ids missing in the data are rebuilt from ``in_reply_to`` first. Returns a copy.
    """
    _require(mentions, ["mention_id", "channel", "is_own"], "mentions")
    frame = mentions
    if "in_reply_to" not in frame.columns:
        frame = frame.assign(in_reply_to=pd.Series(pd.NA, index=frame.index, dtype="str"))
    declared_roots = frame["mention_id"].iloc[:0]
    if "thread_id" in frame.columns:
        declared_roots = frame.loc[frame["thread_id"] == frame["mention_id"], "mention_id"]
    frame = _fill_thread_ids(frame) if ("thread_id" not in frame.columns or frame["thread_id"].isna().any()) \
        else frame
    on_own_channel = is_in(frame["channel"], pd.Series(list(client.own_accounts), dtype="str"))
    about_client = (frame["subject"].isna() | (frame["subject"] == client.slug)) if "subject" in frame.columns \
        else pd.Series(True, index=frame.index)
    candidate = on_own_channel & about_client.to_numpy(dtype=bool)
    with_own = frame.loc[candidate & frame["is_own"].astype(bool).to_numpy(), "thread_id"]
    wanted = pd.concat([with_own, declared_roots], ignore_index=True)
    return select_rows(frame, candidate & is_in(frame["thread_id"], wanted))  # the rows kept, copied once


def build_client_conversations(mentions: pd.DataFrame, *, client,
                               sentiment_column: str = "sentiment") -> pd.DataFrame:
    """The client's inbound conversations (see :func:`select_dialogue`), timed with its business hours.

    ``client`` is a :class:`~sermo_helpers.config.ClientConfig`: its own channels, time zone and
    business hours are used, with Norwegian public holidays.
    """
    return build_conversations(select_dialogue(mentions, client=client), timezone=client.timezone,
                               business_hours=client.business_hours, sentiment_column=sentiment_column)
