"""The Strategy stage in one call, the tables the handout shows, and the one-page summary for a director.

:func:`analyse_strategy` runs the steps in order (indicators, scorecard, channel mix, peers,
recommendations, 90-day plan, KPI targets) on a client's data and returns a :class:`StrategyResult`.
The ``*_table`` functions turn its frames into display frames with translated values and headers;
:func:`~.story.director_summary` (in :mod:`.story`) writes the one-page summary that opens the handout.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..config import ClientConfig
from ..i18n import format_number, format_percent, format_share, label, value_label
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
)
from .scorecard import (
    format_against,
    Scorecard,
    format_value,
    load_scorecard,
    score_indicators,
    score_traits,
)

TOP_RECOMMENDATIONS = 5
DAYS_PER_MONTH = 365.25 / 12


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
    language: str
    language_policy: LanguagePolicyResult | None = None  # analyse_language_policy: its own indicator, not a trait
    listen: object = None  # ListenResult
    influence: object = None  # InfluenceResult
    engage: object = None  # EngageResult


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
    return compute()


def _analyse(data, client: ClientConfig, *, listen, influence, engage, scorecard, audience, catalogue,
             top: int, language_policy) -> StrategyResult:
    scorecard = scorecard or load_scorecard()
    catalogue = catalogue or load_catalogue()
    audience = load_audience() if audience is None else audience
    mix_settings = dict(scorecard.channel_mix)
    measure = mix_settings.pop("measure", "daily_use_share_18plus")
    figures = select_audience(audience, measure=measure)
    language = client.language
    target = int(client.response_targets_minutes[0])
    indicators = compute_indicators(data, client, listen=listen, engage=engage, audience=figures["value"])
    statuses = score_indicators(indicators, scorecard)
    traits = score_traits(indicators, scorecard=scorecard, judgement=client.judgement, language=language,
                          target_minutes=target)
    weeks = ((client.period_end - client.period_start).days + 1) / 7
    mix = compare_channel_mix(engage.channels, figures, channel_stats=data.channel_stats, weeks=weeks,
                              thresholds=mix_settings)
    peers = compare_peers(data.mentions, client)
    policy = analyse_language_policy(data, client, policy=language_policy)
    from .indicators import missing_listening_channels

    judged = {"listening_gaps": missing_listening_channels(data.mentions), "indicator_statuses": statuses,
              "months": weeks * 7 / DAYS_PER_MONTH}
    recommendations = recommend(traits, channel_mix=mix, catalogue=catalogue, language=language,
                                client_name=client.display_name, language_policy=policy, **judged)
    plan = plan_90_days(recommendations, channel_mix=mix, catalogue=catalogue, language=language,
                        client_name=client.display_name, top=top, language_policy=policy, **judged)
    top_traits = tuple(dict.fromkeys(recommendations.head(top)["trait"]))
    kpis = set_kpi_targets(statuses, catalogue=catalogue, language=language, traits=top_traits)
    return StrategyResult(client.display_name, indicators, statuses, traits, figures, mix, peers, recommendations,
                          plan, kpis, language, policy, listen, influence, engage)


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
        "evidence": frame["evidence"],
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
    """Every reference audience figure with its period and source (``load_audience``'s frame)."""
    shown = pd.DataFrame({
        "channel": _translate(audience["channel"], "channel", language),
        "measure": _translate(audience["measure"], "strategy.measure", language),
        "value": [format_percent(v, language) if v <= 1 else format_number(v, language) for v in audience["value"]],
        "period": audience["period"],
        "source": audience["source"],
    })
    return _headers(shown, language)


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
    frame = result.recommendations
    shown = pd.DataFrame({
        "priority": frame["priority"], "title": frame["title"], "action": frame["action"],
        "evidence": _translate(frame["trait"], "strategy.trait", language) + ": " + frame["evidence"],
        "impact": _translate(frame["impact"].astype("str"), "strategy.level", language),
        "effort": _translate(frame["effort"].astype("str"), "strategy.level", language),
    })
    return _headers(shown, language)


def plan_table(result: StrategyResult, *, language: str) -> pd.DataFrame:
    """The 90-day plan: days, recommendation, step."""
    return _headers(result.plan[["days", "recommendation", "step"]], language)


def kpi_table(result: StrategyResult, *, language: str) -> pd.DataFrame:
    """KPI targets for the next edition: indicator, today, target, and the KPI in one sentence."""
    frame = result.kpis
    shown = pd.DataFrame({
        "indicator": _translate(frame["indicator"], "strategy.indicator", language),
        "current": frame["current"], "target": frame["target"], "kpi": frame["kpi"],
    })
    return _headers(shown, language)
