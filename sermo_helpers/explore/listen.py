"""Explore the Listen stage: mentions per week and channel, and a mention browser with search.

Notebook cell: ``explore_listen(listen, client)`` with ``listen = analyse_listen(data, client)``. Controls: period (from, to), channels, language of
the mention, sentiment, whose mention (the client, a peer, or all), what the weekly lines are split
by (channel or language), search words, and how many mentions the browser shows (most reach
first). Headless it shows the default view: a summary line, the weekly figure and the browser's
first page.

The cells below it that are given ``explorer.selection`` follow the selection in JupyterLab
(:func:`restrict_listen`: volume per language, tone per week, tone per subject, share of voice);
the handout shows the whole period.

Nothing is computed twice: the mentions are the Listen result's ``audience`` (scored once by the
workbook's preparation step), weekly counts come from
:func:`sermo_helpers.listen.count_mentions_over_time` (own replies left out, as in the handout),
the figure from :func:`sermo_helpers.plots.listen.plot_volume`. With every control at its default
the figure is the handout's first Listen figure (mentions of the client per week and channel).
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .. import present
from ..config import ClientConfig
from ..i18n import format_date, format_number, format_share, label
from ..schema import LANGUAGES
from ..timeline import choose_freq, fill_periods
from .drill import reveal_control, revealed, rows_html, spike_mentions
from .core import (Control, channel_options, Explorer, Later, Snapshot, choice_options, in_period, period_controls,
                   restriction)

ALL = "all"
SENTIMENTS = ("negative", "neutral", "positive")
MENTION_LANGUAGES = LANGUAGES  # the mentions' languages, as the schema declares them
BREAKDOWNS = ("channel", "language")
NONE = "none"
TOP_MAXIMUM = 200
BROWSER_COLUMNS = {"published_at": "explore.column.time", "channel": "common.channel",
                   "author": "explore.column.author", "sentiment": "explore.column.sentiment",
                   "reach": "explore.column.reach", "text": "explore.column.text", "url": "explore.column.url"}
SPIKE_COLUMNS = {"published_at": "explore.column.time", "channel": "common.channel",
                 "author": "explore.column.author", "sentiment": "explore.column.sentiment",
                 "text": "explore.column.text"}


def select_mentions(mentions: pd.DataFrame, *, timezone: str, start: dt.date | None = None,
                    end: dt.date | None = None, channels=None, language: str = ALL, sentiment: str = ALL,
                    subject: str = ALL, client: str | None = None, search: str = "") -> pd.DataFrame:
    """The mentions by others (never the client's own, ``is_own``) matching every filter (see
    :func:`selection_mask`), as a new frame: only the matching rows are copied."""
    keep = selection_mask(mentions, timezone=timezone, start=start, end=end, channels=channels, language=language,
                          sentiment=sentiment, subject=subject, client=client, search=search)
    return mentions[keep].reset_index(drop=True)


def selection_mask(mentions: pd.DataFrame, *, timezone: str, start: dt.date | None = None,
                   end: dt.date | None = None, channels=None, language: str = ALL, sentiment: str = ALL,
                   subject: str = ALL, client: str | None = None, search: str = "") -> pd.Series:
    """True for the mentions by others (never the client's own, ``is_own``) matching every filter
    (``ALL``, None or empty means no filter on that column).

    Parameters
    ----------
    mentions : canonical mentions (the prepared frame itself, or the Listen result's ``audience``),
        with ``sentiment`` and ``language`` when those filters are used.
    timezone : the client's time zone; ``start``/``end`` are inclusive local calendar days.
    channels : channels to keep.
    subject : slug of the client or a peer; ``client`` is the client's slug (untagged mentions count
        as the client's).
    search : words that must occur in the text (case-insensitive, taken literally).
    """
    keep = in_period(mentions["published_at"], timezone=timezone, start=start, end=end)
    if "is_own" in mentions.columns:
        keep &= ~mentions["is_own"].fillna(False).astype(bool)
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
    return keep


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
        "url": shown["url"] if "url" in shown.columns else pd.Series(pd.NA, index=shown.index, dtype="str"),
    }).reset_index(drop=True)


def listen_controls(mentions: pd.DataFrame, client: ClientConfig, *, top: int = 10) -> list[Control]:
    """The Listen explorer's controls, with defaults that show the handout's view."""
    language = client.language
    channels = tuple(sorted(mentions["channel"].dropna().unique().tolist()))
    subjects = [(client.display_name, client.slug)] + [(peer.name, peer.slug) for peer in client.peers]
    found = set(mentions["language"].dropna().unique())
    present_languages = [value for value in MENTION_LANGUAGES if value in found]
    return [
        *period_controls(client),
        Control("channels", "multiselect", "explore.channels", channels, options=channel_options(channels, language)),
        Control("language", "dropdown", "explore.language", ALL,
                options=choice_options(present_languages, language, prefix="explore.language")),
        Control("sentiment", "dropdown", "explore.sentiment", ALL,
                options=choice_options(SENTIMENTS, language, prefix="sentiment")),
        Control("subject", "dropdown", "explore.subject", client.slug,
                options=((label("explore.all", language), ALL), *subjects)),
        Control("breakdown", "dropdown", "explore.breakdown", "channel",
                options=tuple((label(f"explore.breakdown.{by}", language), by) for by in BREAKDOWNS)),
        Control("search", "text", "explore.search", ""),
        Control("top", "integer", "explore.top", top, minimum=1, maximum=TOP_MAXIMUM),
    ]


def selection_span(selected: pd.DataFrame, client: ClientConfig, values: dict) -> tuple[dt.date, dt.date]:
    """The selected span: the From/To controls, or the client's period (or the data) where unset."""
    local = selected["published_at"].dt.tz_convert(client.timezone).dt.tz_localize(None)
    start = values.get("start") or client.period_start or local.min().date()
    end = values.get("end") or client.period_end or local.max().date()
    return start, end


def spike_options(spikes: pd.DataFrame, language: str) -> tuple:
    """``(shown, value)`` for the spike drill-down: "none", then each spike by its days and count."""
    options = [(label("explore.drill.none", language), NONE)]
    for number, spike in enumerate(spikes.itertuples(index=False)):
        days = format_date(spike.start, language)
        if spike.end != spike.start:
            days += "–" + format_date(spike.end, language)
        options.append((label("explore.drill.spike_option", language, days=days,
                              count=format_number(spike.mentions, language)), number))
    return tuple(options)


def render_comparison(mentions: pd.DataFrame, client: ClientConfig, values: dict, *, start, end) -> Snapshot:
    """The selection (``start``..``end``, every other control applied) against the second period."""
    from .compare import render_comparison as compare

    base = select_mentions(mentions, timezone=client.timezone, channels=values["channels"],
                           language=values["language"], sentiment=values["sentiment"], subject=values["subject"],
                           client=client.slug, search=values["search"])
    return compare(base, client, values, start=start, end=end)


def render_listen(mentions: pd.DataFrame, client: ClientConfig, values: dict, *, listen=None,
                  links: bool = False) -> Snapshot:
    """The Listen view for one set of control values: summary line, figure, mention browser.

    With ``listen`` (the stage result) and a chosen ``spike``, the spike's mentions follow; ``links``
    adds a link to each post (JupyterLab only: the handout shows no links).
    """
    from ..listen import count_mentions_over_time
    from ..plots.listen import plot_volume

    language = client.language
    start_value, end_value = values.get("start"), values.get("end")
    if start_value is not None and end_value is not None and start_value > end_value:
        return Snapshot([present.note(label("explore.from_after_to", language, start=format_date(start_value, language),
                                            end=format_date(end_value, language),
                                            first=label("explore.period_start", language),
                                            second=label("explore.period_end", language)))],
                        {"mentions": mentions.head(0), "weekly": pd.DataFrame(), "browser": pd.DataFrame()})
    keep = selection_mask(mentions, timezone=client.timezone, start=values["start"], end=values["end"],
                          channels=values["channels"], language=values["language"],
                          sentiment=values["sentiment"], subject=values["subject"], client=client.slug,
                          search=values["search"])
    # the selected mentions (every column) are made only when read (an export), never kept by the view
    selected_rows = Later(lambda: mentions[keep].reset_index(drop=True))
    breakdown = values["breakdown"]
    rows = np.flatnonzero(keep.to_numpy(dtype=bool))  # positions in the shared frame
    selected = mentions[list(dict.fromkeys(["published_at", breakdown, "sentiment", "reach"]))].iloc[rows] \
        .reset_index(drop=True)
    if selected.empty:
        return Snapshot([present.note(label("explore.nothing_matches", language))],
                        {"mentions": selected_rows, "weekly": pd.DataFrame(), "browser": pd.DataFrame()})
    start, end = selection_span(selected, client, values)
    freq = choose_freq(start, end)
    counted = count_mentions_over_time(selected, timezone=client.timezone, freq=freq, by=breakdown)
    weekly = fill_periods(counted, freq=freq, start=start, end=end, by=breakdown)
    top = max(1, int(values["top"] or 1))
    # the browser's rows chosen on the sort columns alone, then only they are read in full (same order)
    shown = selected.sort_values(["reach", "published_at"], ascending=[False, False], na_position="last").head(top)
    browser = browse_mentions(mentions.iloc[rows[shown.index]], timezone=client.timezone, top=top)
    negative = float((selected["sentiment"] == "negative").mean())
    summary = present.note(label("explore.listen.summary", language,
                                 count=format_number(len(selected), language),
                                 negative=format_share(negative, language)))
    figure = present.figure(plot_volume(weekly, by=breakdown, language=language, freq=freq))
    if links:
        table = rows_html(browser, language, columns=BROWSER_COLUMNS)
    else:
        # the handout shows no links: a post's address can name a private person (and the handout is self-contained)
        table = present.table(browser.drop(columns="url"), language,
                              columns={key: value for key, value in BROWSER_COLUMNS.items() if key != "url"},
                              max_rows=len(browser))
    parts = [summary, figure, table]
    frames = {"mentions": selected_rows, "weekly": weekly, "browser": browser}
    if links and len(selected) > len(browser):  # a limit applies: say so (JupyterLab; the handout is unchanged)
        parts.insert(2, present.note(label("explore.listen.shown", language, shown=format_number(len(browser), language),
                                           count=format_number(len(selected), language), maximum=TOP_MAXIMUM)))
    if values.get("compare", NONE) not in (None, NONE):
        compared = render_comparison(mentions, client, values, start=start, end=end)
        parts.extend(compared.parts)
        frames.update(compared.frames)
    spike = values.get("spike", NONE)
    if listen is not None and spike not in (None, NONE):
        spiked, notes = revealed(spike_mentions(listen, int(spike), client), client, values, links=links)
        frames["spike"] = spiked
        parts.extend(notes)
        parts.append(rows_html(spiked, language, columns=SPIKE_COLUMNS) if links
                     else present.table(spiked, language, columns=SPIKE_COLUMNS, max_rows=len(spiked)))
    return Snapshot(parts, frames,
                    draw=lambda ax: plot_volume(weekly, by=breakdown, language=language, freq=freq, ax=ax))


FOLLOWING = ("volume_by_language", "tone_over_time", "tone_by_subject", "share_of_voice")  # what a selection restricts
FOLLOWING_COLUMNS = ("mention_id", "published_at", "channel", "language", "sentiment", "polarity", "subject", "is_own")


def restrict_listen(listen, client: ClientConfig, values: dict):
    """The Listen result restricted to what the explorer selects, for the cells below it (JupyterLab).

    ``prepared`` (and so ``audience``) becomes the selected mentions by others (period, channels,
    language, tone, search; every subject) with only the columns those frames need (never a second
    copy of the texts), and the frames of :data:`FOLLOWING` are computed from them by the Listen package's own
    functions, as the stage computes them: volume per language (of the subject chosen under "Hvem
    omtales"; days, weeks or months to fit the span, empty periods as zero), tone per week, tone per
    subject and share of voice. The spikes, top terms and criticism stay the whole period's (a spike
    needs its 28-day baseline; terms and criticism are read in full)."""
    import dataclasses

    from ..listen import count_mentions_over_time, sentiment_over_time, sentiment_summary, share_of_voice
    from ..listen.stage import subject_names

    mentions = listen.prepared  # the shared frame: only the selected rows of the needed columns are copied
    keep = selection_mask(mentions, timezone=client.timezone, start=values.get("start"), end=values.get("end"),
                          channels=values.get("channels"), language=values.get("language", ALL),
                          sentiment=values.get("sentiment", ALL), search=values.get("search", ""))
    needed = [column for column in FOLLOWING_COLUMNS if column in mentions.columns]
    chosen = mentions.loc[keep, needed].reset_index(drop=True)
    subject = values.get("subject", client.slug)
    about = None if subject in (None, ALL) else subject
    start = values.get("start") or client.period_start
    end = values.get("end") or client.period_end
    freq = choose_freq(start, end)
    counted = count_mentions_over_time(chosen, timezone=client.timezone, freq=freq, by="language", subject=about)
    return dataclasses.replace(
        listen, prepared=chosen,
        volume_by_language=fill_periods(counted, freq=freq, start=start, end=end, by="language"),
        tone_over_time=sentiment_over_time(chosen, timezone=client.timezone, subject=about),
        tone_by_subject=sentiment_summary(chosen, by="subject"),
        share_of_voice=share_of_voice(chosen, client=client.slug, peers=[peer.slug for peer in client.peers],
                                      names=subject_names(client)))


def explore_listen(listen, client: ClientConfig, *, top: int = 10, headless: bool | None = None) -> Explorer:
    """Mentions per week and a mention browser, with controls in JupyterLab and static in handouts.

    ``listen`` is the :class:`~sermo_helpers.listen.ListenResult` of the client's prepared data
    (authors already pseudonymised); the explorer filters the mentions by others of its shared
    ``prepared`` frame (no copy of them is kept: only what a view selects is copied).
    """
    from ..listen._common import audience_mentions
    from .core import is_headless
    from .export import export_selection

    mentions = listen.prepared
    headless = is_headless() if headless is None else headless
    from .compare import compare_controls

    controls = (listen_controls(audience_mentions(mentions, columns=["channel", "language"]), client, top=top)
                + compare_controls(client.language))
    if len(listen.spikes):
        controls.append(Control("spike", "dropdown", "explore.drill.spike", NONE,
                                options=spike_options(listen.spikes, client.language)))
        controls.append(reveal_control())
    selecting = ("start", "end", "channels", "language", "sentiment", "subject", "search")
    restrict = restriction(listen, lambda values: restrict_listen(listen, client, values),
                           controls=controls, selecting=selecting)

    return Explorer(lambda values: render_listen(mentions, client, values, listen=listen, links=not headless),
                    controls, result=listen, restrict=restrict,
                    language=client.language, headless=headless,
                    exporter=lambda snapshot, values: export_selection(snapshot, client=client, stage="listen",
                                                                       controls=controls, values=values))
