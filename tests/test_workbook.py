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


def test_open_workbook_scores_each_mention_once_for_every_stage():
    from sermo_helpers.listen import score_mentions

    _, data = open_workbook(load_client_config("fjordvik").to_parameters())
    assert {"language", "polarity", "sentiment", "scorer"} <= set(data.mentions.columns)
    assert set(data.mentions["sentiment"].unique()) == {"negative", "neutral", "positive"}
    assert data.mentions["language"].notna().all()
    assert score_mentions(data.mentions) is data.mentions  # already scored: nothing is done twice


def test_prepared_data_is_reused_until_an_input_file_changes(tmp_path):
    import shutil

    from sermo_helpers.config import validate_client_config
    from sermo_helpers.workbook import prepare_data

    demo = load_client_config("fjordvik")
    shutil.copytree(demo.data_path, tmp_path / "data")
    client = validate_client_config(demo.to_parameters() | {"data_folder": str(tmp_path / "data")}, source="test")
    first = prepare_data(client)
    again = prepare_data(client)
    assert again.mentions is first.mentions  # the same preparation, not a second one
    posts = tmp_path / "data" / "posts.csv"
    lines = posts.read_text(encoding="utf-8").splitlines(keepends=True)
    posts.write_text("".join(lines[:-1]), encoding="utf-8")  # one post fewer
    changed = prepare_data(client)
    assert len(changed.posts) == len(first.posts) - 1
