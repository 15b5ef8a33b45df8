"""Header vocabularies of platform exports in every interface language we know.

The words live in ``data/reference/export_headers.csv`` (concept, language, header), editable
without code: a new interface language is a data change. :func:`header_concepts` maps a header cell
(any case, surrounding spaces ignored) to its concept; :func:`metric_concept` finds the metric named
in a Meta daily file's metric line (``Alcance de Instagram``, ``Instagram-rekkevidde``).
"""
from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

from .. import paths
from ..errors import LoadError

LANGUAGES = ("en", "nb", "nn", "sv", "da", "de", "es", "fr")
_ORIGINAL: dict[tuple[str, str, str], str] = {}


def normalise(cell: str) -> str:
    """Lower case, no BOM or surrounding quotes/spaces, typographic apostrophes made plain."""
    return cell.lstrip("\ufeff").strip().strip('"').strip().lower().replace("\u2019", "'")


def vocabulary_path():
    """The project's ``data/reference/export_headers.csv`` (``SERMO_HOME`` first, then the package's project)."""
    path = paths.reference_dir() / "export_headers.csv"
    return path if path.is_file() else paths.PACKAGE_DIR.parent / "data" / "reference" / "export_headers.csv"


def _table() -> tuple[tuple[str, str, str], ...]:
    return _read_table(str(vocabulary_path()))


@functools.cache
def _read_table(location: str) -> tuple[tuple[str, str, str], ...]:
    path = Path(location)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LoadError(f"export_headers.csv: cannot be read ({error.strerror}).", path="export_headers.csv",
                        expected="data/reference/export_headers.csv", found="no readable file") from None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    rows, problems, seen = [], [], {}
    for number, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=1):
        concept, language, header = (row.get(key) or "" for key in ("concept", "language", "header"))
        if not concept or not header or language not in LANGUAGES:
            problems.append(f"row {number}: expected concept, a language of {', '.join(LANGUAGES)} and a header; "
                            f"found {concept!r}, {language!r}, {header!r}")
            continue
        key = normalise(header)
        _ORIGINAL[(concept, language, key)] = header.strip()
        if seen.get(key, concept) != concept:
            problems.append(f"row {number}: header {header!r} is already the concept {seen[key]!r}")
        seen[key] = concept
        rows.append((concept, language, key))
    if problems:
        raise LoadError("export_headers.csv: " + "; ".join(problems), path="export_headers.csv",
                        expected="one concept per header", found=problems[0])
    return tuple(rows)


def _by_header() -> dict[str, str]:
    return _index(_table())


@functools.cache
def _index(table) -> dict[str, str]:
    return {header: concept for concept, _, header in table}


def header_concept(cell: str) -> str | None:
    """The concept a header cell names in any known interface language, or None."""
    return _by_header().get(normalise(cell))


def headers_for(concept: str) -> tuple[str, ...]:
    """Every known spelling (normalised) of ``concept``."""
    return tuple(header for known, _, header in _table() if known == concept)


def spellings(concept: str) -> list[tuple[str, str, str]]:
    """(concept, language, header as written in the vocabulary) for every spelling of ``concept``."""
    return [(concept, language, _ORIGINAL.get((known, language, header), header))
            for known, language, header in _table() if known == concept]


def language_of(cells: list[str]) -> str | None:
    """The interface language most of ``cells`` are written in (English wins ties), or None."""
    counts: dict[str, int] = {}
    for cell in cells:
        key = normalise(cell)
        for _, language, header in _table():
            if header == key:
                counts[language] = counts.get(language, 0) + 1
    return max(LANGUAGES, key=lambda language: (counts.get(language, 0), language == "en")) if counts else None


def metric_concept(line: str, concepts: tuple[str, ...]) -> str | None:
    """The first of ``concepts`` whose name (any language) occurs in ``line``; longest names first."""
    text = normalise(line)
    candidates = sorted(((header, concept) for concept, _, header in _table() if concept in concepts),
                        key=lambda item: -len(item[0]))
    for header, concept in candidates:
        if header in text:
            return concept
    return None
