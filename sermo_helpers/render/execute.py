"""Executing the edition notebook on a real Jupyter kernel with papermill."""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import nbformat

from .. import paths
from ..config import ClientConfig
from ..errors import RenderError
from .failures import failing_cell
from .notebooks import STAGES, build_edition_notebook

KERNEL_NAME = "python3"
HEADLESS_VARIABLE = "SERMO_HEADLESS"
ARROW_POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"


def execute_edition(client: ClientConfig, output_path: Path, *, stages=STAGES,
                    kernel_name: str = KERNEL_NAME, extra_parameters: dict | None = None) -> nbformat.NotebookNode:
    """Execute the edition notebook for ``client`` on a real kernel; return the executed notebook.

    ``extra_parameters`` are injected with the client's (e.g. ``previous_results``, the saved results of
    the client's earlier editions).

    Raises RenderError naming client, stage notebook and failing cell; the executed notebook is
    left at ``output_path`` for inspection.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    edition = build_edition_notebook(stages)
    # The kernel inherits these: explorers show static output; Arrow (the text columns) uses an
    # allocator that gives freed memory back (see kernel_memory_pool).
    settings = {HEADLESS_VARIABLE: "1"}
    if ARROW_POOL_VARIABLE not in os.environ:
        settings[ARROW_POOL_VARIABLE] = kernel_memory_pool()
    previous = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        return papermill.execute_notebook(
            edition, str(output_path), parameters=client.to_parameters() | dict(extra_parameters or {}), kernel_name=kernel_name,
            progress_bar=False, cwd=str(paths.notebooks_dir()), shutdown_kernel="immediate",
            # Saving the whole notebook after every cell costs about half of an edition's time (its
            # figures are rewritten each time); papermill still writes it at the end and on failure.
            request_save_on_cell_execute=False,
            # No output history in the kernel: IPython would otherwise keep every cell's value
            # (``Out[n]``, ``_``), and an explorer's value holds its own copy of the mentions until
            # the kernel ends (with two million mentions, gigabytes).
            extra_arguments=["--InteractiveShell.cache_size=0"],
        )
    except PapermillExecutionError as exc:
        executed = nbformat.read(output_path, as_version=4)
        notebook, index = failing_cell(executed, exc.cell_index)
        raise RenderError(
            f"Rendering {client.slug!r} failed in notebook {notebook}, cell {index}: {exc.ename}: {exc.evalue}\n"
            f"The executed notebook is kept at {output_path}.",
            client=client.slug, notebook=notebook, cell_index=index, source=exc.source,
            ename=exc.ename, evalue=exc.evalue, executed_path=str(output_path)) from None
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def kernel_memory_pool() -> str:
    """The Arrow memory pool for the kernel: jemalloc where this pyarrow has it, else the system's.

    Arrow's default (mimalloc) keeps freed blocks for reuse, so a kernel that filters two million
    mentions a few times keeps hundreds of MB it no longer uses; measured with benchmarks/scale.py.
    """
    import pyarrow

    try:
        pyarrow.jemalloc_memory_pool()
    except NotImplementedError:
        return "system"
    return "jemalloc"


def execution_split(executed: nbformat.NotebookNode) -> dict[str, float]:
    """Seconds from papermill's start to the first cell (kernel start) and spent in cells."""
    cells = [cell.metadata.get("papermill", {}) for cell in executed.cells]
    starts = [datetime.fromisoformat(cell["start_time"]) for cell in cells if cell.get("start_time")]
    begun = executed.metadata.get("papermill", {}).get("start_time")
    split = {"cells": sum(cell.get("duration") or 0.0 for cell in cells)}
    if starts and begun:
        split["kernel_start"] = (min(starts) - datetime.fromisoformat(begun)).total_seconds()
    return split
