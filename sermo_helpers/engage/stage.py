"""The Engage stage in one call: :func:`analyse_engage` -> :class:`EngageResult`.

The conversations are built once here (:func:`~.threads.select_dialogue`, then :func:`~.threads.build_conversations`, from the
prepared mentions) and every response metric, the criticism metrics, the responders and the content
figures are computed from them once; the handout tables, the explorer and Strategy read the result.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..config import ClientConfig
from .content import (compute_post_engagement, compute_posting_heatmap, measure_video_share, summarise_channels,
                      summarise_engagement)
from .response import compute_criticism_response, compute_responders, compute_response_metrics, within_column
from .threads import build_conversations, select_dialogue


@dataclass(frozen=True)
class EngageResult:
    """What Engage found for one client: frames and numbers, no language.

    Frames: ``conversations`` (one row per inbound conversation, :data:`~.threads.CONVERSATION_COLUMNS`),
    ``dialogue`` (the messages of those threads), ``post_engagement`` (one row per own post),
    ``response`` (one row, overall), ``response_by_channel``, ``response_by_month``, ``criticism``
    (one row: the response metrics over conversations opened by criticism, with ``measurable``),
    ``responders``, ``engagement`` (per channel and post type), ``heatmap`` (weekday x hour),
    ``channels`` (posts, reach and engagements per channel), ``posts_by_week`` (own posts per local week
and channel).
    Numbers: the properties below (each a headline metric defined in :mod:`sermo_helpers.metrics`).
    """

    conversations: pd.DataFrame
    dialogue: pd.DataFrame
    post_engagement: pd.DataFrame
    response: pd.DataFrame
    response_by_channel: pd.DataFrame
    response_by_month: pd.DataFrame
    criticism: pd.DataFrame
    responders: pd.DataFrame
    engagement: pd.DataFrame
    heatmap: pd.DataFrame
    channels: pd.DataFrame
    posts_by_week: pd.DataFrame
    targets_minutes: tuple[int, ...]
    video_share: float
    video_share_basis: int

    def _overall(self, column: str) -> float:
        return float(self.response[column].iloc[0]) if len(self.response) else math.nan

    @property
    def conversation_count(self) -> int:
        """Inbound conversations addressed to the client."""
        return int(self.response["conversations"].iloc[0]) if len(self.response) else 0

    @property
    def answered_count(self) -> int:
        return int(self.response["answered"].iloc[0]) if len(self.response) else 0

    @property
    def response_rate(self) -> float:
        return self._overall("response_rate")

    @property
    def median_first_response_minutes(self) -> float:
        return self._overall("median_first_response_minutes")

    @property
    def p90_first_response_minutes(self) -> float:
        return self._overall("p90_first_response_minutes")

    def share_within(self, target_minutes: int) -> float:
        """Share of conversations answered within ``target_minutes`` (one of ``targets_minutes``)."""
        return self._overall(within_column(target_minutes))

    @property
    def criticism_measurable(self) -> bool:
        return bool(self.criticism["measurable"].iloc[0])

    @property
    def criticism_conversations(self) -> int:
        return int(self.criticism["conversations"].iloc[0])

    @property
    def criticism_answered(self) -> int:
        return int(self.criticism["answered"].iloc[0])

    @property
    def criticism_answer_rate(self) -> float:
        return float(self.criticism["response_rate"].iloc[0])

    @property
    def criticism_median_minutes(self) -> float:
        return float(self.criticism["median_first_response_minutes"].iloc[0])

    @property
    def responder_count(self) -> int:
        return len(self.responders)


def analyse_engage(data, client: ClientConfig) -> EngageResult:
    """Run the Engage stage on prepared data (``open_workbook``/``workbook.prepare``).

    Computed once per edition within a kernel (:func:`sermo_helpers.workbook.shared_result`).
    Raises AnalysisError when ``data`` is not prepared.
    """
    from ..workbook import require_prepared, shared_result

    require_prepared(data, step="analyse_engage")
    return shared_result("engage", data, client, lambda: _analyse(data, client))


def _analyse(data, client: ClientConfig) -> EngageResult:
    from ..overview import count_by_week  # imported here: loaders -> engage.threads, overview -> loaders

    targets = tuple(int(target) for target in client.response_targets_minutes)
    dialogue = select_dialogue(data.mentions, client=client)  # once: the conversations are built from it
    conversations = build_conversations(dialogue, timezone=client.timezone, business_hours=client.business_hours)
    post_engagement = compute_post_engagement(data.posts, channel_stats=data.channel_stats,
                                              timezone=client.timezone)
    video_share, video_basis = measure_video_share(data.posts)
    return EngageResult(
        conversations=conversations,
        dialogue=dialogue,
        post_engagement=post_engagement,
        response=compute_response_metrics(conversations, targets_minutes=targets),
        response_by_channel=compute_response_metrics(conversations, targets_minutes=targets, by="channel"),
        response_by_month=compute_response_metrics(conversations, targets_minutes=targets, by="month",
                                                   timezone=client.timezone),
        criticism=compute_criticism_response(conversations, targets_minutes=targets),
        responders=compute_responders(dialogue),
        engagement=summarise_engagement(post_engagement, by=["channel", "post_type"]),
        heatmap=compute_posting_heatmap(post_engagement),
        channels=summarise_channels(data.posts),
        posts_by_week=count_by_week(data.posts, timezone=client.timezone),
        targets_minutes=targets,
        video_share=video_share,
        video_share_basis=video_basis,
    )
