"""Tone of what is said: language and sentiment for every mention, sentiment over time, net sentiment.

Net sentiment, used throughout the workbook and the handout:

    net_sentiment = (positive − negative) / (positive + neutral + negative)

the share of positive mentions minus the share of negative ones, from −1 (all negative) to +1 (all
positive); 0 means as much praise as criticism (or only neutral mentions). It is left empty (NaN)
for a period with no mentions.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..text.sentiment import MultilingualScorer, default_scorer
from ._common import audience_mask, audience_mentions, last_local_day, local_period, require_columns

SENTIMENT_COLUMNS = ("polarity", "sentiment", "scorer")
SENTIMENT_LABELS = ("negative", "neutral", "positive")


def score_tone(mentions: pd.DataFrame, *, scorer: MultilingualScorer | None = None) -> pd.DataFrame:
    """A copy of ``mentions`` with ``language`` filled in and ``polarity``, ``sentiment``, ``scorer`` added.

    A language already given by the source is kept; missing ones are detected. ``polarity`` is in
    [-1, 1], ``sentiment`` is negative/neutral/positive, ``scorer`` names the scorer used (default:
    :func:`~sermo_helpers.text.sentiment.default_scorer`). The workbook calls this once per edition
    (:func:`sermo_helpers.workbook.prepare`); stages read the scored frame and never score again.
    Raises AnalysisError when ``text`` is missing.
    """
    require_columns(mentions, ["text"], step="score_tone")
    scorer = scorer or default_scorer()
    given = mentions["language"] if "language" in mentions.columns else pd.Series(pd.NA, index=mentions.index)
    # In chunks: the texts exist as Python strings one chunk at a time, not two million at once.
    parts = [_score_chunk(mentions["text"].iloc[start:start + SCORE_CHUNK],
                          given.iloc[start:start + SCORE_CHUNK], scorer)
             for start in range(0, len(mentions), SCORE_CHUNK)]
    scores = (pd.concat(parts, ignore_index=True) if parts else
              pd.DataFrame({"language": pd.Series(dtype="str"), "polarity": pd.Series(dtype="float64"),
                            "label": pd.Series(dtype="str"), "scorer": pd.Series(dtype="str")}))
    out = mentions.assign(
        language=pd.array(scores["language"], dtype="str"),
        polarity=scores["polarity"].to_numpy(),
        sentiment=pd.array(scores["label"], dtype="str"),
        scorer=pd.array(scores["scorer"], dtype="str"),
    )
    return out


SCORE_CHUNK = 20_000  # mentions scored at a time by score_mentions (bounds their Python strings and token lists)


def _score_chunk(texts: pd.Series, given: pd.Series, scorer: MultilingualScorer) -> pd.DataFrame:
    """Language, polarity, label and scorer of one chunk; a language given by the source is kept."""
    texts = texts.tolist()
    if isinstance(given.dtype, pd.StringDtype) and not (given.str.len() > 0).any():
        return scorer.score_texts(texts)  # no language given (asked of the column at once)
    languages = [value if isinstance(value, str) and value else None for value in given.tolist()]
    if all(value is None for value in languages):  # the scorer detects them from its own tokens
        return scorer.score_texts(texts)
    if any(value is None for value in languages):
        from ..text.language import detect_language

        languages = [value if value is not None else detect_language(text) for value, text in zip(languages, texts)]
    return scorer.score_texts(texts, languages).assign(language=pd.array(languages, dtype="str"))


def net_sentiment(labels: pd.Series) -> float:
    """(positive − negative) / all, for a series of sentiment labels; NaN when empty."""
    if len(labels) == 0:
        return float("nan")
    return float(((labels == "positive").sum() - (labels == "negative").sum()) / len(labels))


def sentiment_over_time(scored: pd.DataFrame, *, timezone: str, freq: str = "W",
                        subject: str | None = None) -> pd.DataFrame:
    """Counts and shares of each sentiment per local period, with net sentiment.

    Columns: period, negative, neutral, positive (counts), mentions, negative_share,
    neutral_share, positive_share, net_sentiment, complete (False for a last period the data end
    within, :func:`sermo_helpers.timeline.flag_complete`). Own messages are left out; ``subject`` keeps only
    mentions about that subject. Raises AnalysisError when ``sentiment`` is missing.
    """
    require_columns(scored, ["published_at", "sentiment"], step="sentiment_over_time")
    rows = audience_mentions(scored, subject=subject, columns=["published_at", "sentiment"])
    period = local_period(rows["published_at"], freq=freq, timezone=timezone)
    counts = (pd.crosstab(period.rename("period"), rows["sentiment"])
              .reindex(columns=list(SENTIMENT_LABELS), fill_value=0).astype(float))
    counts.columns.name = None
    counts["mentions"] = counts[list(SENTIMENT_LABELS)].sum(axis=1)
    for name in SENTIMENT_LABELS:
        counts[f"{name}_share"] = counts[name] / counts["mentions"]
    counts["net_sentiment"] = (counts["positive"] - counts["negative"]) / counts["mentions"]
    from ..timeline import flag_complete
    from ._common import FREQUENCIES

    return flag_complete(counts.reset_index(), freq=FREQUENCIES[freq],
                         last_day=last_local_day(rows["published_at"], timezone=timezone))


def sentiment_summary(scored: pd.DataFrame, *, by: str = "subject") -> pd.DataFrame:
    """Per value of ``by`` (subject, channel or language): mentions, shares of each sentiment,
    mean polarity and net sentiment, most mentions first. Own messages are left out."""
    require_columns(scored, [by, "sentiment", "polarity"], step="sentiment_summary")
    keep = audience_mask(scored)
    if not keep.any():
        columns = ["mentions", *(f"{name}_share" for name in SENTIMENT_LABELS), "mean_polarity", "net_sentiment"]
        empty = pd.DataFrame({name: pd.Series(dtype="float64") for name in columns})
        return empty.assign(**{by: pd.Series(dtype=scored[by].dtype)})[[by, *columns]]
    # others' rows grouped by integer codes, no copy of their texts: the groups (missing values
    # dropped) in the order groupby sorts them; each share a count over the group's size (the mean
    # of a 0/1 column), the mean polarity by groupby itself
    codes, values = pd.factorize(scored[by], sort=True)
    codes = codes[keep]
    counted = codes >= 0
    codes = codes[counted]
    size = np.bincount(codes, minlength=len(values))
    present = np.flatnonzero(size)
    out = pd.DataFrame({"mentions": size[present].astype(float)}, index=values[present].rename(by))
    for name in SENTIMENT_LABELS:
        hits = np.bincount(codes, weights=(scored["sentiment"] == name).to_numpy(dtype=bool, na_value=False)[keep][counted],
                           minlength=len(values))
        out[f"{name}_share"] = hits[present] / size[present]
    polarity = pd.Series(scored["polarity"].to_numpy(dtype=float, na_value=np.nan)[keep][counted])
    out["mean_polarity"] = polarity.groupby(codes).mean().to_numpy()
    out["net_sentiment"] = out["positive_share"] - out["negative_share"]
    return out.sort_values("mentions", ascending=False, kind="stable").reset_index()


__all__ = ["score_tone", "net_sentiment", "sentiment_over_time", "sentiment_summary"]
