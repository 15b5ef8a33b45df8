"""One client's edition: executed, exported and published into ``<out_root>/<slug>/``.

Outputs: ``handout.html``, ``notebooks/NN_stage.ipynb``, ``results.json`` (the headline figures and KPI
targets of every edition of the client, schema-versioned: the next edition follows them up;
:mod:`sermo_helpers.editions`) (and ``handout.pdf`` when asked), all
published together or not at all (:mod:`.publish`), so a failed re-run, a kill or a full disk never
replaces part of the last good edition. A failed run's executed notebooks, as far as they ran, are
kept in ``<out_root>/<slug>/failed/``.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import __version__, paths
from ..config import ClientConfig, claim_edition
from ..editions import RESULTS_FILE, read_results, record_edition
from ..errors import RenderError
from ..files import atomic_write, describe_os_error
from . import publish
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
    edition: str | None = None


def render_edition(client: ClientConfig, *, out_root: Path | None = None, stages=STAGES,
                   today: dt.date | None = None, pdf: bool = False, may_publish=None) -> EditionResult:
    """Execute and export one client's edition and publish it in ``<out_root>/<slug>/``.

    With ``pdf``, also print ``handout.pdf`` with headless Chromium. ``may_publish`` (no arguments,
    returns bool) is asked just before publishing; when it says no, nothing is published.

    Raises RenderError (client, notebook, failing or running cell; or the file that could not be
    written and why); the previous edition then stays in place, whole, and the failed run's
    executed notebooks are kept in ``<out_root>/<slug>/failed/`` when they can be written.
    """
    out_root = Path(out_root) if out_root else paths.editions_dir()
    edition_dir = out_root / client.slug
    try:
        claim_edition(client, edition_dir)  # another client file with this slug never overwrites it
        edition_dir.mkdir(parents=True, exist_ok=True)
        with publish.lock(edition_dir):
            publish.remove_unpublished(edition_dir)  # leftovers of renders that were killed
            history = read_results(edition_dir / RESULTS_FILE)  # a damaged file stops the run first
            folder = publish.new_edition_folder(edition_dir)
            try:
                return _render_into(client, edition_dir, folder, stages=stages, today=today, pdf=pdf,
                                    may_publish=may_publish, history=history)
            finally:
                if publish.current_edition(edition_dir) != folder:
                    shutil.rmtree(folder, ignore_errors=True)
    except OSError as error:
        raise RenderError(describe_os_error(error, f"Rendering {client.slug!r} failed: cannot write")
                          + "; the last good edition is kept.", client=client.slug) from None


def _render_into(client: ClientConfig, edition_dir: Path, folder: Path, *, stages, today, pdf,
                 may_publish, history=None) -> EditionResult:
    timings: dict[str, float] = {}
    work = folder / "work"
    work.mkdir()
    started = time.perf_counter()
    try:
        executed = execute_edition(client, work / "edition.ipynb", stages=stages,
                                   extra_parameters={"previous_results": history or {}})
    except RenderError as error:
        _keep_failed(error, edition_dir, work / "edition.ipynb")
        raise
    timings["execute"] = time.perf_counter() - started
    timings.update(execution_split(executed))
    executed.metadata.papermill["input_path"] = ", ".join(f"notebooks/{stage}.ipynb" for stage in stages)
    started = time.perf_counter()
    body = export_handout(executed, client, today=today)
    timings["export"] = time.perf_counter() - started
    atomic_write(folder / "handout.html", body)
    if pdf:
        started = time.perf_counter()
        body = print_with_page_numbers(executed, client, body, folder, today=today)
        atomic_write(folder / "handout.html", body)
        timings["pdf"] = time.perf_counter() - started
    for stage, part in split_edition(executed).items():
        atomic_write(folder / "notebooks" / f"{stage}.ipynb", nbformat.writes(part))
    record = edition_data(executed)  # published with the edition: the next one follows it up
    if record:
        atomic_write(folder / RESULTS_FILE,
                     json.dumps(record_edition(history or {}, record), ensure_ascii=False, indent=2) + "\n")
    shutil.rmtree(work)
    publish.write_record(folder, {"client": client.slug, "edition": folder.name, "package_version": __version__,
                                  "rendered_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                                  "timings": timings, "pdf": pdf})
    try:
        publish.publish(edition_dir, folder, may_publish=may_publish)
    except RuntimeError as error:
        raise RenderError(f"Rendering {client.slug!r} stopped: {error}.", client=client.slug) from None
    shutil.rmtree(edition_dir / "failed", ignore_errors=True)
    notebooks = [edition_dir / "notebooks" / f"{stage}.ipynb" for stage in stages]
    return EditionResult(client.slug, edition_dir / "handout.html", notebooks, timings,
                         edition_dir / "handout.pdf" if pdf else None, edition=folder.name)


def _keep_failed(error: RenderError, edition_dir: Path, executed_path: Path) -> None:
    """Keep the failed run's executed notebooks in ``failed/`` and point the error at them."""
    failed = edition_dir / "failed"
    try:
        kept = nbformat.read(executed_path, as_version=4)
    except (OSError, ValueError):
        kept = None  # the kernel died before papermill wrote anything
    try:
        staging = edition_dir / f".failed-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for stage, part in (split_edition(kept).items() if kept is not None else ()):
            atomic_write(staging / f"{stage}.ipynb", nbformat.writes(part))
        shutil.rmtree(failed, ignore_errors=True)
        os.replace(staging, failed)
        path = str(failed / f"{error.notebook}.ipynb") if error.notebook else str(failed)
        note = ""
    except OSError as problem:
        shutil.rmtree(edition_dir / f".failed-{os.getpid()}", ignore_errors=True)
        path = None
        note = " (" + describe_os_error(problem, "its notebooks could not be kept: cannot write") + ")"
    message = error.message.replace(f"The executed notebook is kept at {executed_path}.",
                                    f"The executed notebooks are kept in {failed}/." if path else
                                    "The last good edition is kept." + note)
    error.executed_path = path
    error.args = (message,)
    error.message = message


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
