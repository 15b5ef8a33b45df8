"""One client's edition: executed, exported and moved into ``<out_root>/<slug>/``.

Outputs: ``handout.html``, ``notebooks/NN_stage.ipynb``, ``results.json`` (the headline figures and KPI
targets of every edition of the client, schema-versioned: the next edition follows them up) and
``handout.pdf`` when asked. They are
produced in a temporary folder first and moved into place only when everything succeeded, so a
failed re-run never replaces the last good handout; a failed run's executed notebooks are kept in
``<out_root>/<slug>/failed/``.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import paths
from ..config import ClientConfig, claim_edition
from ..editions import RESULTS_FILE, read_results, record_edition
from ..errors import RenderError
from ..files import atomic_write
from .execute import execute_edition, execution_split
from .export import edition_data, export_handout
from .notebooks import STAGES, split_edition
from .pdf import heading_pages, print_pdf


@dataclass
class EditionResult:
    """What one rendered edition produced and how long each part took (seconds)."""

    client: str
    handout: Path
    notebooks: list[Path]
    timings: dict[str, float] = field(default_factory=dict)
    pdf: Path | None = None


def render_edition(client: ClientConfig, *, out_root: Path | None = None, stages=STAGES,
                   today: dt.date | None = None, pdf: bool = False) -> EditionResult:
    """Execute and export one client's edition into ``<out_root>/<slug>/``.

    With ``pdf``, also print ``handout.pdf`` with headless Chromium.

    Raises RenderError (client, notebook, failing cell); the previous good handout stays in place
    and the failed run's executed notebooks are kept in ``<out_root>/<slug>/failed/``.
    """
    out_root = Path(out_root) if out_root else paths.editions_dir()
    edition_dir = out_root / client.slug
    claim_edition(client, edition_dir)  # another client file with this slug never overwrites it
    edition_dir.mkdir(parents=True, exist_ok=True)
    results_path = edition_dir / RESULTS_FILE
    history = read_results(results_path)  # a damaged file stops the run before anything is replaced
    work = Path(tempfile.mkdtemp(dir=edition_dir, prefix=".render-"))
    timings: dict[str, float] = {}
    try:
        started = time.perf_counter()
        try:
            executed = execute_edition(client, work / "edition.ipynb", stages=stages,
                                       extra_parameters={"previous_results": history})
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
        timings.update(execution_split(executed))
        executed.metadata.papermill["input_path"] = ", ".join(f"notebooks/{stage}.ipynb" for stage in stages)
        started = time.perf_counter()
        body = export_handout(executed, client, today=today)
        timings["export"] = time.perf_counter() - started
        # Everything is produced in the work folder first; only then moved into place.
        (work / "handout.html").write_text(body, encoding="utf-8")
        if pdf:
            started = time.perf_counter()
            body = print_with_page_numbers(executed, client, body, work, today=today)
            timings["pdf"] = time.perf_counter() - started
        notebooks = []
        (edition_dir / "notebooks").mkdir(exist_ok=True)
        for stage, part in split_edition(executed).items():
            target = edition_dir / "notebooks" / f"{stage}.ipynb"
            atomic_write(target, nbformat.writes(part))
            notebooks.append(target)
        record = edition_data(executed)
        if record:
            atomic_write(results_path, json.dumps(record_edition(history, record), ensure_ascii=False, indent=2) + "\n")
        handout = edition_dir / "handout.html"
        atomic_write(handout, body)
        printed = None
        if pdf:
            printed = edition_dir / "handout.pdf"
            os.chmod(work / "handout.pdf", 0o644)
            os.replace(work / "handout.pdf", printed)
        shutil.rmtree(edition_dir / "failed", ignore_errors=True)
        return EditionResult(client.slug, handout, notebooks, timings, printed)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_with_page_numbers(executed, client: ClientConfig, body: str, work: Path, *, today=None,
                            attempts: int = 3) -> str:
    """Print ``body`` to ``work/handout.pdf`` with the contents' page numbers filled in; return the HTML.

    Chromium cannot number the contents itself (no ``target-counter``), so the handout is printed, the
    headings' pages are read from the PDF, the contents are filled in and the handout printed again,
    until the pages no longer move (they do not when the contents keep their length).
    """
    pages: dict[str, int] = {}
    for _ in range(attempts):
        (work / "handout.html").write_text(body, encoding="utf-8")
        print_pdf(work / "handout.html", work / "handout.pdf")
        printed = heading_pages(work / "handout.pdf")
        if pages and all(printed.get(anchor) == page for anchor, page in pages.items()):
            return body
        pages = printed
        body = export_handout(executed, client, today=today, pages=pages)
    (work / "handout.html").write_text(body, encoding="utf-8")
    print_pdf(work / "handout.html", work / "handout.pdf")
    return body
