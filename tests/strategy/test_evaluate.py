"""The language-policy evaluation: samples of known composition, the absolute error of the estimate."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sermo_helpers.errors import SermoError
from sermo_helpers.strategy.evaluate import evaluate_language_policy

BOKMAL = ["Vi minner om at biblioteket ikke har åpent i dag.", "Hvorfor er svømmehallen fortsatt stengt etter ferien?"]
NYNORSK = ["Vi minner om at biblioteket ikkje har ope i dag.", "Kva tid opnar symjehallen att etter ferien?"]
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def write_split(tmp_path, bokmal, nynorsk, extra=()):
    folder = tmp_path / "nordial_tweets"
    folder.mkdir()
    rows = ([{"sent_id": str(i), "text": t, "category": "bokmål"} for i, t in enumerate(bokmal)]
            + [{"sent_id": f"n{i}", "text": t, "category": "nynorsk"} for i, t in enumerate(nynorsk)] + list(extra))
    (folder / "dev.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_a_detector_that_tells_every_tweet_gives_no_error(tmp_path):
    data = write_split(tmp_path, BOKMAL, NYNORSK, [{"sent_id": "d", "text": "Dialekt", "category": "dialectal"}])
    figures = evaluate_language_policy(data, "dev", repeats=20)
    assert (figures["tweets_bokmal"], figures["tweets_nynorsk"]) == (2.0, 2.0)
    assert figures["p25_mean_estimate"] == 25.0 and figures["p20_mean_estimate"] == 20.0
    assert figures["max_mean_abs_error_pp"] == 0.0 and figures["meets_target"] == 1.0


def test_a_nynorsk_tweet_read_as_bokmal_biases_the_estimate_down(tmp_path):
    # the second "nynorsk" tweet is bokmål text: every sample reads about half its nynorsk as bokmål
    data = write_split(tmp_path, BOKMAL, [NYNORSK[0], BOKMAL[0]])
    figures = evaluate_language_policy(data, "dev", shares=(0.3,), repeats=200, seed=1)
    assert figures["p30_mean_estimate"] == pytest.approx(15.0, abs=1.5)
    assert figures["p30_mean_abs_error_pp"] == pytest.approx(15.0, abs=1.5)
    assert figures["meets_target"] == 0.0


def test_a_missing_split_is_named(tmp_path):
    with pytest.raises(SermoError, match="nordial_tweets/test.json"):
        evaluate_language_policy(tmp_path, "test")


@pytest.mark.skipif(not (SHARED / "nordial_tweets" / "dev.json").is_file(),
                    reason="the shared NorDial data (../shared/data/nordial_tweets) is absent")
def test_the_command_prints_the_error_on_nordial_dev():
    completed = subprocess.run([sys.executable, "-m", "sermo_helpers.cli", "evaluate", "language-policy",
                                "--data-dir", str(SHARED), "--split", "dev"], capture_output=True, text=True, check=True)
    figures = dict(line.split(": ") for line in completed.stdout.splitlines())
    assert {"p20_mean_abs_error_pp", "p25_mean_abs_error_pp", "p30_mean_abs_error_pp"} <= set(figures)
    assert float(figures["max_mean_abs_error_pp"]) <= 2.0  # the target at 200 posts
