"""Where an edition failed: a kernel's exception, or its death, mapped back to its stage notebook and cell."""
from __future__ import annotations

from pathlib import Path

import nbformat

from ..errors import RenderError


def failing_cell(executed: nbformat.NotebookNode, cell_index: int | None):
    """Stage notebook and index of the cell that raised: the cell holding an error output (papermill
    puts an extra error note at the top of the executed notebook, so its ``cell_index`` is off by one)."""
    failed = [cell for cell in executed.cells if any(output.get("output_type") == "error"
                                                     for output in cell.get("outputs", []))]
    if not failed and cell_index is not None and 0 <= cell_index < len(executed.cells):
        failed = [executed.cells[cell_index]]
    where = failed[0].metadata.get("sermo", {}) if failed else {}
    return where.get("notebook"), where.get("cell_index")


def running_cell(executed: nbformat.NotebookNode):
    """Stage notebook, index and source of the last cell papermill started (or Nones).

    When the kernel dies, papermill still marks the running cell completed, so the last cell with
    a start time is the one that was running.
    """
    started = [cell for cell in executed.cells if cell.metadata.get("papermill", {}).get("start_time")]
    if not started:
        return None, None, None
    where = started[-1].metadata.get("sermo", {})
    return where.get("notebook"), where.get("cell_index"), started[-1].get("source")


def _read(path: Path) -> nbformat.NotebookNode | None:
    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError):  # nothing written yet (the kernel died while starting)
        return None


def execution_error(slug: str, exc, output_path: Path) -> RenderError:
    """A RenderError for an exception raised inside the kernel (papermill's PapermillExecutionError)."""
    executed = _read(output_path)
    notebook, index = failing_cell(executed, exc.cell_index) if executed is not None else (None, None)
    return RenderError(
        f"Rendering {slug!r} failed in notebook {notebook}, cell {index}: {exc.ename}: {exc.evalue}\n"
        f"The executed notebook is kept at {output_path}.",
        client=slug, notebook=notebook, cell_index=index, source=exc.source,
        ename=exc.ename, evalue=exc.evalue, executed_path=str(output_path))


def dead_kernel_error(slug: str, exc, output_path: Path) -> RenderError:
    """A RenderError for a kernel that died (killed, or out of memory): which stage and cell were running."""
    executed = _read(output_path)
    notebook, index, source = running_cell(executed) if executed is not None else (None, None, None)
    where = (f"while running notebook {notebook}, cell {index}" if notebook is not None
             else "while starting")
    # In an edition, Listen's setup cell also computes the later stages' results (workbook.analyse_ahead)
    ahead = (" That cell also computes the Influence, Engage and Strategy results ahead of their notebooks; "
             "the kernel may have died in one of them." if notebook == "01_listen" and "analyse_listen(" in (source or "")
             else "")
    return RenderError(
        f"Rendering {slug!r} failed: the kernel died {where} (it was killed, or ran out of memory).{ahead}\n"
        f"The executed notebook is kept at {output_path}.",
        client=slug, notebook=notebook, cell_index=index, source=source, ename="DeadKernelError",
        evalue=str(exc) or "Kernel died", executed_path=str(output_path))
