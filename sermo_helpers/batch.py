"""Batch rendering: many clients' editions in parallel, each isolated from the others' failures.

:func:`render_clients` validates every client file and the stage notebooks' parameters before any
kernel starts (papermill alone only warns about unknown names) and renders each valid edition in
its own worker process (or on a Dask distributed cluster when given a scheduler address). One
client's failure, even a worker killed by the operating system, never stops the others. Each
finished client's record goes into the run manifest at once (:mod:`sermo_helpers.render.manifest`).

Processes never outlive the run: workers and their kernels are killed by the operating system when
the process that started them dies (:mod:`sermo_helpers.processes`), and a worker publishes nothing
once its parent is gone. Ctrl-C or SIGTERM stops the workers, keeps the last good editions of the
clients not finished, and the run's summary says which finished.
"""
from __future__ import annotations

import ast
import datetime as dt
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import replace
from pathlib import Path

import nbformat

from . import __version__, paths
from .config import ClientConfig, load_client_config
from .errors import RenderError, SermoError
from .files import describe_os_error
from .parallel import CORES_VARIABLE, core_budget
from .processes import die_with_parent, parent_is_alive
from .render import STAGES, render_edition, stage_notebook_path
from .render.manifest import MANIFEST_NAME, update_manifest

__all__ = ["MANIFEST_NAME", "check_parameters", "checksum_inputs", "notebook_parameters", "render_clients",
           "render_one"]


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


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def render_one(target: str, out_root: str | None, project_root: str | None = None, pdf: bool = False,
               secret_fingerprint: str | None = None, allow_partial: bool = False,
               parent_pid: int | None = None) -> dict:
    """Render one client's edition and describe the outcome; never raises (the record says what failed).

    The client's data is loaded first: a client with a refused file fails here, naming every refused
    file, unless ``allow_partial`` (or the client file's ``allow_partial: true``) lets the edition be
    rendered from the files that loaded (its data basis then names the others).

    Runs in a worker process (or on a Dask worker), so it takes and returns plain values. With
    ``secret_fingerprint`` (given for Dask workers), the worker must hold the installation's
    pseudonym secret with that fingerprint (:func:`sermo_helpers.privacy.require_secret`). With
    ``parent_pid``, nothing is published once that process is no longer our parent. The record is
    put into the manifest as soon as the edition is published.
    """
    if project_root:
        os.environ["SERMO_HOME"] = project_root
    started = time.perf_counter()
    record = {"client": Path(target).stem, "status": "failed", "package_version": __version__,
              "notebooks": [], "inputs": {}, "error": None}
    may_publish = (lambda: parent_is_alive(parent_pid)) if parent_pid else None
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
        result = render_edition(client, out_root=Path(out_root) if out_root else None, pdf=pdf,
                                may_publish=may_publish)
        record.update(status="ok", handout=str(result.handout), edition=result.edition, timings=result.timings,
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
    except OSError as error:
        record["error"] = {"type": type(error).__name__,
                           "message": describe_os_error(error, f"Rendering {record['client']!r} failed: cannot use")}
    except Exception as error:  # a worker must always report back
        record["error"] = {"type": type(error).__name__, "message": str(error),
                           "traceback": traceback.format_exc(limit=5)}
    record["duration_s"] = round(time.perf_counter() - started, 3)
    record["finished_at"] = _now()
    if out_root and (may_publish is None or may_publish()):
        try:
            update_manifest(Path(out_root), [record])
        except OSError:
            pass  # the command writes it again and says why it cannot
    return record


def _worker(connection, target: str, out_root: str | None, project_root: str, pdf: bool, allow_partial: bool,
            parent_pid: int, cores: int | None = None) -> None:
    """A worker process: one edition, its record sent back through ``connection``.

    ``cores``: the cores its kernel may use for per-text work (``SERMO_CORES``, inherited by the
    kernel; see :mod:`sermo_helpers.parallel`), unless the user set ``SERMO_CORES`` already."""
    die_with_parent(parent_pid)  # killed by the operating system when the command dies
    if cores is not None and CORES_VARIABLE not in os.environ:
        os.environ[CORES_VARIABLE] = str(cores)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the command's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command's handler, inherited by the fork

    def watch() -> None:  # where prctl is not available: leave within half a second
        while parent_is_alive(parent_pid):
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    record = render_one(target, out_root, project_root, pdf, allow_partial=allow_partial, parent_pid=parent_pid)
    connection.send(record)
    connection.close()


def _lost_worker(target: str, exitcode: int | None) -> dict:
    """The record of an edition whose worker died without reporting."""
    client = Path(target).stem
    if exitcode is not None and exitcode < 0:
        try:
            how = f"was killed by signal {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"was killed by signal {-exitcode}"
    else:
        how = f"stopped with status {exitcode}"
    return {"client": client, "status": "failed", "package_version": __version__, "notebooks": [], "inputs": {},
            "error": {"type": "WorkerDied", "message": f"Rendering {client!r} failed: its worker process {how} "
                      "(out of memory, or killed); the last good edition is kept."},
            "finished_at": _now()}


class Interrupted(KeyboardInterrupt):
    """The run was stopped by SIGINT (Ctrl-C) or SIGTERM."""

    def __init__(self, signal_number: int):
        super().__init__(signal.Signals(signal_number).name)
        self.signal_number = signal_number


def cores_per_edition(workers: int) -> int:
    """The cores each of ``workers`` editions rendered at once may use: this process's cores
    (:func:`sermo_helpers.parallel.core_budget`) shared evenly, at least one each. One edition at a
    time (``--workers 1``) may use them all; two at a time on two cores use one each."""
    return max(1, core_budget() // max(1, workers))


def _run_local(targets: list[str], workers: int, out_root: Path, pdf: bool, allow_partial: bool,
               on_record, stop) -> list[dict]:
    """Each target in its own forked worker process, at most ``workers`` at a time."""
    import multiprocessing
    from multiprocessing.connection import wait

    import nbconvert  # noqa: F401  imported once here, shared by every forked worker
    import papermill  # noqa: F401

    context = multiprocessing.get_context("fork")
    cores = cores_per_edition(workers)
    pending = list(targets)
    running: dict = {}  # connection -> (process, target)
    records = []
    try:
        while pending or running:
            stop.check()
            while pending and len(running) < workers:
                target = pending.pop(0)
                receiving, sending = context.Pipe(duplex=False)
                process = context.Process(target=_worker, name=f"sermo-render-{Path(target).stem}", args=(
                    sending, str(target), str(out_root), str(paths.project_root()), pdf, allow_partial, os.getpid(),
                    cores))
                process.start()
                sending.close()
                running[receiving] = (process, target)
            for connection in wait(list(running), timeout=0.2):
                process, target = running.pop(connection)
                try:
                    record = connection.recv()
                except (EOFError, OSError):  # the worker died without a word
                    record = None
                connection.close()
                process.join()
                if record is None:
                    record = _lost_worker(target, process.exitcode)
                    try:
                        update_manifest(out_root, [record])
                    except OSError:
                        pass
                records.append(record)
                on_record(record)
    finally:
        for process, _ in running.values():  # interrupted: stop the rest (their kernels die with them)
            process.kill()
        for process, target in running.values():
            process.join()
            _remove_unpublished(out_root / Path(target).stem)
    return records


def _remove_unpublished(edition_dir: Path) -> None:
    """What a stopped worker left unpublished in ``edition_dir`` (its lock died with it)."""
    from .render import publish

    if not edition_dir.is_dir():
        return
    try:
        with publish.lock(edition_dir, timeout=2):
            publish.remove_unpublished(edition_dir)
    except (OSError, TimeoutError):
        pass  # the next render of the client removes it


def _run_dask(targets: list[str], scheduler: str, out_root: Path, pdf: bool, allow_partial: bool,
              on_record, stop) -> list[dict]:
    from concurrent.futures import FIRST_COMPLETED, wait

    from distributed import Client

    from .privacy import secret_fingerprint

    fingerprint = secret_fingerprint()  # other machines: their workers must hold this installation's secret
    client = Client(scheduler, timeout="10s")
    records = []
    try:
        executor = client.get_executor()
        futures = {executor.submit(render_one, str(target), str(out_root), str(paths.project_root()), pdf,
                                   fingerprint, allow_partial): target
                   for target in targets}
        waiting = set(futures)
        while waiting:
            stop.check()
            done, waiting = wait(waiting, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                _report(future, futures, records, on_record)
    finally:
        client.close()
    return records


def _report(future, futures, records, on_record) -> None:
    """A Dask future's record (or the record of an edition whose workers kept dying)."""
    try:
        record = future.result()
    except Exception as error:  # e.g. KilledWorker: the edition's workers kept dying
        record = _lost_worker(futures[future], None)
        record["error"]["message"] = f"Rendering {record['client']!r} failed on the cluster: {error}"
    records.append(record)
    on_record(record)


class _StopRequest:
    """SIGINT and SIGTERM noted by a signal handler and acted on by the run's loop (never raised from
    inside the handler, which could land in the middle of a fork and be lost)."""

    def __init__(self):
        self.signal_number = None

    def __call__(self, signal_number, frame) -> None:
        self.signal_number = self.signal_number or signal_number

    def check(self) -> None:
        if self.signal_number:
            raise Interrupted(self.signal_number)


def render_clients(targets: list[str], *, workers: int | None = None, out_root: Path | None = None,
                   scheduler: str | None = None, pdf: bool = False, progress: bool = True,
                   allow_partial: bool = False, on_record=None) -> dict:
    """Render every target (slug or client file), updating the manifest per client; return the run's summary.

    ``workers`` defaults to the number of cores; ``scheduler`` (``tcp://host:port``) sends the
    work to an existing Dask distributed cluster instead of local processes. ``allow_partial`` renders
    clients with refused files from the files that loaded. ``on_record`` is called
    with each client's record as it finishes. With ``progress``, a bar is shown on a terminal.

    The summary holds this run's records (``clients``), ``interrupted`` (True after Ctrl-C or
    SIGTERM; the clients not finished are listed in ``not_finished``) and ``manifest_error`` (why the
    manifest could not be written, or None). Nothing is raised for a client's failure.
    """
    out_root = Path(out_root) if out_root else paths.editions_dir()
    workers = max(1, min(workers or os.cpu_count() or 1, max(len(targets), 1)))
    started_at = _now()
    records: list[dict] = []
    bar = None
    if progress and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=len(targets), desc="editions", unit="client", file=sys.stderr)

    def finished(record: dict) -> None:
        records.append(record)
        if bar is not None:
            bar.set_postfix_str(f"{record['client']}: {record['status']}")
            bar.update()
        if on_record is not None:
            on_record(record) if bar is None else _above_bar(bar, on_record, record)

    interrupted = False
    stop = _StopRequest()
    handled = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.getsignal(number) for number in handled}
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread:
        for number in handled:
            signal.signal(number, stop)
    try:
        try:
            out_root.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # each edition says why it cannot be written
        if scheduler:
            _run_dask(targets, scheduler, out_root, pdf, allow_partial, finished, stop)
        else:
            _run_local(targets, workers, out_root, pdf, allow_partial, finished, stop)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if in_main_thread:
            for number, handler in previous.items():
                signal.signal(number, handler)
        if bar is not None:
            bar.close()
    records.sort(key=lambda record: record["client"])
    done = {record["client"] for record in records}
    run = {
        "started_at": started_at,
        "finished_at": _now(),
        "executor": f"dask {scheduler}" if scheduler else f"local processes ({workers})",
        "clients": [record["client"] for record in records],
        "not_finished": [Path(target).stem for target in targets if Path(target).stem not in done],
        "succeeded": sum(record["status"] == "ok" for record in records),
        "failed": sum(record["status"] != "ok" for record in records),
        "interrupted": interrupted,
    }
    manifest_error = None
    try:
        update_manifest(out_root, records, run=run)
    except OSError as error:
        manifest_error = describe_os_error(error, "The manifest could not be written: cannot write")
    return {**run, "clients": records, "package_version": __version__, "manifest_error": manifest_error}


def _above_bar(bar, on_record, record) -> None:
    with bar.external_write_mode():
        on_record(record)
