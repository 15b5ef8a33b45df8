"""Stage 4, Strategy: the scorecard against what the best do, the channel mix against the audience, the
client beside its peers, and prioritised recommendations with a 90-day plan and KPI targets.

Start with :func:`analyse_strategy` (prepared data -> :class:`StrategyResult`). It reads the Listen,
Influence and Engage results (computed once per edition and shared with their notebooks) and never
rebuilds conversations or re-derives a metric another stage owns.

Steps (each a module that computes frames and knows nothing of figures; reference data is read only
when called): :mod:`.indicators` (the numbers the scorecard judges), :mod:`.scorecard` (rules engine,
``data/reference/scorecard.yaml``), :mod:`.channel_mix` (``data/reference/audience.csv``), :mod:`.peers`,
:mod:`.recommendations` (``data/reference/recommendations.yaml``), :mod:`.language_policy` (bokmål and nynorsk
against ``data/reference/language_policy.yaml``; its section in :mod:`.language_policy_handout`), and :mod:`.summary`
(:func:`analyse_strategy`, handout tables, the director's one-page summary).
"""
from .channel_mix import (
                      audience_age,
                      classify_channel,
                      compare_channel_mix,
                      load_audience,
                      select_audience,
)
from .indicators import INDICATORS, compute_indicators
from .language_policy import LanguagePolicyResult, analyse_language_policy, load_language_policy
from .language_policy_handout import language_policy_month_table, language_policy_summary, language_policy_table
from .peers import compare_peers
from .recommendations import load_catalogue, plan_90_days, recommend, set_kpi_targets
from .scorecard import (
                      combine_statuses,
                      evaluate_indicator,
                      load_scorecard,
                      score_indicators,
                      score_traits,
)
from .story import Story, director_summary, follow_up_section, follow_up_table, publish_edition, tell_story
from .summary import (
                      StrategyResult,
                      StrategyWords,
                      analyse_strategy,
                      audience_section,
                      audience_table,
                      channel_mix_table,
                      indicator_table,
                      kpi_table,
                      peer_table,
                      plan_table,
                      recommendations_table,
                      scorecard_table,
                      strategy_words,
)

__all__ = [
    "INDICATORS", "LanguagePolicyResult", "StrategyResult", "analyse_language_policy", "language_policy_month_table",
    "language_policy_summary", "language_policy_table", "load_language_policy", "analyse_strategy", "audience_age", "audience_section", "audience_table", "channel_mix_table", "classify_channel",
    "combine_statuses", "compare_channel_mix", "compare_peers", "compute_indicators", "director_summary",
    "evaluate_indicator", "indicator_table", "kpi_table", "load_audience", "load_catalogue",
    "load_scorecard", "peer_table", "plan_90_days", "plan_table", "recommend", "recommendations_table",
    "scorecard_table", "strategy_words", "StrategyWords", "score_indicators", "score_traits", "select_audience", "set_kpi_targets",
    "Story", "tell_story", "follow_up_section", "follow_up_table", "publish_edition",
]
