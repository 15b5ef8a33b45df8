"""The indicators the scorecard judges: one number per indicator, read from the stages' results.

:func:`compute_indicators` reads the Listen and Engage results (it never rebuilds conversations or
re-derives a metric a stage owns) and measures what only Strategy asks (listening coverage, audience,
sharing, search) from the prepared frames. It returns a tidy frame, one row per indicator in
:data:`INDICATORS`, with
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
- median_first_response_minutes, share_within_target, response_rate: Engage's response metrics
  (:class:`~sermo_helpers.engage.stage.EngageResult`); the target is the client's first response target.
- criticism_response_rate, criticism_median_first_response_minutes: Engage's criticism answer rate and
  time (conversations opened by a critical message).
- peak_response_rate: Engage's response rate over the conversations opened on Listen's spike days.
- engagement_rate_by_reach: mean per-post (reactions + comments + shares) / reach (Engage's rate).
- video_share_of_posts: Engage's video share (posts of type video or reel / posts with a known type).
- responders: Engage's responders (distinct people who wrote the client's replies).
- busiest_responder_share: the share of the replies written by the busiest responder (Engage's
  responders): a team where one person writes most answers fails when that person is away.
- peak_day_responders: distinct people who gave the first answer in conversations opened on Listen's
  spike days: the team's coverage when it matters most.
- search_share_of_sessions: web sessions with medium ``organic`` / all sessions.
- clicks_per_thousand_reach: sum of clicks / sum of reach x 1000, over posts reporting both.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ClientConfig
from ..errors import require_columns

LISTENING_CHANNELS = ("x", "facebook", "instagram", "youtube", "linkedin", "news", "blog", "forum", "podcast")
SEARCH_MEDIUM = "organic"

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
    "busiest_responder_share": "share",
    "peak_day_responders": "count",
    "response_rate": "share",
    "search_share_of_sessions": "share",
    "clicks_per_thousand_reach": "per_thousand",
}
INDICATOR_COLUMNS = ["indicator", "value", "unit", "basis"]


def _row(value, basis) -> tuple[float, int]:
    value = float(value) if value is not None else np.nan
    return value, int(basis)


# --- listening -------------------------------------------------------------------------------------

def measure_listening_coverage(mentions: pd.DataFrame) -> tuple[float, int]:
    """(share of LISTENING_CHANNELS present among the mentions' channels, number present)."""
    inbound = _not_own(mentions, "channel")
    present = _lower_set(inbound["channel"]) & set(LISTENING_CHANNELS)
    if not len(inbound):
        return np.nan, 0
    return len(present) / len(LISTENING_CHANNELS), len(present)


def missing_listening_channels(mentions: pd.DataFrame) -> list[str]:
    """The kinds of source (LISTENING_CHANNELS, in that order) with no mention by others: the listening gaps."""
    inbound = _not_own(mentions, "channel")
    present = _lower_set(inbound["channel"])
    return [channel for channel in LISTENING_CHANNELS if channel not in present]


def count_listening_sources(mentions: pd.DataFrame) -> tuple[float, int]:
    """(distinct source domains among mentions not written by the client, mentions with a domain).

    A domain column held as a category (the prepared data's) is counted on its codes, each category
    observed put in the form compared once (not a text per mention); the same answer as
    :func:`_listening_sources_by_text` (the definition)."""
    column = mentions["source_domain"] if "source_domain" in mentions.columns else None
    if column is None or not isinstance(column.dtype, pd.CategoricalDtype):
        return _listening_sources_by_text(mentions)
    codes = column.cat.codes.to_numpy()
    if "is_own" in mentions.columns:
        codes = codes[~mentions["is_own"].astype(bool).to_numpy()]
    codes = codes[codes >= 0]
    if not len(codes):
        return np.nan, 0
    observed = np.unique(codes)
    forms = _domain_forms(pd.Series(column.cat.categories.take(observed)))
    return float(forms.nunique()), len(codes)


def _domain_forms(domains: pd.Series) -> pd.Series:
    return domains.astype("str").str.lower().str.removeprefix("www.")


def _listening_sources_by_text(mentions: pd.DataFrame) -> tuple[float, int]:
    """:func:`count_listening_sources` on every mention's domain as text: the definition."""
    inbound = _not_own(mentions, "source_domain")
    if "source_domain" not in inbound.columns:
        return np.nan, 0
    domains = _domain_forms(inbound["source_domain"].dropna())
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


def measure_engagement_rate(post_engagement: pd.DataFrame) -> tuple[float, int]:
    """(mean per-post engagement rate by reach, posts where it is known), from Engage's post frame."""
    rates = post_engagement["engagement_rate_by_reach"].dropna() if len(post_engagement) else pd.Series(dtype=float)
    return (float(rates.mean()) if len(rates) else np.nan), len(rates)


def measure_search_share(web_traffic: pd.DataFrame) -> tuple[float, int]:
    """(sessions with medium organic / all sessions, days of data); NaN without sessions."""
    sessions = web_traffic["sessions"].fillna(0.0)
    total = sessions.sum()
    if total <= 0:
        return np.nan, 0
    organic = sessions[web_traffic["medium"].astype("str").str.lower() == SEARCH_MEDIUM].sum()
    return float(organic / total), int(web_traffic["date"].nunique())


# --- dialogue ------------------------------------------------------------------------------------------

def spike_days(daily: pd.DataFrame) -> list:
    """The local days Listen marked as spikes (``ListenResult.daily``'s ``is_spike``)."""
    if not len(daily):
        return []
    return sorted(pd.Timestamp(day).date() for day in daily.loc[daily["is_spike"].astype(bool), "day"])


def measure_peak_response(conversations: pd.DataFrame, peak_days, *, timezone: str) -> tuple[float, int]:
    """(response rate over conversations opened on ``peak_days``, those conversations)."""
    if not len(conversations) or not len(peak_days):
        return np.nan, 0
    opened = conversations["opened_at"].dt.tz_convert(timezone).dt.date
    on_peak = conversations[opened.isin(set(peak_days))]
    if not len(on_peak):
        return np.nan, 0
    return float(on_peak["answered"].astype(bool).mean()), len(on_peak)


def measure_peak_day_responders(conversations: pd.DataFrame, peak_days, *, timezone: str) -> tuple[float, int]:
    """(distinct first responders of the answered conversations opened on ``peak_days``, those answered)."""
    if not len(conversations) or not len(peak_days):
        return np.nan, 0
    opened = conversations["opened_at"].dt.tz_convert(timezone).dt.date
    answered = conversations[opened.isin(set(peak_days)) & conversations["answered"].astype(bool)]
    if not len(answered):
        return np.nan, 0
    return float(answered["first_responder"].dropna().nunique()), len(answered)


def compute_indicators(data, client: ClientConfig, *, listen, engage,
                       audience: pd.Series | None = None) -> pd.DataFrame:
    """Every indicator in INDICATORS for one client, as a tidy frame.

    Parameters
    ----------
    data : the client's prepared data (``open_workbook``), already cut to the period.
    client : the client configuration (slug, response targets).
    listen, engage : the Listen and Engage results (:func:`~sermo_helpers.listen.analyse_listen`,
        :func:`~sermo_helpers.engage.analyse_engage`); their metrics are read, never recomputed.
    audience : one audience figure per channel (index: channel) for the channel indicators; without it
        those indicators are not measurable.

    Returns columns indicator, value (NaN: not measurable), unit, basis. Raises AnalysisError when a
    frame lacks its canonical columns.
    """
    mentions, posts = data.mentions, data.posts
    require_columns(mentions, ("mention_id", "published_at", "channel", "is_own"), step="mentions")
    require_columns(posts, ("post_id", "channel", "published_at"), step="posts")
    require_columns(data.web_traffic, ("date", "medium", "sessions"), step="web_traffic")
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
    values["engagement_rate_by_reach"] = measure_engagement_rate(engage.post_engagement)
    values["video_share_of_posts"] = _row(engage.video_share, engage.video_share_basis)
    values["search_share_of_sessions"] = measure_search_share(data.web_traffic)

    target = int(client.response_targets_minutes[0])
    values["response_rate"] = _row(engage.response_rate, engage.conversation_count)
    values["median_first_response_minutes"] = _row(engage.median_first_response_minutes, engage.answered_count)
    values["share_within_target"] = _row(engage.share_within(target), engage.conversation_count)
    measurable = engage.criticism_measurable and engage.criticism_conversations > 0
    values["criticism_response_rate"] = _row(engage.criticism_answer_rate if measurable else np.nan,
                                             engage.criticism_conversations)
    values["criticism_median_first_response_minutes"] = _row(
        engage.criticism_median_minutes if measurable else np.nan, engage.criticism_answered)
    values["peak_response_rate"] = measure_peak_response(engage.conversations, spike_days(listen.daily),
                                                         timezone=client.timezone)
    values["responders"] = ((float(engage.responder_count), int(engage.responders["replies"].sum()))
                            if engage.responder_count else (np.nan, 0))
    values["busiest_responder_share"] = ((float(engage.responders["share_of_replies"].max()),
                                          int(engage.responders["replies"].sum()))
                                         if engage.responder_count else (np.nan, 0))
    values["peak_day_responders"] = measure_peak_day_responders(engage.conversations, spike_days(listen.daily),
                                                                timezone=client.timezone)

    rows = [{"indicator": key, "value": float(values[key][0]), "unit": unit, "basis": int(values[key][1])}
            for key, unit in INDICATORS.items()]
    frame = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    frame["indicator"] = frame["indicator"].astype("str")
    frame["unit"] = frame["unit"].astype("str")
    return frame


def _lower_set(values: pd.Series) -> set[str]:
    """The distinct values, lower-cased (read from the distinct values, not from every mention)."""
    return {str(value).lower() for value in values.dropna().unique()}


def _not_own(mentions: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """The mentions not written by the client, with only ``columns`` (those the frame has): a copy of
    one column, not of every text of millions of mentions."""
    kept = mentions[[column for column in columns if column in mentions.columns]]
    if "is_own" not in mentions.columns:
        return kept
    return kept[~mentions["is_own"].astype(bool)]
