"""Peer comparison: the client beside its peers on the headline metrics the mentions can give for all of them.

Peers have no accounts in the client's data, only mentions (``subject`` is the client's or a peer's
slug), so the comparison uses what is measurable for everyone alike, over the mentions not written by
the client (``is_own`` False):

- mentions and share_of_voice: Listen's :func:`~sermo_helpers.listen.share_of_voice` (one definition);
- reach and engagement: sums of the mentions' reported values (NaN when none reported);
- engagement_per_mention = engagement / mentions reporting engagement;
- negative_share and positive_share: Listen's :func:`~sermo_helpers.listen.sentiment_summary` over the
  prepared mentions' ``sentiment``;
- rank_share_of_voice: 1 for the subject with the largest share.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import ClientConfig
from ..errors import require_columns
from ..listen._common import select_rows

PEER_COLUMNS = ["subject", "name", "is_client", "mentions", "share_of_voice", "reach", "engagement",
                "engagement_per_mention", "negative_share", "positive_share", "rank_share_of_voice"]


PEER_INPUTS = ("subject", "is_own", "published_at", "sentiment", "polarity", "reach", "engagement")


def compare_peers(mentions: pd.DataFrame, client: ClientConfig) -> pd.DataFrame:
    """One row per subject (the client first, then the peers in the client file's order), PEER_COLUMNS.

    ``mentions`` are prepared mentions (or a selection of them, as the explorer makes). Mentions without
    a ``subject`` count as the client's. Raises AnalysisError when the mentions lack a needed column.
    """
    from ..listen import sentiment_summary, share_of_voice

    require_columns(mentions, ("published_at", "sentiment", "polarity"), step="compare_peers")
    # only the columns compared are copied (not every text of millions of mentions)
    mentions = mentions[[column for column in PEER_INPUTS if column in mentions.columns]]
    frame = mentions
    if "is_own" in mentions.columns:
        own = mentions["is_own"].astype(bool).to_numpy()
        if own.any():  # the explorer's selection holds others' mentions only: nothing to copy
            frame = select_rows(mentions, ~own)
    if "subject" not in frame.columns:
        frame = frame.assign(subject=pd.Series(client.slug, index=frame.index, dtype="str"))
    frame = frame.assign(subject=frame["subject"].fillna(client.slug))
    names = {client.slug: client.display_name} | {peer.slug: peer.name for peer in client.peers}
    subjects = list(names)
    voice = share_of_voice(frame, client=client.slug, peers=subjects[1:], names=names).set_index("subject")
    tone = sentiment_summary(frame, by="subject").set_index("subject")
    rows = []
    subject = frame["subject"]
    for slug in subjects:
        part = (subject == slug).to_numpy(dtype=bool)  # the subject's rows of the two columns summed, not a copy of all
        reach = frame["reach"][part] if "reach" in frame.columns else pd.Series(dtype="float64")
        engagement = frame["engagement"][part] if "engagement" in frame.columns else pd.Series(dtype="float64")
        total = voice["mentions"].sum()
        rows.append({
            "subject": slug, "name": names[slug], "is_client": slug == client.slug,
            "mentions": int(voice.at[slug, "mentions"]),
            "share_of_voice": float(voice.at[slug, "share"]) if total else np.nan,
            "reach": reach.sum(min_count=1), "engagement": engagement.sum(min_count=1),
            "engagement_per_mention": engagement.mean() if engagement.notna().any() else np.nan,
            "negative_share": tone.at[slug, "negative_share"] if slug in tone.index else np.nan,
            "positive_share": tone.at[slug, "positive_share"] if slug in tone.index else np.nan,
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
