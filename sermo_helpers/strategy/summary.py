"""The Strategy stage in one call, the tables the handout shows, and the one-page summary for a director.

:func:`analyse_strategy` runs the steps in order (indicators, scorecard, channel mix, peers,
recommendations, 90-day plan, KPI targets) on a client's prepared data and returns a
:class:`StrategyResult` of keys and values, no language. :func:`strategy_words` writes its evidence,
recommendations, plan and KPI sentences in one handout language; the ``*_table`` functions turn its
frames into display frames with translated values and headers; :func:`director_summary` writes the
one-page summary from labels (every text escaped).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..config import ClientConfig
from ..processes import given_back
from ..i18n import format_date, format_number, format_percent, format_share, label, value_label
from .channel_mix import compare_channel_mix, load_audience, select_audience
from .indicators import compute_indicators
from .language_policy import LanguagePolicy, LanguagePolicyResult, analyse_language_policy
from .peers import compare_peers
from .recommendations import (
    Catalogue,
    load_catalogue,
    plan_90_days,
    recommend,
    set_kpi_targets,
    word_kpis,
    word_plan,
    word_recommendations,
)
from .scorecard import (
    format_against,
    Scorecard,
    format_value,
    load_scorecard,
    score_indicators,
    score_traits,
    word_evidence,
)

TOP_RECOMMENDATIONS = 5


@dataclass(frozen=True)
class StrategyResult:
    """Every frame of the Strategy stage for one client, and the stage results it read.

    ``listen``, ``influence`` and ``engage`` are the results the indicators were read from (the same
    objects the other notebooks show), so the handout quotes one number per metric.
    """

    client_name: str
    indicators: pd.DataFrame  # compute_indicators
    indicator_statuses: pd.DataFrame  # score_indicators
    scorecard: pd.DataFrame  # score_traits
    audience: pd.DataFrame  # the reference figures used (select_audience, index channel)
    channel_mix: pd.DataFrame  # compare_channel_mix
    peers: pd.DataFrame  # compare_peers
    recommendations: pd.DataFrame  # recommend
    plan: pd.DataFrame  # plan_90_days
    kpis: pd.DataFrame  # set_kpi_targets
    language_policy: LanguagePolicyResult | None = None  # analyse_language_policy: its own indicator, not a trait
    listen: object = None  # ListenResult
    influence: object = None  # InfluenceResult
    engage: object = None  # EngageResult
    rules: Scorecard | None = None  # the scorecard rules used (their evidence sentences are written at the edge)
    catalogue: Catalogue | None = None  # the recommendations catalogue used (titles, actions, steps, KPI sentences)
    target_minutes: int = 60  # the client's first response target, named in evidence sentences
    listening_gaps: tuple = ()  # the kinds of source with no mention (missing_listening_channels)
    months: float = 0.0  # the period's length in months (plan steps stated per month)
    organisation: tuple = ()  # what the handout calls the client: ((language, noun), …), definite forms


@dataclass(frozen=True)
class StrategyWords:
    """A :class:`StrategyResult`'s sentences in one handout language (:func:`strategy_words`)."""

    evidence: pd.Series  # the scorecard's evidence sentences, index as ``scorecard``
    recommendations: pd.DataFrame  # WORDED_RECOMMENDATION_COLUMNS
    plan: pd.DataFrame  # WORDED_PLAN_COLUMNS
    kpis: pd.DataFrame  # WORDED_KPI_COLUMNS


def strategy_words(result: StrategyResult, *, language: str) -> StrategyWords:
    """Write the result's evidence, recommendations, plan and KPI targets in ``language``: the edge where the
    Strategy stage's keys and values become sentences (the analysis itself holds no language)."""
    rules = result.rules or load_scorecard()
    catalogue = result.catalogue or load_catalogue()
    evidence = word_evidence(result.scorecard, language=language, scorecard=rules,
                             target_minutes=result.target_minutes, organisation=dict(result.organisation) or None)
    by_trait = dict(zip(result.scorecard["trait"], evidence))
    options = {"language": language, "channel_mix": result.channel_mix, "catalogue": catalogue,
               "client_name": result.client_name, "language_policy": result.language_policy,
               "listening_gaps": result.listening_gaps, "indicator_statuses": result.indicator_statuses,
               "months": result.months}
    return StrategyWords(evidence, word_recommendations(result.recommendations, evidence=by_trait, **options),
                         word_plan(result.plan, **options), word_kpis(result.kpis, language=language,
                                                                       catalogue=catalogue))


def analyse_strategy(data, client: ClientConfig, *, scorecard: Scorecard | None = None,
                     audience: pd.DataFrame | None = None, catalogue: Catalogue | None = None,
                     top: int = TOP_RECOMMENDATIONS, language_policy: LanguagePolicy | None = None) -> StrategyResult:
    """Run the Strategy stage on prepared data (``open_workbook``/``workbook.prepare``).

    It reads the Listen, Influence and Engage results (computed once per edition and shared with their
    notebooks) and never rebuilds conversations or re-derives a metric another stage owns.

    Parameters
    ----------
    scorecard, audience, catalogue, language_policy : the reference data (defaults: the files in
        ``data/reference``);
        ``audience`` is the full audience table (``load_audience``), the measure comes from the scorecard.
    top : how many recommendations feed the 90-day plan and the KPI targets.

    Raises AnalysisError, ConfigError or LoadError naming the column, file or row at fault.
    """
    from ..engage import analyse_engage
    from ..influence import analyse_influence
    from ..listen import analyse_listen
    from ..workbook import require_prepared, shared_result

    require_prepared(data, step="analyse_strategy")
    listen = analyse_listen(data, client)
    influence = analyse_influence(data, client)
    engage = analyse_engage(data, client)

    def compute() -> StrategyResult:
        return _analyse(data, client, listen=listen, influence=influence, engage=engage, scorecard=scorecard,
                        audience=audience, catalogue=catalogue, top=top, language_policy=language_policy)
    if (scorecard is None and audience is None and catalogue is None and language_policy is None
            and top == TOP_RECOMMENDATIONS):
        return shared_result("strategy", data, client, compute)
    return given_back(compute())


def _analyse(data, client: ClientConfig, *, listen, influence, engage, scorecard, audience, catalogue,
             top: int, language_policy) -> StrategyResult:
    scorecard = scorecard or load_scorecard()
    catalogue = catalogue or load_catalogue()
    audience = load_audience() if audience is None else audience
    mix_settings = dict(scorecard.channel_mix)
    measure = mix_settings.pop("measure", "daily_use_share_18plus")
    figures = select_audience(audience, measure=measure)
    target = int(client.response_targets_minutes[0])
    weeks = ((client.period_end - client.period_start).days + 1) / 7
    found = {}

    def meanwhile():  # in this process while forked workers read the citizens' messages (language policy)
        found["indicators"] = compute_indicators(data, client, listen=listen, engage=engage, audience=figures["value"])
        found["mix"] = compare_channel_mix(engage.channels, figures, channel_stats=data.channel_stats, weeks=weeks,
                                           thresholds=mix_settings)
        found["peers"] = compare_peers(data.mentions, client)

    policy = analyse_language_policy(data, client, policy=language_policy, meanwhile=meanwhile)
    indicators, mix, peers = found["indicators"], found["mix"], found["peers"]
    statuses = score_indicators(indicators, scorecard)
    traits = score_traits(indicators, scorecard=scorecard, judgement=client.judgement)
    recommendations = recommend(traits, channel_mix=mix, catalogue=catalogue, language_policy=policy)
    plan = plan_90_days(recommendations, catalogue=catalogue, top=top)
    top_traits = tuple(dict.fromkeys(recommendations.head(top)["trait"]))
    kpis = set_kpi_targets(statuses, catalogue=catalogue, traits=top_traits)
    from .indicators import missing_listening_channels

    return StrategyResult(client.display_name, indicators, statuses, traits, figures, mix, peers, recommendations,
                          plan, kpis, policy, listen, influence, engage, scorecard, catalogue, target,
                          tuple(missing_listening_channels(data.mentions)), weeks * 7 / (365.25 / 12),
                          tuple(client.organisation_nouns().items()))


# --- display tables ----------------------------------------------------------------------------------

def _translate(values: pd.Series, kind: str, language: str) -> pd.Series:
    # a key added to a data file without a label shows as written (value_label's rule)
    distinct = {value: value_label(kind, value, language) for value in values.dropna().unique()}
    return values.map(distinct).astype("str")


def _headers(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    return frame.rename(columns={column: label(f"strategy.column.{column}", language) for column in frame.columns})


def scorecard_table(result: StrategyResult, *, language: str) -> pd.DataFrame:
    """The twelve traits with their status and the evidence in one sentence, in the handout language."""
    frame = result.scorecard
    shown = pd.DataFrame({
        "trait": _translate(frame["trait"], "strategy.trait", language),
        "status": _translate(frame["status"], "strategy.status", language),
        "evidence": strategy_words(result, language=language).evidence,
        "source": _translate(frame["source"], "strategy.source", language),
    })
    return _headers(shown, language)


def indicator_table(result: StrategyResult, *, language: str) -> pd.DataFrame:
    """Every indicator behind the scorecard: value, thresholds and status, formatted for the handout."""
    frame = result.indicator_statuses
    shown = pd.DataFrame({
        "trait": _translate(frame["trait"], "strategy.trait", language),
        "indicator": _translate(frame["indicator"], "strategy.indicator", language),
        "value": [format_against(v, u, language, (strong, developing))
                  for v, u, strong, developing in zip(frame["value"], frame["unit"], frame["strong"],
                                                      frame["developing"])],
        "strong": [format_value(v, u, language) for v, u in zip(frame["strong"], frame["unit"])],
        "developing": [format_value(v, u, language) for v, u in zip(frame["developing"], frame["unit"])],
        "status": _translate(frame["status"], "strategy.status", language),
    })
    return _headers(shown, language)


def channel_mix_table(result: StrategyResult, *, language: str) -> pd.DataFrame:
    """Per channel: posts, posts per week, reach per post, followers, effort and audience shares, verdict, source."""
    frame = result.channel_mix
    shown = pd.DataFrame({
        "channel": _translate(frame["channel"], "channel", language),
        "posts": frame["posts"],
        "posts_per_week": frame["posts_per_week"].round(1),
        "reach_per_post": frame["reach_per_post"].round(0),
        "followers": frame["followers"],
        "effort_share": _percent(frame["effort_share"], language),
        "audience": _percent(frame["audience"], language),
        "audience_share": _percent(frame["audience_share"], language),
        "verdict": _translate(frame["verdict"], "strategy.verdict", language),
        "source": frame["source"] + " (" + frame["period"] + ")",
    })
    return _headers(shown, language)


def _percent(values: pd.Series, language: str) -> pd.Series:
    return pd.Series([format_share(value, language) for value in values], index=values.index, dtype="str")


def audience_table(audience: pd.DataFrame, *, language: str) -> pd.DataFrame:
    """The current reference audience figures (``load_audience``'s frame) with period, publisher,
    publication and publication month; history rows (such as TNS Gallup 2009) are left out. The
    address each figure was read at stays in ``data/reference/audience.csv`` for the strategist: the
    handout cites by publisher, publication and date, and links to nothing outside itself."""
    current = audience[audience["status"] == "current"]
    shown = pd.DataFrame({
        "channel": _translate(current["channel"], "channel", language),
        "measure": _translate(current["measure"], "strategy.measure", language),
        "value": [format_percent(v, language) if v <= 1 else format_number(v, language) for v in current["value"]],
        "period": [format_period(period, language) for period in current["period"]],
        "source": current["publication"] + " (" + current["publisher"] + ")",
        "published": [format_date(month, language, kind="month") if month else "–"
                      for month in current["published"]],
    })
    return _headers(shown.reset_index(drop=True), language)


def format_period(period: str, language: str) -> str:
    """A figure's period for the reader: ``2022-Q3`` as ``3. kvartal 2022`` (nb) or ``Q3 2022`` (en); a year
    or month as written."""
    year, _, quarter = period.partition("-Q")
    if not quarter:
        return period
    return label("strategy.period.quarter", language, year=year, quarter=quarter)


def audience_section(result: StrategyResult, audience: pd.DataFrame, *, client, language: str):
    """The audience figures' dates in one sentence (those the channel mix uses, :attr:`StrategyResult.audience`),
    a warning when any is more than two years older than the end of the period analysed
    (:func:`~.channel_mix.audience_age`), then the table of current figures (:func:`audience_table`);
    an :class:`~sermo_helpers.present.Html` block."""
    from ..present import Html, paragraph, table
    from .channel_mix import audience_age

    figures = result.audience
    ages = audience_age(figures, as_of=client.period_end)
    ordered = ages.sort_values(["period_end"], kind="stable")
    words = {"oldest": format_period(ordered["period"].iloc[0], language),
             "newest": format_period(ordered["period"].iloc[-1], language)}
    parts = [paragraph("strategy.audience_dates", language, **words).markup]
    stale = ages[ages["stale"]]
    if len(stale):
        channels = ", ".join(f"{value_label('channel', channel, language)} ({format_period(period, language)})"
                             for channel, period in zip(stale.index, stale["period"]))
        parts.append(paragraph("strategy.audience_stale", language, channels=channels,
                               end=format_date(client.period_end, language)).markup)
    return Html("".join(parts) + table(audience_table(audience, language=language), language).markup)


def peer_table(peers: pd.DataFrame, *, language: str) -> pd.DataFrame:
    """The client and its peers on the headline metrics of the mentions (``StrategyResult.peers``, or
    :func:`~.peers.compare_peers` on a selection)."""
    frame = peers
    shown = pd.DataFrame({
        "name": frame["name"], "mentions": frame["mentions"],
        "share_of_voice": _percent(frame["share_of_voice"], language),
        "reach": frame["reach"], "engagement_per_mention": frame["engagement_per_mention"].round(1),
        "negative_share": _percent(frame["negative_share"], language),
        "positive_share": _percent(frame["positive_share"], language),
    })
    return _headers(shown, language)


def recommendations_table(result: StrategyResult, *, language: str) -> pd.DataFrame:
    """The recommendations by priority: what to do, why (the evidence), impact and effort."""
    frame = strategy_words(result, language=language).recommendations
    shown = pd.DataFrame({
        "priority": frame["priority"], "title": frame["title"], "action": frame["action"],
        "evidence": _translate(frame["trait"], "strategy.trait", language) + ": " + frame["evidence"],
        "impact": _translate(frame["impact"].astype("str"), "strategy.level", language),
        "effort": _translate(frame["effort"].astype("str"), "strategy.level", language),
    })
    return _headers(shown, language)


def plan_table(result: StrategyResult, *, language: str) -> pd.DataFrame:
    """The 90-day plan: days, recommendation, step."""
    return _headers(strategy_words(result, language=language).plan[["days", "recommendation", "step"]], language)


def kpi_table(result: StrategyResult, *, language: str) -> pd.DataFrame:
    """KPI targets for the next edition: indicator, today, target, and the KPI in one sentence."""
    frame = strategy_words(result, language=language).kpis
    shown = pd.DataFrame({
        "indicator": _translate(frame["indicator"], "strategy.indicator", language),
        "current": frame["current"], "target": frame["target"], "kpi": frame["kpi"],
    })
    return _headers(shown, language)


# --- the director's one-page summary --------------------------------------------------------------------
