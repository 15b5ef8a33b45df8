"""Batch rendering: many clients' editions in parallel, each isolated from the others' failures.

:func:`render_clients` validates every client file and the stage notebooks' parameters before any
kernel starts (papermill alone only warns about unknown names), renders the valid editions on an
executor (local processes by default; a Dask distributed cluster when given a scheduler address),
shows a progress bar, and writes a JSON run manifest. One client's failure never stops the others.
"""
from __future__ import annotations

import ast
import datetime as dt
import json
import os
import time
import traceback
from dataclasses import replace
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat

from . import __version__, paths
from .config import ClientConfig, load_client_config
from .errors import RenderError, SermoError
from .files import atomic_write
from .render import STAGES, render_edition, stage_notebook_path

MANIFEST_NAME = "manifest.json"


def notebook_parameters(stage: str) -> dict:
    """The names and default values assigned in a stage notebook's ``parameters`` cell."""
    notebook = nbformat.read(stage_notebook_path(stage), as_version=4)
    cells = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    if len(cells) != 1:
        raise RenderError(f"notebooks/{stage}.ipynb must have exactly one cell tagged 'parameters', "
                          f"found {len(cells)}.", notebook=stage)
    tree = ast.parse(cells[0].source)
    return {node.targets[0].id: ast.literal_eval(node.value)
            for node in tree.body if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}


def check_parameters(client: ClientConfig, stages=STAGES) -> list[str]:
    """Problems between a client's parameters and what the stage notebooks declare (empty when fine)."""
    problems = []
    values = client.to_parameters()
    for stage in stages:
        declared = notebook_parameters(stage)
        for name in sorted(set(values) - set(declared)):
            problems.append(f"{stage}: parameter {name!r} is not declared in the notebook's parameters cell")
        for name in sorted(set(declared) - set(values)):
            problems.append(f"{stage}: parameter {name!r} has no value from the client file")
        for name in sorted(set(values) & set(declared)):
            expected, found = type(declared[name]), type(values[name])
            if expected is not found and values[name] is not None:  # None: an optional key left unset
                problems.append(f"{stage}: parameter {name!r} expects {expected.__name__}, "
                                f"the client file gives {found.__name__}")
    return problems


def checksum_inputs(client: ClientConfig) -> dict[str, str]:
    """SHA-256 of every input file in the client's data folder (relative name -> hex digest)."""
    from .loaders.folder import ClientFolder

    return ClientFolder.for_client(client).checksums()  # unchanged files are not hashed again


def _stage_durations(notebooks: list[Path]) -> list[dict]:
    out = []
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        seconds = sum(cell.metadata.get("papermill", {}).get("duration") or 0.0 for cell in notebook.cells)
        out.append({"notebook": path.stem, "status": "ok", "duration_s": round(seconds, 3)})
    return out


def render_one(target: str, out_root: str | None, project_root: str | None = None, pdf: bool = False,
               secret_fingerprint: str | None = None, allow_partial: bool = False) -> dict:
    """Render one client's edition and describe the outcome; never raises (the record says what failed).

    The client's data is loaded first: a client with a refused file fails here, naming every refused
    file, unless ``allow_partial`` (or the client file's ``allow_partial: true``) lets the edition be
    rendered from the files that loaded (its data basis then names the others).

    Runs in a worker process (or on a Dask worker), so it takes and returns plain values. With
    ``secret_fingerprint`` (given for Dask workers), the worker must hold the installation's
    pseudonym secret with that fingerprint (:func:`sermo_helpers.privacy.require_secret`).
    """
    if project_root:
        os.environ["SERMO_HOME"] = project_root
    started = time.perf_counter()
    record = {"client": Path(target).stem, "status": "failed", "package_version": __version__,
              "notebooks": [], "inputs": {}, "error": None}
    try:
        if secret_fingerprint:
            from .privacy import require_secret

            require_secret(secret_fingerprint)
        client = load_client_config(target)
        if allow_partial:
            client = replace(client, allow_partial=True)
        record["client"] = client.slug
        record["inputs"] = checksum_inputs(client)
        from .loaders import load_client

        load_client(client)  # every refused file named before any kernel starts; the kernels read its cache
        problems = check_parameters(client)
        if problems:
            raise RenderError("Parameters do not fit the stage notebooks:\n" + "\n".join(f"  - {p}" for p in problems),
                              client=client.slug)
        result = render_edition(client, out_root=Path(out_root) if out_root else None, pdf=pdf)
        record.update(status="ok", handout=str(result.handout), timings=result.timings,
                      notebooks=_stage_durations(result.notebooks))
        if result.pdf:
            record["pdf"] = str(result.pdf)
    except RenderError as error:
        record["error"] = {"type": "RenderError", "message": str(error), "notebook": error.notebook,
                           "cell_index": error.cell_index, "source": error.source, "ename": error.ename,
                           "evalue": error.evalue, "executed_path": error.executed_path}
        record["notebooks"] = [{"notebook": stage, "status": "failed" if stage == error.notebook else
                                ("not run" if error.notebook is None or stage > error.notebook else "ok")}
                               for stage in STAGES]
    except SermoError as error:
        record["error"] = {"type": type(error).__name__, "message": str(error)}
    except Exception as error:  # a worker must always report back
        record["error"] = {"type": type(error).__name__, "message": str(error),
                           "traceback": traceback.format_exc(limit=5)}
    record["duration_s"] = round(time.perf_counter() - started, 3)
    return record


def _executor(workers: int, scheduler: str | None) -> tuple[Executor, object]:
    if scheduler:
        from distributed import Client

        client = Client(scheduler, timeout="10s")
        return client.get_executor(), client
    return ProcessPoolExecutor(max_workers=workers), None


def render_clients(targets: list[str], *, workers: int | None = None, out_root: Path | None = None,
                   scheduler: str | None = None, pdf: bool = False, progress: bool = True,
                   allow_partial: bool = False) -> dict:
    """Render every target (slug or client file) and write the run manifest; return the manifest.

    ``workers`` defaults to the number of cores; ``scheduler`` (``tcp://host:port``) sends the
    work to an existing Dask distributed cluster instead of local processes.
    """
    out_root = Path(out_root) if out_root else paths.editions_dir()
    out_root.mkdir(parents=True, exist_ok=True)
    workers = workers or os.cpu_count() or 1
    started_at = dt.datetime.now(dt.timezone.utc)
    records = []
    executor, dask_client = _executor(min(workers, max(len(targets), 1)), scheduler)
    try:
        fingerprint = None
        if scheduler:  # other machines: their workers must hold this installation's pseudonym secret
            from .privacy import secret_fingerprint

            fingerprint = secret_fingerprint()
        futures = {executor.submit(render_one, str(target), str(out_root), str(paths.project_root()), pdf,
                                   fingerprint, allow_partial): target
                   for target in targets}
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(futures), desc="editions", unit="client")
        for future in as_completed(futures):
            records.append(future.result())
            if bar is not None:
                bar.set_postfix_str(f"{records[-1]['client']}: {records[-1]['status']}")
                bar.update()
        if bar is not None:
            bar.close()
    finally:
        executor.shutdown(wait=True)
        if dask_client is not None:
            dask_client.close()
    records.sort(key=lambda record: record["client"])
    manifest = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "package_version": __version__,
        "executor": f"dask {scheduler}" if scheduler else f"local processes ({workers})",
        "succeeded": sum(record["status"] == "ok" for record in records),
        "failed": sum(record["status"] != "ok" for record in records),
        "clients": records,
    }
    atomic_write(out_root / MANIFEST_NAME, json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n")
    return manifest
