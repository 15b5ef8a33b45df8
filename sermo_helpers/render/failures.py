"""Where an edition failed: a kernel's exception mapped back to its stage notebook and cell."""
from __future__ import annotations

import nbformat


def failing_cell(executed: nbformat.NotebookNode, cell_index: int | None):
    """Stage notebook and index of the cell that raised: the cell holding an error output (papermill
    puts an extra error note at the top of the executed notebook, so its ``cell_index`` is off by one)."""
    failed = [cell for cell in executed.cells if any(output.get("output_type") == "error"
                                                     for output in cell.get("outputs", []))]
    if not failed and cell_index is not None and 0 <= cell_index < len(executed.cells):
        failed = [executed.cells[cell_index]]
    where = failed[0].metadata.get("sermo", {}) if failed else {}
    return where.get("notebook"), where.get("cell_index")
