"""Run an edition's cells in one IPython shell (as the kernel runs them); print per cell its CPU seconds
and the change of the process's resident memory (cells of less than 0.3 s and 20 MiB are left out).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/guards/profile_cells.py /tmp/cells 1000000 [--cprofile TEXT]

``<root>`` is a folder for the generated client (``benchmarks/scale.py``'s, reused when there);
the prepared data are pickled once per size in ``<root>/prepared-<rows>.pkl`` and reused, so the
setup's cost is paid once and every later run measures the cells on the same prepared data.
``--cprofile TEXT`` profiles the cells whose source contains TEXT. For comparing two commits run
each from an export of its commit (``git archive``) with the same ``<root>``.
"""
import io
import contextlib
import os
import pickle
import resource
import sys
import time
from pathlib import Path

root, rows = Path(sys.argv[1]), int(sys.argv[2])
profile_cell = sys.argv[sys.argv.index("--cprofile") + 1] if "--cprofile" in sys.argv else None
os.environ["SERMO_HOME"] = str(root)
os.environ.setdefault("PYTHONHASHSEED", "0")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/
import scale  # noqa: E402

scale.project_root(root)
client_file = scale.write_client(root, rows)
os.chdir(root)

from sermo_helpers.config import load_client_config  # noqa: E402
from sermo_helpers import workbook  # noqa: E402
from sermo_helpers.render.notebooks import build_edition_notebook  # noqa: E402


def rss():
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024


def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


client = load_client_config(client_file)
cache = root / f"prepared-{rows}.pkl"
key = (*workbook._input_signature(client), True)
if cache.exists():
    with open(cache, "rb") as handle:
        prepared = pickle.load(handle)
    # a pickle made before a change to prepare's last step gets that step again (idempotent)
    prepared = workbook.replace(prepared, key=key, mentions=workbook._compact(prepared.mentions))
else:
    started = cpu()
    prepared = workbook.prepare_data(client)
    print(f"prepare: {cpu() - started:.1f} CPU s", flush=True)
    with open(cache, "wb") as handle:
        pickle.dump(prepared, handle, protocol=5)
workbook._PREPARED.clear()
workbook._PREPARED[key] = prepared
print(f"prepared: {len(prepared.mentions):,} mentions, RSS {rss():.0f} MiB", flush=True)

from IPython.core.interactiveshell import InteractiveShell  # noqa: E402

shell = InteractiveShell.instance()
shell.user_ns.update(client.to_parameters(), previous_results={})
notebook = build_edition_notebook()
stage = ""
total = 0.0
for cell in notebook.cells:
    if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
        continue
    stage = cell.metadata.get("sermo", {}).get("notebook", stage)[:12]
    source = cell.source
    before_rss, before_cpu = rss(), cpu()
    sink = io.StringIO()
    profiler = None
    if profile_cell and profile_cell in source:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    with contextlib.redirect_stdout(sink):
        result = shell.run_cell(source, store_history=False)
    if profiler:
        profiler.disable()
        import pstats
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    if not result.success:
        print(sink.getvalue()[-3000:])
        raise SystemExit(f"cell failed: {source[:200]}")
    seconds = cpu() - before_cpu
    total += seconds
    after = rss()
    if seconds > 0.3 or after - before_rss > 20:
        print(f"{stage:9s} {seconds:6.2f} s  {after - before_rss:+7.0f} MiB -> {after:6.0f}  "
              f"{source.strip().splitlines()[-1][:90]}", flush=True)
print(f"total after setup: {total:.1f} CPU s (includes the setup cells); peak "
      f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
