"""Explore the Engage stage: response to people who get in touch, and engagement on own posts.

Notebook cell: ``explore_engage(data, client)``. Controls: period (conversations opened and posts
published on those local days), channels, and the tone of the opening message. The view is the
handout's: the response table (:func:`sermo_helpers.engage.handout.response_table`), response rate
per channel (:func:`~sermo_helpers.plots.engage.plot_response_rates`) and engagement per post type
(:func:`~sermo_helpers.plots.engage.plot_engagement_by_type`), all computed by the Engage package.
"""
from __future__ import annotations

import pandas as pd

from .. import present
from ..config import ClientConfig
from ..i18n import label
from .core import Control, Explorer, Snapshot, choice_options, in_period, period_controls

SENTIMENTS = ("negative", "neutral", "positive")


def select_conversations(conversations: pd.DataFrame, *, timezone: str, start=None, end=None, channels=None,
                         sentiment: str = "all") -> pd.DataFrame:
    """Conversations opened in the period, on the channels, and opened with that tone (``all``: any)."""
    keep = in_period(conversations["opened_at"], timezone=timezone, start=start, end=end)
    if channels:
        keep &= conversations["channel"].isin(list(channels))
    if sentiment and sentiment != "all":
        keep &= (conversations["opening_sentiment"] == sentiment).fillna(False)
    return conversations[keep].reset_index(drop=True)


def select_posts(post_engagement: pd.DataFrame, *, timezone: str, start=None, end=None, channels=None) -> pd.DataFrame:
    """Own posts published in the period on the channels."""
    keep = in_period(post_engagement["published_at"], timezone=timezone, start=start, end=end)
    if channels:
        keep &= post_engagement["channel"].isin(list(channels))
    return post_engagement[keep].reset_index(drop=True)


def render_engage(conversations: pd.DataFrame, post_engagement: pd.DataFrame, client: ClientConfig,
                  values: dict) -> Snapshot:
    """The Engage view for one set of control values."""
    from ..engage.content import summarise_engagement
    from ..engage.handout import response_table
    from ..engage.response import compute_response_metrics
    from ..plots.engage import plot_engagement_by_type, plot_response_rates

    language = client.language
    chosen = select_conversations(conversations, timezone=client.timezone, start=values["start"],
                                  end=values["end"], channels=values["channels"], sentiment=values["sentiment"])
    posts = select_posts(post_engagement, timezone=client.timezone, start=values["start"], end=values["end"],
                         channels=values["channels"])
    parts, frames = [], {"conversations": chosen, "posts": posts}
    if chosen.empty:
        parts.append(present.note(label("explore.nothing_to_show", language)))
    else:
        by_channel = compute_response_metrics(chosen, targets_minutes=client.response_targets_minutes, by="channel")
        frames["response"] = by_channel
        parts.append(response_table(chosen, client=client))
        parts.append(present.figure(plot_response_rates(by_channel, language=language)))
    if not posts.empty:
        summary = summarise_engagement(posts, by=["channel", "post_type"])
        frames["engagement"] = summary
        parts.append(present.figure(plot_engagement_by_type(summary, language=language)))
    return Snapshot(parts, frames)


def explore_engage(data, client: ClientConfig, *, headless: bool | None = None) -> Explorer:
    """Response and engagement, with controls in JupyterLab and static in handouts."""
    from ..engage.content import compute_post_engagement
    from ..engage.threads import build_client_conversations
    from ..listen import score_mentions

    mentions = data.mentions if "sentiment" in data.mentions.columns else score_mentions(data.mentions)
    conversations = build_client_conversations(mentions, client=client)
    post_engagement = compute_post_engagement(data.posts, channel_stats=data.channel_stats, timezone=client.timezone)
    channels = sorted(set(conversations["channel"].dropna()) | set(post_engagement["channel"].dropna()))
    controls = [
        *period_controls(client),
        Control("channels", "multiselect", "explore.channels", tuple(channels),
                options=tuple((channel, channel) for channel in channels)),
        Control("sentiment", "dropdown", "explore.opening_sentiment", "all",
                options=choice_options(SENTIMENTS, client.language, prefix="explore.sentiment")),
    ]
    return Explorer(lambda values: render_engage(conversations, post_engagement, client, values), controls,
                    language=client.language, headless=headless)
