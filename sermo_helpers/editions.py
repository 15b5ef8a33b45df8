"""The results of a client's editions, kept for the next edition: ``<editions>/<slug>/results.json``.

One file per client holds every saved edition (schema-versioned): its period, the headline figures and
the KPI targets with their unrounded values. The renderer writes it with the edition's other outputs
(:func:`sermo_helpers.files.atomic_write`) and passes it to the next run, whose Strategy stage follows
up the previous edition's targets and shows the change of each headline figure
(:mod:`sermo_helpers.strategy.story`).
"""
from __future__ import annotations

SCHEMA_VERSION = 1
RESULTS_FILE = "results.json"


def read_results(path) -> dict:
    """A client's ``results.json`` (every saved edition), checked; ``{}`` when there is none.

    Raises RenderError naming the file when it is not JSON or has another schema version.
    """
    import json
    from pathlib import Path

    from .errors import RenderError

    path = Path(path)
    if not path.exists():
        return {}
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RenderError(f"{path}: cannot read the saved results of earlier editions: {error}") from None
    version = content.get("schema_version") if isinstance(content, dict) else None
    if version != SCHEMA_VERSION or not isinstance(content.get("editions"), list):
        raise RenderError(f"{path}: expected schema_version {SCHEMA_VERSION} with a list of editions, "
                          f"found schema_version {version!r}")
    return content


def record_edition(history: dict, record: dict) -> dict:
    """``history`` (``results.json``) with ``record`` added, replacing a saved edition of the same period."""
    editions = [edition for edition in (history or {}).get("editions", [])
                if (edition.get("period_start"), edition.get("period_end"))
                != (record["period_start"], record["period_end"])]
    editions.append(record)
    editions.sort(key=lambda edition: edition["period_start"])
    return {"schema_version": SCHEMA_VERSION, "editions": editions}


def previous_edition(history: dict, client) -> dict | None:
    """The latest saved edition that ended before ``client``'s period starts, or None."""
    start = client.period_start.isoformat()
    earlier = [edition for edition in (history or {}).get("editions", []) if edition.get("period_end", "") < start]
    return max(earlier, key=lambda edition: edition["period_end"]) if earlier else None
