"""The headline metrics of an edition: each defined once, owned by one stage, written by one function.

Every number a director may compare across the handout is listed in :data:`METRICS` with its
definition (the sentence the client reads), the stage that computes it and its unit. The owning
stage computes it once (its result holds the value); every later stage, table, verdict, scorecard
sentence, recommendation and KPI target reads that value, and the handout writes it with
:func:`format_metric`, so one metric never appears as two numbers.

:func:`headline_values` collects the values from the stage results, e.g. for a test that checks
every place the handout states them.
"""
from __future__ import annotations

from dataclasses import dataclass

from .i18n import format_duration, format_number, format_share

UNITS = ("count", "share", "minutes")


@dataclass(frozen=True)
class Metric:
    """One headline metric: its key, the stage that owns it, its unit and its definition."""

    key: str
    owner: str
    unit: str
    definition: str


METRICS = {metric.key: metric for metric in (
    Metric("mentions", "listen", "count",
           "Mentions of the client written by others (its own messages left out) in the period."),
    Metric("negative_share", "listen", "share",
           "Mentions of the client with a negative tone / all mentions of the client."),
    Metric("share_of_voice", "listen", "share",
           "The client's mentions / the mentions of the client and its peers."),
    Metric("criticism_in_media", "listen", "count",
           "Critical mentions of the client on channels where it has no account (news, forums, blogs, other "
           "sites): criticism in the media, which cannot be answered in the thread, counted apart."),
    Metric("conversations", "engage", "count",
           "Inbound conversations addressed to the client on its own channels (threads it took part in or "
           "that the export marks as started to it)."),
    Metric("response_rate", "engage", "share",
           "Conversations that got a reply from the client / all inbound conversations."),
    Metric("median_first_response", "engage", "minutes",
           "Median time from a conversation's first message to the client's first reply (answered ones)."),
    Metric("p90_first_response", "engage", "minutes",
           "90th percentile of that time: nine in ten answered conversations got a reply faster."),
    Metric("criticism_conversations", "engage", "count",
           "Criticism: conversations on the client's own channels opened by a critical message (one that "
           "can be answered); critical is defined once in sermo_helpers.workbook.mark_critical."),
    Metric("criticism_answer_rate", "engage", "share",
           "Criticism conversations that got a reply from the client / all criticism conversations."),
    Metric("criticism_answer_time", "engage", "minutes",
           "Median time from a critical opening message to the client's first reply."),
    Metric("responders", "engage", "count",
           "Distinct people (responder, else the own account) who wrote the client's replies in its dialogue."),
    Metric("posts_per_channel", "engage", "count",
           "The client's own posts on each channel in the period."),
    Metric("video_share", "engage", "share",
           "The client's posts of type video or reel / its posts with a known type."),
)}


def format_metric(key: str, value, language: str) -> str:
    """``value`` of the headline metric ``key`` as the handout writes it everywhere.

    Counts are whole numbers, shares by :func:`~sermo_helpers.i18n.format_share`, times by
    :func:`~sermo_helpers.i18n.format_duration`. Raises KeyError for an unknown metric.
    """
    unit = METRICS[key].unit
    if unit == "share":
        return format_share(value, language)
    if unit == "minutes":
        return format_duration(value, language)
    return format_number(value, language)


def headline_values(listen, engage) -> dict:
    """Every headline metric's value, read from the Listen and Engage results (the owners).

    ``posts_per_channel`` is a mapping channel -> posts.
    """
    return {
        "mentions": listen.mentions,
        "negative_share": listen.negative_share,
        "share_of_voice": listen.share_of_voice_client,
        "criticism_in_media": listen.criticism_in_media,
        "conversations": engage.conversation_count,
        "response_rate": engage.response_rate,
        "median_first_response": engage.median_first_response_minutes,
        "p90_first_response": engage.p90_first_response_minutes,
        "criticism_conversations": engage.criticism_conversations,
        "criticism_answer_rate": engage.criticism_answer_rate,
        "criticism_answer_time": engage.criticism_median_minutes,
        "responders": engage.responder_count,
        "posts_per_channel": dict(zip(engage.channels["channel"], engage.channels["posts"])),
        "video_share": engage.video_share,
    }
