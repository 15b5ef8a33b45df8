"""The demo handouts as a reader gets them, in headless Chromium: accessible (axe-core, WCAG 2.1 A and AA),
nothing wider than the page on A4 paper, a desktop screen or a phone, and a PDF with page numbers,
numbered contents, a title and a language."""
import re

import pytest

from sermo_helpers.config import load_client_config
from sermo_helpers.render import render_edition

pytestmark = pytest.mark.slow

DEMO = {"fjordvik": "nb", "coastline": "en"}
A4_CONTENT_WIDTH = round((210 - 2 * 16) / 25.4 * 96)  # the print stylesheet's 16 mm side margins, in CSS px
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    return {slug: render_edition(load_client_config(slug), out_root=out, pdf=True) for slug in DEMO}


@pytest.fixture(params=sorted(DEMO))
def edition(request, editions):
    return editions[request.param]


def _too_wide(page, width: int) -> list[str]:
    """Visible elements whose right edge lies beyond ``width`` CSS pixels (a cut column, a sideways scroll)."""
    return page.evaluate("""width => Array.from(document.querySelectorAll('body *'))
        .filter(e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1 && r.right > width + 0.5; })
        .map(e => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`
                  + ` «${(e.innerText || '').slice(0, 40)}»`)""", width)


def test_axe_finds_no_wcag_21_a_or_aa_violation(edition, open_page_in_browser):
    from axe_playwright_python.sync_playwright import Axe

    with open_page_in_browser(edition.handout) as page:
        assert page.evaluate("document.documentElement.lang") == DEMO[edition.client]
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        violations = [(rule["id"], [node["target"] for node in rule["nodes"]][:3])
                      for rule in results.response["violations"]]
        assert violations == []
        assert results.response["passes"]  # axe really ran its rules on the page


@pytest.mark.parametrize("width", [1280, 375])
def test_nothing_is_wider_than_the_screen(edition, open_page_in_browser, width):
    with open_page_in_browser(edition.handout) as page:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert _too_wide(page, width) == []


def test_nothing_is_wider_than_an_a4_page(edition, open_page_in_browser):
    with open_page_in_browser(edition.handout) as page:
        page.emulate_media(media="print")
        page.set_viewport_size({"width": A4_CONTENT_WIDTH, "height": 1100})
        assert _too_wide(page, A4_CONTENT_WIDTH) == []
        # Every table either fits as a table or is shown as cards; each card value keeps its column name.
        cells = page.eval_on_selector_all("table[class*='sermo-fit-'] td", "cells => cells.map(c => c.dataset.label)")
        assert cells and all(cells)


def test_tables_have_scoped_header_cells(edition, open_page_in_browser):
    with open_page_in_browser(edition.handout) as page:
        headers = page.eval_on_selector_all("table.sermo-table th", "cells => cells.map(c => c.getAttribute('scope'))")
        assert headers and set(headers) <= {"col", "row"} and "col" in headers


def _pdf(edition):
    from pypdf import PdfReader

    return PdfReader(str(edition.pdf))


def test_pdf_has_page_numbers_after_the_cover(edition):
    reader = _pdf(edition)
    total = len(reader.pages)
    # A readable length: wide tables print as compact tables or one-line records, not cards (42 pages before).
    assert 10 <= total <= 34, f"{total} pages"
    pattern = "side {page} av {total}" if DEMO[edition.client] == "nb" else "page {page} of {total}"
    texts = [page.extract_text() for page in reader.pages]
    assert not re.search(r"(side|page) \d+ (av|of) \d+", texts[0])  # the cover carries no number
    for number, text in enumerate(texts[1:], start=2):
        assert pattern.format(page=number, total=total) in text, f"page {number} has no page number"


def test_pdf_contents_show_the_page_each_heading_is_on(edition):
    from sermo_helpers.render.pdf import heading_pages

    reader = _pdf(edition)
    pages = heading_pages(edition.pdf)
    html = edition.handout.read_text(encoding="utf-8")
    entries = re.findall(r'<a href="#([^"]+)"><span class="toc-text">([^<]+)</span><span class="toc-page">'
                         r'<span class="visually-hidden">[^<]*</span>(\d+)</span>', html)
    assert len(entries) >= 8
    contents = next(page.extract_text() for page in reader.pages if entries[0][1] in page.extract_text())
    for anchor, text, page in entries:
        assert int(page) == pages[anchor], f"{text}: contents say page {page}, the PDF has it on {pages[anchor]}"
        heading_text = reader.pages[int(page) - 1].extract_text()
        assert text.replace("&amp;", "&") in heading_text  # the heading is printed on that page
    assert re.search(rf"{re.escape(entries[-1][1])}\s*{entries[-1][2]}", contents)


def test_no_heading_is_the_last_line_of_a_page(edition):
    reader = _pdf(edition)
    html = edition.handout.read_text(encoding="utf-8")
    headings = {re.sub(r"\s+", " ", text).strip()
                for text in re.findall(r'<h[123] class="sermo-section"[^>]*>([^<]+)</h[123]>', html)}
    for number, page in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines()
                 if line.strip() and not re.fullmatch(r"(side|page) \d+ (av|of) \d+", line.strip())]
        if lines:
            assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"


def test_pdf_is_tagged_with_title_and_language(edition):
    reader = _pdf(edition)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == DEMO[edition.client]
    client = load_client_config(edition.client)
    assert reader.metadata.title.endswith(client.display_name)


def test_the_directors_summary_is_one_page_right_after_the_contents(edition):
    """Issue 15: the director's summary is the first page after the contents and holds on that one A4 page
    (the next section, which starts a new page, is on the page after it)."""
    from sermo_helpers.render.pdf import heading_pages

    pages = heading_pages(edition.pdf)
    html = edition.handout.read_text(encoding="utf-8")
    sections = re.findall(r'<h1 class="sermo-section" id="([^"]+)">([^<]*)</h1>',
                          html[html.index('<main class="stages">'):])
    (summary, title), (following, _) = sections[0], sections[1]
    assert summary == "sec-strategy-heading-summary"
    before = _pdf(edition).pages[pages[summary] - 2].extract_text()
    assert re.search(rf"{re.escape(title)}\s*{pages[summary]}\b", before)  # the page before is the contents
    assert pages[following] == pages[summary] + 1, "the director's summary runs over more than one page"
