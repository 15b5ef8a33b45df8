"""Peer comparison: the client beside its peers on the headline metrics the mentions can give for all of them.

Peers have no accounts in the client's data, only mentions (``subject`` is the client's or a peer's
slug), so the comparison uses what is measurable for everyone alike, over the mentions not written by
the client (``is_own`` False):

- mentions; share_of_voice = the subject's mentions / all subjects' mentions;
- reach and engagement: sums of the mentions' reported values (NaN when none reported);
- engagement_per_mention = engagement / mentions reporting engagement;
- negative_share and positive_share = mentions labelled negative/positive / mentions with a label
  (NaN without sentiment: see :func:`sermo_helpers.strategy.indicators.label_sentiment`);
- rank_share_of_voice: 1 for the subject with the largest share.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ClientConfig
from ..errors import AnalysisError

PEER_COLUMNS = ["subject", "name", "is_client", "mentions", "share_of_voice", "reach", "engagement",
                "engagement_per_mention", "negative_share", "positive_share", "rank_share_of_voice"]


def compare_peers(mentions: pd.DataFrame, client: ClientConfig) -> pd.DataFrame:
    """One row per subject (the client first, then the peers in the client file's order), PEER_COLUMNS.

    Mentions without a ``subject`` count as the client's. A ``sentiment`` column of labels, if present,
    gives the tone shares. Raises AnalysisError when the mentions lack ``published_at``.
    """
    if "published_at" not in mentions.columns:
        raise AnalysisError("mentions: expected the canonical frame with published_at", argument="mentions",
                            expected="published_at", found="missing")
    frame = mentions[~mentions["is_own"].astype(bool)] if "is_own" in mentions.columns else mentions
    subject = frame["subject"].fillna(client.slug) if "subject" in frame.columns \
        else pd.Series(client.slug, index=frame.index)
    names = {client.slug: client.display_name} | {peer.slug: peer.name for peer in client.peers}
    subjects = list(names)
    rows = []
    total = int(subject.isin(subjects).sum())
    for slug in subjects:
        part = frame[subject == slug]
        count = len(part)
        reach = part["reach"] if "reach" in part.columns else pd.Series(dtype="float64")
        engagement = part["engagement"] if "engagement" in part.columns else pd.Series(dtype="float64")
        sentiment = part["sentiment"] if "sentiment" in part.columns else pd.Series(dtype="str")
        labelled = sentiment.dropna()
        rows.append({
            "subject": slug, "name": names[slug], "is_client": slug == client.slug, "mentions": count,
            "share_of_voice": count / total if total else np.nan,
            "reach": reach.sum(min_count=1), "engagement": engagement.sum(min_count=1),
            "engagement_per_mention": engagement.mean() if engagement.notna().any() else np.nan,
            "negative_share": (labelled == "negative").mean() if len(labelled) else np.nan,
            "positive_share": (labelled == "positive").mean() if len(labelled) else np.nan,
        })
    out = pd.DataFrame(rows, columns=PEER_COLUMNS[:-1])
    out["rank_share_of_voice"] = out["share_of_voice"].rank(ascending=False, method="min").astype("Int64")
    for column in ("subject", "name"):
        out[column] = out[column].astype("str")
    out["mentions"] = out["mentions"].astype("int64")
    for column in ("share_of_voice", "reach", "engagement", "engagement_per_mention", "negative_share",
                   "positive_share"):
        out[column] = out[column].astype("float64")
    return out[PEER_COLUMNS]
