import json

import pytest

from sermo_helpers.text.language import detect_language, detect_languages


@pytest.mark.parametrize("text, expected", [
    ("Jeg skjønner ikke hvorfor kommunen ikke svarer", "nb"),
    ("Eg skjønar ikkje kvifor kommunen ikkje svarar", "nn"),
    ("Kva skjer med vegen til skulen? Berre kaos", "nn"),
    ("Why is the library still closed?", "en"),
    ("Nei", "nb"),
    ("Så fint!", "nb"),
    ("Gratulerer med dagen!", "nb"),
    ("Varför svarar inte kommunen? Det är inte bra", "other"),
    ("Das ist nicht gut und sehr teuer", "other"),
    ("😍👍", "unknown"),
    ("", "unknown"),
    (None, "unknown"),
    ("Zzyzx", "unknown"),
    ("Fjordvik Mølle", "nb"),
])
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_detect_languages_keeps_order():
    assert detect_languages(["The end", "Ikkje no", "Ikke nå"]) == ["en", "nn", "nb"]


def test_nordial_dev_bokmal_and_nynorsk_are_told_apart(shared_data):
    rows = [row for row in json.loads((shared_data / "nordial_tweets" / "dev.json").read_text(encoding="utf-8"))
            if row["category"] in ("bokmål", "nynorsk")]
    truth = ["nb" if row["category"] == "bokmål" else "nn" for row in rows]
    predicted = detect_languages(row["text"] for row in rows)
    correct = sum(t == p for t, p in zip(truth, predicted))
    assert len(rows) == 72
    assert correct / len(rows) >= 0.95
