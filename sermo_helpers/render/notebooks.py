"""The edition notebook: the four stage notebooks merged into one for a single kernel, and split back.

An edition is executed as one notebook: the stage notebooks' cells in order, each tagged with its
stage notebook and index (``cell.metadata["sermo"]``), the first ``parameters`` cell kept for
papermill to inject the client's parameters after it, the other stages' ``parameters`` cells dropped
(they would reset the injected values). One kernel start and one set of imports serve all four stages.
"""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from .. import paths

STAGES = ("01_listen", "02_influence", "03_engage", "04_strategy")


def stage_notebook_path(stage: str) -> Path:
    return paths.notebooks_dir() / f"{stage}.ipynb"


def is_parameters(cell) -> bool:
    return "parameters" in cell.get("metadata", {}).get("tags", [])


def build_edition_notebook(stages=STAGES) -> nbformat.NotebookNode:
    """One notebook holding the stage notebooks' cells in order, each tagged with where it came from."""
    edition = None
    for stage in stages:
        notebook = nbformat.read(stage_notebook_path(stage), as_version=4)
        if edition is None:
            edition = nbformat.v4.new_notebook(metadata=copy.deepcopy(notebook.metadata))
        for index, cell in enumerate(notebook.cells):
            if is_parameters(cell) and stage != stages[0]:
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
