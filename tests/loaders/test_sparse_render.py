"""Sparse real exports end to end: a client with only X (2015 layout) or only YouTube Totals.csv data
and ``own_accounts: {}`` renders a handout with no literal "nan" and no "<NA>" (issue 13)."""
import re
import shutil

import pytest
import yaml

from sermo_helpers.cli import main as sermo

from .conftest import REAL_LAYOUTS

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("export, start, end", [
    ("x_tweet_activity_2015.csv", "2015-06-01", "2015-06-30"),
    ("youtube_totals_day_first.csv", "2025-06-01", "2025-06-30"),
])
def test_a_one_platform_client_renders_without_nan(tmp_path, export, start, end):
    data = tmp_path / "data-sparse"
    data.mkdir()
    shutil.copy(REAL_LAYOUTS / export, data / export)
    client = {"slug": "sparse", "display_name": "Sparsom kommune", "language": "nb", "period_start": start,
              "period_end": end, "data_folder": str(data), "own_accounts": {}, "keywords": ["sparsom"],
              "organisation_type": "other"}
    path = tmp_path / "sparse.yaml"
    path.write_text(yaml.safe_dump(client, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "editions"
    assert sermo(["render", str(path), "--out", str(out), "--quiet"]) == 0
    handout = (out / "sparse" / "handout.html").read_text(encoding="utf-8")
    text = re.sub(r"<style.*?</style>|<script.*?</script>|<[^>]+>", " ", handout, flags=re.S)
    assert not re.search(r"\bnan\b", text, flags=re.I) and "<NA>" not in text and "&lt;NA&gt;" not in handout
    assert "expected a mapping" not in text
