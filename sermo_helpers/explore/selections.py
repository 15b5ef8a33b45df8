"""Named selections: save an explorer's control values under a name and reopen them in another notebook.

Kept in ``editions/<slug>/work/selections/<name>.json`` (the workbook's own work), written atomically.
Dates are stored as ISO days, multi-selects as lists. Only the controls a receiving explorer has are
applied (a Listen selection reopened in Engage sets its period and channels).
"""
from __future__ import annotations

import datetime as dt
import json
import re

from .. import paths
from ..errors import AnalysisError, LoadError
from ..files import open_atomic

NAME = re.compile(r"^[\w\- ]{1,60}$")


def selection_path(client, name: str):
    if not NAME.match(name or ""):
        raise AnalysisError(f"a selection's name is 1-60 letters, digits, spaces, - or _; found {name!r}",
                            argument="name", expected="letters, digits, spaces, - or _", found=repr(name))
    return paths.editions_dir() / client.slug / "work" / "selections" / f"{name.strip()}.json"


def _plain(value):
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple):
        return list(value)
    return value


def _typed(value):
    if isinstance(value, dict) and set(value) == {"date"}:
        return dt.date.fromisoformat(value["date"])
    if isinstance(value, list):
        return tuple(value)
    return value


def save_selection(explorer, client, name: str):
    """Save ``explorer``'s current control values as ``name``; return the file."""
    path = selection_path(client, name)
    with open_atomic(path) as stream:
        json.dump({key: _plain(value) for key, value in explorer.values().items()}, stream, ensure_ascii=False,
                  indent=1)
    return path


def open_selection(explorer, client, name: str) -> dict:
    """Apply the saved selection ``name`` to ``explorer`` (its controls of the same names); return what was applied.

    Raises LoadError naming the file when it is missing or not a saved selection."""
    path = selection_path(client, name)
    try:
        saved = {key: _typed(value) for key, value in json.loads(path.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError) as error:
        raise LoadError(f"{path}: no saved selection {name!r} could be read ({error})", path=str(path),
                        expected="a selection saved with save_selection", found=str(error)) from error
    applied = {key: value for key, value in saved.items() if key in explorer.widgets or
               (explorer.headless and key in explorer.defaults())}
    for key, value in applied.items():
        if key in explorer.widgets:
            widget = explorer.widgets[key]
            options = getattr(widget, "options", None)
            if options is not None and isinstance(value, tuple):
                known = {option[1] if isinstance(option, tuple) else option for option in options}
                value = tuple(item for item in value if item in known)
            explorer.set(**{key: value})  # dates shown in the client's layout
    return applied
