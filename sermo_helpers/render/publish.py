"""An edition's outputs replaced together or not at all.

Each edition is written complete into its own folder ``<slug>/.editions/<id>/`` (handout, PDF,
executed notebooks, ``edition.json``), flushed to disk, and then published by one atomic rename:
the link ``<slug>/.edition`` is switched to the new folder. The paths people open stay the same,
``<slug>/handout.html``, ``<slug>/handout.pdf`` and ``<slug>/notebooks/``, as links through
``.edition``. A kill, a full disk or an error at any moment leaves either the whole old edition or
the whole new one; never a new handout beside old notebooks. Folders of unpublished editions are
removed at the next render. Other content of ``<slug>/`` (``failed/``, the workbook's own files)
is left alone.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
from pathlib import Path

from ..files import atomic_write, file_lock, fsync_folder

CURRENT = ".edition"
VERSIONS = ".editions"
ENTRIES = ("handout.html", "handout.pdf", "notebooks", "results.json")
RECORD = "edition.json"


def new_edition_folder(edition_dir: Path) -> Path:
    """A fresh, empty folder for the next edition of this client, e.g. ``.editions/20261202T061502-a1b2c3``."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    folder = edition_dir / VERSIONS / f"{stamp}-{secrets.token_hex(3)}"
    folder.mkdir(parents=True)
    return folder


def current_edition(edition_dir: Path) -> Path | None:
    """The published edition's folder, or None when the client has none."""
    link = edition_dir / CURRENT
    if not link.is_symlink():
        return None
    target = edition_dir / os.readlink(link)
    return target if target.is_dir() else None


def lock(edition_dir: Path, *, timeout: float | None = None):
    """The client's render lock: one render of a client at a time (another waits)."""
    return file_lock(edition_dir / "render", timeout=timeout)


def _link(path: Path, target: str) -> None:
    """Make ``path`` a symbolic link to ``target``, replacing what is there in one rename."""
    if path.is_symlink() and os.readlink(path) == target:
        return
    temporary = path.with_name(f".{path.name}.link-{secrets.token_hex(3)}")
    os.symlink(target, temporary)
    try:
        if path.is_dir() and not path.is_symlink():  # an edition from before editions were linked
            legacy = path.parent / VERSIONS / f"legacy-{path.name}-{secrets.token_hex(3)}"
            legacy.parent.mkdir(exist_ok=True)
            os.replace(path, legacy)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def publish(edition_dir: Path, folder: Path, *, may_publish=None) -> None:
    """Make ``folder`` (complete, inside ``<edition_dir>/.editions/``) the client's edition.

    ``may_publish`` (no arguments, returns bool) is asked last; when it says no, nothing changes and
    RuntimeError is raised (e.g. the command that started the render has gone).
    """
    for path in folder.rglob("*"):
        if path.is_dir():
            fsync_folder(path)
    fsync_folder(folder)
    relative = f"{VERSIONS}/{folder.name}"
    entries = [name for name in ENTRIES if (folder / name).exists()]
    for name in entries:  # the stable names lead through .edition (created once)
        _link(edition_dir / name, f"{CURRENT}/{name}")
    if may_publish is not None and not may_publish():
        raise RuntimeError("not published: the command that started this render has gone")
    _link(edition_dir / CURRENT, relative)  # the one switch: old edition or new, never a mix
    fsync_folder(edition_dir)
    for name in set(ENTRIES) - set(entries):  # e.g. no PDF this time: no link to the old one
        stale = edition_dir / name
        if stale.is_symlink():
            stale.unlink()
        elif stale.is_file():
            stale.unlink()
    remove_unpublished(edition_dir)


def remove_unpublished(edition_dir: Path) -> None:
    """Remove edition folders that are not the published one, and leftovers of interrupted renders."""
    current = current_edition(edition_dir)
    versions = edition_dir / VERSIONS
    if versions.is_dir():
        for folder in versions.iterdir():
            if current is None or folder.name != current.name:
                shutil.rmtree(folder, ignore_errors=True) if folder.is_dir() else folder.unlink(missing_ok=True)
    for leftover in list(edition_dir.glob(".render-*")) + list(edition_dir.glob(".*.link-*")):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() and not leftover.is_symlink() \
            else leftover.unlink(missing_ok=True)


def write_record(folder: Path, record: dict) -> None:
    atomic_write(folder / RECORD, json.dumps(record, indent=2, ensure_ascii=False, default=str) + "\n")


def read_record(folder: Path | None) -> dict | None:
    try:
        return json.loads((folder / RECORD).read_text(encoding="utf-8")) if folder else None
    except (OSError, ValueError):
        return None
