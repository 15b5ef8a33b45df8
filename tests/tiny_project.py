"""A small project for run-safety tests: the real parameters cells, a few quick cells, real kernels.

Built in a temporary folder and used through ``SERMO_HOME``. Each stage notebook has the real
stage notebook's ``parameters`` cell (so the batch runner's parameter check runs as for the real
workbook), then cells that show a heading, a token drawn once per edition (the same in the handout
and in every executed notebook, so a test can tell whether handout and notebooks come from one
run), and wait. Environment knobs: ``SERMO_TEST_DELAY`` (seconds each stage waits, default 0.3;
``SERMO_TEST_DELAY_<slug>`` for one client), ``SERMO_TEST_SLOW=<stage>`` (only that stage waits),
``SERMO_TEST_SIGNAL=<folder>`` (the waiting cell first writes its kernel's pid to
``<folder>/<slug>-<stage>``), ``SERMO_TEST_FAIL=<stage>`` (that stage raises
``ValueError("planted failure")``). The project has two clients, ``alpha`` and ``beta``.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("01_listen", "02_influence", "03_engage", "04_strategy")
CLIENTS = ("alpha", "beta")

SETUP = """import os, time, uuid
from IPython.display import HTML, display
if "run_token" not in globals():
    run_token = uuid.uuid4().hex"""
SHOW = """display(HTML('<h1 class="sermo-section" id="{stage}">{stage}</h1><p>token ' + run_token + '</p>'))"""
WAIT = """slow = os.environ.get("SERMO_TEST_SLOW", "{stage}") == "{stage}"
if slow and os.environ.get("SERMO_TEST_SIGNAL"):
    with open(os.path.join(os.environ["SERMO_TEST_SIGNAL"], slug + "-{stage}"), "w") as signal_file:
        signal_file.write(str(os.getpid()))
delay = os.environ.get("SERMO_TEST_DELAY_" + slug, os.environ.get("SERMO_TEST_DELAY", "0.3"))
time.sleep(float(delay) if slow else 0.05)
if os.environ.get("SERMO_TEST_FAIL") == "{stage}":
    raise ValueError("planted failure")"""
CLOSE = """display(HTML('<p>{stage} done ' + run_token + '</p>'))"""


def build_tiny_project(root: Path) -> Path:
    """Write the small project into ``root`` (notebooks, templates, two clients, their data); return root."""
    (root / "notebooks").mkdir(parents=True)
    for stage in STAGES:
        real = nbformat.read(ROOT / "notebooks" / f"{stage}.ipynb", as_version=4)
        parameters = [cell for cell in real.cells if "parameters" in cell.metadata.get("tags", [])]
        notebook = nbformat.v4.new_notebook(metadata=real.metadata)
        notebook.cells = parameters + [nbformat.v4.new_code_cell(source.replace("{stage}", stage))
                                       for source in (SETUP, SHOW, WAIT, CLOSE)]
        nbformat.write(notebook, root / "notebooks" / f"{stage}.ipynb")
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")  # client files are checked against it
    demo = yaml.safe_load((ROOT / "clients" / "fjordvik.yaml").read_text(encoding="utf-8"))
    (root / "clients").mkdir()
    for slug in CLIENTS:
        data = root / "data" / "clients" / slug
        shutil.copytree(ROOT / "data" / "clients" / "fjordvik", data)  # the runner loads it before any kernel
        config = demo | {"slug": slug, "display_name": slug.title(), "data_folder": f"data/clients/{slug}"}
        (root / "clients" / f"{slug}.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def edition_files(out: Path, slug: str) -> dict[str, bytes | None]:
    """The bytes of a client's handout and four executed notebooks (None where a file is missing)."""
    names = ["handout.html"] + [f"notebooks/{stage}.ipynb" for stage in STAGES]
    found = {}
    for name in names:
        path = out / slug / name
        found[name] = path.read_bytes() if path.is_file() else None
    return found


def edition_token(files: dict[str, bytes | None]) -> str | None:
    """The one run token shared by the handout and every notebook, or None when they disagree or miss."""
    import re

    tokens = set()
    for content in files.values():
        if content is None:
            return None
        found = set(re.findall(rb"token ([0-9a-f]{32})", content))
        if len(found) != 1:
            return None
        tokens |= found
    return tokens.pop().decode() if len(tokens) == 1 else None
