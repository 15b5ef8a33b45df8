"""Executing the edition notebook on a real Jupyter kernel with papermill.

The kernel talks to papermill over IPC sockets in a private folder (no TCP port on the machine, so
no "running over TCP without encryption" warning and nothing another user could connect to), and
is killed by the operating system if the process running it dies (see :mod:`sermo_helpers.processes`).
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import nbformat

from .. import paths
from ..config import ClientConfig
from ..errors import RenderError
from ..processes import child_dies_with_us
from ..workbook import EDITION_STAGES_VARIABLE
from .failures import dead_kernel_error, execution_error
from .notebooks import STAGES, build_edition_notebook

KERNEL_NAME = "python3"
HEADLESS_VARIABLE = "SERMO_HEADLESS"
ARROW_POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"
JEMALLOC_VARIABLE = "JE_ARROW_MALLOC_CONF"  # Arrow's own jemalloc reads its settings from this
JEMALLOC_SETTINGS = "dirty_decay_ms:0,muzzy_decay_ms:0"  # freed pages go back at once, not after a second


def _kernel_manager_class(socket_folder: str):
    """A kernel manager using IPC sockets in ``socket_folder``, its kernel dying with this process."""
    from jupyter_client import AsyncKernelManager

    class EditionKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = os.path.join(socket_folder, "kernel")  # sockets kernel-1 … kernel-5

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            kw["preexec_fn"] = child_dies_with_us
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return EditionKernelManager


ENGINE_NAME = "sermo"


def _register_engine() -> str:
    """papermill's nbclient engine, keeping the notebook as far as it ran when the kernel dies.

    (papermill writes the executed notebook on a cell's error, but not when the kernel itself died.)
    """
    from papermill.engines import NBClientEngine, papermill_engines

    class KeepingEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, keep_at=None, **kwargs):
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            except BaseException:
                if keep_at is not None:
                    nb_man.cleanup_pbar()
                    nbformat.write(nb_man.nb, keep_at)
                raise

    if ENGINE_NAME not in papermill_engines._engines:
        papermill_engines.register(ENGINE_NAME, KeepingEngine)
    return ENGINE_NAME


def execute_edition(client: ClientConfig, output_path: Path, *, stages=STAGES,
                    kernel_name: str = KERNEL_NAME, extra_parameters: dict | None = None) -> nbformat.NotebookNode:
    """Execute the edition notebook for ``client`` on a real kernel; return the executed notebook.

    ``extra_parameters`` are injected with the client's (``previous_results``: the client's saved
    results of earlier editions, :mod:`sermo_helpers.editions`).

    Raises RenderError naming client, stage notebook and failing (or running, when the kernel
    died) cell; the executed notebook, as far as it got, is left at ``output_path``.
    """
    import papermill
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    edition = build_edition_notebook(stages)
    # The kernel inherits these: explorers show static output; Arrow (the text columns) uses an
    # allocator that gives freed memory back (see kernel_memory_pool).
    settings = {HEADLESS_VARIABLE: "1", EDITION_STAGES_VARIABLE: ",".join(stages)}
    if ARROW_POOL_VARIABLE not in os.environ:
        settings[ARROW_POOL_VARIABLE] = kernel_memory_pool()
    if JEMALLOC_VARIABLE not in os.environ:
        # jemalloc keeps freed pages for a second by default: a column freed just before the next is
        # built then still counts, and the kernel's peak holds both (measured: 250 MB more right
        # after reading one million mentions from the cache)
        settings[JEMALLOC_VARIABLE] = JEMALLOC_SETTINGS
    previous = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    # Unix socket paths are limited to about 100 bytes: a short private folder under /tmp.
    # papermill logs a dying kernel as a bare line on stderr; the RenderError below says it better.
    quiet = logging.getLogger("papermill")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    sockets = tempfile.mkdtemp(prefix="sermo-kernel-", dir="/tmp" if os.path.isdir("/tmp") else None)
    try:
        return papermill.execute_notebook(
            edition, str(output_path), parameters=client.to_parameters() | dict(extra_parameters or {}), kernel_name=kernel_name,
            progress_bar=False, cwd=str(paths.notebooks_dir()), shutdown_kernel="immediate",
            # Saving the whole notebook after every cell costs about half of an edition's time (its
            # figures are rewritten each time); papermill still writes it at the end and on failure.
            request_save_on_cell_execute=False,
            kernel_manager_class=_kernel_manager_class(sockets),
            engine_name=_register_engine(), keep_at=str(output_path),
            # No output history in the kernel: IPython would otherwise keep every cell's value
            # (``Out[n]``, ``_``), and an explorer's value holds its own copy of the mentions until
            # the kernel ends (with two million mentions, gigabytes).
            extra_arguments=["--InteractiveShell.cache_size=0"],
        )
    except PapermillExecutionError as exc:
        raise execution_error(client.slug, exc, output_path) from None
    except DeadKernelError as exc:
        raise dead_kernel_error(client.slug, exc, output_path) from None
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
        quiet.setLevel(level)
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def kernel_memory_pool() -> str:
    """The Arrow memory pool for the kernel: jemalloc where this pyarrow has it, else the system's.

    Arrow's default (mimalloc) keeps freed blocks for reuse, so a kernel that filters two million
    mentions a few times keeps hundreds of MB it no longer uses; measured with benchmarks/scale.py.
    """
    import pyarrow

    try:
        pyarrow.jemalloc_memory_pool()
    except NotImplementedError:
        return "system"
    return "jemalloc"


def execution_split(executed: nbformat.NotebookNode) -> dict[str, float]:
    """Seconds from papermill's start to the first cell (kernel start) and spent in cells."""
    cells = [cell.metadata.get("papermill", {}) for cell in executed.cells]
    starts = [datetime.fromisoformat(cell["start_time"]) for cell in cells if cell.get("start_time")]
    begun = executed.metadata.get("papermill", {}).get("start_time")
    split = {"cells": sum(cell.get("duration") or 0.0 for cell in cells)}
    if starts and begun:
        split["kernel_start"] = (min(starts) - datetime.fromisoformat(begun)).total_seconds()
    return split
