"""Benchmark: batch runner vs the naive loop, 8 demo-sized client editions, side by side in one run.

Naive loop (what a strategist would do by hand): for each client and stage notebook, the
``papermill`` CLI with ``-f clients/<slug>.yaml``, then ``jupyter nbconvert --to html --no-input``,
sequentially. Batch: ``sermo_helpers.batch.render_clients`` (one kernel per edition, in-process
export, a process pool over the cores).

    .venv/bin/python benchmarks/batch_render.py [--clients 8] [--workers N]

Prints ``name: value`` lines and ends with ``ratio_batch_vs_naive: R`` (target: at most 0.25).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from sermo_helpers.batch import render_clients
from sermo_helpers.config import load_client_config
from sermo_helpers.render import STAGES, stage_notebook_path

BIN = Path(sys.executable).parent


def make_clients(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the demo client (own slugs, same demo data)."""
    demo = load_client_config("fjordvik").to_parameters()
    files = []
    for number in range(1, count + 1):
        slug = f"bench-{number}"
        path = folder / f"{slug}.yaml"
        path.write_text(yaml.safe_dump(demo | {"slug": slug}, allow_unicode=True), encoding="utf-8")
        files.append(path)
    return files


def run_naive(clients: list[Path], out: Path) -> dict[str, float]:
    papermill_seconds, export_seconds = 0.0, 0.0
    for client in clients:
        for stage in STAGES:
            executed = out / f"{client.stem}-{stage}.ipynb"
            started = time.perf_counter()
            subprocess.run([str(BIN / "papermill"), str(stage_notebook_path(stage)), str(executed),
                            "-f", str(client), "--no-progress-bar", "--log-level", "ERROR"],
                           check=True, capture_output=True)
            papermill_seconds += time.perf_counter() - started
            started = time.perf_counter()
            subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                           check=True, capture_output=True)
            export_seconds += time.perf_counter() - started
    return {"papermill": papermill_seconds, "nbconvert": export_seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None)
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sermo-bench-"))
    try:
        clients = make_clients(work, arguments.clients)
        (work / "naive").mkdir()
        started = time.perf_counter()
        naive = run_naive(clients, work / "naive")
        naive_seconds = time.perf_counter() - started

        started = time.perf_counter()
        manifest = render_clients([str(path) for path in clients], workers=arguments.workers,
                                  out_root=work / "batch", progress=False)
        batch_seconds = time.perf_counter() - started
        if manifest["failed"]:
            raise SystemExit(f"batch run failed: {manifest['clients']}")
        timings = [record["timings"] for record in manifest["clients"]]

        print(f"clients: {arguments.clients}")
        print(f"stages_per_edition: {len(STAGES)}")
        print(f"naive_seconds: {naive_seconds:.2f}")
        print(f"naive_papermill_cli_seconds: {naive['papermill']:.2f}")
        print(f"naive_nbconvert_cli_seconds: {naive['nbconvert']:.2f}")
        print(f"naive_seconds_per_edition: {naive_seconds / arguments.clients:.2f}")
        print(f"batch_seconds: {batch_seconds:.2f}")
        print(f"batch_executor: {manifest['executor']}")
        print(f"batch_seconds_per_edition_wall: {batch_seconds / arguments.clients:.2f}")
        for part in ("kernel_start", "cells", "execute", "export"):
            print(f"batch_median_{part}_seconds: {statistics.median(t.get(part, 0.0) for t in timings):.2f}")
        print(f"ratio_batch_vs_naive: {batch_seconds / naive_seconds:.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
