"""The run manifest ``<out_root>/manifest.json``: each client's last record, updated per client.

A render of some clients replaces those clients' records and keeps every other client's. Updates
are read–merge–replace cycles under a lock (:func:`sermo_helpers.files.file_lock`) and written
atomically, so two renders at once, a kill or a full disk never lose a record or leave half a file.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from pathlib import Path

from .. import __version__
from ..files import atomic_write, file_lock
from .publish import current_edition

MANIFEST_NAME = "manifest.json"


def manifest_path(out_root: Path) -> Path:
    return Path(out_root) / MANIFEST_NAME


def read_manifest(out_root: Path) -> dict:
    """The manifest as stored (an empty one when there is none yet).

    A file that is not a manifest (it cannot happen through this module) is moved aside to
    ``manifest.json.unreadable-<time>`` with a warning, and an empty manifest is returned.
    """
    path = manifest_path(out_root)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(manifest, dict) and isinstance(manifest.get("clients", []), list):
            return manifest
    except FileNotFoundError:
        return {"clients": []}
    except (ValueError, UnicodeDecodeError):
        pass
    aside = path.with_name(f"{path.name}.unreadable-{dt.datetime.now():%Y%m%dT%H%M%S}")
    os.replace(path, aside)
    warnings.warn(f"{path} was not a valid manifest; it is kept as {aside.name} and a new one is started.",
                  stacklevel=2)
    return {"clients": []}


def _published_edition(out_root: Path, client: str) -> str | None:
    folder = current_edition(out_root / client)
    return folder.name if folder is not None else None


def update_manifest(out_root: Path, records=(), *, run: dict | None = None) -> dict:
    """Put ``records`` (one per client) and, when given, the ``run``'s summary into the manifest.

    A record of a failed render names the edition still published (``edition``, the last good one
    that the failure left in place), read from the client's folder, so the manifest always says which
    edition a client's readers get, whatever happened between publishing and recording.

    Returns the manifest as written. Raises OSError when it cannot be written (the old file stays).
    """
    path = manifest_path(out_root)
    with file_lock(path):
        manifest = read_manifest(out_root)
        clients = {record["client"]: record for record in manifest.get("clients", []) if "client" in record}
        for record in records:
            if record.get("status") != "ok" and "edition" not in record:
                kept = _published_edition(Path(out_root), record["client"])
                if kept is not None:  # a failed render leaves the last good edition published: name it
                    record = {**record, "edition": kept}
            clients[record["client"]] = record
        manifest["clients"] = [clients[name] for name in sorted(clients)]
        manifest["package_version"] = __version__
        manifest["updated_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        manifest["succeeded"] = sum(record.get("status") == "ok" for record in manifest["clients"])
        manifest["failed"] = len(manifest["clients"]) - manifest["succeeded"]
        if run is not None:
            manifest["last_run"] = run
        atomic_write(path, json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n")
    return manifest
