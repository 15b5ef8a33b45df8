"""Explore the Engage stage: response to people who get in touch.

Notebook cell: ``explore_engage(engage, client)`` with ``engage = analyse_engage(data, client)``, in place of the handout's response table and
chart. Controls: period (conversations opened on those local days), channels, and the tone of the
opening message. It filters the Engage result's conversations; nothing is rebuilt. The view is the handout's: the response table
(:func:`sermo_helpers.engage.handout.response_table`) and response rate per channel
(:func:`~sermo_helpers.plots.engage.plot_response_rates`), both computed by the Engage package.
"""
from __future__ import annotations

import pandas as pd

from .. import present
from ..config import ClientConfig
from ..i18n import label
from .core import Control, channel_options, Explorer, Snapshot, choice_options, in_period, period_controls

SENTIMENTS = ("negative", "neutral", "positive")


def select_conversations(conversations: pd.DataFrame, *, timezone: str, start=None, end=None, channels=None,
                         sentiment: str = "all") -> pd.DataFrame:
    """Conversations opened in the period, on the channels, and opened with that tone (``all``: any)."""
    keep = in_period(conversations["opened_at"], timezone=timezone, start=start, end=end)
    if channels:
        keep &= conversations["channel"].isin(list(channels))
    if sentiment and sentiment != "all":
        keep &= (conversations["opening_sentiment"] == sentiment).fillna(False)
    return conversations[keep].reset_index(drop=True)


OPEN_NONE = "none"
OPEN_ALL = "all"
DRILL_COLUMNS = {"opened_at": "explore.column.opened_at", "channel": "common.channel",
                 "opening_author": "explore.column.author", "opening_text": "explore.column.opening_text",
                 "first_reply_text": "explore.column.first_reply", "minutes_to_answer": "explore.column.minutes_to_answer"}


def small_sample_notes(by_channel: pd.DataFrame, overall: pd.DataFrame, language: str) -> list:
    """A warning for every rate or median below that rests on fewer than ten conversations."""
    from ..i18n import label as text
    from .drill import small_sample_note

    notes = []
    total = int(overall["conversations"].iloc[0]) if len(overall) else 0
    note = small_sample_note(total, language, what=text("explore.small_sample.all", language))
    if note is not None:
        notes.append(note)
    for row in by_channel.itertuples(index=False):
        note = small_sample_note(int(row.conversations), language,
                                 what=text("explore.small_sample.channel", language, channel=readable_channel(row.channel, language)))
        if note is not None:
            notes.append(note)
    return notes


def readable_channel(channel: str, language: str) -> str:
    from ..errors import SermoError

    try:
        return label(f"channel.{channel}", language)
    except SermoError:
        return str(channel)


def render_engage(conversations: pd.DataFrame, client: ClientConfig, values: dict, *, engage=None,
                  links: bool = False) -> Snapshot:
    """The Engage view for one set of control values: the handout's response table and chart.

    In JupyterLab (``links``) a warning follows each figure resting on fewer than ten
    conversations, and "Åpne samtaler" opens the selection's conversations (all, or one channel's)
    with opening message, first reply, minutes to answer and a link to the post."""
    from ..engage.handout import response_metrics_table
    from ..engage.response import compute_response_metrics
    from ..plots.engage import plot_response_rates

    language = client.language
    chosen = select_conversations(conversations, timezone=client.timezone, start=values["start"],
                                  end=values["end"], channels=values["channels"], sentiment=values["sentiment"])
    parts, frames = [], {"conversations": chosen}
    if chosen.empty:
        parts.append(present.note(label("explore.nothing_to_show", language)))
    else:
        by_channel = compute_response_metrics(chosen, targets_minutes=client.response_targets_minutes, by="channel")
        frames["response"] = by_channel
        overall = compute_response_metrics(chosen, targets_minutes=client.response_targets_minutes)
        parts.append(response_metrics_table(overall, by_channel, client=client))
        parts.append(present.figure(plot_response_rates(by_channel, language=language)))
        if links:
            parts.extend(small_sample_notes(by_channel, overall, language))
        opened = values.get("open", OPEN_NONE)
        if engage is not None and opened not in (None, OPEN_NONE):
            from .drill import engage_conversations, rows_html

            rows = engage_conversations(engage, client, conversations=chosen,
                                        channel=None if opened == OPEN_ALL else opened)
            frames["opened"] = rows
            parts.append(rows_html(rows, language, columns=DRILL_COLUMNS) if links
                         else present.table(rows, language, columns=DRILL_COLUMNS, max_rows=len(rows)))
    return Snapshot(parts, frames)


def explore_engage(engage, client: ClientConfig, *, headless: bool | None = None) -> Explorer:
    """Response rate and speed by channel, with controls in JupyterLab and static in handouts.

    ``engage`` is the :class:`~sermo_helpers.engage.EngageResult`; the explorer filters its conversations.
    """
    from .core import is_headless

    headless = is_headless() if headless is None else headless
    conversations = engage.conversations
    channels = sorted(set(conversations["channel"].dropna()))
    controls = [
        *period_controls(client),
        Control("channels", "multiselect", "explore.channels", tuple(channels),
                options=channel_options(channels, client.language)),
        Control("sentiment", "dropdown", "explore.opening_sentiment", "all",
                options=choice_options(SENTIMENTS, client.language, prefix="sentiment")),
        Control("open", "dropdown", "explore.drill.conversations", OPEN_NONE,
                options=((label("explore.drill.none_conversations", client.language), OPEN_NONE),
                         (label("explore.all", client.language), OPEN_ALL),
                         *((readable_channel(channel, client.language), channel) for channel in channels))),
    ]
    return Explorer(lambda values: render_engage(conversations, client, values, engage=engage, links=not headless),
                    controls,
                    language=client.language, headless=headless)
