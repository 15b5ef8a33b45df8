"""How well the language-policy measure estimates a share of nynorsk, on tweets of known written standard.

``sermo evaluate language-policy`` draws samples of ``size`` posts of known composition (e.g. 25 %
nynorsk, 75 % bokmål) from the NorDial tweets of one split (``nordial_tweets/<split>.json`` under the
evaluation data folder: bokmål and nynorsk tweets only; dialectal and mixed ones have no single
standard), measures each sample exactly as the Strategy stage measures a client's posts
(:func:`sermo_helpers.strategy.language_policy.classify_written_standard`: too-short and other-language
texts counted apart, nynorsk share = nynorsk / (bokmål + nynorsk)), and reports the absolute error of
the estimated share in percentage points. The dev split holds few tweets of each standard, so samples
are drawn with replacement; the error mostly reflects the detector's confusion between the standards.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import SermoError
from .language_policy import classify_written_standard, load_language_policy

SHARES = (0.20, 0.25, 0.30)
SAMPLE_SIZE = 200
REPEATS = 500
SEED = 20260420
TARGET_POINTS = 2.0


def read_nordial(path: Path) -> pd.DataFrame:
    """The bokmål and nynorsk tweets of a NorDial split: columns text, standard (bokmål or nynorsk)."""
    try:
        rows = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SermoError(f"No NorDial split at {path}: expected nordial_tweets/<split>.json in the evaluation "
                         "data folder (see ../shared/data/README.md).") from None
    frame = pd.DataFrame([{"text": row["text"], "standard": row["category"]} for row in rows
                          if row.get("category") in ("bokmål", "nynorsk")])
    if frame.empty or frame["standard"].nunique() < 2:
        raise SermoError(f"{path}: expected tweets labelled both bokmål and nynorsk, found "
                         f"{sorted(frame['standard'].unique()) if len(frame) else 'none'}.")
    return frame.astype("str")


def evaluate_language_policy(data_dir: Path, split: str = "dev", *, shares=SHARES, size: int = SAMPLE_SIZE,
                             repeats: int = REPEATS, seed: int = SEED) -> dict[str, float]:
    """Figures of the nynorsk-share estimate on samples of known composition.

    Per true share s (as a whole percentage p): ``p<p>_mean_estimate`` (the mean estimated share, in
    per cent), ``p<p>_mean_abs_error_pp`` and ``p<p>_p95_abs_error_pp`` (absolute error in percentage
    points, mean and 95th percentile over ``repeats`` samples), ``p<p>_counted_share`` (the share of the
    sample's posts the measure could count); then ``max_mean_abs_error_pp`` and ``meets_target`` (1.0 when
    the largest mean error is at most 2 points). Also ``tweets_bokmal`` and ``tweets_nynorsk``, the pools.
    """
    tweets = read_nordial(Path(data_dir) / "nordial_tweets" / f"{split}.json")
    tweets["category"] = classify_written_standard(tweets["text"], min_words=load_language_policy().min_words)
    pools = {standard: tweets.loc[tweets["standard"] == standard, "category"].to_numpy()
             for standard in ("bokmål", "nynorsk")}
    rng = np.random.default_rng(seed)
    figures: dict[str, float] = {"tweets_bokmal": float(len(pools["bokmål"])),
                                 "tweets_nynorsk": float(len(pools["nynorsk"])), "sample_size": float(size)}
    worst = 0.0
    for share in shares:
        nynorsk = int(round(share * size))
        truth = nynorsk / size
        estimates, counted = [], []
        for _ in range(repeats):
            sample = np.concatenate([rng.choice(pools["nynorsk"], nynorsk, replace=True),
                                     rng.choice(pools["bokmål"], size - nynorsk, replace=True)])
            told = int(np.isin(sample, ("bokmål", "nynorsk")).sum())
            estimates.append((sample == "nynorsk").sum() / told if told else np.nan)
            counted.append(told / size)
        errors = np.abs(np.array(estimates) - truth) * 100
        key = f"p{round(share * 100)}"
        figures[f"{key}_mean_estimate"] = float(np.nanmean(estimates) * 100)
        figures[f"{key}_mean_abs_error_pp"] = float(np.nanmean(errors))
        figures[f"{key}_p95_abs_error_pp"] = float(np.nanpercentile(errors, 95))
        figures[f"{key}_counted_share"] = float(np.mean(counted))
        worst = max(worst, figures[f"{key}_mean_abs_error_pp"])
    figures["max_mean_abs_error_pp"] = worst
    figures["meets_target"] = 1.0 if worst <= TARGET_POINTS else 0.0
    return {name: round(value, 4) for name, value in figures.items()}
