"""Shared helpers of the listen analyses: which mentions count, and local calendar periods."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import AnalysisError
from ..errors import require_columns as _require_columns

FREQUENCIES = {"D": "D", "W": "W", "M": "M", "day": "D", "week": "W", "month": "M"}


def require_columns(frame: pd.DataFrame, columns, *, step: str) -> None:
    """Raise AnalysisError naming the missing columns and the analysis that needs them."""
    _require_columns(frame, columns, step=step, hint="Open the data with open_workbook (it scores every "
                     "mention once) if sentiment columns are missing.")


def audience_mentions(mentions: pd.DataFrame, *, subject: str | None = None, columns=None) -> pd.DataFrame:
    """Mentions written by others (not ``is_own``), optionally only those about ``subject``.

    A missing ``subject`` value counts as the subject asked for (data without share-of-voice
    tagging is all about the client). ``columns``: keep only these (those the frame has); a caller
    that needs a few columns then copies only those, not every text of millions of mentions.
    """
    keep = audience_mask(mentions, subject=subject)
    if columns is not None:
        mentions = mentions[[column for column in dict.fromkeys(columns) if column in mentions.columns]]
    return select_rows(mentions, keep)


def audience_mask(mentions: pd.DataFrame, *, subject: str | None = None) -> np.ndarray:
    """Which rows :func:`audience_mentions` selects (a boolean array aligned with ``mentions``)."""
    keep = np.ones(len(mentions), dtype=bool)
    if "is_own" in mentions.columns:
        keep &= ~mentions["is_own"].fillna(False).astype(bool).to_numpy(dtype=bool)
    if subject is not None and "subject" in mentions.columns:
        keep &= (mentions["subject"].isna() | (mentions["subject"] == subject)).to_numpy(dtype=bool)
    return keep


def select_rows(frame: pd.DataFrame, keep) -> pd.DataFrame:
    """``frame[keep]`` for a boolean mask (array or Series aligned with ``frame``), column by column.

    The same rows, index, columns and dtypes as ``frame[keep]``, with less memory: a frame's boolean
    indexing takes rows by position, which first joins each Arrow column's chunks into one (the text
    column of a million mentions: about 160 MiB more at the peak), while a column filtered by a mask
    is filtered chunk by chunk.
    """
    if isinstance(keep, pd.Series):
        keep = keep.reindex(frame.index) if not keep.index.equals(frame.index) else keep
    mask = np.asarray(keep, dtype=bool)
    if not frame.columns.is_unique or len(mask) != len(frame):
        return frame[keep]
    out = pd.DataFrame({position: frame.iloc[:, position].array[mask] for position in range(frame.shape[1])},
                       index=frame.index[mask], copy=False)
    out.columns = frame.columns
    out.attrs = dict(frame.attrs)
    return out


def last_local_day(times: pd.Series, *, timezone: str):
    """The last local calendar day in ``times`` (None when empty): series use it to flag an incomplete
    last period (:func:`sermo_helpers.timeline.flag_complete`)."""
    if times.dropna().empty:
        return None
    return times.dropna().dt.tz_convert(timezone).max().date()


def local_period(times: pd.Series, *, freq: str, timezone: str) -> pd.Series:
    """The start of each time's local calendar period (day, ISO week from Monday, or month), tz-naive."""
    if freq not in FREQUENCIES:
        raise AnalysisError(f"freq must be one of {', '.join(FREQUENCIES)}; found {freq!r}", argument="freq",
                            expected="D, W or M", found=repr(freq))
    local = times.dt.tz_convert(timezone).dt.tz_localize(None)
    return local.dt.to_period(FREQUENCIES[freq]).dt.start_time.astype("datetime64[us]")
