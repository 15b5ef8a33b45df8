"""Plain-language verdicts per Engage metric, in the handout language.

The phrasing lives in ``templates/labels/engage.yaml``; the thresholds below decide which phrase
applies. They are deliberately simple and written down so the strategist can explain them:

- response rate: strong from 80 %, fair from 50 %, else weak;
- median first response: strong within 60 minutes, fair within 240 minutes, else weak;
- 90th percentile: strong within 1 440 minutes (a day), else weak;
- share answered within a target: strong from 80 %, fair from 50 %, else weak;
- criticism: strong when criticism's response rate is at most 5 points below the overall rate and
  its median response time at most 1.5 times the overall median; else weak, and the verdict names
  which of the two fails (answered less often, more slowly, or both), quoting the figures compared;
- responders: "dedicated" when 2–5 people answer and the busiest writes at least 40 % of replies,
  "single" with one person, else "spread".
"""
from __future__ import annotations

import math

import pandas as pd

from ..errors import AnalysisError
from ..i18n import format_duration, format_number, format_percent, format_share, label, value_label

RATE_STRONG, RATE_FAIR = 0.8, 0.5
MEDIAN_STRONG, MEDIAN_FAIR = 60.0, 240.0
P90_STRONG = 1440.0
CRITICISM_RATE_GAP, CRITICISM_TIME_FACTOR = 0.05, 1.5
DEDICATED_MAX_PEOPLE, DEDICATED_TOP_SHARE = 5, 0.4
MIN_POSTS_FOR_VERDICT = 3

VERDICT_COLUMNS = ["metric", "value", "verdict"]


def post_type_name(post_type, language: str) -> str:
    """The post type's handout name (``engage.post_type.<type>``), or the type itself when unlabelled;
    "–" when the platform does not report a type (never "nan")."""
    if post_type is None or (not isinstance(post_type, str) and pd.isna(post_type)):
        return "–"
    try:
        return label(f"engage.post_type.{post_type}", language)
    except AnalysisError:
        return str(post_type)


def _grade(value, strong, fair, *, lower_is_better=False) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if lower_is_better:
        return "good" if value <= strong else ("fair" if fair is not None and value <= fair else "weak")
    return "good" if value >= strong else ("fair" if fair is not None and value >= fair else "weak")


def response_verdicts(overall: pd.Series, *, targets_minutes, language: str) -> pd.DataFrame:
    """Verdict rows for response rate, median, p90 and each target, from one row of response metrics."""
    rows = []
    missing = label("engage.not_measurable", language)
    rate = overall["response_rate"]
    grade = _grade(rate, RATE_STRONG, RATE_FAIR)
    rows.append((label("engage.metric.response_rate", language), format_share(rate, language),
                 label(f"engage.verdict.response_rate.{grade}", language) if grade else missing))
    median = overall["median_first_response_minutes"]
    grade = _grade(median, MEDIAN_STRONG, MEDIAN_FAIR, lower_is_better=True)
    rows.append((label("engage.metric.median_first_response", language), format_duration(median, language),
                 label(f"engage.verdict.median.{grade}", language) if grade else missing))
    p90 = overall["p90_first_response_minutes"]
    grade = _grade(p90, P90_STRONG, None, lower_is_better=True)
    rows.append((label("engage.metric.p90_first_response", language), format_duration(p90, language),
                 label(f"engage.verdict.p90.{grade}", language) if grade else missing))
    for target in targets_minutes:
        share = overall[f"share_within_{int(target)}_minutes"]
        grade = _grade(share, RATE_STRONG, RATE_FAIR)
        rows.append((label("engage.metric.within", language, target=format_duration(target, language)),
                     format_share(share, language),
                     label(f"engage.verdict.within.{grade}", language) if grade else missing))
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


def criticism_verdict(criticism: pd.Series, overall: pd.Series, *, language: str) -> pd.DataFrame:
    """One verdict row: does the client answer criticism as often and as fast as other messages?"""
    name = label("engage.metric.criticism", language)
    if not bool(criticism["measurable"]):
        return pd.DataFrame([(name, label("engage.not_measurable", language),
                              label("engage.verdict.criticism.not_measurable", language))], columns=VERDICT_COLUMNS)
    if criticism["conversations"] == 0:
        return pd.DataFrame([(name, "–", label("engage.verdict.criticism.none", language))], columns=VERDICT_COLUMNS)
    rate, overall_rate = criticism["response_rate"], overall["response_rate"]
    median, overall_median = criticism["median_first_response_minutes"], overall["median_first_response_minutes"]
    often = rate >= overall_rate - CRITICISM_RATE_GAP
    fast = (not math.isnan(median)) and (math.isnan(overall_median) or median <= CRITICISM_TIME_FACTOR * overall_median)
    value = f"{format_share(rate, language)}, {format_duration(median, language)}"
    quoted = {"rate": format_share(rate, language), "overall": format_share(overall_rate, language),
              "time": format_duration(median, language), "overall_time": format_duration(overall_median, language)}
    if often and fast:
        verdict = label("engage.verdict.criticism.good", language, **quoted)
    elif often:  # as often, but slower: say so, quoting the times, not the rates
        verdict = label("engage.verdict.criticism.slower", language, **quoted)
    elif fast:
        verdict = label("engage.verdict.criticism.rarer", language, **quoted)
    else:
        verdict = label("engage.verdict.criticism.rarer_and_slower", language, **quoted)
    return pd.DataFrame([(name, value, verdict)], columns=VERDICT_COLUMNS)


def responder_verdict(responders: pd.DataFrame, *, language: str) -> pd.DataFrame:
    """One verdict row on dedicated dialogue staff, from :func:`~.response.compute_responders` (overall)."""
    name = label("engage.metric.responders", language)
    if responders.empty:
        return pd.DataFrame([(name, "0", label("engage.verdict.responders.none", language))], columns=VERDICT_COLUMNS)
    count = len(responders)
    top = responders.iloc[0]
    share = format_share(top["share_of_replies"], language)
    if count == 1:
        verdict = label("engage.verdict.responders.single", language, top=top["responder"])
    elif count <= DEDICATED_MAX_PEOPLE and top["share_of_replies"] >= DEDICATED_TOP_SHARE:
        verdict = label("engage.verdict.responders.dedicated", language, count=count, top=top["responder"], share=share)
    else:
        verdict = label("engage.verdict.responders.spread", language, count=count)
    return pd.DataFrame([(name, str(count), verdict)], columns=VERDICT_COLUMNS)


def content_verdicts(summary: pd.DataFrame, heatmap: pd.DataFrame, *, language: str,
                     metric: str = "engagement_rate_by_reach", timing_metric: str = "engagement_index") -> pd.DataFrame:
    """Best post type per channel (from a channel × post_type summary) and the best weekday × hour.

    The best time is the heatmap cell with the highest mean ``timing_metric`` among cells with at
    least ``MIN_POSTS_FOR_VERDICT`` measured posts.
    """
    rows = []
    for channel, part in summary.groupby("channel", sort=True):
        name = label("engage.metric.best_type", language, channel=value_label("channel", channel, language))
        eligible = part[(part["posts_measured"] >= MIN_POSTS_FOR_VERDICT) & part[metric].notna()]
        if eligible.empty:
            rows.append((name, "–", label("engage.verdict.too_few", language)))
            continue
        best = eligible.sort_values(metric, ascending=False).iloc[0]
        rate = format_percent(best[metric], language, decimals=1)
        type_name = post_type_name(best["post_type"], language)
        rows.append((name, type_name, label("engage.verdict.best_type", language, type=type_name, rate=rate,
                                                         posts=int(best["posts_measured"]))))
    column = f"mean_{timing_metric}"
    eligible = heatmap[heatmap["posts_measured"] >= MIN_POSTS_FOR_VERDICT]
    name = label("engage.metric.best_time", language)
    if eligible.empty:
        rows.append((name, "–", label("engage.verdict.too_few", language)))
    else:
        best = eligible.sort_values([column, "posts_measured"], ascending=[False, False]).iloc[0]
        weekday = label(f"engage.weekday.{int(best['weekday'])}", language)
        index = format_number(best[column], language, decimals=1)
        rows.append((name, label("engage.best_time_value", language, weekday=weekday, hour=int(best["hour"])), label(
            "engage.verdict.best_time", language, weekday=weekday, hour=int(best["hour"]), index=index,
            posts=int(best["posts_measured"]))))
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)
