"""End-to-end: real kernel, real papermill run, real nbconvert export, real headless Chromium."""

import nbformat
import pytest

from sermo_helpers.config import load_client_config
from sermo_helpers.errors import RenderError
from sermo_helpers.render import (STAGES, build_edition_notebook, render_edition, split_edition, stage_notebook_path,
                                  table_of_contents)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    return render_edition(load_client_config("fjordvik"), out_root=out, pdf=True)


def test_edition_notebook_keeps_one_parameters_cell_and_tags_every_cell():
    edition = build_edition_notebook()
    tagged = [cell for cell in edition.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].metadata["sermo"]["notebook"] == "01_listen"
    assert {cell.metadata["sermo"]["notebook"] for cell in edition.cells} == set(STAGES)
    parts = split_edition(edition)
    assert list(parts) == list(STAGES)
    assert len(parts["01_listen"].cells) == len(nbformat.read(stage_notebook_path("01_listen"), as_version=4).cells)


def test_table_of_contents_reads_section_headings():
    body = '<h1 class="sermo-section" id="sec-a">1 Lytte</h1><p>x</p><h2 class="sermo-section" id="b">Tone &amp; tema</h2>'
    assert table_of_contents(body) == [{"level": 1, "id": "sec-a", "text": "1 Lytte"},
                                       {"level": 2, "id": "b", "text": "Tone & tema"}]


def test_demo_edition_writes_handout_and_executed_notebooks(demo_edition):
    assert demo_edition.handout.name == "handout.html"
    assert [path.stem for path in demo_edition.notebooks] == list(STAGES)
    for path in demo_edition.notebooks:
        notebook = nbformat.read(path, as_version=4)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert all(cell.execution_count for cell in code)
        assert not [output for cell in code for output in cell.outputs if output.output_type == "error"]


def test_handout_in_browser_has_four_stages_images_contents_and_no_code(demo_edition, open_page_in_browser):
    html = demo_edition.handout.read_text(encoding="utf-8")
    assert "open_workbook" not in html and "from sermo_helpers" not in html  # no code
    assert "period_start = " not in html and "injected" not in html  # no parameters cell
    # self-contained: nothing is fetched (a source's address may be printed as text, never loaded or linked)
    import re

    assert re.findall(r"""(?:src|href|srcset|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
                      html, re.IGNORECASE) == []
    with open_page_in_browser(demo_edition.handout) as page:
        headings = page.eval_on_selector_all("h1.sermo-section", "nodes => nodes.map(n => n.textContent)")
        assert headings[:5] == ["Sammendrag for ledelsen", "1 Lytte", "2 Påvirke", "3 Engasjere", "4 Strategi"]
        images = page.evaluate(
            "Array.from(document.images).map(i => [i.src.slice(0, 5), i.complete && i.naturalWidth > 0])")
        assert len(images) >= 5  # the logo and at least one figure per stage
        assert all(src == "data:" and loaded for src, loaded in images)
        assert page.locator(".input_area, .input_prompt, pre.highlight").count() == 0
        targets = page.eval_on_selector_all(".toc a", "links => links.map(a => a.getAttribute('href').slice(1))")
        assert len(targets) >= 4
        for target in targets:
            assert page.locator(f"[id='{target}']").count() == 1
        assert page.title() == "Strategi for sosiale medier – Fjordvik kommune"
        page.evaluate("document.fonts.ready")
        assert page.evaluate("""document.fonts.check('16px "Sermo Sans"')""")  # the embedded house font
        used = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert used.startswith('"Sermo Sans"')


def test_failed_render_names_notebook_and_cell_and_keeps_the_last_good_handout(demo_copy, tmp_path,
                                                                                  break_posts_file):
    path, data = demo_copy("brokenby")
    client = load_client_config(path)
    out = tmp_path / "editions"
    first = render_edition(client, out_root=out)
    good = first.handout.read_bytes()
    break_posts_file(data / "posts.csv")
    with pytest.raises(RenderError) as caught:
        render_edition(client, out_root=out)
    error = caught.value
    assert error.client == "brokenby" and error.notebook == "01_listen"
    assert error.ename == "LoadError" and "posts.csv" in error.evalue and "published_at" in error.evalue
    assert "'not a time'" in error.evalue and "row 4" in error.evalue
    assert "01_listen" in str(error) and f"cell {error.cell_index}" in str(error)
    kept = nbformat.read(error.executed_path, as_version=4)
    failing = [cell for cell in kept.cells if cell.metadata.get("sermo", {}).get("cell_index") == error.cell_index]
    assert len(failing) == 1 and "client, data = open_workbook(globals())" in failing[0].source
    assert any(output.output_type == "error" for output in failing[0].outputs)
    original = nbformat.read(stage_notebook_path("01_listen"), as_version=4)
    assert original.cells[error.cell_index].source == failing[0].source  # the index is the stage notebook's
    assert first.handout.read_bytes() == good
    assert [p.name for p in (out / "brokenby" / ".editions").iterdir()] == [first.edition]  # nothing left over


def test_private_handles_from_the_demo_data_never_reach_the_handout(demo_edition):
    import html as html_module

    from sermo_helpers.loaders import load_client
    from sermo_helpers.privacy import is_public_name

    client = load_client_config("fjordvik")
    authors = load_client(client).mentions["author"].dropna().unique()
    private = [author for author in authors if not is_public_name(author, client)]
    assert len(private) > 100
    text = html_module.unescape(demo_edition.handout.read_text(encoding="utf-8"))
    leaked = [author for author in private if author in text]
    assert leaked == []


def test_no_local_paths_or_parameters_leak_into_the_handout(demo_edition):
    from sermo_helpers import paths

    text = demo_edition.handout.read_text(encoding="utf-8")
    assert str(paths.project_root()) not in text and "/home/" not in text and "/tmp/" not in text
    assert "data_folder" not in text


def test_the_directors_summary_is_the_first_page_after_the_contents(demo_edition):
    from sermo_helpers.render.pdf import heading_pages

    pages = heading_pages(demo_edition.pdf)
    summary = pages["sec-strategy-heading-summary"]
    assert summary == min(pages.values()) and summary >= 3  # cover, contents, then the summary
    assert pages["sec-stage-listen"] > summary


def test_pdf_is_printed_with_cover_and_contents_on_their_own_pages(demo_edition):
    import re

    printed = demo_edition.pdf.read_bytes()
    assert printed.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", printed))
    assert pages >= 6  # cover, contents, and each of the four stages starting on a new page


@pytest.mark.slow
def test_the_handout_is_the_same_whatever_the_hash_seed(tmp_path):
    """Two renders in processes with different string hashing give the same handout, byte for byte
    (nothing is ordered by a set: the network's own accounts were)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    accounts = sorted({name for names in load_client_config("fjordvik").own_accounts.values() for name in names})
    orders = {}  # two seeds under which a set of the client's own accounts iterates in different orders
    for seed in map(str, range(1, 40)):
        order = subprocess.run([sys.executable, "-c", f"print(list(set({accounts!r})))"], check=True,
                               capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        orders.setdefault(order, seed)
        if len(orders) == 2:
            break
    assert len(orders) == 2
    pages = []
    for seed in orders.values():
        out = tmp_path / seed
        environment = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        subprocess.run([sys.executable, "-m", "sermo_helpers.cli", "render", "fjordvik", "--out", str(out)],
                       check=True, capture_output=True, text=True, env=environment, timeout=600)
        pages.append((out / "fjordvik" / "handout.html").read_bytes())
    assert len(pages[0]) > 100_000 and pages[0] == pages[1]


def test_a_kernel_dying_in_listens_setup_cell_names_the_later_stages_computed_there(tmp_path):
    """In an edition, Listen's setup cell also computes the later stages' results: a kernel that dies
    there may have died in one of them, and the error says so (only there)."""
    from sermo_helpers.render.failures import dead_kernel_error

    edition = build_edition_notebook(STAGES)
    setup = next(cell for cell in edition.cells if "analyse_listen(" in cell.source)
    later = next(cell for cell in edition.cells if "analyse_engage(" in cell.source)
    for cell, ahead in ((setup, True), (later, False)):
        executed = nbformat.from_dict(edition)
        for other in executed.cells:
            other.metadata.pop("papermill", None)
        started = next(other for other in executed.cells if other.source == cell.source)
        for other in executed.cells[:executed.cells.index(started) + 1]:
            other.metadata["papermill"] = {"start_time": "2026-12-03T00:00:00Z"}
        path = tmp_path / "edition.ipynb"
        nbformat.write(executed, path)
        error = dead_kernel_error("fjordvik", RuntimeError("Kernel died"), path)
        assert error.notebook == cell.metadata["sermo"]["notebook"]
        assert ("may have died in one of them" in error.message) is ahead
