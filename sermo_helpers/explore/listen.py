"""Explore the Listen stage: mentions per week and channel, and a mention browser with search.

Notebook cell: ``explore_listen(listen, client)`` with ``listen = analyse_listen(data, client)``. Controls: period (from, to), channels, language of
the mention, sentiment, whose mention (the client, a peer, or all), what the weekly lines are split
by (channel or language), search words, and how many mentions the browser shows (most reach
first). Headless it shows the default view: a summary line, the weekly figure and the browser's
first page.

Nothing is computed twice: the mentions are the Listen result's ``audience`` (scored once by the
workbook's preparation step), weekly counts come from
:func:`sermo_helpers.listen.count_mentions_over_time` (own replies left out, as in the handout),
the figure from :func:`sermo_helpers.plots.listen.plot_volume`. With every control at its default
the figure is the handout's first Listen figure (mentions of the client per week and channel).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import present
from ..config import ClientConfig
from ..i18n import format_number, format_share, label
from .core import Control, Explorer, Snapshot, choice_options, in_period, period_controls

ALL = "all"
SENTIMENTS = ("negative", "neutral", "positive")
MENTION_LANGUAGES = ("nb", "nn", "en", "other", "unknown")
BREAKDOWNS = ("channel", "language")
BROWSER_COLUMNS = {"published_at": "explore.column.time", "channel": "common.channel",
                   "author": "explore.column.author", "sentiment": "explore.column.sentiment",
                   "reach": "explore.column.reach", "text": "explore.column.text"}


def select_mentions(mentions: pd.DataFrame, *, timezone: str, start: dt.date | None = None,
                    end: dt.date | None = None, channels=None, language: str = ALL, sentiment: str = ALL,
                    subject: str = ALL, client: str | None = None, search: str = "") -> pd.DataFrame:
    """The mentions matching every filter (``ALL``, None or empty means no filter on that column).

    Parameters
    ----------
    mentions : canonical mentions, with ``sentiment`` and ``language`` when those filters are used.
    timezone : the client's time zone; ``start``/``end`` are inclusive local calendar days.
    channels : channels to keep.
    subject : slug of the client or a peer; ``client`` is the client's slug (untagged mentions count
        as the client's).
    search : words that must occur in the text (case-insensitive, taken literally).
    """
    keep = in_period(mentions["published_at"], timezone=timezone, start=start, end=end)
    if channels:
        keep &= mentions["channel"].isin(list(channels))
    for column, wanted in (("language", language), ("sentiment", sentiment)):
        if wanted and wanted != ALL:
            keep &= (mentions[column] == wanted).fillna(False)
    if subject and subject != ALL and "subject" in mentions.columns:
        client_slug = subject if client is None else client
        about = mentions["subject"].fillna(client_slug)  # untagged mentions are about the client (Listen's rule)
        keep &= about == subject
    for word in (search or "").split():
        keep &= mentions["text"].str.contains(word, case=False, regex=False).fillna(False)
    return mentions[keep].reset_index(drop=True)


def browse_mentions(mentions: pd.DataFrame, *, timezone: str, top: int = 10) -> pd.DataFrame:
    """The ``top`` mentions with most reach (newest first on ties), local time, for the browser."""
    ordered = mentions.sort_values(["reach", "published_at"], ascending=[False, False], na_position="last")
    shown = ordered.head(top)
    local = shown["published_at"].dt.tz_convert(timezone).dt.tz_localize(None)
    return pd.DataFrame({
        "published_at": local,
        "channel": shown["channel"],
        "author": shown["author"],
        "sentiment": shown["sentiment"],
        "reach": shown["reach"],
        "text": shown["text"],
    }).reset_index(drop=True)


def listen_controls(mentions: pd.DataFrame, client: ClientConfig, *, top: int = 10) -> list[Control]:
    """The Listen explorer's controls, with defaults that show the handout's view."""
    language = client.language
    channels = tuple(sorted(mentions["channel"].dropna().unique().tolist()))
    subjects = [(client.display_name, client.slug)] + [(peer.name, peer.slug) for peer in client.peers]
    present_languages = [value for value in MENTION_LANGUAGES if value in set(mentions["language"].dropna())]
    return [
        *period_controls(client),
        Control("channels", "multiselect", "explore.channels", channels, options=tuple((c, c) for c in channels)),
        Control("language", "dropdown", "explore.language", ALL,
                options=choice_options(present_languages, language, prefix="explore.language")),
        Control("sentiment", "dropdown", "explore.sentiment", ALL,
                options=choice_options(SENTIMENTS, language, prefix="sentiment")),
        Control("subject", "dropdown", "explore.subject", client.slug,
                options=((label("explore.all", language), ALL), *subjects)),
        Control("breakdown", "dropdown", "explore.breakdown", "channel",
                options=tuple((label(f"explore.breakdown.{by}", language), by) for by in BREAKDOWNS)),
        Control("search", "text", "explore.search", ""),
        Control("top", "integer", "explore.top", top, minimum=1, maximum=200),
    ]


def render_listen(mentions: pd.DataFrame, client: ClientConfig, values: dict) -> Snapshot:
    """The Listen view for one set of control values: summary line, weekly figure, mention browser."""
    from ..listen import count_mentions_over_time
    from ..plots.listen import plot_volume

    language = client.language
    selected = select_mentions(mentions, timezone=client.timezone, start=values["start"], end=values["end"],
                               channels=values["channels"], language=values["language"],
                               sentiment=values["sentiment"], subject=values["subject"], client=client.slug,
                               search=values["search"])
    if selected.empty:
        return Snapshot([present.note(label("explore.nothing_matches", language))],
                        {"mentions": selected, "weekly": pd.DataFrame(), "browser": pd.DataFrame()})
    breakdown = values["breakdown"]
    weekly = count_mentions_over_time(selected, timezone=client.timezone, freq="W", by=breakdown)
    browser = browse_mentions(selected, timezone=client.timezone, top=max(1, int(values["top"] or 1)))
    negative = float((selected["sentiment"] == "negative").mean())
    summary = present.note(label("explore.listen.summary", language,
                                 count=format_number(len(selected), language),
                                 negative=format_share(negative, language)))
    figure = present.figure(plot_volume(weekly, by=breakdown, language=language))
    table = present.table(browser, language, columns=BROWSER_COLUMNS, max_rows=len(browser))
    return Snapshot([summary, figure, table], {"mentions": selected, "weekly": weekly, "browser": browser})


def explore_listen(listen, client: ClientConfig, *, top: int = 10, headless: bool | None = None) -> Explorer:
    """Mentions per week and a mention browser, with controls in JupyterLab and static in handouts.

    ``listen`` is the :class:`~sermo_helpers.listen.ListenResult` of the client's prepared data
    (authors already pseudonymised); the explorer filters its ``audience`` mentions.
    """
    mentions = listen.audience
    controls = listen_controls(mentions, client, top=top)
    return Explorer(lambda values: render_listen(mentions, client, values), controls,
                    language=client.language, headless=headless)
