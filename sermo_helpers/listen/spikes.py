"""When the volume jumps: spikes against a rolling baseline, each explained by what changed.

A day is a spike day when its count of others' mentions is at least ``min_ratio`` times the
baseline **and** above baseline + ``threshold`` × spread, where baseline is the median of the
previous ``window`` days and spread the larger of their scaled median absolute deviation and
the square root of the baseline (Poisson noise), at least 1. Consecutive spike days form one
spike. :func:`explain_spikes` compares each spike with its baseline window: the terms that grew
most, the channels/sources and authors that carried it, and the change in sentiment.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from ._common import audience_mask, audience_mentions, local_period, require_columns, select_rows
from .sentiment import net_sentiment
from .terms import count_terms_in, stop_words

MAD_SCALE = 1.4826  # turns a median absolute deviation into a standard deviation for normal data


def daily_counts(mentions: pd.DataFrame, *, timezone: str, subject: str | None = None,
                 start=None, end=None) -> pd.Series:
    """Others' mentions per local day, with every day from ``start`` (or the first) to ``end``."""
    rows = audience_mentions(mentions, subject=subject, columns=["published_at"])
    days = local_period(rows["published_at"], freq="D", timezone=timezone)
    counts = days.value_counts().sort_index().astype(float)
    first = pd.Timestamp(start) if start is not None else (counts.index.min() if len(counts) else None)
    last = pd.Timestamp(end) if end is not None else (counts.index.max() if len(counts) else None)
    if first is None:
        return pd.Series([], dtype=float, name="count")
    index = pd.date_range(first, last, freq="D", unit="us", name="day")
    return counts.reindex(index, fill_value=0.0).rename("count")


def compute_baseline(counts: pd.Series, *, window: int = 28, threshold: float = 4.0, min_ratio: float = 2.0,
                     min_count: float = 5.0) -> pd.DataFrame:
    """Per day: count, baseline, spread, limit and is_spike (see the module docstring).

    The first days, with fewer than a week of history, are never spikes.
    """
    history = counts.shift(1).rolling(window, min_periods=7)
    baseline = history.median()
    deviation = (counts.shift(1) - baseline).abs()  # approximate MAD with the current baseline
    mad = (deviation.rolling(window, min_periods=1).median() * MAD_SCALE).fillna(0.0)
    spread = np.maximum(np.maximum(mad, np.sqrt(baseline)), 1.0)
    limit = np.maximum(baseline + threshold * spread, np.maximum(min_ratio * baseline, min_count))
    frame = pd.DataFrame({"day": counts.index, "count": counts.to_numpy(), "baseline": baseline.to_numpy(),
                          "spread": spread.to_numpy(), "limit": limit.to_numpy()})
    frame["is_spike"] = (frame["count"] > frame["limit"]).fillna(False) & frame["baseline"].notna()
    return frame


def detect_spikes(mentions: pd.DataFrame, *, timezone: str, subject: str | None = None, window: int = 28,
                  threshold: float = 4.0, min_ratio: float = 2.0, min_count: float = 5.0) -> pd.DataFrame:
    """Spikes in others' mentions: one row per run of consecutive spike days.

    Columns: start, end (local days), days, mentions, baseline_per_day (median daily count before
    the spike), ratio (mean daily count in the spike / baseline), peak_day, peak_count.
    Raises AnalysisError when ``published_at`` is missing.
    """
    require_columns(mentions, ["published_at"], step="detect_spikes")
    days = compute_baseline(daily_counts(mentions, timezone=timezone, subject=subject), window=window,
                            threshold=threshold, min_ratio=min_ratio, min_count=min_count)
    columns = ["start", "end", "days", "mentions", "baseline_per_day", "ratio", "peak_day", "peak_count"]
    if not days["is_spike"].any():
        return pd.DataFrame({name: [] for name in columns}).astype(
            {"start": "datetime64[us]", "end": "datetime64[us]", "peak_day": "datetime64[us]", "days": float,
             "mentions": float, "baseline_per_day": float, "ratio": float, "peak_count": float})
    run = (days["is_spike"] != days["is_spike"].shift()).cumsum()
    rows = []
    for _, part in days[days["is_spike"]].groupby(run[days["is_spike"]]):
        baseline = float(part["baseline"].iloc[0])
        peak = part.loc[part["count"].idxmax()]
        rows.append({"start": part["day"].iloc[0], "end": part["day"].iloc[-1], "days": float(len(part)),
                     "mentions": float(part["count"].sum()), "baseline_per_day": baseline,
                     "ratio": float(part["count"].mean() / baseline) if baseline else float("inf"),
                     "peak_day": peak["day"], "peak_count": float(peak["count"])})
    return pd.DataFrame(rows, columns=columns)


def spike_windows(mentions: pd.DataFrame, spikes: pd.DataFrame, *, timezone: str, subject: str | None = None,
                  window: int = 28) -> list[pd.Series]:
    """Per spike, two masks over the others' mentions (about ``subject``) that :func:`explain_spikes`
    reads: its days, then the ``window`` days before it."""
    rows = audience_mentions(mentions, subject=subject, columns=["published_at"])
    day = local_period(rows["published_at"], freq="D", timezone=timezone)
    return [mask for spike in spikes.itertuples(index=False)
            for mask in ((day >= spike.start) & (day <= spike.end),
                         (day < spike.start) & (day >= spike.start - pd.Timedelta(days=window)))]


def explain_spikes(mentions: pd.DataFrame, spikes: pd.DataFrame, *, timezone: str, subject: str | None = None,
                   window: int = 28, top: int = 5, extra_stop_words=(), windows: list | None = None,
                   counted: list | None = None) -> pd.DataFrame:
    """What changed in each spike compared with the ``window`` days before it.

    Columns added to ``spikes``: new_terms (words most over-represented in the spike, by the ratio
    of their smoothed shares), top_channels and top_authors (who carried it, with counts),
    negative_share and negative_share_before, net_sentiment and net_sentiment_before (when the
    mentions are scored). Texts are joined with ", " for display.

    ``windows``: :func:`spike_windows` of the same mentions, spikes, ``subject`` and ``window`` when
    the caller made them already (by default they are made here). ``counted``: the words of each of
    those windows (stop words with ``extra_stop_words``) when the caller read the texts already
    (:func:`sermo_helpers.listen.terms.count_terms_in`); by default they are read here.
    """
    columns = ["published_at", "channel", "author", "sentiment"] + (["text"] if counted is None else [])
    if windows is None or counted is None:
        rows = audience_mentions(mentions, subject=subject, columns=columns)
        if windows is None:
            windows = spike_windows(rows, spikes, timezone=timezone, window=window)
        if counted is None:
            counted = _count_window_terms(rows["text"], windows, stop_words(extra=extra_stop_words))
        has_sentiment = "sentiment" in rows.columns

        def taken(mask) -> pd.DataFrame:
            return rows[mask]
    else:  # each window's rows taken from the mentions themselves: no copy of all others' rows
        subset = mentions[[column for column in columns if column in mentions.columns]]
        positions = np.flatnonzero(audience_mask(mentions, subject=subject))
        has_sentiment = "sentiment" in subset.columns

        def taken(mask) -> pd.DataFrame:
            chosen = np.zeros(len(mentions), dtype=bool)
            chosen[positions[np.asarray(mask, dtype=bool)]] = True
            return select_rows(subset, chosen)
    chosen = list(spikes.itertuples(index=False))
    masks = [(windows[2 * number], windows[2 * number + 1]) for number in range(len(chosen))]
    explained = []
    for number, spike in enumerate(chosen):
        inside, before = taken(masks[number][0]), taken(masks[number][1])
        inside_terms, before_terms = counted[2 * number], counted[2 * number + 1]
        n_in, n_before = max(len(inside), 1), max(len(before), 1)
        lift = {term: ((count + 0.5) / n_in) / ((before_terms.get(term, 0) + 0.5) / n_before)
                for term, count in inside_terms.items() if count >= 3}
        new_terms = sorted(lift, key=lambda term: (-lift[term], -inside_terms[term], term))[:top]
        record = {"new_terms": ", ".join(new_terms),
                  "top_channels": _top_values(inside, "channel", top=3),
                  "top_authors": _top_values(inside, "author", top=3)}
        if has_sentiment:
            record["negative_share"] = float((inside["sentiment"] == "negative").mean()) if len(inside) else np.nan
            record["negative_share_before"] = (float((before["sentiment"] == "negative").mean())
                                               if len(before) else np.nan)
            record["net_sentiment"] = net_sentiment(inside["sentiment"])
            record["net_sentiment_before"] = net_sentiment(before["sentiment"])
        explained.append(record)
    extra = pd.DataFrame(explained, index=spikes.index)
    if extra.empty:
        extra = pd.DataFrame({name: pd.Series([], dtype="str") for name in ("new_terms", "top_channels", "top_authors")})
    return pd.concat([spikes, extra], axis=1)


def _count_window_terms(texts: pd.Series, masks: list[pd.Series], stop: frozenset[str]) -> list[Counter]:
    """The words of the texts inside each mask (:func:`count_terms_in`), only the texts inside one read."""
    if not masks:
        return []
    member = np.column_stack([mask.to_numpy(dtype=bool) for mask in masks])
    held = member.any(axis=1)
    return count_terms_in(texts[held], (), frozenset(), windows=list(member[held].T), window_stop=stop)[1]


def _top_values(rows: pd.DataFrame, column: str, *, top: int) -> str:
    if column not in rows.columns:
        return ""
    # as text: a categorical column (the prepared channel) would count its absent values too, as 0
    counts = rows[column].dropna().astype("str").value_counts()
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable").head(top)
    return ", ".join(f"{value} ({count})" for value, count in counts.items())
