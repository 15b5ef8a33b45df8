"""The criticism to answer: critical mentions ranked by reach and engagement, answered or not.

A mention is critical when the preparation step flagged it (``critical``, defined once in
:func:`sermo_helpers.workbook.mark_critical`).

Priority = percentile rank of reach + percentile rank of engagement among the negative mentions
(0–2; a missing count ranks lowest), so a post that both travelled far and drew reactions comes
first; ties go to the larger reach. A mention is answered when one of the client's own messages
(``is_own``) replies to it (``in_reply_to``) or, later, in the same thread (``thread_id``).
"""
from __future__ import annotations

import pandas as pd

from ._common import audience_mentions, require_columns

CRITICISM_COLUMNS = ["mention_id", "published_at", "channel", "author", "text", "reach", "engagement",
                     "polarity", "priority", "answered", "first_reply_at", "minutes_to_reply"]


def rank_criticism(scored: pd.DataFrame, *, subject: str | None = None, top: int | None = None) -> pd.DataFrame:
    """Critical mentions by others, highest priority first, with answered/unanswered status.

    Columns: mention_id, published_at, channel, author, text, reach, engagement, polarity, priority,
    answered (bool), first_reply_at, minutes_to_reply (NaN when unanswered).
    Raises AnalysisError when the prepared columns are missing (open the data with open_workbook).
    """
    require_columns(scored, ["mention_id", "published_at", "critical", "polarity"], step="rank_criticism")
    negative = audience_mentions(scored, subject=subject)
    negative = negative[negative["critical"].astype(bool)]
    first_reply = _first_replies(scored, negative)
    out = negative.reindex(columns=[c for c in CRITICISM_COLUMNS if c in negative.columns or c in
                                    ("channel", "author", "text", "reach", "engagement")])
    for column in ("reach", "engagement"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    out["priority"] = (out["reach"].rank(pct=True, method="average").fillna(0.0)
                       + out["engagement"].rank(pct=True, method="average").fillna(0.0))
    # map() of or with an empty frame cannot infer the dtype (no criticism, or no own replies at all)
    replies = (out["mention_id"].map(first_reply) if len(out) and len(first_reply)
               else pd.Series(pd.NaT, index=out.index, dtype="datetime64[us, UTC]"))
    out["first_reply_at"] = replies.astype("datetime64[us, UTC]")
    out["answered"] = out["first_reply_at"].notna()
    out["minutes_to_reply"] = (out["first_reply_at"] - out["published_at"]).dt.total_seconds() / 60
    out = out.sort_values(["priority", "reach", "published_at"], ascending=[False, False, True], kind="stable")
    out = out[CRITICISM_COLUMNS].reset_index(drop=True)
    return out.head(top) if top is not None else out


def _first_replies(frame: pd.DataFrame, targets: pd.DataFrame) -> pd.Series:
    """mention_id -> time of the first own message answering it (direct reply or later in its thread)."""
    if "is_own" not in frame.columns or targets.empty:
        return pd.Series(dtype="datetime64[us, UTC]")
    own = frame[frame["is_own"].fillna(False).astype(bool)]
    found = []
    if "in_reply_to" in own.columns:
        direct = own.dropna(subset=["in_reply_to"]).groupby("in_reply_to")["published_at"].min()
        found.append(direct)
    if "thread_id" in frame.columns and targets["thread_id"].notna().any():
        pairs = targets[["mention_id", "thread_id", "published_at"]].dropna(subset=["thread_id"]).merge(
            own[["thread_id", "published_at"]].dropna(subset=["thread_id"]), on="thread_id", suffixes=("", "_own"))
        pairs = pairs[pairs["published_at_own"] > pairs["published_at"]]
        found.append(pairs.groupby("mention_id")["published_at_own"].min())
    if not found:
        return pd.Series(dtype="datetime64[us, UTC]")
    combined = pd.concat(found)
    return combined.groupby(level=0).min()
