"""The Engage section's handout tables: one call per notebook cell, in the client's language.

Each function reads the :class:`~sermo_helpers.engage.stage.EngageResult` (nothing is computed
again) and returns an escaped HTML table from :func:`sermo_helpers.present.table`; durations are
shown as ``45 min``, ``5,5 timer`` or ``2,3 døgn``.
"""
from __future__ import annotations

import pandas as pd

from .. import present
from ..i18n import format_date, format_duration, label, value_label
from .content import RATES
from .response import within_column
from .verdicts import (content_verdicts, criticism_verdict, post_type_name, responder_verdict,
                       response_verdicts)

_DURATIONS = {
    "median_first_response_minutes": "engage.col.median_minutes",
    "p90_first_response_minutes": "engage.col.p90_minutes",
    "median_first_response_business_minutes": "engage.col.median_business",
    "p90_first_response_business_minutes": "engage.col.p90_business",
}


def _response_display(metrics: pd.DataFrame, key: str, *, client, first_label: str) -> present.Html:
    language = client.language
    shown = pd.DataFrame({label(first_label, language): metrics[key].astype("str")})
    shown[label("engage.col.conversations", language)] = metrics["conversations"]
    shown[label("engage.col.response_rate", language)] = metrics["response_rate"]
    for column, name in _DURATIONS.items():
        shown[label(name, language)] = [format_duration(value, language) for value in metrics[column]]
    formats = {label("engage.col.response_rate", language): "share"}
    for target in client.response_targets_minutes:
        name = label("engage.col.within", language, target=format_duration(target, language))
        shown[name] = metrics[within_column(target)]
        formats[name] = "share"
    return present.table(shown, language, formats=formats)


def response_table(engage, *, client) -> present.Html:
    """Response rate, first response times and targets: overall, then one row per channel."""
    return response_metrics_table(engage.response, engage.response_by_channel, client=client)


def response_metrics_table(overall: pd.DataFrame, by_channel: pd.DataFrame, *, client) -> present.Html:
    """The response table from response-metric frames (the explorer passes those of its selection)."""
    overall = overall.rename(columns={"group": "channel"})
    overall["channel"] = label("engage.overall", client.language)
    by_channel = by_channel.assign(channel=[value_label("channel", channel, client.language)
                                            for channel in by_channel["channel"]])
    return _response_display(pd.concat([overall, by_channel], ignore_index=True), "channel", client=client,
                             first_label="common.channel")


def monthly_response_table(engage, *, client) -> present.Html:
    """The same metrics per calendar month (client's time zone)."""
    metrics = engage.response_by_month.copy()
    metrics["month"] = [format_date(month, client.language, kind="month") for month in metrics["month"]]
    return _response_display(metrics, "month", client=client, first_label="common.month")


def criticism_table(engage, *, client) -> present.Html:
    """The metrics for conversations opened by criticism, next to all conversations."""
    language = client.language
    if not engage.criticism_measurable:
        return present.note(label("engage.verdict.criticism.not_measurable", language))
    both = pd.concat([engage.criticism.drop(columns="measurable").assign(group=label("engage.metric.criticism",
                                                                                    language)),
                      engage.response.assign(group=label("engage.overall", language))], ignore_index=True)
    return _response_display(both, "group", client=client, first_label="engage.col.group")


def responders_table(engage, *, client) -> present.Html:
    """Who writes the client's replies and each one's share of them."""
    return present.table(engage.responders, client.language, columns={
        "responder": "engage.col.responder", "replies": "engage.col.replies",
        "share_of_replies": "engage.col.share_of_replies"}, formats={"share_of_replies": "share"})


def engagement_table(engage, *, client) -> present.Html:
    """Posts, interactions per post and every engagement rate, per channel and post type."""
    summary = engage.engagement.copy()
    if "post_type" in summary.columns:
        summary["post_type"] = [post_type_name(value, client.language) for value in summary["post_type"]]
    columns = {"channel": "common.channel", "post_type": "engage.col.post_type", "posts": "engage.col.posts",
               "posts_measured": "engage.col.posts_measured"}
    columns.update({name: f"engage.col.{name}" for name in
                    ("comments_per_post", "shares_per_post", "reactions_per_post", *RATES)})
    formats = {name: "percent" for name in RATES}
    formats.update({name: "decimal" for name in ("comments_per_post", "shares_per_post", "reactions_per_post")})
    return present.table(summary, client.language, columns=columns, formats=formats)


def verdict_table(engage, *, client) -> present.Html:
    """One plain-language verdict per metric: response, criticism, responders, content and timing."""
    language = client.language
    overall = engage.response.iloc[0]
    criticism = engage.criticism.iloc[0]
    rows = pd.concat([
        response_verdicts(overall, targets_minutes=engage.targets_minutes, language=language),
        criticism_verdict(criticism, overall, language=language),
        responder_verdict(engage.responders, language=language),
        content_verdicts(engage.engagement, engage.heatmap, language=language),
    ], ignore_index=True)
    return present.table(rows, language, columns={"metric": "engage.col.metric", "value": "engage.col.value",
                                                  "verdict": "engage.col.verdict"}, max_rows=50)


__all__ = ["response_table", "response_metrics_table", "monthly_response_table", "criticism_table", "responders_table",
           "engagement_table", "verdict_table"]
