"""'Eksporter utvalget': the selection's rows to Excel (formula-safe, one sheet per table, a filters sheet)
and the figure to PNG and SVG at slide size, under editions/<slug>/work/exports/."""
import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook

from sermo_helpers import paths
from sermo_helpers.explore.export import SLIDE_DPI, SLIDE_INCHES, export_selection, exports_dir
from sermo_helpers.explore.listen import explore_listen, listen_controls, render_listen
from sermo_helpers.listen import analyse_listen


@pytest.fixture(autouse=True)
def editions_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "editions_dir", lambda: tmp_path / "editions")


def sheet_rows(book, name):
    return [list(row) for row in book[name].iter_rows(values_only=True)]


def test_the_button_exports_the_selection_and_says_where(data, client, tmp_path):
    explorer = explore_listen(analyse_listen(data, client), client, headless=False)
    explorer.widgets["sentiment"].value = "negative"
    explorer.set(start=dt.date(2026, 4, 6))
    explorer.export_button.click()
    files = explorer.exported
    assert explorer.error is None and files.excel.parent == tmp_path / "editions" / "testby" / "work" / "exports"
    assert str(files.excel.parent) in explorer.export_status.value and files.excel.name in explorer.export_status.value
    book = load_workbook(files.excel)
    assert book.sheetnames == ["mentions", "weekly", "browser", "Filtre"]
    mentions = sheet_rows(book, "mentions")
    selected = explorer.snapshot.frames["mentions"]
    assert len(mentions) - 1 == len(selected) == 3  # mentions 2, 5 and 9: the client's negative ones
    header = mentions[0]
    assert [row[header.index("mention_id")] for row in mentions[1:]] == ["2", "5", "9"]
    # times are the client's local time (UTC 09:00 on 7 April is 11:00 in Oslo)
    assert mentions[1][header.index("published_at")] == dt.datetime(2026, 4, 7, 11, 0)
    filters = dict(sheet_rows(book, "Filtre")[1:])
    assert filters["Fra"] == "06.04.2026" and filters["Til"] == "30.06.2026"
    assert filters["Tone"] == "negativ" and filters["Hvem omtales"] == "Testby kommune"
    assert filters["Kanaler"] == "Alle"
    # the figure at slide size: PNG pixels = inches x dpi; the SVG says its size in points
    from PIL import Image

    with Image.open(files.png) as image:
        assert image.size == (2000, 1125) and SLIDE_DPI == 150 and SLIDE_INCHES[1] == 7.5
    svg = files.svg.read_text(encoding="utf-8")
    assert 'width="960.048pt"' in svg and 'height="540pt"' in svg


def test_formula_like_text_is_escaped_and_reopens_with_the_same_rows(data, client):
    listen = analyse_listen(data, client)
    risky = ["=HYPERLINK(\"http://x\")", "+47 999", "-1 for kommunen", "@kommunen svar", "vanlig tekst",
             "=1+1", "+", "-", "@"]
    mentions = listen.audience.assign(text=risky)
    controls = listen_controls(mentions, client)
    values = {control.name: control.value for control in controls} | {"subject": "all"}
    snapshot = render_listen(mentions, client, values)
    files = export_selection(snapshot, client=client, stage="listen", controls=controls, values=values)
    book = load_workbook(files.excel)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    rows = sheet_rows(book, "mentions")
    texts = [row[rows[0].index("text")] for row in rows[1:]]
    assert len(rows) - 1 == len(snapshot.frames["mentions"]) == 9
    assert sorted(text[1:] if text.startswith("'") else text for text in texts) == sorted(risky)


def test_two_exports_never_overwrite_each_other(data, client):
    snapshot = render_listen(analyse_listen(data, client).audience, client,
                             {c.name: c.value for c in listen_controls(analyse_listen(data, client).audience, client)})
    moment = dt.datetime(2026, 7, 1, 12, 0, 0)
    first = export_selection(snapshot, client=client, stage="listen", now=moment)
    second = export_selection(snapshot, client=client, stage="listen", now=moment)
    assert first.excel != second.excel and first.excel.exists() and second.excel.exists()
    assert sorted(path.suffix for path in exports_dir(client).iterdir()) == [".png", ".png", ".svg", ".svg",
                                                                             ".xlsx", ".xlsx"]
