"""Headless run of 01_listen with the explorer cell on a real kernel: static figure and table, no widget."""
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "01_listen.ipynb"
EXPLORER_CELL = "from sermo_helpers.explore import explore_listen\n\nexplore_listen(data, client)"
WIDGET = "application/vnd.jupyter.widget-view+json"


@pytest.mark.slow
def test_papermill_run_shows_the_static_view_and_no_widget(tmp_path, monkeypatch):
    import papermill

    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    if not any("explore_listen(" in "".join(cell["source"]) for cell in notebook["cells"]):
        notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "sermo-explore-test",
                                  "metadata": {}, "outputs": [], "source": EXPLORER_CELL})
    source = tmp_path / "01_listen.ipynb"
    source.write_text(json.dumps(notebook), encoding="utf-8")
    monkeypatch.setenv("SERMO_HEADLESS", "1")  # what sermo_helpers.render sets for its kernels
    executed = papermill.execute_notebook(str(source), str(tmp_path / "out.ipynb"), kernel_name="python3",
                                          progress_bar=False, cwd=str(tmp_path), shutdown_kernel="immediate")
    cell = next(cell for cell in executed.cells if "explore_listen(" in "".join(cell.source))
    kinds = [sorted(output.get("data", {})) for output in cell.outputs]
    assert all(output.output_type == "display_data" for output in cell.outputs)
    assert kinds == [["text/html", "text/plain"], ["image/png", "text/plain"], ["text/html", "text/plain"]]
    assert "sermo-table" in cell.outputs[2].data["text/html"]
    assert not any(WIDGET in output.get("data", {}) for c in executed.cells for output in c.get("outputs", []))
    assert "widgets" not in executed.metadata  # no widget state saved either
