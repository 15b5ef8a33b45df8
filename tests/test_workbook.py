import pandas as pd

from sermo_helpers.config import load_client_config
from sermo_helpers.privacy import is_public_name
from sermo_helpers.workbook import open_workbook


def test_open_workbook_restricts_to_the_period_and_pseudonymises_private_authors():
    parameters = load_client_config("fjordvik").to_parameters() | {"period_start": "2026-06-01",
                                                                  "period_end": "2026-06-30"}
    client, data = open_workbook(parameters)
    local = data.mentions["published_at"].dt.tz_convert("Europe/Oslo")
    assert local.min() >= pd.Timestamp("2026-06-01", tz="Europe/Oslo")
    assert local.max() < pd.Timestamp("2026-07-01", tz="Europe/Oslo")
    assert data.channel_stats["date"].min() == pd.Timestamp("2026-06-01")
    assert data.channel_stats["date"].max() == pd.Timestamp("2026-06-30")
    _, raw = open_workbook(parameters, pseudonymise=False)
    private = {author for author in raw.mentions["author"].dropna().unique() if not is_public_name(author, client)}
    assert "@vasskjelda" in private
    shown = set(data.mentions["author"].dropna())
    assert not private & shown
    assert "Fjordvik Avis" in shown and "@kystforskar" in shown  # public figures keep their names
    handles_in_text = data.mentions["text"].str.contains("@vasskjelda", regex=False)
    assert not handles_in_text.any()
    # Same person, same pseudonym: the critic's messages are still one author.
    critic = raw.mentions["author"] == "@vasskjelda"
    assert data.mentions.loc[critic, "author"].nunique() == 1
