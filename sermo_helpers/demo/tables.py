"""The demo's tables as data: the text banks (``texts.yaml``) and the planted facts (``planted.yaml``).

Both files ship inside the package; each is read once, on first use, never on import.
"""
from __future__ import annotations

import functools
from importlib import resources

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(name: str) -> dict:
    return yaml.load(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"), Loader=_LOADER)


@functools.cache
def texts() -> dict:
    """The text banks, by table name (``names``, ``things``, ``questions``, ``post_texts``, …)."""
    return _read("texts.yaml")


@functools.cache
def planted() -> dict[str, dict]:
    """The facts planted in each demo client's data, by slug; see the comments in ``planted.yaml``."""
    return _read("planted.yaml")
