"""Explore the Engage stage: response to people who get in touch.

Notebook cell: ``explore_engage(engage, client)`` with ``engage = analyse_engage(data, client)``, in place of the handout's response table and
chart. Controls: period (conversations opened on those local days), channels, and the tone of the
opening message. It filters the Engage result's conversations; nothing is rebuilt. The view is the handout's: the response table
(:func:`sermo_helpers.engage.handout.response_table`) and response rate per channel
(:func:`~sermo_helpers.plots.engage.plot_response_rates`), both computed by the Engage package.

The cells below it follow the selection (``explorer.selection``, :func:`restrict_engage`): the
response curve, the monthly table and the criticism table show the selected conversations in
JupyterLab and the whole period in the handout.
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from .. import present
from ..config import ClientConfig
from ..i18n import label
from .core import Control, channel_options, Explorer, Snapshot, choice_options, in_period, period_controls, restriction
from .drill import reveal_control

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


def restrict_engage(engage, client: ClientConfig, values: dict):
    """The Engage result restricted to the conversations an explorer selects (period, channels, opening tone).

    The response metrics (overall, per channel, per month) and the criticism metrics are those of the
    selected conversations, computed by the Engage package's own functions; everything else (posts,
    engagement, responders) is the result's, unchanged. The conversations are a filtered view, not a copy
    of the mentions."""
    from ..engage.response import compute_criticism_response, compute_response_metrics

    chosen = select_conversations(engage.conversations, timezone=client.timezone, start=values.get("start"),
                                  end=values.get("end"), channels=values.get("channels"),
                                  sentiment=values.get("sentiment", "all"))
    targets = engage.targets_minutes
    return dataclasses.replace(
        engage, conversations=chosen,
        response=compute_response_metrics(chosen, targets_minutes=targets),
        response_by_channel=compute_response_metrics(chosen, targets_minutes=targets, by="channel"),
        response_by_month=compute_response_metrics(chosen, targets_minutes=targets, by="month", timezone=client.timezone),
        criticism=compute_criticism_response(chosen, targets_minutes=targets))


SELECTING = ("start", "end", "channels", "sentiment")  # the controls that restrict the result (not "open")


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
                  links: bool = False, restricted=None) -> Snapshot:
    """The Engage view for one set of control values: the handout's response table and chart.

    In JupyterLab (``links``) a warning follows each figure resting on fewer than ten
    conversations, and "Åpne samtaler" opens the selection's conversations (all, or one channel's)
    with opening message, first reply, minutes to answer and a link to the post. ``restricted`` is the
    Engage result restricted to ``values`` (:func:`restrict_engage`), when the caller has it already."""
    from ..engage.handout import response_metrics_table
    from ..engage.response import compute_response_metrics
    from ..plots.engage import plot_response_rates

    language = client.language
    if restricted is not None:
        chosen = restricted.conversations
    else:
        chosen = select_conversations(conversations, timezone=client.timezone, start=values["start"],
                                      end=values["end"], channels=values["channels"], sentiment=values["sentiment"])
    parts, frames = [], {"conversations": chosen}
    if chosen.empty:
        parts.append(present.note(label("explore.nothing_to_show", language)))
    elif restricted is not None:
        by_channel, overall = restricted.response_by_channel, restricted.response
        frames["response"] = by_channel
    else:
        by_channel = compute_response_metrics(chosen, targets_minutes=client.response_targets_minutes, by="channel")
        frames["response"] = by_channel
        overall = compute_response_metrics(chosen, targets_minutes=client.response_targets_minutes)
    if not chosen.empty:
        parts.append(response_metrics_table(overall, by_channel, client=client))
        parts.append(present.figure(plot_response_rates(by_channel, language=language)))
        if links:
            parts.extend(small_sample_notes(by_channel, overall, language))
        opened = values.get("open", OPEN_NONE)
        if engage is not None and opened not in (None, OPEN_NONE):
            from .drill import engage_conversations, rows_html

            from .drill import revealed

            rows, notes = revealed(engage_conversations(engage, client, conversations=chosen,
                                                        channel=None if opened == OPEN_ALL else opened),
                                   client, values, links=links)
            frames["opened"] = rows
            parts.extend(notes)
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
        reveal_control(),
    ]
    restrict = restriction(engage, lambda values: restrict_engage(engage, client, values),
                           controls=controls, selecting=SELECTING)

    def render(values: dict) -> Snapshot:
        return render_engage(conversations, client, values, engage=engage, links=not headless,
                             restricted=restrict(values))

    return Explorer(render, controls, language=client.language, headless=headless, result=engage,
                    restrict=restrict)
