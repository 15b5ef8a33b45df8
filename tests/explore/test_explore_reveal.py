"""Pseudonym reveal: strategist only, with the installation's secret, never in a handout (issue 21, item 4)."""
import os

import pandas as pd
import pytest

from sermo_helpers.errors import ConfigError
from sermo_helpers.explore.reveal import reveal_names, reveal_rows
from sermo_helpers.privacy import known_handles, pseudonymise, reveal_pseudonyms

SECRET = os.environ["SERMO_PSEUDONYM_SECRET"].encode()  # tests/conftest.py sets a known secret


@pytest.fixture
def no_secret(tmp_path, monkeypatch):
    """A machine without the secret: no variable, an empty configuration folder."""
    monkeypatch.delenv("SERMO_PSEUDONYM_SECRET", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "sermo" / "pseudonym-secret"


def raw_frame():
    return pd.DataFrame({"mention_id": ["1", "2", "3"], "channel": ["x", "facebook", "x"],
                         "author": ["@vasskjelda", "Kari Nordmann", "Annenby kommune"],
                         "text": ["Spør @ola_b om vannet", "Hei", "Nyhet"]})


def test_with_the_secret_reveal_returns_the_original_handles(client):
    raw = raw_frame()
    shown = pseudonymise(raw, client, columns=("author",), text_columns=("text",))
    in_text = shown["text"].iloc[0].split("Spør ")[1].split(" om")[0]  # the pseudonym of @ola_b in the text
    assert shown["author"].iloc[0].startswith("Innbygger ") and in_text.startswith("Innbygger ")
    handles = known_handles(raw)
    assert handles == ["@vasskjelda", "Kari Nordmann", "Annenby kommune", "@ola_b"]
    revealed = reveal_pseudonyms([*shown["author"], in_text, "Innbygger 000000"], handles, client, secret=SECRET)
    assert revealed[shown["author"].iloc[0]] == "@vasskjelda"
    assert revealed[shown["author"].iloc[1]] == "Kari Nordmann"
    assert revealed["Annenby kommune"] == "Annenby kommune"  # a public name stays as it is
    assert revealed[in_text] == "@ola_b"
    assert revealed["Innbygger 000000"] is None  # no known handle has that code
    # another secret reveals nothing: the codes are keyed
    assert reveal_pseudonyms(shown["author"], handles, client, secret=b"another-secret-0123456789")[
        shown["author"].iloc[0]] is None


def test_rows_get_their_names_back_and_public_names_stay(client):
    raw = raw_frame()
    rows = pseudonymise(raw, client, columns=("author",))
    back = reveal_rows(rows, client, handles=known_handles(raw))
    assert back["author"].tolist() == raw["author"].tolist()
    assert rows["author"].iloc[0].startswith("Innbygger ")  # the caller's frame is not modified


def test_without_the_secret_reveal_refuses_with_the_reason(client, no_secret):
    rows = pd.DataFrame({"author": ["Innbygger 3F9A2C"]})
    with pytest.raises(ConfigError) as caught:
        reveal_rows(rows, client, handles=["@vasskjelda"])
    message = str(caught.value)
    assert message.startswith("Cannot reveal names: revealing needs the secret that made the pseudonyms")
    assert "$SERMO_PSEUDONYM_SECRET" in message and str(no_secret) in message
    assert not no_secret.exists()  # never a new secret (it would reveal nothing)
    shown = reveal_names(["Innbygger 3F9A2C"], client, headless=False, handles=["@vasskjelda"])
    assert "Cannot reveal names" in shown.markup


def test_reveal_names_shows_nothing_headless_and_a_table_for_the_strategist(client):
    raw = raw_frame()
    shown = pseudonymise(raw, client, columns=("author",))
    assert reveal_names(shown["author"], client, headless=True, handles=known_handles(raw)) is None
    table = reveal_names(shown["author"], client, headless=False, handles=known_handles(raw)).markup
    assert table.count("<tr>") == 3  # header + the two pseudonyms; the peer (a public name) is not listed
    assert "@vasskjelda" in table and "Kari Nordmann" in table and "Annenby kommune" not in table


@pytest.fixture(scope="module")
def demo():
    from sermo_helpers.config import load_client_config
    from sermo_helpers.listen import analyse_listen
    from sermo_helpers.loaders import load_client
    from sermo_helpers.workbook import open_workbook

    config = load_client_config("fjordvik")
    client, data = open_workbook(config.to_parameters())
    raw = load_client(client).mentions.set_index("mention_id")["author"]
    return client, analyse_listen(data, client), raw


def test_the_spike_drill_down_shows_the_raw_authors_with_vis_navn(demo):
    from sermo_helpers.explore.listen import explore_listen

    client, listen, raw = demo
    explorer = explore_listen(listen, client, headless=False)
    explorer.widgets["spike"].value = 0
    hidden = explorer.snapshot.frames["spike"]
    assert hidden["author"].str.startswith("Innbygger ").any()
    assert explorer.widgets["reveal"].description == "Vis navn"
    explorer.widgets["reveal"].value = True
    assert explorer.error is None
    shown = explorer.snapshot.frames["spike"]
    assert len(shown) == len(hidden) and shown["mention_id"].tolist() == hidden["mention_id"].tolist()
    # every author as the export has it (a pseudonym stands for the name without case or "@", so
    # "jonas_bx" on Facebook and "@jonas_bx" on X are one person and come back in one spelling)
    spelling = lambda names: [name.lstrip("@").lower() for name in names]
    assert spelling(shown["author"]) == spelling(raw.loc[shown["mention_id"]])
    markup = explorer.output.outputs[-1]["data"]["text/html"]
    assert "Innbygger " not in markup.split("<tbody>")[1].split("</td>")[2]  # the first row's author cell


def test_vis_navn_without_the_secret_says_why_and_keeps_the_pseudonyms(demo, no_secret):
    from sermo_helpers.explore.listen import explore_listen

    client, listen, _ = demo
    explorer = explore_listen(listen, client, headless=False)
    explorer.widgets["spike"].value = 0
    explorer.widgets["reveal"].value = True
    notes = " ".join(output["data"].get("text/html", "") for output in explorer.output.outputs)
    assert "Cannot reveal names" in notes
    assert explorer.snapshot.frames["spike"]["author"].str.startswith("Innbygger ").any()


@pytest.mark.slow
def test_the_influence_handout_contains_no_revealed_handle(demo, tmp_path, monkeypatch):
    """The real Influence notebook rendered headless: the strategist-only cell has no output and no raw
    handle of a pseudonymised person appears anywhere in what the handout is made from."""
    import nbformat
    import papermill

    from sermo_helpers import paths
    from sermo_helpers.influence import analyse_influence
    from sermo_helpers.workbook import open_workbook
    from sermo_helpers.config import load_client_config

    client, _, raw = demo
    _, data = open_workbook(load_client_config("fjordvik").to_parameters())
    circle = analyse_influence(data, client).circle["actor"]
    revealed = reveal_pseudonyms(circle, raw.dropna().unique().tolist(), client, secret=SECRET)
    private = {revealed[name] for name in circle if name.startswith("Innbygger ")}
    assert private and None not in private
    monkeypatch.setenv("SERMO_HEADLESS", "1")
    executed = tmp_path / "02_influence.ipynb"
    papermill.execute_notebook(str(paths.project_root() / "notebooks" / "02_influence.ipynb"), str(executed),
                               cwd=str(paths.project_root()), progress_bar=False, kernel_name="python3")
    notebook = nbformat.read(executed, as_version=4)
    cell = next(cell for cell in notebook.cells if cell.source.startswith("reveal_names("))
    assert cell.outputs == []
    text = nbformat.writes(notebook)
    assert not [name for name in private if name in text]
