"""The client's story first: the period's key events and the headline figures, read from the stage results.

:func:`key_events` turns each volume spike Listen found (``ListenResult.spikes``: dates, size, the
words that set it apart, tone before and during) into one event and adds what happened to the
client's answers while it lasted (the conversations Engage built, measured with Engage's own
:func:`~sermo_helpers.engage.response.compute_response_metrics`). :func:`headline_figures` gives the
five headline numbers of the edition (each defined once in :mod:`sermo_helpers.metrics`), with the
change against the previous edition when one is known. The director's summary, the cover's key
figures and the edition's saved results (``results.json``) all read these two functions, so the
story is told with the same numbers everywhere. Nothing here recomputes a metric another stage owns.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..editions import previous_edition
from ..metrics import format_metric, headline_values

#: The five numbers a director reads first, in this order.
HEADLINE = ("mentions", "negative_share", "share_of_voice", "response_rate", "median_first_response")
#: Which way is better for each headline metric (None: neither; more mentions is not better by itself).
BETTER = {"mentions": None, "negative_share": "lower", "share_of_voice": "higher", "response_rate": "higher",
          "median_first_response": "lower"}
#: Headline figures that are shares of the client's mentions: meaningless without mentions.
SHARES_OF_MENTIONS = ("negative_share", "share_of_voice")
#: The headline figures that go on the cover (at most three).
COVER = ("mentions", "negative_share", "response_rate")

EVENT_COLUMNS = ["start", "end", "days", "mentions", "ratio", "peak_day", "peak_count", "cause_words",
                 "negative_share", "negative_share_before", "conversations", "response_rate",
                 "median_first_response_minutes", "response_rate_outside", "median_first_response_minutes_outside"]


def key_events(listen, engage, *, timezone: str) -> pd.DataFrame:
    """One row per spike of the period (Listen's), with the response to the client during it (Engage's).

    Columns :data:`EVENT_COLUMNS`: dates (local days), size (``mentions``, ``ratio`` to the usual
    level, the peak day and its count), ``cause_words`` (the words most over-represented in the
    spike), the negative share during and in the 28 days before it, and for the conversations opened
    on the spike's days: their number, response rate and median first response, then the same two
    over the rest of the period (``*_outside``). NaN where nothing could be measured.
    """
    from ..engage.response import compute_response_metrics

    spikes = listen.spikes
    rows = []
    conversations = engage.conversations
    opened = (conversations["opened_at"].dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()
              if len(conversations) else pd.Series([], dtype="datetime64[us]"))
    for spike in spikes.itertuples(index=False):
        inside = (opened >= spike.start) & (opened <= spike.end)
        during = _response(compute_response_metrics, conversations[inside.to_numpy()], engage.targets_minutes)
        outside = _response(compute_response_metrics, conversations[(~inside).to_numpy()], engage.targets_minutes)
        rows.append({
            "start": spike.start, "end": spike.end, "days": int(spike.days), "mentions": int(spike.mentions),
            "ratio": float(spike.ratio), "peak_day": spike.peak_day, "peak_count": int(spike.peak_count),
            "cause_words": str(getattr(spike, "new_terms", "") or ""),
            "negative_share": float(getattr(spike, "negative_share", math.nan)),
            "negative_share_before": float(getattr(spike, "negative_share_before", math.nan)),
            "conversations": int(inside.sum()),
            "response_rate": during[0], "median_first_response_minutes": during[1],
            "response_rate_outside": outside[0], "median_first_response_minutes_outside": outside[1],
        })
    if not rows:
        return pd.DataFrame({column: pd.Series([], dtype="float64") for column in EVENT_COLUMNS})
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def _response(compute, conversations: pd.DataFrame, targets) -> tuple[float, float]:
    if not len(conversations):
        return math.nan, math.nan
    row = compute(conversations, targets_minutes=targets).iloc[0]
    return float(row["response_rate"]), float(row["median_first_response_minutes"])


@dataclass(frozen=True)
class HeadlineFigure:
    """One headline number: its metric key, value, and the previous edition's value when known."""

    key: str
    value: float
    previous: float | None = None

    @property
    def change(self) -> float | None:
        """value - previous, or None without a comparable previous value."""
        if self.previous is None or _missing(self.previous) or _missing(self.value):
            return None
        return float(self.value) - float(self.previous)

    @property
    def direction(self) -> str | None:
        """``up``, ``down`` or ``same`` against the previous edition (None without one)."""
        change = self.change
        if change is None:
            return None
        return "same" if change == 0 else ("up" if change > 0 else "down")

    @property
    def improved(self) -> bool | None:
        """True when the change is for the better (:data:`BETTER`), None when neither way is better."""
        better, change = BETTER.get(self.key), self.change
        if better is None or change is None or change == 0:
            return None
        return (change > 0) == (better == "higher")

    def formatted(self, language: str) -> str:
        return format_metric(self.key, self.value, language)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def headline_figures(listen, engage, *, previous: dict | None = None) -> list[HeadlineFigure]:
    """The five :data:`HEADLINE` figures from the Listen and Engage results (their owners).

    ``previous`` maps metric key -> the previous edition's value (its ``results.json``); a key it
    lacks has no change.
    """
    values = headline_values(listen, engage)
    previous = previous or {}
    figures = []
    for key in HEADLINE:
        before = previous.get(key)
        figures.append(HeadlineFigure(key, float(values[key]), None if before is None else float(before)))
    return figures


@dataclass(frozen=True)
class Story:
    """What the director reads first: the key events, the headline figures (with the previous edition's
    values), the follow-up of the previous edition's KPI targets, and this edition's record for
    ``results.json`` (:func:`edition_record`)."""

    events: pd.DataFrame
    headline: list[HeadlineFigure]
    follow_up: pd.DataFrame
    previous: dict | None
    record: dict


FOLLOW_UP_COLUMNS = ["indicator", "trait", "target", "value_then", "value_now", "met", "unit", "direction"]


def tell_story(result, client, *, previous_results: dict | None = None) -> Story:
    """The story of the edition from the Strategy result (and the Listen and Engage results it read).

    ``previous_results`` is the client's ``results.json`` content (:func:`~sermo_helpers.editions.read_results`;
    the renderer passes it, ``{}`` for none); None reads ``editions/<slug>/results.json`` (a notebook run by
    hand). Its latest edition that ended before this period starts is the previous edition.
    """
    if previous_results is None:
        from .. import paths
        from ..editions import RESULTS_FILE, read_results

        previous_results = read_results(paths.editions_dir() / client.slug / RESULTS_FILE)
    previous = previous_edition(previous_results, client) if previous_results else None
    events = key_events(result.listen, result.engage, timezone=client.timezone)
    headline = headline_figures(result.listen, result.engage,
                                previous=(previous or {}).get("headline"))
    follow_up = follow_up_targets(previous, result.indicator_statuses) if previous else _empty_follow_up()
    record = edition_record(result, client, headline)
    return Story(events, headline, follow_up, previous, record)


def edition_record(result, client, headline: list[HeadlineFigure]) -> dict:
    """This edition's saved data: period, the headline figures and the KPI targets (unrounded)."""
    kpis = result.kpis
    directions = dict(zip(result.indicator_statuses["indicator"], result.indicator_statuses["direction"]))
    targets = [{"indicator": row.indicator, "trait": row.trait, "current": float(row.current),
                "target": float(row.target), "direction": directions.get(row.indicator, "higher"),
                "unit": row.unit} for row in kpis.itertuples()]
    return {"period_start": client.period_start.isoformat(), "period_end": client.period_end.isoformat(),
            "headline": {figure.key: _json_number(figure.value) for figure in headline},
            "kpis": targets,
            "cover": cover_figures(headline, language=client.language)}


def _json_number(value):
    return None if _missing(value) else float(value)


def _empty_follow_up() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype="bool" if column == "met" else
                                           "float64" if column.startswith(("target", "value")) else "str")
                         for column in FOLLOW_UP_COLUMNS})


def follow_up_targets(previous: dict, indicator_statuses: pd.DataFrame) -> pd.DataFrame:
    """Every KPI target the previous edition set: target, value then, value now, met or not.

    ``met`` is None (shown as not measured) when the indicator has no value this time.
    """
    now = dict(zip(indicator_statuses["indicator"], indicator_statuses["value"]))
    rows = []
    for target in previous.get("kpis", []):
        value = now.get(target["indicator"], math.nan)
        value = math.nan if value is None else float(value)
        met = (None if math.isnan(value) else
               value >= target["target"] if target["direction"] == "higher" else value <= target["target"])
        rows.append({"indicator": target["indicator"], "trait": target["trait"], "target": float(target["target"]),
                     "value_then": float(target["current"]), "value_now": value, "met": met,
                     "unit": target["unit"], "direction": target["direction"]})
    if not rows:
        return _empty_follow_up()
    return pd.DataFrame(rows, columns=FOLLOW_UP_COLUMNS)


def follow_up_table(story: Story, *, language: str) -> pd.DataFrame:
    """The previous edition's targets for the handout: indicator, target, value then, value now, met."""
    from ..i18n import label, value_label
    from .scorecard import format_against

    frame = story.follow_up
    shown = pd.DataFrame({
        "indicator": [value_label("strategy.indicator", value, language) for value in frame["indicator"]],
        "target": [format_against(t, u, language, (n,)) for t, u, n in zip(frame["target"], frame["unit"],
                                                                          frame["value_now"])],
        "value_then": [format_against(v, u, language, (t,)) for v, u, t in zip(frame["value_then"], frame["unit"],
                                                                              frame["target"])],
        "value_now": [format_against(v, u, language, (t,)) for v, u, t in zip(frame["value_now"], frame["unit"],
                                                                             frame["target"])],
        "met": [label("strategy.story.met." + ("unknown" if met is None or (isinstance(met, float) and math.isnan(met))
                                               else "yes" if met else "no"), language) for met in frame["met"]],
    }, dtype="str")
    return shown.rename(columns={column: label(f"strategy.story.column.{column}", language)
                                 for column in shown.columns})


def publish_edition(story: Story) -> None:
    """Hand this edition's record to the renderer (an output it reads and the handout never shows)."""
    from IPython.display import display

    from ..outputs import EDITION_MIME  # not from the renderer, which loads nbformat (a second)

    display({EDITION_MIME: story.record, "text/plain": "edition data for results.json"}, raw=True)


def cover_figures(figures: list[HeadlineFigure], *, language: str) -> list[dict]:
    """The cover's key figures (``{value, what}``, at most three): :data:`COVER` of the headline figures."""
    from ..i18n import label

    chosen = {figure.key: figure for figure in figures}
    return [{"value": chosen[key].formatted(language), "what": label(f"strategy.story.metric.{key}", language)}
            for key in COVER if key in chosen]



# --- the director's one-page summary --------------------------------------------------------------------

ARROWS = {"up": "\u2191", "down": "\u2193", "same": "\u2192"}


def urgent_weaknesses(result, *, top: int = 3) -> pd.DataFrame:
    """The ``top`` most urgent weaknesses: weak traits before developing ones, each group in the order of
    the recommendations that address them (the recommendation's priority), then in scorecard order."""
    card = result.scorecard
    priority = dict(zip(result.recommendations["trait"], result.recommendations["priority"]))
    rank = {"weak": 0, "developing": 1}
    chosen = card[card["status"].isin(list(rank))].copy()
    chosen["_status"] = chosen["status"].map(rank)
    chosen["_priority"] = chosen["trait"].map(lambda trait: priority.get(trait, math.inf))
    chosen["_order"] = range(len(chosen))
    return chosen.sort_values(["_status", "_priority", "_order"]).head(top).drop(
        columns=["_status", "_priority", "_order"])


def director_summary(result, story: "Story | None" = None, *, language: str, timezone: str = "Europe/Oslo",
                     top: int = 3):
    """One page for a director, the handout's first section: the period's key events (each spike with its
    dates, size, cause words, tone and the answers during it), the five headline figures with the change
    against the previous edition, three strengths, the three most urgent weaknesses and the first three
    recommendations. Read from ``result`` (a StrategyResult) and ``story`` (:func:`tell_story`; without it,
    the events in ``timezone`` and the figures with no previous edition); every text escaped."""
    import html

    from ..i18n import format_date, format_number, label
    from ..present import Html

    def esc(text) -> str:
        return html.escape(str(text))

    def day(value) -> str:
        return format_date(value, language)

    if story is None:
        story = Story(key_events(result.listen, result.engage, timezone=timezone),
                      headline_figures(result.listen, result.engage), _empty_follow_up(), None, {})
    from .summary import strategy_words

    words = strategy_words(result, language=language)
    card = result.scorecard.assign(evidence=words.evidence)
    counts = card["status"].value_counts()
    parts = ['<div class="sermo-summary">']
    parts.append(f"<p>{esc(label('strategy.summary.counts', language, client=result.client_name, total=len(card), strong=int(counts.get('strong', 0)), developing=int(counts.get('developing', 0)), weak=int(counts.get('weak', 0)), open=int(counts.get('not_measurable', 0))))}</p>")
    parts.append(f'<h3>{esc(label("strategy.story.title.events", language))}</h3>')
    events = story.events
    if events is None or not len(events):
        parts.append(f"<p>{esc(label('strategy.story.no_events', language))}</p>")
    else:
        items = []
        for event in events.itertuples(index=False):
            text = [esc(label("strategy.story.event", language, start=day(event.start), end=day(event.end),
                          mentions=format_number(event.mentions, language), days=event.days,
                          ratio=format_number(event.ratio, language, decimals=1),
                          peak_day=day(event.peak_day), peak_count=format_number(event.peak_count, language)))]
            if event.cause_words:
                # the words are the mentions' own (quoted), not the handout's
                text.append(esc(label("strategy.story.event.words", language, words="\x00")).replace(
                    "\x00", f'<span class="quote">{esc(event.cause_words)}</span>'))
            if not _missing(event.negative_share) and not _missing(event.negative_share_before):
                text.append(esc(label("strategy.story.event.tone", language,
                                  during=format_metric("negative_share", event.negative_share, language),
                                  before=format_metric("negative_share", event.negative_share_before, language))))
            if event.conversations:
                text.append(esc(label(
                    "strategy.story.event.response", language, conversations=format_number(event.conversations, language),
                    rate=format_metric("response_rate", event.response_rate, language),
                    time=format_metric("median_first_response", event.median_first_response_minutes, language),
                    rate_outside=format_metric("response_rate", event.response_rate_outside, language),
                    time_outside=format_metric("median_first_response",
                                               event.median_first_response_minutes_outside, language))))
            else:
                text.append(esc(label("strategy.story.event.no_conversations", language)))
            items.append(f"<li>{' '.join(text)}</li>")
        parts.append(f'<ul class="sermo-events">{"".join(items)}</ul>')

    parts.append(f'<h3>{esc(label("strategy.story.title.figures", language))}</h3>')
    figures = []
    mentions = next((figure.value for figure in story.headline if figure.key == "mentions"), None)
    for figure in story.headline:
        if _missing(figure.value) or (figure.key in SHARES_OF_MENTIONS and not mentions):
            continue  # not measured (no mentions: no tone, no share of voice): left out, never shown as 0
        change = ""
        if figure.direction is not None:
            arrow = ARROWS[figure.direction]
            verdict = ("" if figure.improved is None
                       else label("strategy.story.change.better" if figure.improved else "strategy.story.change.worse", language))
            change = (f'<span class="sermo-change sermo-change-{esc(figure.direction)}">{esc(arrow)} '
                      f'{esc(label("strategy.story.change.previous", language, value=format_metric(figure.key, figure.previous, language)))}'
                      f'{esc(verdict)}</span>')
        figures.append(f'<li><span class="sermo-figure-name">{esc(label(f"strategy.story.metric.{figure.key}", language))}</span>'
                       f'<span class="sermo-figure-value">{esc(figure.formatted(language))}</span>{change}</li>')
    # side by side, wrapping on a narrow screen: the summary holds on one A4 page
    parts.append(f'<ul class="sermo-headline">{"".join(figures)}</ul>')

    strong = card[card["status"] == "strong"].head(top)
    parts.append(f'<h3>{esc(label("strategy.story.title.strengths", language))}</h3>')
    if len(strong):
        parts.append("<ul>" + "".join(
            f"<li><strong>{esc(label(f'strategy.trait.{row.trait}', language))}</strong>: {esc(row.evidence)}</li>"
            for row in strong.itertuples()) + "</ul>")
    else:
        parts.append(f"<p>{esc(label('strategy.summary.none', language))}</p>")
    weak = urgent_weaknesses(result, top=top).assign(evidence=lambda frame: words.evidence.reindex(frame.index))
    parts.append(f'<h3>{esc(label("strategy.story.title.weaknesses", language))}</h3>')
    if len(weak):
        parts.append("<ul>" + "".join(
            f"<li><strong>{esc(label(f'strategy.trait.{row.trait}', language))}</strong>: {esc(row.evidence)}</li>"
            for row in weak.itertuples()) + "</ul>")
    else:
        parts.append(f"<p>{esc(label('strategy.summary.none', language))}</p>")
    policy = getattr(result, "language_policy", None)
    if policy is not None and policy.verdict in ("met", "missed"):
        parts.append(f"<p>{esc(label('language_policy.indicator', language, status=label(f'strategy.status.{policy.indicator_status}', language).lower()))}</p>")
    if len(words.recommendations):
        parts.append(f'<h3>{esc(label("strategy.story.title.recommendations", language))}</h3>')
        # the titles: each action in full is under the recommendations (the summary holds on one page)
        parts.append("<ol>" + "".join(f"<li><strong>{esc(row.title)}</strong></li>"
                                      for row in words.recommendations.head(top).itertuples()) + "</ol>")
    parts.append("</div>")
    return Html("".join(parts))


def follow_up_section(story: Story, *, language: str):
    """The follow-up of the previous edition's targets (heading, lead, table), or nothing without one."""
    from ..i18n import format_date
    from ..present import Html, heading, paragraph, table

    if not story.previous:
        return Html("")
    lead = paragraph("strategy.lead.follow_up", language,
                     start=format_date(pd.Timestamp(story.previous["period_start"]), language),
                     end=format_date(pd.Timestamp(story.previous["period_end"]), language))
    if not len(story.follow_up):
        return Html(heading("strategy.heading.follow_up", language).markup + lead.markup)
    return Html(heading("strategy.heading.follow_up", language).markup + lead.markup
                + table(follow_up_table(story, language=language), language).markup)
