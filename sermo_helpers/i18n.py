"""Handout language: labels in bokmål (``nb``) or English (``en``), and numbers in local format.

Phrasing lives in ``templates/labels/*.yaml`` (one file per stage or concern, merged), not in code,
so the consultancy can edit it. Each entry maps a key to ``{nb: ..., en: ...}``.
"""
from __future__ import annotations

import functools
import math

from . import paths
from .errors import AnalysisError

LANGUAGES = ("nb", "en")  # the handout languages (the mentions' languages are schema.LANGUAGES)
NB_THOUSANDS = "\u00a0"  # no-break space: the Norwegian thousands separator that never wraps


LABEL_LANGUAGES = ("nb", "nn", "en")  # a label's texts: the handout languages, and nynorsk where a text needs it


@functools.cache
def _labels(folder: str) -> dict[str, dict[str, str]]:
    """Every label of ``folder``'s YAML files, merged. Each file is read like a client file (size limit,
    no aliases, no key given twice: :func:`sermo_helpers.config.read_yaml`) and checked: every entry maps
    languages (nb, nn, en) to texts. Raises ConfigError naming the file and every faulty entry, and
    AnalysisError for a label defined in two files."""
    from .config import read_yaml
    from .errors import ConfigError

    merged: dict[str, dict[str, str]] = {}
    for path in sorted(paths.Path(folder).glob("*.yaml")):
        entries = read_yaml(path, what="label file") or {}
        if not isinstance(entries, dict):
            raise ConfigError(f"{path}: expected labels (key: {{nb: text, en: text}}), found {type(entries).__name__}.",
                              path=str(path), problems=["not a mapping"])
        problems = [f"{str(key)[:80]!r}: expected a mapping of language ({', '.join(LABEL_LANGUAGES)}) to text, "
                    f"found {str(value)[:60]!r}" for key, value in entries.items()
                    if not isinstance(value, dict) or not value or any(
                        language not in LABEL_LANGUAGES or not isinstance(text, str) for language, text in value.items())]
        if problems:
            raise ConfigError(f"{path} has labels that cannot be read:\n" + "\n".join(f"  - {p}" for p in problems[:50]),
                              path=str(path), problems=problems[:50])
        for key, value in entries.items():
            if key in merged:
                raise AnalysisError(f"label {key!r} is defined twice (again in {path})", argument=key,
                                    expected="one definition", found=str(path))
            merged[key] = value
    return merged


def label(key: str, language: str, **values) -> str:
    """The text for ``key`` in ``language``, with ``{placeholders}`` filled from ``values``.

    Raises AnalysisError naming the key when it, or its translation, is missing.
    """
    if language not in LANGUAGES:
        raise AnalysisError(f"language must be one of {LANGUAGES}, found {language!r}", argument="language",
                            expected=" or ".join(LANGUAGES), found=repr(language))
    entries = _labels(str(paths.templates_dir() / "labels"))
    try:
        text = entries[key][language]
    except KeyError:
        raise AnalysisError(f"no {language} text for label {key!r} in templates/labels/*.yaml",
                            argument=key, expected="a label entry", found="none") from None
    return text.format(**values) if values else text


ORGANISATION_LANGUAGES = ("nb", "nn", "en")  # the organisation noun's forms: bokmål, nynorsk, English


def organisation_nouns(organisation_type: str, override: dict | None = None) -> dict[str, str]:
    """What the handout calls the client, in the definite form, per language (nb, nn, en):
    ``{"nb": "kommunen", "nn": "kommunen", "en": "the municipality"}`` for a municipality.

    The defaults per organisation type are the labels ``organisation.noun.<type>``
    (``templates/labels/common.yaml``); the client file's ``organisation_noun`` overrides any of them.
    Raises AnalysisError for a type without a label.
    """
    entries = _labels(str(paths.templates_dir() / "labels"))
    entry = entries.get(f"organisation.noun.{organisation_type}")
    if not entry or any(language not in entry for language in ORGANISATION_LANGUAGES):
        raise AnalysisError(f"no organisation noun for organisation type {organisation_type!r} in "
                            "templates/labels/*.yaml", argument="organisation_type",
                            expected="a label organisation.noun.<type> with nb, nn and en", found="none")
    return {language: (override or {}).get(language) or entry[language] for language in ORGANISATION_LANGUAGES}


def organisation_words(nouns: dict[str, str], language: str) -> dict[str, str]:
    """The placeholders a sentence about the client uses: ``{organisation}`` (``kommunen``, ``the
    municipality``) and its genitive ``{organisation_s}`` (``kommunens``, ``the municipality's``)."""
    noun = nouns[language]
    if language == "en":
        genitive = noun + ("'" if noun.endswith("s") else "'s")
    else:
        genitive = noun + ("'" if noun.endswith(("s", "x", "z")) else "s")
    return {"organisation": noun, "organisation_s": genitive}


def value_label(kind: str, value, language: str) -> str:
    """A value shown to a reader, such as a channel (``news`` -> ``nyheter``) or a sentiment label.

    Uses the label ``<kind>.<value>`` (``templates/labels/common.yaml``); a value without a label is
    shown as it is, and a missing value as a dash.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    entries = _labels(str(paths.templates_dir() / "labels"))
    entry = entries.get(f"{kind}.{value}")
    return entry[language] if entry and language in entry else str(value)


def format_number(value, language: str, *, decimals: int = 0) -> str:
    """``12345.6`` as ``12 345,6`` (nb, no-break space and decimal comma) or ``12,345.6`` (en)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if language == "nb":
        text = text.replace(",", NB_THOUSANDS).replace(".", ",")
        text = text.replace("-", "\u2212")
    return text


def format_percent(share, language: str, *, decimals: int = 0) -> str:
    """A share (0.425) as a percentage: ``42,5 %`` (nb) or ``42.5%`` (en)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    number = format_number(share * 100, language, decimals=decimals)
    return f"{number}\u00a0%" if language == "nb" else f"{number}%"


def format_share(share, language: str) -> str:
    """A share as the handout writes every share: whole percents (``67 %``), one decimal below 10 %
    (``8,4 %``) where whole percents hide the difference; ``–`` when missing."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return format_percent(share, language, decimals=1 if abs(share) < 0.1 else 0)


def format_duration(minutes, language: str) -> str:
    """Minutes as the handout writes every duration: ``45 min``, ``5,5 t`` / ``5.5 h``, ``2,3 d``;
    ``–`` when missing. Whole hours and days are written without a decimal."""
    if minutes is None or (isinstance(minutes, float) and math.isnan(minutes)):
        return "–"
    if minutes < 90:
        return label("engage.duration.minutes", language, value=format_number(minutes, language))
    if minutes < 48 * 60:
        hours = minutes / 60
        return label("engage.duration.hours", language,
                     value=format_number(hours, language, decimals=0 if hours == int(hours) else 1))
    days = minutes / 1440
    return label("engage.duration.days", language,
                 value=format_number(days, language, decimals=0 if days == int(days) else 1))


DATE_FORMATS = {"nb": {"date": "%d.%m.%Y", "datetime": "%d.%m.%Y %H:%M"},
                "en": {"date": "%Y-%m-%d", "datetime": "%Y-%m-%d %H:%M"}}


def format_date(value, language: str, *, kind: str = "date") -> str:
    """A day (``kind="date"``: ``30.09.2026`` / ``2026-09-30``), a local time (``"datetime"``) or a month
    (``"month"``: :func:`format_month`, ``april 2026``): the one date formatter of the handout; ``–`` when
    missing."""
    import pandas as pd

    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "month":
        return format_month(value, language)
    return pd.Timestamp(value).strftime(DATE_FORMATS[language][kind])


def format_month(month, language: str) -> str:
    """A calendar month as the reader says it: ``april 2026`` (nb) or ``April 2026`` (en).

    Month names are the labels ``common.month_name.1`` … ``common.month_name.12``.
    """
    import pandas as pd

    if month is None or month is pd.NaT or (isinstance(month, float) and math.isnan(month)):
        return "–"
    month = pd.Timestamp(month)
    return f"{label(f'common.month_name.{month.month}', language)} {month.year}"
