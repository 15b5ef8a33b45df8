"""The 02_influence notebook, run for real on the demo client: it executes and shows no private person."""
import base64

import pytest

from sermo_helpers import paths
from sermo_helpers.config import load_client_config
from sermo_helpers.demo import PLANTED, generate_demo
from sermo_helpers.privacy import is_public_name


@pytest.mark.slow
def test_notebook_runs_on_the_demo_and_shows_no_private_person(tmp_path, monkeypatch):
    papermill = pytest.importorskip("papermill")
    monkeypatch.setenv("SERMO_HEADLESS", "1")  # the kernel inherits it: the explorer shows its static network
    if not (paths.data_dir() / "clients" / "fjordvik" / "mentions.csv").is_file():
        pytest.skip("demo data not written yet (run `sermo demo`)")
    output = tmp_path / "02_influence.ipynb"
    notebook = papermill.execute_notebook(str(paths.notebooks_dir() / "02_influence.ipynb"), str(output),
                                          cwd=str(paths.notebooks_dir()), progress_bar=False)
    shown, images = [], 0
    for cell in notebook["cells"]:
        for item in cell.get("outputs", []):
            assert item.get("output_type") != "error", item
            data = item.get("data", {})
            shown.append(data.get("text/html", "") + data.get("text/plain", "") + item.get("text", ""))
            if "image/png" in data:
                assert len(base64.b64decode(data["image/png"])) > 10_000
                images += 1
    text = "\n".join(shown)
    assert images == 2  # the ecosystem map and the network
    client = load_client_config("fjordvik")
    private = {author for author in generate_demo("fjordvik")["mentions"]["author"].dropna().unique()
               if not is_public_name(author, client)}
    assert PLANTED["fjordvik"]["critic"] in private
    assert [name for name in private if name in text] == []
    assert "NRK Vestland" in text and "Innbygger " in text and "Sirkelen vi bør engasjere" in text
