"""Named selections saved in one explorer and reopened in another."""
import datetime as dt

import pytest

from sermo_helpers import paths
from sermo_helpers.engage import analyse_engage
from sermo_helpers.errors import AnalysisError, LoadError
from sermo_helpers.explore.engage import explore_engage
from sermo_helpers.explore.listen import explore_listen
from sermo_helpers.explore.selections import open_selection, save_selection
from sermo_helpers.listen import analyse_listen


@pytest.fixture(autouse=True)
def editions_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "editions_dir", lambda: tmp_path / "editions")


def test_a_listen_selection_reopens_in_listen_and_carries_its_period_to_engage(data, client, tmp_path):
    listen = explore_listen(analyse_listen(data, client), client, headless=False)
    listen.set(start=dt.date(2026, 4, 6))
    listen.set(end=dt.date(2026, 4, 12))
    listen.widgets["channels"].value = ("x",)
    listen.widgets["sentiment"].value = "negative"
    path = save_selection(listen, client, "uke 15 negativ")
    assert path == tmp_path / "editions" / "testby" / "work" / "selections" / "uke 15 negativ.json"
    again = explore_listen(analyse_listen(data, client), client, headless=False)
    open_selection(again, client, "uke 15 negativ")
    assert again.snapshot.frames["mentions"]["mention_id"].tolist() == ["2"]
    engage = explore_engage(analyse_engage(data, client), client, headless=False)
    applied = open_selection(engage, client, "uke 15 negativ")
    assert engage.values()["start"] == dt.date(2026, 4, 6) and engage.values()["end"] == dt.date(2026, 4, 12)
    assert engage.widgets["start"].value == "06.04.2026"  # shown in the client's layout
    assert "search" not in applied  # Engage has no search control


def test_bad_names_and_missing_selections_are_refused(data, client):
    explorer = explore_listen(analyse_listen(data, client), client, headless=False)
    with pytest.raises(AnalysisError, match="selection's name"):
        save_selection(explorer, client, "../ut")
    with pytest.raises(LoadError, match="no saved selection 'finnes ikke'"):
        open_selection(explorer, client, "finnes ikke")
