"""Rendering an edition: the four stage notebooks run on a real kernel, exported as one handout.

The only place where papermill and nbconvert are used. An edition is rendered as one notebook: the
four stage notebooks' cells in order (each cell tagged with its stage notebook and index), the first
``parameters`` cell kept for papermill to inject the client's parameters after it, the other stages'
``parameters`` cells dropped (they would reset the injected values). One kernel start and one set of
imports serve all four stages. The executed edition is split back into the four executed stage
notebooks, kept beside the handout for inspection.

Outputs go to ``editions/<slug>/``: ``handout.html``, ``notebooks/NN_stage.ipynb``. They are written
to a temporary folder first and moved into place only when everything succeeded, so a failed
re-run never replaces the last good handout; a failed run's executed notebooks are kept in
``editions/<slug>/failed/``.
"""
from __future__ import annotations

import base64
import copy
import datetime as dt
import html
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import __version__, paths
from .config import ClientConfig
from .errors import RenderError
from .i18n import format_date, label

STAGES = ("01_listen", "02_influence", "03_engage", "04_strategy")
KERNEL_NAME = "python3"
HEADING_PATTERN = re.compile(r'<h([12]) class="sermo-section" id="([^"]+)">(.*?)</h\1>', re.S)
HANDOUT_TEMPLATE = "handout"
HEADLESS_VARIABLE = "SERMO_HEADLESS"


@dataclass
class EditionResult:
    """What one rendered edition produced and how long each part took (seconds)."""

    client: str
    handout: Path
    notebooks: list[Path]
    timings: dict[str, float] = field(default_factory=dict)
    pdf: Path | None = None


def stage_notebook_path(stage: str) -> Path:
    return paths.notebooks_dir() / f"{stage}.ipynb"


def _is_parameters(cell) -> bool:
    return "parameters" in cell.get("metadata", {}).get("tags", [])


def build_edition_notebook(stages=STAGES) -> nbformat.NotebookNode:
    """One notebook holding the stage notebooks' cells in order, each tagged with where it came from."""
    edition = None
    for stage in stages:
        notebook = nbformat.read(stage_notebook_path(stage), as_version=4)
        if edition is None:
            edition = nbformat.v4.new_notebook(metadata=copy.deepcopy(notebook.metadata))
        for index, cell in enumerate(notebook.cells):
            if _is_parameters(cell) and stage != stages[0]:
                continue
            cell = copy.deepcopy(cell)
            cell.metadata["sermo"] = {"notebook": stage, "cell_index": index}
            edition.cells.append(cell)
    return edition


def split_edition(executed: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    """The executed edition cut back into one executed notebook per stage."""
    parts: dict[str, nbformat.NotebookNode] = {}
    # Cells without a stage (papermill's injected parameters, its error note at the top) join the
    # stage before them, or the first stage.
    current = next((cell.metadata["sermo"]["notebook"] for cell in executed.cells if "sermo" in cell.metadata), None)
    for cell in executed.cells:
        stage = cell.metadata.get("sermo", {}).get("notebook", current)
        current = stage
        if stage not in parts:
            parts[stage] = nbformat.v4.new_notebook(metadata=copy.deepcopy(executed.metadata))
        parts[stage].cells.append(cell)
    return parts


def _failing_cell(executed: nbformat.NotebookNode, cell_index: int | None):
    """Stage notebook and index of the cell that raised: the cell holding an error output (papermill
    puts an extra error note at the top of the executed notebook, so its ``cell_index`` is off by one)."""
    failed = [cell for cell in executed.cells if any(output.get("output_type") == "error"
                                                     for output in cell.get("outputs", []))]
    if not failed and cell_index is not None and 0 <= cell_index < len(executed.cells):
        failed = [executed.cells[cell_index]]
    where = failed[0].metadata.get("sermo", {}) if failed else {}
    return where.get("notebook"), where.get("cell_index")


def execute_edition(client: ClientConfig, output_path: Path, *, stages=STAGES,
                    kernel_name: str = KERNEL_NAME) -> nbformat.NotebookNode:
    """Execute the edition notebook for ``client`` on a real kernel; return the executed notebook.

    Raises RenderError naming client, stage notebook and failing cell; the executed notebook is
    left at ``output_path`` for inspection.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    edition = build_edition_notebook(stages)
    previous = os.environ.get(HEADLESS_VARIABLE)
    os.environ[HEADLESS_VARIABLE] = "1"  # the kernel inherits it: explorers show static output
    try:
        return papermill.execute_notebook(
            edition, str(output_path), parameters=client.to_parameters(), kernel_name=kernel_name,
            progress_bar=False, cwd=str(paths.notebooks_dir()), shutdown_kernel="immediate",
            # Saving the whole notebook after every cell costs about half of an edition's time (its
            # figures are rewritten each time); papermill still writes it at the end and on failure.
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        executed = nbformat.read(output_path, as_version=4)
        notebook, index = _failing_cell(executed, exc.cell_index)
        raise RenderError(
            f"Rendering {client.slug!r} failed in notebook {notebook}, cell {index}: {exc.ename}: {exc.evalue}\n"
            f"The executed notebook is kept at {output_path}.",
            client=client.slug, notebook=notebook, cell_index=index, source=exc.source,
            ename=exc.ename, evalue=exc.evalue, executed_path=str(output_path)) from None
    finally:
        if previous is None:
            os.environ.pop(HEADLESS_VARIABLE, None)
        else:
            os.environ[HEADLESS_VARIABLE] = previous


def _execution_split(executed: nbformat.NotebookNode) -> dict[str, float]:
    """Seconds from papermill's start to the first cell (kernel start) and spent in cells."""
    from datetime import datetime

    cells = [cell.metadata.get("papermill", {}) for cell in executed.cells]
    starts = [datetime.fromisoformat(cell["start_time"]) for cell in cells if cell.get("start_time")]
    begun = executed.metadata.get("papermill", {}).get("start_time")
    split = {"cells": sum(cell.get("duration") or 0.0 for cell in cells)}
    if starts and begun:
        split["kernel_start"] = (min(starts) - datetime.fromisoformat(begun)).total_seconds()
    return split


def _handout_cells(executed: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Only what a client reads: code cells' displayed outputs, no parameters, warnings or widgets."""
    handout = nbformat.v4.new_notebook(metadata=copy.deepcopy(executed.metadata))
    for cell in executed.cells:
        tags = cell.metadata.get("tags", [])
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
                        if mime != "application/vnd.jupyter.widget-view+json"}
                if set(data) <= {"text/plain"}:  # a bare repr (e.g. a widget's) is not content
                    continue
                output = copy.deepcopy(output)
                output.data = data
            outputs.append(output)
        if outputs:
            cell = copy.deepcopy(cell)
            cell.outputs = outputs
            cell.source = ""
            handout.cells.append(cell)
    return handout


FONT_FACES = (("DejaVuSans.woff", "normal", "normal"), ("DejaVuSans-Bold.woff", "bold", "normal"),
              ("DejaVuSans-Oblique.woff", "normal", "italic"))


def embedded_fonts(style_dir: Path) -> str:
    """``@font-face`` rules with the house fonts as data URIs, so the handout needs no font service."""
    rules = []
    for name, weight, style in FONT_FACES:
        data = base64.b64encode((style_dir / "fonts" / name).read_bytes()).decode("ascii")
        rules.append(f'@font-face {{ font-family: "Sermo Sans"; font-weight: {weight}; font-style: {style}; '
                     f'src: url(data:font/woff;base64,{data}) format("woff"); }}')
    return "\n".join(rules)


def _format_date(day: dt.date, language: str) -> str:
    return format_date(day, language)


def _joined(text) -> str:
    return "".join(text) if isinstance(text, list) else text  # notebook files may split text into lines


def table_of_contents(markup: str) -> list[dict]:
    """Headings (levels 1–2) marked ``sermo-section`` in ``markup``, in order."""
    return [{"level": int(level), "id": anchor, "text": html.unescape(re.sub(r"<[^>]+>", "", text))}
            for level, anchor, text in HEADING_PATTERN.findall(markup)]


def export_handout(executed: nbformat.NotebookNode, client: ClientConfig, *, today: dt.date | None = None) -> str:
    """The client's handout: one self-contained HTML page with cover, contents and the four stages."""
    from nbconvert import HTMLExporter

    template_root = paths.templates_dir()
    style_dir = template_root / HANDOUT_TEMPLATE
    exporter = HTMLExporter(
        template_name=HANDOUT_TEMPLATE, extra_template_basedirs=[str(template_root)],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )
    language = client.language
    handout = _handout_cells(executed)
    logo = base64.b64encode((style_dir / "logo.svg").read_bytes()).decode("ascii")
    today = today or dt.date.today()
    period = label("handout.period", language, start=_format_date(client.period_start, language),
                   end=_format_date(client.period_end, language))
    resources = {"sermo": {
        "language": language,
        "title": label("handout.title", language),
        "subtitle": label("handout.subtitle", language),
        "client": client.display_name,
        "period": period,
        "prepared": label("handout.prepared", language, date=_format_date(today, language)),
        "contents": label("handout.contents", language),
        "motto": label("handout.motto", language),
        "css": embedded_fonts(style_dir) + "\n" + (style_dir / "handout.css").read_text(encoding="utf-8"),
        "logo": f"data:image/svg+xml;base64,{logo}",
        "version": __version__,
        # The headings are the cells' own HTML outputs, so the contents are known before exporting.
        "toc": table_of_contents("".join(_joined(output.get("data", {}).get("text/html", ""))
                                         for cell in handout.cells for output in cell.outputs)),
    }}
    body, _ = exporter.from_notebook_node(handout, resources=resources)
    return body


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a handout is meant to be shared
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


def print_pdf(handout: Path, target: Path, *, chromium: str | None = None, timeout: float = 120) -> Path:
    """Print the handout to PDF with headless Chromium (the print stylesheet applies).

    Raises RenderError when Chromium is missing or fails.
    """
    import subprocess

    chromium = chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise RenderError("PDF needs Chromium: install Debian's chromium package (make test does).",
                          notebook=None)
    temporary = target.with_name(f".{target.name}.tmp")
    with tempfile.TemporaryDirectory() as profile:
        completed = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
             f"--print-to-pdf={temporary}", handout.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout)
    if completed.returncode != 0 or not temporary.is_file() or temporary.stat().st_size == 0:
        temporary.unlink(missing_ok=True)
        raise RenderError(f"Chromium could not print {handout} to PDF: {completed.stderr.strip()[-500:]}")
    os.replace(temporary, target)
    return target


def render_edition(client: ClientConfig, *, out_root: Path | None = None, stages=STAGES,
                   today: dt.date | None = None, pdf: bool = False) -> EditionResult:
    """Execute and export one client's edition into ``<out_root>/<slug>/``.

    With ``pdf``, also print ``handout.pdf`` with headless Chromium.

    Raises RenderError (client, notebook, failing cell); the previous good handout stays in place
    and the failed run's executed notebooks are kept in ``<out_root>/<slug>/failed/``.
    """
    out_root = Path(out_root) if out_root else paths.editions_dir()
    edition_dir = out_root / client.slug
    edition_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=edition_dir, prefix=".render-"))
    timings: dict[str, float] = {}
    try:
        started = time.perf_counter()
        try:
            executed = execute_edition(client, work / "edition.ipynb", stages=stages)
        except RenderError as error:
            failed = edition_dir / "failed"
            shutil.rmtree(failed, ignore_errors=True)
            failed.mkdir()
            kept = nbformat.read(work / "edition.ipynb", as_version=4)
            for stage, part in split_edition(kept).items():
                nbformat.write(part, failed / f"{stage}.ipynb")
            error.executed_path = str(failed / f"{error.notebook}.ipynb") if error.notebook else str(failed)
            error.args = (error.message.replace(str(work / "edition.ipynb"), error.executed_path),)
            error.message = error.args[0]
            raise
        timings["execute"] = time.perf_counter() - started
        timings.update(_execution_split(executed))
        executed.metadata.papermill["input_path"] = ", ".join(f"notebooks/{stage}.ipynb" for stage in stages)
        started = time.perf_counter()
        body = export_handout(executed, client, today=today)
        timings["export"] = time.perf_counter() - started
        # Everything is produced in the work folder first; only then moved into place.
        (work / "handout.html").write_text(body, encoding="utf-8")
        if pdf:
            started = time.perf_counter()
            print_pdf(work / "handout.html", work / "handout.pdf")
            timings["pdf"] = time.perf_counter() - started
        notebooks = []
        (edition_dir / "notebooks").mkdir(exist_ok=True)
        for stage, part in split_edition(executed).items():
            target = edition_dir / "notebooks" / f"{stage}.ipynb"
            _write_atomic(target, nbformat.writes(part))
            notebooks.append(target)
        handout = edition_dir / "handout.html"
        _write_atomic(handout, body)
        printed = None
        if pdf:
            printed = edition_dir / "handout.pdf"
            os.chmod(work / "handout.pdf", 0o644)
            os.replace(work / "handout.pdf", printed)
        shutil.rmtree(edition_dir / "failed", ignore_errors=True)
        return EditionResult(client.slug, handout, notebooks, timings, printed)
    finally:
        shutil.rmtree(work, ignore_errors=True)
