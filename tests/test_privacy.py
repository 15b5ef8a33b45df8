import re

import pandas as pd
import pytest

from sermo_helpers.config import validate_client_config
from sermo_helpers.errors import AnalysisError
from sermo_helpers.privacy import is_public_name, pseudonym, pseudonym_code, pseudonymise


@pytest.fixture
def client(minimal_config):
    raw = {**minimal_config, "own_accounts": {"facebook": ["testbykommune"], "x": ["TestbyKommune"]},
           "peers": [{"slug": "naboby", "name": "Naboby kommune"}], "public_figures": ["Ordfører Olsen", "@kystforskar"]}
    return validate_client_config(raw, source="test")


@pytest.fixture
def other_client(minimal_config):
    return validate_client_config({**minimal_config, "slug": "annenby"}, source="test")


def test_codes_are_stable_keyed_by_client_and_ignore_case_and_at(client, other_client):
    # Fixed values: a pseudonym must stay the same in every edition of a client.
    assert pseudonym_code("@vasskjelda", client) == "12A975"
    assert pseudonym_code("Vasskjelda", client) == "12A975"
    assert pseudonym_code(" @VASSKJELDA ", client) == "12A975"
    assert pseudonym_code("@vasskjelda", other_client) == "388D07"
    assert pseudonym("Kari Nordmann", client) == "Innbygger ADB01E"
    assert pseudonym("kari  nordmann", client, language="en") == "Citizen ADB01E"


@pytest.mark.parametrize("name, public", [
    ("testbykommune", True), ("@TestbyKommune", True), ("Testby kommune", True),   # own accounts and name
    ("Ordfører Olsen", True), ("@KYSTFORSKAR", True),                              # public figures
    ("Naboby kommune", True), ("naboby", True),                                     # peers
    ("nrk.no", True), ("https://www.bt.no/x", True), ("NRK", True), ("Bergens Tidende", True),  # outlets
    ("@vasskjelda", False), ("Kari Nordmann", False), ("ola.nordmann", False),
    (None, True), ("", True),
])
def test_who_keeps_their_name(client, name, public):
    assert is_public_name(name, client) is public


def test_pseudonymise_replaces_private_persons_only(client):
    frame = pd.DataFrame({"author": pd.Series(["@vasskjelda", "NRK", None, "@vasskjelda", "Ordfører Olsen"],
                                              dtype="str"),
                          "reach": [1.0, 2.0, 3.0, 4.0, 5.0]})
    before = frame.copy()
    result = pseudonymise(frame, client)
    assert result["author"].tolist()[:2] == ["Innbygger 12A975", "NRK"]
    assert pd.isna(result.loc[2, "author"])
    assert result["author"].tolist()[3:] == ["Innbygger 12A975", "Ordfører Olsen"]
    assert result["author"].dtype == "str"
    pd.testing.assert_frame_equal(frame, before)
    pd.testing.assert_series_equal(result["reach"], frame["reach"])


def test_pseudonymise_several_columns_and_handles_in_text(client):
    frame = pd.DataFrame({"source": ["@vasskjelda"], "target": ["TestbyKommune"],
                          "text": ["Enig med @vasskjelda og @kystforskar, skriv til a@b.no"]})
    result = pseudonymise(frame, client, columns=("source", "target"), text_columns=("text",), language="en")
    assert result.loc[0, "source"] == "Citizen 12A975" and result.loc[0, "target"] == "TestbyKommune"
    assert result.loc[0, "text"] == "Enig med Citizen 12A975 og @kystforskar, skriv til a@b.no"


def test_no_private_handle_survives(client):
    handles = [f"@person{i}" for i in range(300)]
    result = pseudonymise(pd.DataFrame({"author": handles}), client)
    assert not result["author"].str.contains("@person").any()
    assert result["author"].str.fullmatch(r"Innbygger [0-9A-F]{6}").all()
    assert result["author"].nunique() == 300


def test_missing_column_is_named(client):
    with pytest.raises(AnalysisError, match="'actor'"):
        pseudonymise(pd.DataFrame({"author": ["x"]}), client, columns=("actor",))


def test_the_code_format(client):
    assert re.fullmatch(r"[0-9A-F]{6}", pseudonym_code("anyone", client))


def test_pseudonymising_twice_keeps_the_first_pseudonym():
    import pandas as pd

    from sermo_helpers.config import load_client_config
    from sermo_helpers.privacy import is_pseudonym, pseudonymise

    client = load_client_config("fjordvik")
    frame = pd.DataFrame({"author": ["@vasskjelda", "Fjordvik Avis", None]})
    once = pseudonymise(frame, client)
    twice = pseudonymise(once, client)
    assert twice["author"].tolist()[:2] == once["author"].tolist()[:2]
    assert is_pseudonym(once["author"][0]) and not is_pseudonym("@vasskjelda")
    assert is_pseudonym("Citizen 3F9A2C") and not is_pseudonym("Citizen 3F9A2")
