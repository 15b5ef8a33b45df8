"""Where things are: every path is built from the package location, never the working directory.

``SERMO_HOME`` overrides the project root (the folder holding ``clients/``, ``data/``,
``notebooks/`` and ``templates/``); by default it is the folder above this package.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"


def project_root() -> Path:
    """The project root: ``$SERMO_HOME`` if set, else the folder holding the package."""
    home = os.environ.get("SERMO_HOME")
    return Path(home).resolve() if home else PACKAGE_DIR.parent


def clients_dir() -> Path:
    return project_root() / "clients"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def templates_dir() -> Path:
    return project_root() / "templates"


def data_dir() -> Path:
    return project_root() / "data"


def reference_dir() -> Path:
    """Editable reference data (ecosystem rules, audience figures, thresholds, phrasing)."""
    return data_dir() / "reference"


def editions_dir() -> Path:
    """Where rendered editions go (``editions/<slug>/``); not committed."""
    return project_root() / "editions"


def resolve(path: str | os.PathLike) -> Path:
    """Resolve a path from a client file: absolute as given, relative to the project root."""
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else project_root() / candidate
