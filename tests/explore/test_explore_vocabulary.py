"""One vocabulary: controls show the handout's names for channels and levels, and multi-selects explain themselves."""
import ipywidgets

from sermo_helpers.explore.core import channel_options
from sermo_helpers.explore.listen import explore_listen
from sermo_helpers.listen import analyse_listen


def test_channels_are_shown_by_the_handouts_names():
    assert channel_options(["x", "news", "blog", "somewhere"], "nb") == (
        ("X (Twitter)", "x"), ("nyheter", "news"), ("blogg", "blog"), ("somewhere", "somewhere"))


def test_every_multiselect_says_how_to_pick_several_and_what_none_means(data, client):
    explorer = explore_listen(analyse_listen(data, client), client, headless=False)
    assert explorer.widgets["channels"].options == (("Facebook", "facebook"), ("X (Twitter)", "x"))
    hints = [child.children[1].value for row in explorer.box.children if isinstance(row, ipywidgets.HBox)
             for child in row.children if isinstance(child, ipywidgets.VBox)]
    assert hints == ['<small class="sermo-hint">Hold Ctrl (Cmd på Mac) for å velge flere. Ingen valgt = alle.</small>']
    assert explorer.widgets["top"].description == "Vis antall"
    assert explorer.export_button.description == "Eksporter utvalget"


def test_influence_levels_carry_their_names(client):
    from sermo_helpers.explore.core import choice_options

    options = choice_options([1, 2], "nb", prefix="influence.level")
    assert options == (("Alle", "all"), ("1 Egne nettsider, blogg og kanaler", 1), ("2 Innsikt og innhold", 2))


def test_readme_names_every_listen_control_as_the_screen_does(data, client):
    """README's control table lists each control of the Listen explorer by its on-screen name."""
    from pathlib import Path

    from sermo_helpers.i18n import label

    readme = Path(__file__).resolve().parents[2].joinpath("README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Working in JupyterLab"):readme.index("## The handout")]
    explorer = explore_listen(analyse_listen(data, client), client, headless=True)
    for control in explorer.controls:
        assert label(control.label_key, "nb") in section, control.label_key
    for key in ("explore.export.button", "explore.label.save", "explore.label.reviewer", "explore.label.skip",
                "explore.drill.conversations", "explore.opening_sentiment", "explore.level", "explore.role"):
        assert label(key, "nb") in section, key
