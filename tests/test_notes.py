"""The strategist's notes (issue 15): checked whole, every problem listed; safe HTML in a marked block."""
import nbformat
import pytest

from sermo_helpers.errors import ConfigError
from sermo_helpers.notes import known_sections, load_notes, parse_notes, section_key
from sermo_helpers.render.export import EDITION_MIME, edition_data, handout_cells


def test_section_keys_follow_the_handout_headings():
    assert section_key("listen.spikes") == "listen.spikes"
    assert section_key("strategy.heading.summary") == "strategy.summary"
    assert section_key("stage.listen") == "listen"
    known = known_sections()
    assert {"listen", "listen.spikes", "strategy.summary", "engage.responders"} <= known


def test_notes_are_rendered_per_section():
    notes = parse_notes("# Notater\n\n## listen.spikes\nKokevarselet ga **ti ganger** så mye omtale.\n\n"
                        "## strategy.summary\nSe [rapporten](https://example.no/r).\n")
    assert notes.get("listen.spikes") == "<p>Kokevarselet ga <strong>ti ganger</strong> så mye omtale.</p>\n"
    assert '<a href="https://example.no/r">rapporten</a>' in notes.get("strategy.summary")
    assert notes.get("engage") is None


def test_every_problem_is_listed_with_its_line():
    text = ("stray text\n## lisen.spikes\nx\n## listen\nok <script>alert(1)</script>\n"
            "## listen\nagain\n## engage\n[klikk](javascript:alert(1)) ![x](data:image/png;base64,AA)\n")
    with pytest.raises(ConfigError) as caught:
        parse_notes(text, path="clients/x.notes.md")
    problems = caught.value.problems
    assert any(p.startswith("line 1: text outside a section") for p in problems)
    assert any(p.startswith("line 2: unknown section 'lisen.spikes'") for p in problems)
    assert any(p.startswith("line 5: HTML is not allowed") and "<script>" in p for p in problems)
    assert any(p.startswith("line 6: section 'listen' given twice (first on line 4)") for p in problems)
    assert any("javascript:alert(1)" in p for p in problems) and any("data:image" in p for p in problems)
    assert "clients/x.notes.md" in str(caught.value)


def test_demo_notes_are_valid_and_interpret_the_crisis():
    fjordvik = load_notes("fjordvik")
    assert "Kokevarselet 8.–14. juni" in fjordvik.get("strategy.summary")
    assert "kokevarsel" in fjordvik.get("listen.spikes")
    assert load_notes("coastline").get("listen.spikes")
    assert load_notes("no-such-client").sections == {}


def _cell(kind, source="", tags=(), outputs=()):
    cell = nbformat.v4.new_code_cell(source) if kind == "code" else nbformat.v4.new_markdown_cell(source)
    cell.metadata["tags"] = list(tags)
    if kind == "code":
        cell.outputs = list(outputs)
    return cell


def _html(markup):
    return nbformat.v4.new_output("display_data", data={"text/html": markup})


def test_handout_opens_with_the_summary_keeps_tagged_markdown_and_hides_edition_data():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        _cell("code", outputs=[_html("<h1>Lytt</h1>")]),
        _cell("markdown", "A note for the strategist only"),
        _cell("markdown", "Juni var **krevende**.", tags=["handout"]),
        _cell("code", outputs=[_html("<h1>Sammendrag</h1>")], tags=["handout-first"]),
        _cell("code", outputs=[nbformat.v4.new_output("display_data", data={
            EDITION_MIME: {"headline": {"mentions": 3.0}}, "text/plain": "edition data"})]),
    ]
    cells = handout_cells(notebook, language="nb")
    shown = [cell.outputs[0].data["text/html"] for cell in cells.cells]
    assert shown[0] == "<h1>Sammendrag</h1>" and shown[1] == "<h1>Lytt</h1>"
    assert "Sermos vurdering" in shown[2] and "<strong>krevende</strong>" in shown[2]
    assert len(shown) == 3 and not any("strategist only" in text for text in shown)
    assert edition_data(notebook) == {"headline": {"mentions": 3.0}}


def test_unsafe_markdown_cell_is_refused():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [_cell("markdown", "<img src=x onerror=alert(1)>", tags=["handout"])]
    with pytest.raises(ConfigError, match="HTML is not allowed"):
        handout_cells(notebook)
