"""The escape hatch for exports we do not know yet: a ``columns.yaml`` in the client's data folder.

It maps an export's columns onto a canonical frame, so a new layout needs no code change::

    files:
      - match: "crm_export*.csv"      # a file name in the data folder, or a * pattern
        frame: mentions               # channel_stats, posts, mentions or web_traffic
        columns:                      # canonical column: the export's column name, or its position (1 = first)
          mention_id: Ticket ID
          published_at: Opened
          author: 3
          text: Message
          channel: {value: web}       # the same value in every row
        date_format: "%d.%m.%Y %H:%M" # optional: how times are written (else the usual layouts are tried)
        decimal_mark: ","             # optional: "." (default) or ","
        delimiter: ";"                # optional: the cell separator (else guessed)
        skip_lines: 0                 # optional: lines above the header

The file is validated like every client file: unknown keys, unknown frames or columns, missing
required columns and wrong types are refused together, every problem listed. ``sermo check``
prints a ready-to-edit proposal for each file it does not recognise (:func:`propose`).
"""
from __future__ import annotations

import difflib
import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import ConfigError
from ..schema import DATE, DATETIME, FLOAT, SCHEMAS, STRING
from . import parsing
from .base import Context, Format, Result, Source
from .sniff import Head
from .tables import read_text_table

FILE_NAME = "columns.yaml"
ENTRY_KEYS = {"match", "frame", "columns", "date_format", "decimal_mark", "delimiter", "skip_lines"}
SYNONYMS = {  # words often seen in export headers -> canonical column
    "id": "mention_id", "message id": "mention_id", "ticket id": "mention_id", "ticket": "mention_id", "post id": "post_id",
    "date": "published_at", "time": "published_at", "created": "published_at", "created at": "published_at",
    "timestamp": "published_at", "opened": "published_at", "message": "text", "content": "text", "body": "text",
    "user": "author", "username": "author", "name": "author", "link": "url", "likes": "reactions",
    "retweets": "shares", "replies": "comments", "views": "impressions", "followers": "author_followers",
    "platform": "channel", "network": "channel", "source": "source_domain",
}


@dataclass(frozen=True)
class Mapping:
    match: str
    frame: str
    columns: dict  # canonical column -> export column name (str), position (int, 1-based) or {"value": constant}
    date_format: str | None = None
    decimal_mark: str = "."
    delimiter: str | None = None
    skip_lines: int = 0

    def matches(self, name: str) -> bool:
        return fnmatch.fnmatchcase(name, self.match) or fnmatch.fnmatchcase(name.rsplit("/", 1)[-1], self.match)


def read_mappings(folder: Path) -> list[Mapping]:
    """The validated entries of ``folder/columns.yaml`` ([] without one); ConfigError listing every problem."""
    path = Path(folder) / FILE_NAME
    if not path.is_file():
        return []
    from ..config import read_yaml

    raw = read_yaml(path, what="columns file")
    return validate_mappings(raw, source=FILE_NAME)


def validate_mappings(raw, *, source: str) -> list[Mapping]:
    problems: list[str] = []
    if not isinstance(raw, dict) or set(raw) != {"files"} or not isinstance(raw.get("files"), list):
        raise ConfigError(f"{source}: expected a mapping with one key 'files' holding a list of entries, found "
                          f"{type(raw).__name__}" + (f" with keys {sorted(map(str, raw))}" if isinstance(raw, dict) else ""),
                          path=source, problems=["not a mapping with 'files'"])
    entries = []
    for number, entry in enumerate(raw["files"], start=1):
        where = f"files[{number}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping, found {type(entry).__name__}")
            continue
        for key in sorted(set(entry) - ENTRY_KEYS, key=str):
            problems.append(f"{where}: unknown key {str(key)[:60]!r} (known: {', '.join(sorted(ENTRY_KEYS))})")
        match, frame, columns = entry.get("match"), entry.get("frame"), entry.get("columns")
        if not isinstance(match, str) or not match.strip():
            problems.append(f"{where}.match: expected a file name or * pattern, found {match!r}"[:200])
        if frame not in SCHEMAS:
            problems.append(f"{where}.frame: expected one of {', '.join(SCHEMAS)}, found {str(frame)[:60]!r}")
        if not isinstance(columns, dict) or not columns:
            problems.append(f"{where}.columns: expected a mapping of canonical column to export column")
            columns = {}
        schema = SCHEMAS.get(frame)
        for name, spec in columns.items():
            if schema is not None and name not in schema.names:
                problems.append(f"{where}.columns: {str(name)[:60]!r} is not a column of {frame} "
                                f"(known: {', '.join(schema.names)})")
            ok = (isinstance(spec, str) and spec.strip()) or (isinstance(spec, int) and not isinstance(spec, bool)
                                                              and spec >= 1) or (
                isinstance(spec, dict) and set(spec) == {"value"} and isinstance(spec["value"], (str, int, float)))
            if not ok:
                problems.append(f"{where}.columns.{name}: expected a column name, a position (1 = first) or "
                                f"{{value: …}}, found {str(spec)[:60]!r}")
        if schema is not None:
            for name in schema.required:
                if name not in columns:
                    problems.append(f"{where}.columns: required column {name!r} of {frame} is not mapped")
        decimal = entry.get("decimal_mark", ".")
        if decimal not in (".", ","):
            problems.append(f"{where}.decimal_mark: expected '.' or ',', found {str(decimal)[:20]!r}")
        delimiter = entry.get("delimiter")
        if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
            problems.append(f"{where}.delimiter: expected one character, found {str(delimiter)[:20]!r}")
        skip = entry.get("skip_lines", 0)
        if not isinstance(skip, int) or isinstance(skip, bool) or not 0 <= skip <= 1000:
            problems.append(f"{where}.skip_lines: expected a whole number from 0 to 1000, found {str(skip)[:20]!r}")
        date_format = entry.get("date_format")
        if date_format is not None and (not isinstance(date_format, str) or "%" not in date_format):
            problems.append(f"{where}.date_format: expected a layout such as '%d.%m.%Y %H:%M', "
                            f"found {str(date_format)[:40]!r}")
        entries.append(Mapping(str(match), str(frame), dict(columns), date_format, decimal, delimiter,
                               skip if isinstance(skip, int) else 0))
    if problems:
        raise ConfigError(f"{source} is invalid:\n" + "\n".join(f"  - {problem}" for problem in problems[:50]),
                          path=source, problems=problems[:50])
    return entries


def mapping_format(mapping: Mapping) -> Format:
    """A format that reads files matched by ``mapping`` (named ``columns_yaml``)."""
    return Format("columns_yaml", f"mapped by columns.yaml ({mapping.match} -> {mapping.frame})", (mapping.frame,),
                  lambda head: True, lambda source, head, context: read_mapped(source, head, context, mapping))


def read_mapped(source: Source, head: Head, context: Context, mapping: Mapping) -> Result:
    raw = read_text_table(source, head, skip_lines=mapping.skip_lines, delimiter=mapping.delimiter,
                          allow_repeated=True)
    schema = SCHEMAS[mapping.frame]
    warnings: list[str] = []
    frame = pd.DataFrame(index=raw.index)
    for name, spec in mapping.columns.items():
        if isinstance(spec, dict):
            frame[name] = spec["value"]
            continue
        if isinstance(spec, int):
            if spec > raw.shape[1]:
                raise parsing.fail(source.name, f"columns.yaml maps {name!r} to column {spec}, but the file has "
                                   f"{raw.shape[1]} columns.", column=name, expected=f"at least {spec} columns",
                                   found=f"{raw.shape[1]} columns")
            values, label = raw.iloc[:, spec - 1], f"column {spec}"
        else:
            key = spec.strip().lower()
            if key not in raw.columns:
                raise parsing.fail(source.name, f"columns.yaml maps {name!r} to {spec!r}, which the file does not "
                                   "have.", column=spec, expected=repr(spec),
                                   found="columns " + ", ".join(repr(c) for c in list(raw.columns)[:20]))
            values, label = raw[key], spec
        kind = schema.column(name).kind
        formats = (mapping.date_format,) if mapping.date_format else None
        if kind == DATETIME:
            frame[name] = parsing.parse_times(values, source=source.name, column=label, tz=context.timezone,
                                              warnings=warnings, formats=formats)
        elif kind == DATE:
            frame[name] = parsing.parse_dates(values, source=source.name, column=label, formats=formats,
                                              warnings=warnings)
        elif kind == FLOAT:
            frame[name] = parsing.parse_numbers(values, source=source.name, column=label,
                                                decimal_comma=mapping.decimal_mark == ",")
        elif kind == STRING:
            frame[name] = parsing.as_text(values)
        else:
            frame[name] = values
    return Result({mapping.frame: frame}, warnings + [f"read with columns.yaml ({mapping.match})"])


def _guess_kind(values: pd.Series) -> str:
    sample = values.dropna().astype("str").str.strip().head(50)
    sample = sample[sample != ""]
    if sample.empty:
        return "empty"
    if sample.str.fullmatch(r"-?[\d\s.,]+").all():
        return "number"
    if sample.str.contains(r"\d{1,4}[-./]\d{1,2}[-./]\d{1,4}|\d{4}-\d{2}-\d{2}", regex=True).all():
        return "date or time"
    return "text"


def propose(source: Source, head: Head) -> str | None:
    """A ready-to-edit ``columns.yaml`` entry for a file that is not recognised (None without a header)."""
    if not head.header or head.is_binary or head.is_zip:
        return None
    try:
        raw = read_text_table(source, head, allow_repeated=True).head(50)
    except Exception:  # noqa: BLE001 - a proposal is a help, never a failure
        return None
    kinds = {name: _guess_kind(raw[name]) for name in raw.columns}
    best_frame, best = None, None
    for frame_name, schema in SCHEMAS.items():
        guesses = {}
        for name in raw.columns:
            target = SYNONYMS.get(name) or next(iter(difflib.get_close_matches(
                re.sub(r"[^a-z_]+", "_", name).strip("_"), schema.names, n=1, cutoff=0.75)), None)
            if target in schema.names and target not in guesses.values():
                guesses[name] = target
        score = sum(1 for target in guesses.values() if target in schema.required)
        if best is None or score > best[0]:
            best_frame, best = frame_name, (score, guesses)
    schema = SCHEMAS[best_frame]
    guesses = best[1]
    lines = [f"# proposal for {source.name}: check every line, then save as columns.yaml in the data folder",
             "files:", f"  - match: {source.name.rsplit('/', 1)[-1]!r}", f"    frame: {best_frame}",
             "    columns:"]
    mapped = {target: name for name, target in guesses.items()}
    for column in schema.names:
        if column in mapped:
            lines.append(f"      {column}: {mapped[column]!r}   # {kinds[mapped[column]]}")
        elif column in schema.required:
            lines.append(f"      {column}: ''   # required: which column holds it?")
    unmapped = [f"{name!r} ({kinds[name]})" for name in raw.columns if name not in guesses]
    if unmapped:
        lines.append("    # columns not mapped: " + ", ".join(unmapped))
    lines.append(f"    delimiter: {head.delimiter!r}")
    return "\n".join(lines)


def proposals_for(client, report: pd.DataFrame) -> list[str]:
    """A proposal for each unrecognised file of ``client`` (for ``sermo check``)."""
    from .folder import ClientFolder
    from .registry import make_head

    unknown = set(report.loc[report["status"] == "unrecognised", "file"])
    if not unknown:
        return []
    texts = []
    sources, _ = ClientFolder.for_client(client).sources()
    for source in sources:
        if source.name in unknown:
            text = propose(source, make_head(source))
            if text:
                texts.append(text)
    return texts
