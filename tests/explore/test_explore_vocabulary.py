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


def readme_rows() -> dict:
    """README's control table: each explorer cell's row, keyed by its function name."""
    import re
    from pathlib import Path

    readme = Path(__file__).resolve().parents[2].joinpath("README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Working in JupyterLab"):readme.index("## The handout")]
    return {match.group(1): match.group(0) for match in re.finditer(r"^\| \w+ \| `(\w+)\(.*$", section, re.MULTILINE)}


def names_in(row: str) -> tuple[set, set]:
    """The bold names (on screen, bokmål) and the italic names in brackets (English) of a README row."""
    import re

    split = lambda texts: {part.strip() for text in texts for part in text.split(" / ")}
    return split(re.findall(r"\*\*(.+?)\*\*", row)), split(re.findall(r"\(\*(.+?)\*", row))


def test_readme_names_every_control_of_every_explorer_by_its_description_on_screen(data, client):
    """Each widget's description, as the screen shows it (nb) and in English, is named in its stage's row."""
    from sermo_helpers.engage import analyse_engage
    from sermo_helpers.explore.engage import explore_engage
    from sermo_helpers.explore.influence import explore_influence
    from sermo_helpers.explore.strategy import explore_strategy
    from sermo_helpers.i18n import label
    from sermo_helpers.influence import analyse_influence
    from sermo_helpers.strategy import analyse_strategy

    rows = readme_rows()
    explorers = {"explore_listen": explore_listen(analyse_listen(data, client), client, headless=False),
                 "explore_influence": explore_influence(analyse_influence(data, client), client, headless=False),
                 "explore_engage": explore_engage(analyse_engage(data, client), client, headless=False),
                 "explore_strategy": explore_strategy(analyse_strategy(data, client), client, headless=False)}
    for cell, explorer in explorers.items():
        shown, english = names_in(rows[cell])
        for control in explorer.controls:
            description = explorer.widgets[control.name].description
            assert description == label(control.label_key, "nb")
            assert description in shown, (cell, description)
            assert label(control.label_key, "en") in english, (cell, control.label_key)
        if explorer.exporter is not None:
            assert explorer.export_button.description in shown
    compare = explorers["explore_listen"].widgets["compare"].options
    shown, english = names_in(rows["explore_listen"])
    assert {text for text, _ in compare} <= shown


def test_readme_names_the_labelling_controls_as_the_screen_does(data, client):
    import ipywidgets

    from sermo_helpers.explore.labelling import label_sentiment_sample

    shown, _ = names_in(readme_rows()["label_sentiment_sample"])
    widget = label_sentiment_sample(data, client, headless=False)
    descriptions = set()
    stack = [getattr(widget, "box", widget)]
    while stack:
        item = stack.pop()
        if isinstance(item, (ipywidgets.Button, ipywidgets.Text)) and item.description:
            descriptions.add(item.description)
        if isinstance(item, ipywidgets.ToggleButtons):
            descriptions.update(item.options if not isinstance(item.options[0], tuple) else [o[0] for o in item.options])
        stack.extend(getattr(item, "children", ()))
    assert descriptions and descriptions <= shown | {"negativ", "nøytral", "positiv"}, descriptions - shown
