"""Contract of the stage notebooks: they narrate, the package computes."""
import ast

import nbformat
import pytest

from sermo_helpers.config import PARAMETER_NAMES, load_client_config
from sermo_helpers.render import STAGES, stage_notebook_path

FORBIDDEN = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.While, ast.Lambda)


def read(stage):
    return nbformat.read(stage_notebook_path(stage), as_version=4)


def parameter_values(cell) -> dict:
    tree = ast.parse(cell.source)
    return {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)}


@pytest.mark.parametrize("stage", STAGES)
def test_one_parameters_cell_with_the_client_file_names(stage):
    notebook = read(stage)
    cells = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(cells) == 1
    assert list(parameter_values(cells[0])) == list(PARAMETER_NAMES)


@pytest.mark.parametrize("stage", STAGES)
def test_defaults_run_the_demo_client(stage):
    cell = next(cell for cell in read(stage).cells if "parameters" in cell.metadata.get("tags", []))
    assert parameter_values(cell) == load_client_config("fjordvik").to_parameters()


@pytest.mark.parametrize("stage", STAGES)
def test_committed_without_outputs(stage):
    for cell in read(stage).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("stage", STAGES)
def test_no_business_logic_in_notebooks(stage):
    notebook = read(stage)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        offending = [type(node).__name__ for node in ast.walk(ast.parse(cell.source)) if isinstance(node, FORBIDDEN)]
        assert offending == [], f"{stage}: cell {cell.source[:60]!r} defines or loops"


@pytest.mark.parametrize("stage", STAGES)
def test_setup_opens_the_workbook_from_the_parameters(stage):
    sources = [cell.source for cell in read(stage).cells if cell.cell_type == "code"]
    assert "open_workbook(globals())" in sources[1]


@pytest.mark.slow
def test_a_stage_notebook_runs_with_the_papermill_command_and_a_client_file(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from sermo_helpers import paths

    executed = tmp_path / "01_listen.ipynb"
    papermill = Path(sys.executable).parent / "papermill"
    completed = subprocess.run(
        [str(papermill), str(stage_notebook_path("01_listen")), str(executed),
         "-f", str(paths.clients_dir() / "coastline.yaml"), "--no-progress-bar"],
        capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-2000:]
    notebook = nbformat.read(executed, as_version=4)
    injected = [cell for cell in notebook.cells if "injected-parameters" in cell.metadata.get("tags", [])]
    assert len(injected) == 1 and "slug = \"coastline\"" in injected[0].source
    html = [output.data["text/html"] for cell in notebook.cells for output in cell.get("outputs", [])
            if output.get("data", {}).get("text/html")]
    assert '<h1 class="sermo-section" id="sec-stage-listen">1 Listen</h1>' in html  # the English client's heading
