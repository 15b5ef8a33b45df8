"""The Listen stage in one call: :func:`analyse_listen` -> :class:`ListenResult`.

Every frame and number the Listen section of the handout shows, computed once from the prepared data
(scored and pseudonymised by :func:`sermo_helpers.workbook.prepare`), with no language in it. The
handout (:mod:`sermo_helpers.listen.handout`), the explorer and the Strategy stage read the result.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..config import ClientConfig
from ._common import audience_mask, audience_mentions
from .criticism import group_criticism_ahead, rank_criticism
from .sentiment import sentiment_over_time, sentiment_summary
from .spikes import compute_baseline, daily_counts, detect_spikes, explain_spikes, spike_windows
from .terms import count_terms_in, search_words, stop_words, top_frames
from .volume import count_mentions_over_time, share_of_voice

VENUES = ("own_channels", "media")
TOP_TERMS = {"word": 15, "hashtag": 10, "bigram": 12}  # how many of each kind of term the handout shows


@dataclass(frozen=True)
class ListenResult:
    """What Listen found for one client: frames and numbers, no language.

    Frames: ``prepared`` (the prepared mentions themselves, shared with the workbook, not a copy:
    the explorers filter it; :attr:`audience` is its mentions written by others, about the client
    or a peer), ``volume_by_channel`` and ``volume_by_language`` (the client's mentions per
    week), ``tone_over_time``, ``tone_by_subject``, ``share_of_voice``, ``top_words``, ``top_hashtags``,
    ``top_bigrams``, ``daily`` (daily counts with baseline and spike limit), ``spikes`` (explained),
    ``criticism`` (the critical mentions of the client ranked, with ``venue``).

    Numbers (headline metrics, each defined in :mod:`sermo_helpers.metrics`): ``mentions``,
    ``negative_share``, ``net_sentiment``, ``share_of_voice_client``, ``criticism_on_own_channels``,
    ``criticism_in_media``.
    """

    prepared: pd.DataFrame
    volume_by_channel: pd.DataFrame
    volume_by_language: pd.DataFrame
    tone_over_time: pd.DataFrame
    tone_by_subject: pd.DataFrame
    share_of_voice: pd.DataFrame
    top_words: pd.DataFrame
    top_hashtags: pd.DataFrame
    top_bigrams: pd.DataFrame
    daily: pd.DataFrame
    spikes: pd.DataFrame
    criticism: pd.DataFrame
    mentions: int
    negative_share: float
    net_sentiment: float
    share_of_voice_client: float
    criticism_on_own_channels: int
    criticism_in_media: int

    @property
    def audience(self) -> pd.DataFrame:
        """Every prepared mention written by others (about the client or a peer), as a new frame.

        Made on each call (not kept: at two million mentions it is about 800 MB); the explorers
        filter :attr:`prepared` directly and copy only the rows and columns they show.
        """
        return audience_mentions(self.prepared).reset_index(drop=True)


def subject_names(client: ClientConfig) -> dict[str, str]:
    """Slug -> display name for the client and each peer."""
    return {client.slug: client.display_name, **{peer.slug: peer.name for peer in client.peers}}


def criticism_venue(channels: pd.Series, client: ClientConfig) -> pd.Series:
    """``own_channels`` where the client has an account on the channel (it can answer there), else
    ``media`` (news, forums, blogs and other sites: *criticism in the media*, counted apart)."""
    own = {channel.lower() for channel in client.own_accounts}
    return channels.astype("str").str.lower().isin(own).map({True: VENUES[0], False: VENUES[1]}).astype("str")


def analyse_listen(data, client: ClientConfig) -> ListenResult:
    """Run the Listen stage on prepared data (``open_workbook``/``workbook.prepare``).

    Computed once per edition within a kernel (:func:`sermo_helpers.workbook.shared_result`).
    Raises AnalysisError when ``data`` is not prepared.
    """
    from ..workbook import analyse_ahead, edition_stages, require_prepared, shared_result

    require_prepared(data, step="analyse_listen")

    def ahead(listen: ListenResult) -> None:
        # In an edition render: the criticism list is grouped in a forked process while the kernel
        # computes the later stages' results (their notebooks then take them).
        def group() -> bool:
            return "listen" in edition_stages() and group_criticism_ahead(listen.criticism)

        analyse_ahead(data, client, beside=group)

    return shared_result("listen", data, client, lambda: _analyse(data, client), then=ahead)


def _analyse(data, client: ClientConfig) -> ListenResult:
    scored = data.mentions
    timezone, slug = client.timezone, client.slug
    names = subject_names(client)
    about_client = audience_mask(scored, subject=slug)  # others' mentions of the client: tone, terms
    tones = scored["sentiment"][about_client]
    count, negative, positive = len(tones), int(tones.eq("negative").sum()), int(tones.eq("positive").sum())
    del tones
    words = search_words(client)
    daily = daily_counts(scored, timezone=timezone, subject=slug)
    detected = detect_spikes(scored, timezone=timezone, subject=slug)
    # words, hashtags and phrases, and the spikes' words, from one reading of others' texts, in place (not
    # copied); stop words do not apply to hashtags; the search words are left out of the top terms, not of
    # what changed in a spike
    rows = np.flatnonzero(about_client)
    windows = spike_windows(scored, detected, timezone=timezone, subject=slug)
    frames = {}

    def other_frames() -> None:  # what does not read the texts, made while worker processes read them
        frames.update(
            share_of_voice=share_of_voice(scored, client=slug, peers=[peer.slug for peer in client.peers],
                                          names=names),
            tone_by_subject=sentiment_summary(scored, by="subject"),
            volume_by_channel=count_mentions_over_time(scored, timezone=timezone, by="channel", subject=slug),
            volume_by_language=count_mentions_over_time(scored, timezone=timezone, by="language", subject=slug),
            tone_over_time=sentiment_over_time(scored, timezone=timezone, subject=slug),
            daily=compute_baseline(daily))
        criticism = rank_criticism(scored, subject=slug)  # last: its result (the critical texts) is the largest
        frames["criticism"] = criticism.assign(venue=criticism_venue(criticism["channel"], client))

    counters, in_windows = count_terms_in(scored["text"], TOP_TERMS, stop_words(extra=words), rows=rows,
                                          windows=windows, window_stop=stop_words(), meanwhile=other_frames)
    terms = top_frames(counters, TOP_TERMS, total=len(rows))
    del counters  # every term counted (at a million mentions, tens of MB of hashtags): only the top ones are kept
    spikes = explain_spikes(scored, detected, timezone=timezone, subject=slug, windows=windows, counted=in_windows)
    criticism, voice = frames["criticism"], frames["share_of_voice"]
    client_voice = voice.loc[voice["is_client"], "share"]
    return ListenResult(
        prepared=scored,
        **frames,
        top_words=terms["word"],
        top_hashtags=terms["hashtag"],
        top_bigrams=terms["bigram"],
        spikes=spikes,
        mentions=count,
        negative_share=float(negative / count) if count else math.nan,
        net_sentiment=float((positive - negative) / count) if count else math.nan,
        share_of_voice_client=float(client_voice.iloc[0]) if len(client_voice) else math.nan,
        criticism_on_own_channels=int((criticism["venue"] == VENUES[0]).sum()),
        criticism_in_media=int((criticism["venue"] == VENUES[1]).sum()),
    )
