"""The client's handout: the executed edition's displayed outputs in the house template, as HTML."""
from __future__ import annotations

import base64
import copy
import datetime as dt

import nbformat

from .. import __version__, paths
from ..config import ClientConfig
from ..i18n import format_date, label
from ..outputs import EDITION_MIME  # defined outside the renderer: the kernel publishes it without loading nbformat
from .contents import table_of_contents
from .styles import handout_css

HANDOUT_TEMPLATE = "handout"
#: A cell with this tag opens the handout (the director's summary): moved before the stages, in order.
FIRST_TAG = "handout-first"
#: A Markdown cell with this tag is shown in the handout as the strategist's assessment.
NOTE_TAG = "handout"
# EDITION_MIME (sermo_helpers.outputs): the edition's data (headline figures, cover figures, KPI
# targets) a notebook publishes for the renderer: read by :func:`edition_data`, never shown in the handout.


def handout_cells(executed: nbformat.NotebookNode, *, language: str = "nb") -> nbformat.NotebookNode:
    """Only what a client reads: code cells' displayed outputs, no parameters, warnings or widgets.

    Cells tagged :data:`FIRST_TAG` come first (the director's summary opens the handout); the
    edition data (:data:`EDITION_MIME`) is left out. A Markdown cell tagged :data:`NOTE_TAG` is the
    strategist's voice: shown at its place in the "Sermo's assessment" block (raw HTML and unsafe links
    refused: ConfigError listing them); other Markdown cells are notes for the strategist only.
    """
    from ..notes import assessment_block, render_markdown

    handout = nbformat.v4.new_notebook(metadata=copy.deepcopy(executed.metadata))
    first = []
    for cell in executed.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown" and NOTE_TAG in tags:
            where = f"Markdown cell {cell.get('id', '')} of {cell.metadata.get('sermo', {}).get('notebook', 'the notebook')}"
            block = assessment_block(render_markdown(_joined(cell.source), where=where), language)
            note = nbformat.v4.new_code_cell(source="")
            note.outputs = [nbformat.v4.new_output("display_data", data={"text/html": block})]
            (first if FIRST_TAG in tags else handout.cells).append(note)
            continue
        if cell.cell_type != "code" or "parameters" in tags or "injected-parameters" in tags:
            continue
        outputs = []
        for output in cell.get("outputs", []):
            if output.output_type == "stream":  # print() output and warnings are for the strategist
                continue
            if output.output_type == "error":
                continue
            if output.output_type in ("display_data", "execute_result"):
                data = {mime: value for mime, value in output.data.items()
                        if mime not in ("application/vnd.jupyter.widget-view+json", EDITION_MIME)}
                if set(data) <= {"text/plain"}:  # a bare repr (e.g. a widget's) is not content
                    continue
                output = copy.deepcopy(output)
                output.data = data
            outputs.append(output)
        if outputs:
            cell = copy.deepcopy(cell)
            cell.outputs = outputs
            cell.source = ""
            (first if FIRST_TAG in tags else handout.cells).append(cell)
    handout.cells[:0] = first
    return handout


def edition_data(executed: nbformat.NotebookNode) -> dict:
    """The edition data the notebooks published (:data:`EDITION_MIME`; the last one wins), or ``{}``."""
    found: dict = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.output_type in ("display_data", "execute_result") and EDITION_MIME in output.get("data", {}):
                found = dict(output.data[EDITION_MIME])
    return found


def _format_date(day: dt.date, language: str) -> str:
    return format_date(day, language)


def _joined(text) -> str:
    return "".join(text) if isinstance(text, list) else text  # notebook files may split text into lines


def export_handout(executed: nbformat.NotebookNode, client: ClientConfig, *, today: dt.date | None = None,
                   pages: dict[str, int] | None = None, key_figures: list[dict] | None = None) -> str:
    """The client's handout: one self-contained HTML page with cover, contents and the four stages.

    ``pages`` (heading id -> page, from a first print) puts page numbers in the printed contents;
    ``key_figures`` (``{value, what}``, at most three) go on the cover; without them, the cover figures
    the notebooks published (:func:`edition_data`, ``cover``).
    """
    from nbconvert import HTMLExporter

    template_root = paths.templates_dir()
    style_dir = template_root / HANDOUT_TEMPLATE
    exporter = HTMLExporter(
        template_name=HANDOUT_TEMPLATE, extra_template_basedirs=[str(template_root)],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )
    language = client.language
    handout = handout_cells(executed, language=language)
    logo = base64.b64encode((style_dir / "logo.svg").read_bytes()).decode("ascii")
    today = today or dt.date.today()
    period = label("handout.period", language, start=_format_date(client.period_start, language),
                   end=_format_date(client.period_end, language))
    # The headings are the cells' own HTML outputs, so the contents are known before exporting.
    toc = table_of_contents("".join(_joined(output.get("data", {}).get("text/html", ""))
                                    for cell in handout.cells for output in cell.outputs))
    for entry in toc:
        entry["page"] = (pages or {}).get(entry["id"])
    resources = {"sermo": {
        "language": language,
        "title": label("handout.title", language),
        "subtitle": label("handout.subtitle", language),
        "client": client.display_name,
        "period": period,
        "prepared": label("handout.prepared", language, date=_format_date(today, language)),
        "contents": label("handout.contents", language),
        "motto": label("handout.motto", language),
        "css": handout_css(style_dir),
        "logo": f"data:image/svg+xml;base64,{logo}",
        "version": __version__,
        "toc": toc,
        "page_of": label("handout.page_of", language),
        "page_word": label("handout.page_word", language),
        "key_figures": list(key_figures if key_figures is not None else edition_data(executed).get("cover", []))[:3],
    }}
    body, _ = exporter.from_notebook_node(handout, resources=resources)
    return body
