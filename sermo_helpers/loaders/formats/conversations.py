"""Read customer-care conversation exports into the canonical mentions frame.

Two layouts, both from Twitter/X:

- :func:`read_ibm_conversations`: the IBM Twitter customer-care JSON (a list of conversations,
  each with ``dialogHeader``, ``dialogContent`` turns keyed ``client``/``client1``/``agent`` and a
  final agent turn in ``agentURL`` that has a tweet id but no time).
- :func:`read_twcs`: the flat "Customer Support on Twitter" CSV (``tweet_id``, ``author_id``,
  ``inbound``, ``created_at``, ``text``, ``response_tweet_id`` (a comma list), and
  ``in_response_to_tweet_id``).

Both return MENTIONS-schema frames on channel ``x`` with ``in_reply_to``, ``thread_id`` (the root
of the reply tree), ``is_own`` (the company's messages; inbound messages are not own) and
``responder`` (the agent's signature such as ``^MM`` or ``*SR`` at the end of a reply, else the
company account).
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd

from ...engage.threads import assign_thread_ids
from ...errors import LoadError
from ...schema import MENTIONS

TWITTER_EPOCH_MS = 1288834974657  # 2010-11-04T01:42:54.657Z, the snowflake epoch
_SIGNATURE = re.compile(r"(?:^|\s)[\^*]\s?([A-Za-z][A-Za-z.]{0,24})\s*$")
_TRAILING_LINKS = re.compile(r"(?:\s*https?://\S+)+\s*$")
_TWCS_TIME = "%a %b %d %H:%M:%S %z %Y"
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")


def snowflake_time(tweet_id: str | int) -> pd.Timestamp:
    """The creation time (UTC, millisecond precision) encoded in a Twitter/X snowflake id."""
    milliseconds = (int(tweet_id) >> 22) + TWITTER_EPOCH_MS
    return pd.Timestamp(milliseconds, unit="ms", tz="UTC")


def agent_signature(text) -> str | None:
    """The agent's sign-off at the end of a reply (``^MM``, ``*SR``, ``^Caroline``), if any."""
    if not isinstance(text, str):
        return None
    match = _SIGNATURE.search(_TRAILING_LINKS.sub("", text))
    return match.group(1).rstrip(".") if match else None


def read_ibm_conversations(path: str | Path, *, name: str | None = None) -> pd.DataFrame:
    """Read an IBM Twitter customer-care JSON file into a canonical mentions frame.

    Each conversation's turns are linked in order (each turn replies to the one before; the file
    gives the order, not the reply links). The last agent turn (``agentURL``) has no time in the
    file; its time is recovered from its tweet id (snowflake), truncated to whole seconds like the
    file's own turn times. Client turns (``client``, ``client1``) are inbound; agent turns are own,
    with ``author`` the company account. A tweet that appears in more than one conversation is kept
    once (the conversations then share a thread).

    Raises LoadError naming the file and the conversation (1-based ``row``) when the file is not
    JSON, not a list of conversations, or a turn lacks an id, a time or a speaker.
    """
    path = Path(path)
    shown = name or path.name  # messages name the file as the client knows it, never an absolute path
    try:
        conversations = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(f"{shown}: could not be read as IBM customer-care JSON: {exc}", path=shown,
                        expected="a JSON list of conversations", found=str(exc)) from None
    if not isinstance(conversations, list):
        raise LoadError(f"{shown}: expected a JSON list of conversations, found {type(conversations).__name__}",
                        path=shown, expected="a JSON list", found=type(conversations).__name__)
    rows = []
    for number, conversation in enumerate(conversations, start=1):
        rows.extend(_ibm_turns(conversation, shown, number))
    frame = pd.DataFrame(rows, columns=["mention_id", "published_at", "author", "text", "is_own",
                                        "in_reply_to", "responder", "_where"])
    published = pd.to_datetime(frame["published_at"], utc=True, errors="coerce", format="ISO8601")
    if published.isna().any():
        number, column = frame.loc[published.isna(), "_where"].iloc[0]
        found = frame.loc[published.isna(), "published_at"].iloc[0]
        raise LoadError(f"{shown}: conversation {number}: {column}: expected an ISO 8601 time, found {found!r}",
                        path=shown, row=number, column=column, expected="an ISO 8601 time", found=str(found))
    frame = frame.assign(published_at=published).drop(columns="_where")
    frame = frame.drop_duplicates("mention_id", keep="first")
    return _finish(frame, shown)


def _ibm_turns(conversation, shown: str, number: int) -> list[dict]:
    def fail(column, expected, found):
        raise LoadError(f"{shown}: conversation {number}: {column}: expected {expected}, found {found}",
                        path=shown, row=number, column=column, expected=expected, found=found)

    if not isinstance(conversation, dict):
        fail("conversation", "an object", type(conversation).__name__)
    header = conversation.get("dialogHeader") or {}
    company = header.get("company")
    turns = conversation.get("dialogContent")
    final = conversation.get("agentURL")
    if not isinstance(turns, list) or not turns:
        fail("dialogContent", "a list of turns", repr(turns)[:60])
    rows = []
    for position, turn in enumerate(turns, start=1):
        where = f"dialogContent[{position}]"
        if not isinstance(turn, dict):
            fail(where, "an object", type(turn).__name__)
        speaker = next((key for key in ("agent", "client", "client1") if key in turn), None)
        if speaker is None:
            speaker = next((key for key in turn if key.startswith("client")), None)
        if speaker is None:
            fail(where, "a speaker key (client, client1 or agent)", ", ".join(sorted(turn)))
        tweet_id = str(turn.get("tweet_ID") or "").strip()
        if not tweet_id.isdigit():
            fail(f"{where}.tweet_ID", "a numeric tweet id", repr(turn.get("tweet_ID")))
        published = turn.get("datetime")
        if not isinstance(published, str) or not _ISO_TIME.match(published):
            fail(f"{where}.datetime", "an ISO 8601 time with offset or Z", repr(published))
        is_own = speaker == "agent"
        text = turn.get("message")
        rows.append({"mention_id": tweet_id, "published_at": published, "author": str(turn[speaker]),
                     "text": text, "is_own": is_own,
                     "responder": (agent_signature(text) or str(turn[speaker])) if is_own else None,
                     "_where": (number, f"{where}.datetime")})
    if final is not None:
        if not isinstance(final, dict) or not str(final.get("tweet_ID") or "").strip().isdigit():
            fail("agentURL.tweet_ID", "a numeric tweet id", repr(final)[:60])
        tweet_id = str(final["tweet_ID"]).strip()
        text = final.get("url_utterance")
        rows.append({"mention_id": tweet_id, "published_at": snowflake_time(tweet_id).floor("s").isoformat(),
                     "author": str(company) if company else None, "text": text, "is_own": True,
                     "responder": agent_signature(text) or (str(company) if company else None),
                     "_where": (number, "agentURL.tweet_ID")})
    previous = None
    for row in rows:
        row["in_reply_to"] = previous
        previous = row["mention_id"]
    return rows


def read_twcs(path: str | Path, *, name: str | None = None, warnings: list[str] | None = None) -> pd.DataFrame:
    """Read a "Customer Support on Twitter" CSV into a canonical mentions frame.

    Reply links come from both directions: ``in_response_to_tweet_id`` (the parent) and
    ``response_tweet_id`` (a comma-separated list of children). A child's own parent field wins;
    a child that lacks one gets the parent that lists it. Messages with ``inbound`` False are the
    company's (own); their ``responder`` is the agent's signature or else the company account.

    A file re-saved by pandas is read too, with a warning for each repair: its unnamed index column
    is left out, ids written as floats (``3.0``) lose the ``.0``, and a bare carriage return inside
    an unquoted text (in a file whose lines end with a line feed) is a line break in the text, not
    the end of a row.

    Raises LoadError naming the file, the physical line, the data row and the column for missing
    columns, unreadable times, ``inbound`` values other than True/False, or ids that are not numbers.
    """
    path = Path(path)
    shown = name or path.name  # messages name the file as the client knows it, never an absolute path
    warnings = [] if warnings is None else warnings
    needed = ["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
              "in_response_to_tweet_id"]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(f"{shown}: could not be read as a Customer Support on Twitter CSV: "
                        f"{getattr(exc, 'reason', None) or getattr(exc, 'strerror', None) or exc}",
                        path=shown, expected="a UTF-8 CSV file", found=type(exc).__name__) from None
    raw, lines = _csv_records(text, shown, warnings)
    if raw.columns[0] == "" and raw.iloc[:, 0].fillna("").str.fullmatch(r"\d+").all():
        raw = raw.iloc[:, 1:]
        warnings.append("an unnamed first column (a row index written by pandas) was left out")
    missing = [column for column in needed if column not in raw.columns]
    if missing:
        raise LoadError(f"{shown}: expected columns {', '.join(needed)}; missing {', '.join(missing)}",
                        path=shown, column=missing[0], expected=", ".join(needed),
                        found="missing " + ", ".join(missing))
    for column in ("tweet_id", "in_response_to_tweet_id", "response_tweet_id"):
        values = raw[column].str.strip()
        floaty = values.str.contains(r"(?:^|,)\d+\.0(?:,|$)", regex=True).fillna(False).astype(bool)
        if floaty.any():
            raw[column] = values.where(~floaty, values.str.replace(r"(\d+)\.0(?=,|$)", r"\1", regex=True))
            warnings.append(f"column {column!r}: removed a trailing '.0' from {int(floaty.sum())} ids "
                            "(they had been stored as numbers)")

    def fail(mask, column, expected):
        position = int(mask.to_numpy().nonzero()[0][0])
        found = raw[column].iloc[position]
        line = int(lines[position])
        raise LoadError(f"{shown}: line {line} (data row {position + 1}), column {column!r}: expected {expected}, "
                        f"found {found!r}", path=shown, row=position + 1, column=column, expected=expected,
                        found=str(found))

    ids = raw["tweet_id"].str.strip()
    if (~ids.fillna("").str.fullmatch(r"\d+")).any():
        fail(~ids.fillna("").str.fullmatch(r"\d+"), "tweet_id", "a numeric tweet id")
    inbound = raw["inbound"].str.strip().str.lower().map({"true": True, "false": False})
    if inbound.isna().any():
        fail(inbound.isna(), "inbound", "True or False")
    published = pd.to_datetime(raw["created_at"], format=_TWCS_TIME, errors="coerce", utc=True)
    if published.isna().any():
        fail(published.isna(), "created_at", "a time like 'Wed Oct 11 06:55:44 +0000 2017'")
    parents = raw["in_response_to_tweet_id"].str.strip()
    listed_parent = {}
    for parent, children in zip(ids, raw["response_tweet_id"]):
        if isinstance(children, str):
            for child in children.split(","):
                if child.strip():
                    listed_parent.setdefault(child.strip(), parent)
    parents = parents.where(parents.notna(), ids.map(listed_parent))
    is_own = ~inbound.astype(bool)
    responder = raw["text"].map(agent_signature)
    responder = responder.where(responder.notna(), raw["author_id"]).where(is_own)
    frame = pd.DataFrame({"mention_id": ids, "published_at": published, "author": raw["author_id"],
                          "text": raw["text"], "is_own": is_own, "in_reply_to": parents,
                          "responder": responder})
    return _finish(frame, shown)


def _csv_records(text: str, shown: str, warnings: list[str]) -> tuple[pd.DataFrame, list[int]]:
    """The records of a CSV text as a frame of text cells, and the physical line each record starts on."""
    import csv

    bare = len(re.findall(r"\r(?!\n)", text))
    if bare and "\r\n" not in text:  # lines end with \n: a lone \r is inside a text
        text = text.replace("\r", "\u2029")
        warnings.append(f"{bare} bare carriage returns inside texts were read as line breaks in the text")
    elif bare:
        text = re.sub(r"\r(?!\n)", "\u2029", text)
        warnings.append(f"{bare} bare carriage returns inside texts were read as line breaks in the text")
    reader = csv.reader(io.StringIO(text, newline=""))
    records, starts, line = [], [], 1
    try:
        for record in reader:
            if record:
                records.append([cell.replace("\u2029", "\n") for cell in record])
                starts.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise LoadError(f"{shown}: line {reader.line_num}: could not be read as CSV ({exc}).", path=shown,
                        row=None, column=None, expected="CSV text", found=str(exc)) from None
    if not records:
        raise LoadError(f"{shown}: the file is empty.", path=shown, expected="a header and rows", found="nothing")
    header, body = [cell.strip() for cell in records[0]], records[1:]
    for number, record in enumerate(body, start=1):
        if len(record) != len(header):
            raise LoadError(f"{shown}: line {starts[number]} (data row {number}): {len(record)} cells where the header "
                            f"has {len(header)}.", path=shown, row=number, column=None,
                            expected=f"{len(header)} cells", found=f"{len(record)} cells")
    frame = pd.DataFrame(body, columns=header, dtype="str") if body else pd.DataFrame(columns=header, dtype="str")
    frame = frame.replace("", None) if len(frame) else frame
    return frame.astype("str").where(frame.notna()), starts[1:]


def _finish(frame: pd.DataFrame, shown: str) -> pd.DataFrame:
    frame = frame.assign(channel="x", source_domain="x.com",
                         url="https://x.com/i/web/status/" + frame["mention_id"].astype("str"))
    frame = assign_thread_ids(frame.assign(in_reply_to=frame["in_reply_to"].astype("str")))
    return MENTIONS.validate(frame, path=shown).sort_values(["published_at", "mention_id"],
                                                             ignore_index=True)
