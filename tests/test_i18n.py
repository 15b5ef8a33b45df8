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


def test_label_files_are_read_like_client_files(tmp_path):
    """Aliases, a key given twice or an entry that is not {language: text} are refused, naming the file."""
    from sermo_helpers.errors import ConfigError
    from sermo_helpers.i18n import _labels

    cases = {
        "alias": ('base: &t {nb: "Hei", en: "Hi"}\nagain: *t\n', "aliases"),
        "twice": ('greeting: {nb: "Hei", en: "Hi"}\ngreeting: {nb: "Hallo", en: "Hello"}\n', "given twice"),
        "flat": ('greeting: "Hei"\nfarewell: {nb: "Ha det", de: "Tschüss"}\n',
                 "'greeting': expected a mapping of language (nb, nn, en) to text"),
    }
    for name, (text, expected) in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "labels.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            _labels(str(folder))
        assert expected in str(caught.value) and str(folder / "labels.yaml") in str(caught.value), name
    assert "'farewell'" in str(caught.value)  # every faulty entry is named
    big = tmp_path / "big"
    big.mkdir()
    (big / "labels.yaml").write_text("x: {nb: \"" + "a" * 1_000_001 + "\"}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="at most 1,000,000 bytes"):
        _labels(str(big))
