"""The ecosystem rules: an editable table that maps domains, accounts, channels and referrals to a level.

The rules live in ``data/reference/ecosystem.csv`` (one line per pattern, ``#`` lines are notes; the file
explains how to extend it). :func:`load_ecosystem_rules` reads and checks it; :func:`match_rule` finds the
rule for one value. Reference data shared by the Influence stage (levels, roles) and by
:mod:`sermo_helpers.privacy` (the organisations named here keep their names); it depends on neither.
The file is read only when called.
"""
from __future__ import annotations

import fnmatch
import io
from pathlib import Path

import pandas as pd

from . import paths
from .errors import AnalysisError, LoadError

RULE_COLUMNS = ["match_on", "pattern", "level", "kind", "name"]
MATCH_ON = ("account", "domain", "channel", "source", "medium")
LEVELS = (1, 2, 3, 4)
# Kinds that make an actor a journalist/outlet or an expert (see ranking.assign_role).
OUTLET_KINDS = frozenset({"news", "podcast", "broadcaster", "journalist", "magazine", "outlet"})
EXPERT_KINDS = frozenset({"expert", "research", "public_body", "organisation"})


def default_rules_path() -> Path:
    return paths.reference_dir() / "ecosystem.csv"


CLIENT_RULES_NAME = "ecosystem.csv"


def load_ecosystem_rules(path: str | Path | None = None, *, client=None) -> pd.DataFrame:
    """Read the ecosystem rules (default ``data/reference/ecosystem.csv``) as a checked frame.

    With ``client``, an ``ecosystem.csv`` in the client's data folder (same columns) is read too and
    its rules come first, so they win. Returns columns match_on, pattern (lower case), level (int),
    kind, name (missing: none), in order of precedence. Raises LoadError naming the file and the
    1-based line of the first bad rule.
    """
    general = _read_rules(Path(path) if path is not None else default_rules_path())
    if client is not None and (client.data_path / CLIENT_RULES_NAME).is_file():
        own = _read_rules(client.data_path / CLIENT_RULES_NAME)
        return pd.concat([own, general], ignore_index=True)
    return general


def _read_rules(path: Path) -> pd.DataFrame:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LoadError(f"No ecosystem rules at {path}; expected a CSV with columns {', '.join(RULE_COLUMNS)}.",
                        path=str(path), expected="a rules file", found="nothing") from None
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: expected UTF-8 text ({exc.reason}). Save the file as UTF-8.",
                        path=str(path), expected="UTF-8", found="other encoding") from None
    lines = text.splitlines()
    kept = [(number, line) for number, line in enumerate(lines, start=1)
            if line.strip() and not line.lstrip().startswith("#")]
    if not kept:
        raise LoadError(f"{path} holds no rules; expected a header {','.join(RULE_COLUMNS)}.",
                        path=str(path), expected="a header row", found="an empty file")
    frame = pd.read_csv(io.StringIO("\n".join(line for _, line in kept)), dtype="str",
                        keep_default_na=False)
    missing = [column for column in RULE_COLUMNS if column not in frame.columns]
    if missing:
        raise LoadError(f"{path}: the header must name {', '.join(RULE_COLUMNS)}; missing {', '.join(missing)}.",
                        path=str(path), row=kept[0][0], column=missing[0], expected=",".join(RULE_COLUMNS),
                        found=",".join(frame.columns))
    frame = frame[RULE_COLUMNS].apply(lambda column: column.str.strip())
    file_lines = [number for number, _ in kept[1:]]
    for position, row in enumerate(frame.itertuples(index=False)):
        line = file_lines[position]
        if row.match_on not in MATCH_ON:
            raise LoadError(f"{path}, line {line}: match_on must be one of {', '.join(MATCH_ON)}; "
                            f"found {row.match_on!r}.", path=str(path), row=line, column="match_on",
                            expected=" or ".join(MATCH_ON), found=row.match_on)
        if row.level not in {str(level) for level in LEVELS}:
            raise LoadError(f"{path}, line {line}: level must be 1, 2, 3 or 4; found {row.level!r}.",
                            path=str(path), row=line, column="level", expected="1-4", found=row.level)
        if not row.pattern or not row.kind:
            column = "pattern" if not row.pattern else "kind"
            raise LoadError(f"{path}, line {line}: {column} is empty.", path=str(path), row=line,
                            column=column, expected="text", found="empty")
    frame["pattern"] = frame["pattern"].str.lower()
    frame["level"] = frame["level"].astype("int64")
    frame["name"] = frame["name"].where(frame["name"] != "")
    return frame.reset_index(drop=True)


def normalise_domain(value) -> str | None:
    """``https://www.NRK.no/x`` and ``www.nrk.no`` as ``nrk.no``; None for missing values."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().lower()
    if "://" in text:
        text = text.split("://", 1)[1]
    text = text.split("/", 1)[0].split(":", 1)[0]
    return text.removeprefix("www.") or None


def normalise_handle(value) -> str | None:
    """``@Kari_N`` as ``kari_n``: the key by which accounts are compared."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower().lstrip("@") or None


def _matches(match_on: str, pattern: str, value: str) -> bool:
    if match_on == "domain" and not any(char in pattern for char in "*?["):
        return value == pattern or value.endswith("." + pattern)
    return fnmatch.fnmatchcase(value, pattern)


class RuleMatcher:
    """Matches values against the rules, remembering answers (each distinct value is matched once)."""

    def __init__(self, rules: pd.DataFrame):
        self._by_kind = {match_on: _rules_for(rules, match_on) for match_on in MATCH_ON}
        self._cache: dict[tuple[str, object], dict | None] = {}

    def match(self, match_on: str, value) -> dict | None:
        """The first rule of kind ``match_on`` whose pattern matches ``value``, as a dict, or None."""
        key = (match_on, value if isinstance(value, str) else None)
        if key not in self._cache:
            self._cache[key] = self._match(match_on, value)
        return self._cache[key]

    def _match(self, match_on, value):
        if match_on == "domain":
            value = normalise_domain(value)
        elif match_on == "account":
            value = normalise_handle(value)
        elif isinstance(value, str):
            value = value.strip().lower() or None
        else:
            value = None
        if value is None:
            return None
        for rule in self._by_kind[match_on]:
            if _matches(match_on, rule["pattern"], value):
                return rule
        return None


def match_rule(rules: pd.DataFrame, match_on: str, value) -> dict | None:
    """The first rule of kind ``match_on`` whose pattern matches ``value``, as a dict, or None.

    Domains are normalised (scheme, ``www.`` and path dropped) and a plain domain pattern also matches
    its subdomains; accounts are compared without ``@`` and case; channels, sources and media by case.
    """
    if match_on not in MATCH_ON:
        raise AnalysisError(f"match_on must be one of {', '.join(MATCH_ON)}, found {match_on!r}",
                            argument="match_on", expected=" or ".join(MATCH_ON), found=repr(match_on))
    return RuleMatcher(rules).match(match_on, value)


def _rules_for(rules: pd.DataFrame, match_on: str) -> list[dict]:
    subset = rules[rules["match_on"] == match_on]
    return [{key: (None if pd.isna(value) else value) for key, value in row.items()}
            for row in subset.to_dict("records")]
