"""The indicators the scorecard judges: one number per indicator, computed from the canonical frames.

:func:`compute_indicators` returns a tidy frame, one row per indicator in :data:`INDICATORS`, with
``value`` (NaN when the data given cannot measure it), ``unit`` (share, minutes, count, per_thousand)
and ``basis`` (how many items the value rests on). Each indicator is also a small public function
taking frames, so it can be tested on a handful of rows.

Definitions (what the handout's evidence sentences say):

- listening_channel_coverage: distinct kinds of source among the mentions (the channels in
  :data:`LISTENING_CHANNELS`) / their number.
- listening_sources: distinct source domains among the mentions not written by the client.
- audience_on_client_channels: the largest audience figure (e.g. daily use among adults) of a single
  channel where the client published at least one post: a lower bound of the share of the population
  its channels reach. Daily users of several channels overlap, so their shares are never added up.
- effort_audience_overlap: sum over channels of min(effort share, audience share), effort being the
  client's posts; 1 when effort is spread exactly as the audience is.
- shares_per_thousand_reach: sum of shares / sum of reach x 1000, over posts reporting both.
- median_first_response_minutes, share_within_target, response_rate: Engage's response metrics over
  the inbound conversations addressed to the client (:func:`select_addressed_conversations`) (:mod:`sermo_helpers.engage.response`); the target is the client's first
  response target.
- criticism_response_rate, criticism_median_first_response_minutes: the same over conversations opened
  by a negative message (needs a sentiment per message).
- peak_response_rate: response rate over conversations opened on peak days, days when the mentions of
  the client are at least PEAK_RATIO times the median day (and at least PEAK_MINIMUM). A computed
  stand-in for Listen's spike detection, usable without any sentiment.
- engagement_rate_by_reach: mean per-post (reactions + comments + shares) / reach (Engage's rate).
- video_share_of_posts: posts of type video or reel / posts with a known type.
- responders: distinct people (Engage's responders) who wrote the client's replies.
- search_share_of_sessions: web sessions with medium ``organic`` / all sessions.
- clicks_per_thousand_reach: sum of clicks / sum of reach x 1000, over posts reporting both.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ClientConfig
from ..engage.content import compute_post_engagement
from ..engage.response import (
    compute_criticism_response,
    compute_responders,
    compute_response_metrics,
    within_column,
)
from ..engage.threads import CONVERSATION_COLUMNS, build_conversations
from ..errors import AnalysisError

LISTENING_CHANNELS = ("x", "facebook", "instagram", "youtube", "linkedin", "news", "blog", "forum", "podcast")
VIDEO_TYPES = ("video", "reel")
SEARCH_MEDIUM = "organic"
PEAK_RATIO = 3.0
PEAK_MINIMUM = 10
SENTIMENT_LABELS = {"positive": "positive", "positiv": "positive", "pos": "positive",
                    "neutral": "neutral", "nøytral": "neutral", "neu": "neutral",
                    "negative": "negative", "negativ": "negative", "neg": "negative"}
POLARITY_THRESHOLD = 0.1  # the same cut as Influence's stance (influence.ranking.STANCE_THRESHOLD)

# indicator -> unit; the order is the handout's
INDICATORS = {
    "listening_channel_coverage": "share",
    "listening_sources": "count",
    "audience_on_client_channels": "share",
    "effort_audience_overlap": "share",
    "shares_per_thousand_reach": "per_thousand",
    "median_first_response_minutes": "minutes",
    "share_within_target": "share",
    "engagement_rate_by_reach": "share",
    "video_share_of_posts": "share",
    "criticism_response_rate": "share",
    "criticism_median_first_response_minutes": "minutes",
    "peak_response_rate": "share",
    "responders": "count",
    "response_rate": "share",
    "search_share_of_sessions": "share",
    "clicks_per_thousand_reach": "per_thousand",
}
INDICATOR_COLUMNS = ["indicator", "value", "unit", "basis"]


def _row(value, basis) -> tuple[float, int]:
    value = float(value) if value is not None else np.nan
    return value, int(basis)


def label_sentiment(mentions: pd.DataFrame, client: ClientConfig | None = None) -> pd.DataFrame:
    """A copy of ``mentions`` with ``sentiment`` as negative/neutral/positive (missing when unknown).

    Taken from, in order: an existing ``sentiment`` column of labels; a numeric ``polarity`` (or numeric
    ``sentiment``) column, cut at +/-POLARITY_THRESHOLD; Listen's ``score_mentions`` when that stage
    provides it; the listening tool's ``source_sentiment`` labels. Otherwise every value is missing.
    """
    frame = mentions
    for column in ("sentiment", "polarity"):
        if column in frame.columns and pd.api.types.is_numeric_dtype(frame[column].dtype):
            return frame.assign(sentiment=_cut(frame[column]))
    if "sentiment" in frame.columns:
        return frame.assign(sentiment=_labels(frame["sentiment"]))
    if client is not None and "text" in frame.columns and len(frame):
        try:  # Listen's scorer, when that stage provides it
            from ..listen import score_mentions
        except ImportError:
            score_mentions = None
        if score_mentions is not None:
            scored = score_mentions(frame)
            if "sentiment" in scored.columns or "polarity" in scored.columns:
                return label_sentiment(scored)
    if "source_sentiment" in frame.columns:
        return frame.assign(sentiment=_labels(frame["source_sentiment"]))
    return frame.assign(sentiment=pd.Series(pd.NA, index=frame.index, dtype="str"))


def _cut(polarity: pd.Series) -> pd.Series:
    values = polarity.astype("float64")
    labels = np.select([values <= -POLARITY_THRESHOLD, values >= POLARITY_THRESHOLD], ["negative", "positive"],
                       "neutral")
    return pd.Series(labels, index=polarity.index, dtype="str").where(values.notna())


def _labels(values: pd.Series) -> pd.Series:
    return values.astype("str").str.strip().str.lower().map(SENTIMENT_LABELS).astype("str")


# --- listening -------------------------------------------------------------------------------------

def measure_listening_coverage(mentions: pd.DataFrame) -> tuple[float, int]:
    """(share of LISTENING_CHANNELS present among the mentions' channels, number present)."""
    inbound = _not_own(mentions)
    present = set(inbound["channel"].dropna().astype("str").str.lower()) & set(LISTENING_CHANNELS)
    if not len(inbound):
        return np.nan, 0
    return len(present) / len(LISTENING_CHANNELS), len(present)


def missing_listening_channels(mentions: pd.DataFrame) -> list[str]:
    """The kinds of source (LISTENING_CHANNELS, in that order) with no mention by others: the listening gaps."""
    inbound = _not_own(mentions)
    present = set(inbound["channel"].dropna().astype("str").str.lower())
    return [channel for channel in LISTENING_CHANNELS if channel not in present]


def count_listening_sources(mentions: pd.DataFrame) -> tuple[float, int]:
    """(distinct source domains among mentions not written by the client, mentions with a domain)."""
    inbound = _not_own(mentions)
    if "source_domain" not in inbound.columns:
        return np.nan, 0
    domains = inbound["source_domain"].dropna().astype("str").str.lower().str.removeprefix("www.")
    if not len(domains):
        return np.nan, 0
    return float(domains.nunique()), len(domains)


# --- channels and audience ---------------------------------------------------------------------------

def measure_audience_presence(posts: pd.DataFrame, audience: pd.Series) -> tuple[float, float, int]:
    """(audience_on_client_channels, effort_audience_overlap, posts counted).

    ``audience`` is one figure per channel (index: channel), e.g. from
    :func:`sermo_helpers.strategy.channel_mix.select_audience`. NaN when there are no posts or no figures.
    ``audience_on_client_channels`` is the largest single channel's figure among the channels the client
    posts on (a lower bound of the union: the channels' audiences overlap, so shares are not summed).
    """
    audience = audience.dropna()
    audience = audience[audience > 0]
    counts = posts["channel"].astype("str").str.lower().value_counts()
    counts = counts[counts.index.isin(audience.index)]
    if not len(audience) or not counts.sum():
        return np.nan, np.nan, int(counts.sum())
    audience_share = audience / audience.sum()
    effort_share = counts / counts.sum()
    on_channels = float(audience[audience.index.isin(counts.index)].max())
    overlap = float(np.minimum(effort_share.reindex(audience_share.index, fill_value=0.0), audience_share).sum())
    return on_channels, overlap, int(counts.sum())


def measure_rate_per_thousand(posts: pd.DataFrame, numerator: str) -> tuple[float, int]:
    """(sum of ``numerator`` / sum of reach x 1000, posts reporting both); NaN when none does."""
    if numerator not in posts.columns or "reach" not in posts.columns:
        return np.nan, 0
    known = posts[posts[numerator].notna() & posts["reach"].notna()]
    reach = known["reach"].sum()
    if not len(known) or reach <= 0:
        return np.nan, len(known)
    return float(known[numerator].sum() / reach * 1000), len(known)


def measure_engagement_rate(posts: pd.DataFrame) -> tuple[float, int]:
    """(mean per-post engagement rate by reach, posts where it is known)."""
    if not len(posts):
        return np.nan, 0
    rates = compute_post_engagement(posts)["engagement_rate_by_reach"].dropna()
    return (float(rates.mean()) if len(rates) else np.nan), len(rates)


def measure_video_share(posts: pd.DataFrame) -> tuple[float, int]:
    """(posts of type video or reel / posts with a known type, posts with a known type)."""
    if "post_type" not in posts.columns:
        return np.nan, 0
    types = posts["post_type"].dropna().astype("str").str.lower()
    if not len(types):
        return np.nan, 0
    return float(types.isin(VIDEO_TYPES).mean()), len(types)


def measure_search_share(web_traffic: pd.DataFrame) -> tuple[float, int]:
    """(sessions with medium organic / all sessions, days of data); NaN without sessions."""
    sessions = web_traffic["sessions"].fillna(0.0)
    total = sessions.sum()
    if total <= 0:
        return np.nan, 0
    organic = sessions[web_traffic["medium"].astype("str").str.lower() == SEARCH_MEDIUM].sum()
    return float(organic / total), int(web_traffic["date"].nunique())


# --- dialogue ------------------------------------------------------------------------------------------

def find_peak_days(mentions: pd.DataFrame, *, client: ClientConfig, ratio: float = PEAK_RATIO,
                   minimum: int = PEAK_MINIMUM) -> list:
    """Local days when the mentions of the client (not its own) are >= ``ratio`` x the median day and >= ``minimum``.

    Days without mentions count as zero. A stand-in for Listen's spike detection.
    """
    inbound = _not_own(mentions)
    if "subject" in inbound.columns:
        inbound = inbound[inbound["subject"].isna() | (inbound["subject"] == client.slug)]
    if not len(inbound):
        return []
    days = inbound["published_at"].dt.tz_convert(client.timezone).dt.tz_localize(None).dt.normalize()
    counts = days.value_counts()
    every_day = pd.date_range(pd.Timestamp(client.period_start), pd.Timestamp(client.period_end), freq="D")
    counts = counts.reindex(every_day.union(counts.index), fill_value=0)
    median = float(counts.median())
    peaks = counts[(counts >= ratio * median) & (counts >= minimum)]
    return sorted(day.date() for day in peaks.index)


def measure_peak_response(conversations: pd.DataFrame, peak_days, *, timezone: str) -> tuple[float, int]:
    """(response rate over conversations opened on ``peak_days``, those conversations)."""
    if not len(conversations) or not len(peak_days):
        return np.nan, 0
    opened = conversations["opened_at"].dt.tz_convert(timezone).dt.date
    on_peak = conversations[opened.isin(set(peak_days))]
    if not len(on_peak):
        return np.nan, 0
    return float(on_peak["answered"].astype(bool).mean()), len(on_peak)


def select_addressed_conversations(conversations: pd.DataFrame, mentions: pd.DataFrame, *,
                                   client: ClientConfig) -> pd.DataFrame:
    """The conversations addressed to the client: opened on a channel where it has an account, and
    either holding an own reply or opened by a message that the data marks as a conversation start
    (a ``thread_id`` given in the input). Mentions merely *about* the client are not enquiries.

    A stand-in until Engage defines the enquiries it measures; the rows are ``conversations``' own.
    """
    channels = {channel.lower() for channel in client.own_accounts}
    marked = set()
    if "thread_id" in mentions.columns:
        marked = set(mentions.loc[mentions["thread_id"].notna(), "mention_id"].astype("str"))
    on_channel = conversations["channel"].astype("str").str.lower().isin(channels)
    addressed = conversations["opening_id"].astype("str").isin(marked) | (conversations["own_messages"] > 0)
    return conversations[on_channel & addressed].reset_index(drop=True)


def compute_indicators(data, client: ClientConfig, *, audience: pd.Series | None = None) -> pd.DataFrame:
    """Every indicator in INDICATORS for one client's data (a ClientData), as a tidy frame.

    Parameters
    ----------
    data : the client's canonical frames (``open_workbook``/``load_client``), already cut to the period.
    client : the client configuration (time zone, business hours, response targets, slug).
    audience : one audience figure per channel (index: channel) for the channel indicators; without it
        those indicators are not measurable.

    Returns columns indicator, value (NaN: not measurable), unit, basis. Raises AnalysisError when a
    frame lacks its canonical columns.
    """
    mentions, posts = data.mentions, data.posts
    for name, frame, needed in (("mentions", mentions, ("mention_id", "published_at", "channel", "is_own")),
                                ("posts", posts, ("post_id", "channel", "published_at")),
                                ("web_traffic", data.web_traffic, ("date", "medium", "sessions"))):
        missing = [column for column in needed if column not in frame.columns]
        if missing:
            raise AnalysisError(f"{name}: expected the canonical frame; missing {', '.join(missing)}",
                                argument=name, expected=", ".join(needed), found="missing " + ", ".join(missing))
    values: dict[str, tuple[float, int]] = {}
    values["listening_channel_coverage"] = measure_listening_coverage(mentions)
    values["listening_sources"] = count_listening_sources(mentions)
    if audience is not None:
        on_channels, overlap, counted = measure_audience_presence(posts, audience)
    else:
        on_channels, overlap, counted = np.nan, np.nan, 0
    values["audience_on_client_channels"] = _row(on_channels, counted)
    values["effort_audience_overlap"] = _row(overlap, counted)
    values["shares_per_thousand_reach"] = measure_rate_per_thousand(posts, "shares")
    values["clicks_per_thousand_reach"] = measure_rate_per_thousand(posts, "clicks")
    values["engagement_rate_by_reach"] = measure_engagement_rate(posts)
    values["video_share_of_posts"] = measure_video_share(posts)
    values["search_share_of_sessions"] = measure_search_share(data.web_traffic)

    target = int(client.response_targets_minutes[0])
    labelled = label_sentiment(mentions, client)
    conversations = _build_conversations(labelled, client)
    overall = compute_response_metrics(conversations, targets_minutes=(target,)).iloc[0]
    asked = int(overall["conversations"])
    answered = int(overall["answered"])
    values["response_rate"] = _row(overall["response_rate"], asked)
    values["median_first_response_minutes"] = _row(overall["median_first_response_minutes"], answered)
    values["share_within_target"] = _row(overall[within_column(target)], asked)
    criticism = compute_criticism_response(conversations, targets_minutes=(target,)).iloc[0]
    negative = int(criticism["conversations"])
    measurable = bool(criticism["measurable"]) and negative > 0
    values["criticism_response_rate"] = _row(criticism["response_rate"] if measurable else np.nan, negative)
    values["criticism_median_first_response_minutes"] = _row(
        criticism["median_first_response_minutes"] if measurable else np.nan, int(criticism["answered"]))
    peaks = find_peak_days(mentions, client=client)
    values["peak_response_rate"] = measure_peak_response(conversations, peaks, timezone=client.timezone)
    responders = compute_responders(mentions) if mentions["is_own"].astype(bool).any() else None
    values["responders"] = ((float(len(responders)), int(responders["replies"].sum()))
                            if responders is not None else (np.nan, 0))

    rows = [{"indicator": key, "value": float(values[key][0]), "unit": unit, "basis": int(values[key][1])}
            for key, unit in INDICATORS.items()]
    frame = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    frame["indicator"] = frame["indicator"].astype("str")
    frame["unit"] = frame["unit"].astype("str")
    return frame


def _build_conversations(mentions: pd.DataFrame, client: ClientConfig) -> pd.DataFrame:
    """Engage's conversations addressed to the client; an empty frame when there are no mentions
    (Engage's build_conversations does not accept an empty frame)."""
    if not len(mentions):
        empty = {column: pd.Series(dtype="str") for column in CONVERSATION_COLUMNS}
        empty.update(opened_at=pd.Series(dtype="datetime64[us, UTC]"), answered=pd.Series(dtype="bool"),
                     inbound_messages=pd.Series(dtype="int64"), own_messages=pd.Series(dtype="int64"),
                     first_response_minutes=pd.Series(dtype="float64"),
                     first_response_business_minutes=pd.Series(dtype="float64"))
        return pd.DataFrame(empty)[CONVERSATION_COLUMNS]
    conversations = build_conversations(mentions, timezone=client.timezone, business_hours=client.business_hours,
                                        sentiment_column="sentiment")
    return select_addressed_conversations(conversations, mentions, client=client)


def _not_own(mentions: pd.DataFrame) -> pd.DataFrame:
    if "is_own" not in mentions.columns:
        return mentions
    return mentions[~mentions["is_own"].astype(bool)]
