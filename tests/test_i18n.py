import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.i18n import format_number, format_percent, label


def test_norwegian_numbers_use_space_thousands_and_decimal_comma():
    assert format_number(1234567.891, "nb", decimals=2) == "1\u00a0234\u00a0567,89"
    assert format_number(-1500, "nb") == "\u22121\u00a0500"
    assert format_number(1234567.891, "en", decimals=1) == "1,234,567.9"
    assert format_number(float("nan"), "nb") == "–"


def test_percentages_follow_the_language():
    assert format_percent(0.4256, "nb", decimals=1) == "42,6\u00a0%"
    assert format_percent(0.4256, "en") == "43%"


def test_labels_exist_in_both_languages_and_fill_placeholders():
    assert label("stage.listen", "nb") == "1 Lytte"
    assert label("stage.listen", "en") == "1 Listen"
    assert label("common.rows_shown", "nb", shown=3, total=10) == "Viser 3 av 10 rader."


def test_unknown_label_and_language_name_the_problem():
    with pytest.raises(AnalysisError, match="no nb text for label 'nope'"):
        label("nope", "nb")
    with pytest.raises(AnalysisError, match="language must be one of"):
        label("stage.listen", "de")


def test_every_label_has_both_languages():
    from sermo_helpers import paths
    from sermo_helpers.i18n import _labels

    entries = _labels(str(paths.templates_dir() / "labels"))
    incomplete = [key for key, value in entries.items() if not {"nb", "en"} <= set(value or {})]
    assert incomplete == []
