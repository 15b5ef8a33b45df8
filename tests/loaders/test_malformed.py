"""The malformed-input corpus: every file gives a documented repair with a warning, or an error of
the project's type that names the file and says what was expected and what was found."""
import pytest
import yaml

from sermo_helpers.errors import LoadError, SchemaError, SermoError
from sermo_helpers.loaders import load_file

from .conftest import MALFORMED

CASES = yaml.safe_load((MALFORMED / "cases.yaml").read_text(encoding="utf-8"))


def test_corpus_is_complete():
    files = {path.name for path in MALFORMED.iterdir() if path.name != "cases.yaml"}
    assert files == set(CASES)
    assert len(files) >= 30


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_input(name, context):
    case = CASES[name]
    path = MALFORMED / name
    if case["outcome"] in ("LoadError", "SchemaError"):
        with pytest.raises(SermoError) as caught:
            load_file(path, context=context)
        error = caught.value
        assert type(error).__name__ == case["outcome"]
        message = str(error)
        assert name in message
        for fragment in case["fragments"]:
            assert fragment in message
        if isinstance(error, LoadError):
            assert error.path == name and error.expected and error.found is not None
            assert error.row is not None or error.column is not None or "unknown layout" in message
        else:
            assert isinstance(error, SchemaError) and error.problems
            assert all(column and expected and found for column, expected, found in error.problems)
        assert "Traceback" not in message
    else:
        loaded = load_file(path, context=context)
        if case["outcome"] == "warning":
            joined = " | ".join(loaded.warnings)
            for fragment in case["fragments"]:
                assert fragment in joined
        else:  # kept as it is
            (frame,) = loaded.frames.values()
            assert frame["text"].tolist() == case["fragments"]


def test_formula_is_neutralised_not_dropped(context):
    frame = load_file(MALFORMED / "formula_injection.csv", context=context).frames["mentions"]
    assert frame["text"].tolist() == ["'=HYPERLINK(\"http://evil.example\",\"Klikk\")", "Når åpner svømmehallen?"]


def test_repairs_keep_the_right_values(context):
    latin = load_file(MALFORMED / "latin1_mentions.csv", context=context).frames["mentions"]
    assert latin["author"].tolist() == ["Bjørn"] and latin["text"].tolist() == ["Søppeltømming i Ærøveien"]
    ids = load_file(MALFORMED / "float_ids.csv", context=context).frames["mentions"]
    assert ids["mention_id"].tolist() == ["570306133677760513"]
    mixed = load_file(MALFORMED / "mixed_time_zones.csv", context=context).frames["mentions"]
    assert [str(t) for t in mixed["published_at"]] == ["2026-04-01 07:30:00+00:00", "2026-04-02 08:00:00+00:00"]
    autumn = load_file(MALFORMED / "dst_repeated_hour.csv", context=context).frames["mentions"]
    assert str(autumn["published_at"].iloc[0]) == "2026-10-25 00:30:00+00:00"  # 02:30 CEST
    spring = load_file(MALFORMED / "dst_missing_hour.csv", context=context).frames["mentions"]
    assert str(spring["published_at"].iloc[0]) == "2026-03-29 01:30:00+00:00"  # 03:30 CEST
    future = load_file(MALFORMED / "future_dates.csv", context=context).frames["channel_stats"]
    assert future["value"].tolist() == [10.0]
    repeated = load_file(MALFORMED / "duplicate_rows.csv", context=context).frames["mentions"]
    assert repeated["mention_id"].tolist() == ["m-1", "m-2"]
    total = load_file(MALFORMED / "youtube_total_mismatch.csv", context=context)
    assert total.frames["posts"]["video_views"].tolist() == [900.0]
    assert total.totals.set_index("metric").loc["video_views", ["total_row", "sum_of_rows", "difference"]].tolist() \
        == [1000.0, 900.0, 100.0]
