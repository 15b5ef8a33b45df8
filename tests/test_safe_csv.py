"""The one CSV writer: cells that a spreadsheet would run as formulas are neutralised, and read back unchanged."""
import csv
import io
import random
import subprocess
from pathlib import Path

import pandas as pd

from sermo_helpers.safe_csv import neutralise, read_csv, restore, write_csv

ROOT = Path(__file__).resolve().parents[1]


def test_formula_starts_get_an_apostrophe_and_other_cells_do_not():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert neutralise("-2") == "'-2" and neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\t=1") == "'\t=1" and neutralise("\r=1") == "'\r=1"
    assert neutralise("'already") == "''already"
    assert neutralise("Hei = hallo") == "Hei = hallo" and neutralise("") == ""
    assert neutralise(-2.0) == -2.0 and neutralise(None) is None


def test_the_file_as_a_spreadsheet_sees_it_and_the_round_trip():
    frame = pd.DataFrame({"id": ["=HYPERLINK(\"x\")", "a", "'b"], "count": [-3, 4, 5],
                          "text": ["+cmd", "line\nbreak, comma", "@who"]})
    stream = io.StringIO()
    write_csv(frame, stream)
    cells = list(csv.reader(io.StringIO(stream.getvalue())))
    assert cells == [["id", "count", "text"], ["'=HYPERLINK(\"x\")", "-3", "'+cmd"],
                     ["a", "4", "line\nbreak, comma"], ["''b", "5", "'@who"]]
    back = read_csv(io.StringIO(stream.getvalue()))
    assert back["id"].tolist() == frame["id"].tolist() and back["text"].tolist() == frame["text"].tolist()
    assert back["count"].tolist() == ["-3", "4", "5"]


def test_random_texts_read_back_unchanged():
    chance = random.Random(20)
    alphabet = ["=", "+", "-", "@", "\t", "\r", "'", "a", "ø", ",", '"', " ", "\n", "1"]
    texts = ["".join(chance.choice(alphabet) for _ in range(chance.randint(1, 8))) for _ in range(2000)]
    frame = pd.DataFrame({"text": texts})
    stream = io.StringIO()
    write_csv(frame, stream)
    assert read_csv(io.StringIO(stream.getvalue()))["text"].tolist() == texts
    for row in list(csv.reader(io.StringIO(stream.getvalue())))[1:]:
        assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore("''x") == "'x"


def test_every_csv_the_workbook_writes_goes_through_the_safe_writer():
    # One writer: no other module of the package calls DataFrame.to_csv (the demo generator writes the
    # demo client's *input* exports in the platforms' own layout; see its docstring).
    found = subprocess.run(["grep", "-rn", "--include=*.py", r"\.to_csv(", str(ROOT / "sermo_helpers")],
                           capture_output=True, text=True).stdout.splitlines()
    writers = sorted({line.split(":", 1)[0].replace(str(ROOT) + "/", "") for line in found})
    assert writers == ["sermo_helpers/demo/write.py", "sermo_helpers/safe_csv.py"]
