"""The response-time evaluation on the IBM customer-care split."""
from pathlib import Path

import pytest

from sermo_helpers.engage.evaluate import evaluate_response_times
from sermo_helpers.errors import LoadError
from sermo_helpers.paths import project_root

SHARED = project_root().parent / "shared" / "data"


def test_dev_split_figures():
    if not (SHARED / "ibm_twitter_customer_care" / "dev.json").is_file():
        pytest.skip("shared data not available: ../shared/data/ibm_twitter_customer_care/dev.json")
    result = evaluate_response_times(SHARED, "dev")
    assert list(result) == ["conversations", "response_rate", "median_first_response_minutes",
                            "p90_first_response_minutes"]
    assert result["conversations"] == 523
    assert result["response_rate"] == 1.0
    assert result["median_first_response_minutes"] == 123.65
    assert result["p90_first_response_minutes"] == pytest.approx(4831.906667, abs=1e-6)


def test_missing_split_names_the_file(tmp_path: Path):
    with pytest.raises(LoadError, match="test.json") as caught:
        evaluate_response_times(tmp_path, "test")
    assert caught.value.path.endswith("ibm_twitter_customer_care/test.json")
