"""Drill-down: open an aggregate an explorer shows into the rows behind it.

* :func:`spike_mentions`: a spike of the Listen result's ``spikes`` table into the client's mentions
  on its days (as many rows as the spike's ``mentions``);
* :func:`actor_mentions`: an actor of the Influence ranking into the mentions counted for it (as many
  as its ``mentions``) and the replies others wrote to them;
* :func:`engage_conversations`: an Engage cell (a channel, a month, or everything) into its
  conversations: opening message, first reply, minutes to answer, link (as many as its
  ``conversations``).

Every row carries ``url``, the address of the original post; :func:`rows_html` shows them as links
(only ``http``/``https`` addresses become links; everything is escaped). Authors stay pseudonyms:
these functions read the stage results, which hold what the prepared data holds. Revealing a
handle is a separate, deliberate step with the installation's secret: the explorers' "Vis navn"
toggle (:func:`revealed`, JupyterLab only) runs :func:`sermo_helpers.explore.reveal.reveal_rows`.

:func:`small_sample_note` is the warning shown wherever a rate or a median rests on fewer than
:data:`SMALL_SAMPLE` items.
"""
from __future__ import annotations

import html

import pandas as pd

from .. import present
from ..errors import AnalysisError
from ..i18n import format_number, label
from .core import in_period

SMALL_SAMPLE = 10
MENTION_COLUMNS = ["mention_id", "published_at", "channel", "author", "sentiment", "reach", "text", "url"]


def _local(times: pd.Series, timezone: str) -> pd.Series:
    return times.dt.tz_convert(timezone).dt.tz_localize(None)


def _with_url(frame: pd.DataFrame) -> pd.DataFrame:
    return frame if "url" in frame.columns else frame.assign(url=pd.Series(pd.NA, index=frame.index, dtype="str"))


def spike_mentions(listen, spike: int, client) -> pd.DataFrame:
    """The client's mentions (by others) on the local days of spike number ``spike`` (row of ``listen.spikes``)."""
    spikes = listen.spikes
    if not 0 <= spike < len(spikes):
        raise AnalysisError(f"there is no spike number {spike}; the spike table has {len(spikes)} rows",
                            argument="spike", expected=f"0..{len(spikes) - 1}", found=str(spike))
    row = spikes.iloc[spike]
    audience = _with_url(listen.prepared)  # the shared frame: only the spike's rows are copied
    about = audience["subject"].fillna(client.slug) == client.slug if "subject" in audience else True
    keep = about & in_period(audience["published_at"], timezone=client.timezone, start=row["start"].date(),
                             end=row["end"].date())
    if "is_own" in audience.columns:  # mentions by others only (the Listen result's audience)
        keep &= ~audience["is_own"].fillna(False).astype(bool)
    out = audience.loc[keep, [c for c in MENTION_COLUMNS if c in audience.columns]]
    out["published_at"] = _local(out["published_at"], client.timezone)
    return out.sort_values("published_at").reset_index(drop=True)


def actor_mentions(influence, actor: str, client) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The mentions counted for ``actor`` in the ranking, and the replies others wrote to them.

    The same rows the ranking counts (:func:`sermo_helpers.influence.ranking.rank_influencers`): about
    the client, not the client's own accounts, the actor being the author (or the outlet for a
    level-2 source without an author).
    """
    from ..influence.ranking import _actor_of

    classified = _with_url(influence.classified)  # the shared frame: only the rows shown are copied
    keep = (_actor_of(classified) == actor).fillna(False) & (classified["matched_by"] != "own")
    if "subject" in classified.columns:
        keep &= classified["subject"].isna() | (classified["subject"] == client.slug)
    rows = classified.loc[keep, [c for c in MENTION_COLUMNS if c in classified.columns]]
    if rows.empty and actor not in set(influence.ranking["actor"]):
        raise AnalysisError(f"no actor {actor!r} in the Influence ranking", argument="actor",
                            expected="an actor of the ranking", found=repr(actor))
    mentions = rows.copy()
    mentions["published_at"] = _local(mentions["published_at"], client.timezone)
    reply_columns = [c for c in [*MENTION_COLUMNS, "in_reply_to"] if c in classified.columns]
    replies = classified.loc[[], reply_columns]
    if "in_reply_to" in classified.columns:
        replies = classified.loc[classified["in_reply_to"].isin(rows["mention_id"].tolist()).fillna(False),
                                 reply_columns]
    replies = replies.copy()
    replies["published_at"] = _local(replies["published_at"], client.timezone)
    return (mentions.sort_values("published_at").reset_index(drop=True),
            replies.sort_values("published_at").reset_index(drop=True))


def engage_conversations(engage, client, *, channel: str | None = None, month=None,
                         conversations: pd.DataFrame | None = None) -> pd.DataFrame:
    """The conversations behind one Engage cell: the whole table, a channel's row or a month's row.

    Columns: opened_at (local), channel, opening_author, opening_text, answered, first_reply_text,
    minutes_to_answer, url (the opening message's address). ``conversations`` defaults to the
    result's (pass an explorer's filtered selection to drill into what it shows).
    """
    chosen = engage.conversations if conversations is None else conversations
    if channel is not None:
        chosen = chosen[chosen["channel"] == channel]
    if month is not None:
        opened = _local(chosen["opened_at"], client.timezone)
        chosen = chosen[opened.dt.to_period("M").dt.start_time == pd.Timestamp(month)]
    messages = _with_url(engage.dialogue).drop_duplicates("mention_id").set_index("mention_id")
    text, url = messages["text"], messages["url"]
    return pd.DataFrame({
        "opened_at": _local(chosen["opened_at"], client.timezone),
        "channel": chosen["channel"],
        "opening_author": chosen["opening_author"],
        "opening_text": chosen["opening_id"].map(text),
        "answered": chosen["answered"],
        "first_reply_text": chosen["first_response_id"].map(text),
        "minutes_to_answer": chosen["first_response_minutes"],
        "url": chosen["opening_id"].map(url),
    }).sort_values("opened_at").reset_index(drop=True)


REVEAL = "reveal"  # the name of the "Vis navn" toggle in every explorer with a drill-down


def reveal_control():
    """The "Vis navn" toggle (strategist only: needs the pseudonym secret; never in a handout)."""
    from .core import Control

    return Control(REVEAL, "toggle", "explore.reveal", False)


def revealed(rows: pd.DataFrame, client, values: dict, *, links: bool) -> tuple[pd.DataFrame, list]:
    """``rows`` with names in place of pseudonyms when "Vis navn" is on in JupyterLab (``links``), and the
    reason (a note) when it cannot be done; the rows unchanged otherwise (always in a handout)."""
    from ..errors import ConfigError

    if not (links and values.get(REVEAL)):
        return rows, []
    from .reveal import reveal_rows

    try:
        return reveal_rows(rows, client), []
    except ConfigError as error:
        return rows, [present.note(str(error))]


def small_sample_note(count: int, language: str, *, what: str = ""):
    """A warning (present.note) when a rate or median rests on fewer than :data:`SMALL_SAMPLE` items, else None."""
    if count >= SMALL_SAMPLE:
        return None
    return present.note(label("explore.small_sample", language, count=format_number(count, language),
                              minimum=SMALL_SAMPLE, what=what))


def _link(url, language: str) -> str:
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return (f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
                f'{html.escape(label("explore.drill.open_post", language))}</a>')
    return "–"


def rows_html(rows: pd.DataFrame, language: str, *, columns: dict) -> present.Html:
    """The drilled rows as an escaped HTML table with a link to each original post."""
    head = "".join(f"<th>{html.escape(label(key, language))}</th>" for key in columns.values())
    head += f"<th>{html.escape(label('explore.drill.post', language))}</th>"
    body = []
    for record in rows.to_dict("records"):
        cells = []
        for column in columns:
            value = record.get(column)
            if isinstance(value, pd.Timestamp):
                shown = value.strftime("%d.%m.%Y %H:%M" if language == "nb" else "%Y-%m-%d %H:%M")
            elif isinstance(value, float):
                shown = format_number(value, language) if not pd.isna(value) else "–"
            else:
                shown = "–" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
            cells.append(f"<td>{html.escape(shown)}</td>")
        cells.append(f"<td>{_link(record.get('url'), language)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    caption = html.escape(label("explore.drill.count", language, count=format_number(len(rows), language)))
    return present.Html(f'<table class="sermo-table sermo-drill"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
                        f"<tbody>{''.join(body)}</tbody></table>")
