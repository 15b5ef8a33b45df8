"""Reading client data: the one place where files become canonical frames.

:func:`load_client` takes every file of a client's data folder (:class:`.folder.ClientFolder`:
sub-folders and zip archives included), recognises each file's format from its content (the ordered
list in :mod:`.formats`, tried by :mod:`.registry`), reads and validates it, concatenates the pieces of each canonical frame, removes rows
repeated across overlapping exports, and returns the frames with a load report. Results are cached
as Parquet keyed by the files' checksums (:mod:`.cache`); :func:`query_mentions` runs SQL over that
cache with DuckDB. The accepted layouts are described in ``sermo_helpers/loaders/README.md``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..config import ClientConfig
from ..errors import LoadError
from ..schema import CHANNEL_STATS, MENTIONS, POSTS, SCHEMAS, WEB_TRAFFIC
from . import cache
from .base import Context, Source
from .folder import ClientFolder
from ..errors import SchemaError, SermoError
from .proposal import FILE_NAME, mapping_format, read_mappings
from .registry import FileLoad, describe_nearest, describe_unknown, formats, make_head, read_source, recognise

REPORT_COLUMNS = ["file", "format", "status", "frame", "rows", "first_date", "last_date", "warnings",
                  "duplicates_dropped"]
#: What happened to a file: read as it is, read with repairs (see warnings), recognised but deliberately
#: not loaded, refused (the reason in warnings), not recognised, not a data file, or left out on purpose.
STATUSES = ("loaded", "repaired", "not loaded", "refused", "unrecognised", "not data", "ignored")
LEFT_OUT = ("refused", "unrecognised", "ignored")
TOTALS_COLUMNS = ["file", "channel", "metric", "total_row", "sum_of_rows", "difference"]

__all__ = ["ClientData", "ClientFolder", "load_client", "load_file", "query_mentions", "formats", "left_out_files",
           "REPORT_COLUMNS", "STATUSES"]


def _empty_report() -> pd.DataFrame:
    return pd.DataFrame({
        "file": pd.Series(dtype="str"), "format": pd.Series(dtype="str"), "status": pd.Series(dtype="str"),
        "frame": pd.Series(dtype="str"),
        "rows": pd.Series(dtype="int64"), "first_date": pd.Series(dtype="datetime64[us]"),
        "last_date": pd.Series(dtype="datetime64[us]"), "warnings": pd.Series(dtype="str"),
        "duplicates_dropped": pd.Series(dtype="int64"),
    })


def _empty_totals() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="str" if name in ("file", "channel", "metric") else "float64")
                         for name in TOTALS_COLUMNS})


@dataclass
class ClientData:
    """The canonical frames of one client, and how they were loaded.

    ``report`` has one row per file and frame (``REPORT_COLUMNS``; files that are not data, or whose
    layout is not recognised, appear with format ``skipped``/``unrecognised`` and the reason in
    ``warnings``). ``totals`` holds platform-reported totals kept apart from the rows (YouTube's
    ``Total`` row) with their difference to the sum of the rows.
    """

    channel_stats: pd.DataFrame = field(default_factory=CHANNEL_STATS.empty)
    posts: pd.DataFrame = field(default_factory=POSTS.empty)
    mentions: pd.DataFrame = field(default_factory=MENTIONS.empty)
    web_traffic: pd.DataFrame = field(default_factory=WEB_TRAFFIC.empty)
    report: pd.DataFrame = field(default_factory=_empty_report)
    totals: pd.DataFrame = field(default_factory=_empty_totals)


def _local_dates(frame: pd.DataFrame, timezone: str):
    if not len(frame):
        return pd.NaT, pd.NaT
    if "published_at" in frame:
        times = frame["published_at"]
        first, last = times.min(), times.max()
        return (first.tz_convert(timezone).tz_localize(None).normalize(),
                last.tz_convert(timezone).tz_localize(None).normalize())
    if "date" in frame:
        return frame["date"].min(), frame["date"].max()
    return pd.NaT, pd.NaT


def load_file(path: str | Path, *, client: ClientConfig | None = None, context: Context | None = None,
              format_name: str | None = None) -> FileLoad:
    """Recognise and read one file (not a folder) into validated canonical frames.

    Raises LoadError (unknown layout, unreadable or malformed file) or SchemaError (values that do
    not fit their frame), naming the file and, where known, the row and column.
    """
    path = Path(path)
    context = context or (Context.for_client(client) if client is not None else Context())
    return read_source(Source(path.name, path=path), context, format_name=format_name)


def load_client(client: ClientConfig, *, use_cache: bool = True, allow_partial: bool | None = None) -> ClientData:
    """Load every file in the client's data folder into canonical frames.

    Every file is tried; one bad file never hides the others. The report has one row per file with
    its ``status`` (:data:`STATUSES`). When a file is refused (malformed, or values that do not fit
    their frame) the load fails with one LoadError naming every refused file and why, unless
    partial loads are allowed (``allow_partial``, default the client's ``allow_partial``): then the
    data holds what loaded and the report says what was left out and why (:func:`left_out_files`).

    Parameters
    ----------
    client : the client's configuration (its data folder, time zone, own accounts and
        ``ignore_files`` are used).
    use_cache : read from and write to the Parquet cache (``editions/.cache/<slug>/``).
    allow_partial : load what can be loaded when some files are refused.

    Raises LoadError when the folder is missing, holds no data files, or (unless partial loads are
    allowed) any file is refused.
    """
    allow_partial = client.allow_partial if allow_partial is None else allow_partial
    inputs = ClientFolder.for_client(client)  # inside an allowed root, or a LoadError saying why
    folder = inputs.root
    if not folder.is_dir():
        raise LoadError(f"Client {client.slug!r}: data folder {client.data_folder} does not exist. Create it and put "
                        "the client's exports there (see README, 'A new client').", path=client.data_folder,
                        expected="a folder", found="nothing")
    context = Context.for_client(client)
    if not inputs.data_files():
        raise LoadError(f"Client {client.slug!r}: no data files found in {client.data_folder}.",
                        path=client.data_folder,
                        expected="at least one export", found="no files" if not inputs.files else
                        "only files that are not data: " + ", ".join(file.name for file in inputs.files))
    key = None
    if use_cache:
        # Files the checksum memo does not vouch for (new or changed exports) are hashed while the
        # cache is written, on the core the writing leaves idle, when they were last modified long
        # enough ago that a file whose size, time and inode are unchanged after the read is the file
        # that was read (the memo's own rule); an entry of the same key is then kept. Otherwise (and
        # when the memo knows every file) the key comes first and a cached entry is read instead.
        paths = [file.path for file in inputs.files]
        unhashed = cache.unhashed(paths)
        later = bool(unhashed) and cache.settled(unhashed)
        if later:
            # every input file as it was before the read: the memo vouches for the known ones only
            # while they are unchanged, so a known export saved over during the read is caught too
            before = cache.status(paths)

            def key():
                try:
                    checksums = inputs.checksums()
                except OSError:  # a file gone since it was read: nothing is cached
                    return None
                return (cache.cache_key(checksums, context, extra=f"ignore={inputs.ignore}")
                        if cache.unchanged(before) else None)  # changed while read: not cached
        else:
            key = cache.cache_key(inputs.checksums(), context, extra=f"ignore={inputs.ignore}")
            cached = cache.read_entry(client.slug, key)
            if cached is not None:
                data = ClientData(**cached)
                _refuse_unless_partial(client, data.report, allow_partial)
                return data
    data, errors = _load_sources(inputs, context)
    _refuse_unless_partial(client, data.report, allow_partial, errors)
    if key is not None:
        cache.write_entry(client.slug, key, {name: getattr(data, name) for name in cache.FRAME_FILES})
    return data


def left_out_files(data: ClientData) -> pd.DataFrame:
    """The files whose data is not in the frames and why: refused, unrecognised or ignored (file, status, reason)."""
    report = data.report
    out = report[report["status"].isin(LEFT_OUT)][["file", "status", "warnings"]]
    return out.rename(columns={"warnings": "reason"}).drop_duplicates("file").reset_index(drop=True)


def _refuse_unless_partial(client: ClientConfig, report: pd.DataFrame, allow_partial: bool,
                           errors: dict[str, Exception] | None = None) -> None:
    refused = report[report["status"] == "refused"].drop_duplicates("file")
    if refused.empty or allow_partial:
        return
    first = (errors or {}).get(str(refused["file"].iloc[0]))  # its row and column, when it was just read
    lines = [f"  - {row.file}: {row.warnings}" for row in refused.itertuples()]
    raise LoadError(f"Client {client.slug!r}: {len(refused)} of {report['file'].nunique()} files were refused, "
                    "so the edition would miss their data:\n" + "\n".join(lines) + "\nFix or remove them, list them "
                    "under ignore_files: in the client file, or render with --allow-partial (the handout's data "
                    "basis then names them). `sermo check` shows every file.",
                    path=str(refused["file"].iloc[0]), row=getattr(first, "row", None),
                    column=getattr(first, "column", None) or _first_problem_column(first),
                    expected=getattr(first, "expected", None) or "every file readable",
                    found=getattr(first, "found", None) or f"{len(refused)} refused: " + ", ".join(refused["file"]))


def _first_problem_column(error) -> str | None:
    problems = getattr(error, "problems", None) or []
    return problems[0][0] if problems and isinstance(problems[0], (tuple, list)) else None


def _load_sources(inputs: ClientFolder, context: Context) -> tuple[ClientData, dict[str, Exception]]:
    sources, skipped = inputs.sources()
    errors: dict[str, Exception] = {}
    rows: list[dict] = []
    pieces: dict[str, list[tuple[int, pd.DataFrame]]] = {name: [] for name in SCHEMAS}
    totals = []
    for name in inputs.ignored:
        rows.append(_report_row(name, "", "", 0, (pd.NaT, pd.NaT), ["listed in ignore_files; not read"],
                                status="ignored"))
    try:
        mappings = read_mappings(inputs.root)
    except SermoError as error:
        mappings = []
        errors[FILE_NAME] = error
        skipped = [(name, reason) for name, reason in skipped if name != FILE_NAME]
        rows.append(_report_row(FILE_NAME, "columns_yaml", "", 0, (pd.NaT, pd.NaT), [_one_line(error)],
                                status="refused"))
    for name, reason in skipped:
        if reason == "ignored":
            rows.append(_report_row(name, "", "", 0, (pd.NaT, pd.NaT), ["listed in ignore_files; not read"],
                                    status="ignored"))
        else:
            rows.append(_report_row(name, "skipped", "", 0, (pd.NaT, pd.NaT), [reason], status="not data"))
    for source in sources:
        if source.refusal is not None:
            rows.append(_report_row(source.name, "", "", 0, (pd.NaT, pd.NaT), [source.refusal], status="refused"))
            continue
        mapping = next((entry for entry in mappings if entry.matches(source.name)), None)
        try:
            head = make_head(source)
            format_ = mapping_format(mapping) if mapping is not None else recognise(source, head)
        except OSError as error:
            rows.append(_report_row(source.name, "", "", 0, (pd.NaT, pd.NaT),
                                    [f"cannot be read ({error.strerror or error})"], status="refused"))
            continue
        if format_ is None:
            rows.append(_report_row(source.name, "unrecognised", "", 0, (pd.NaT, pd.NaT),
                                    [f"layout not recognised ({describe_unknown(head)}); "
                                     f"{describe_nearest(head)}; not loaded"], status="unrecognised"))
            continue
        try:
            loaded = read_source(source, context, format_=format_)
        except (LoadError, SchemaError) as error:
            errors[source.name] = error
            rows.append(_report_row(source.name, format_.name, "", 0, (pd.NaT, pd.NaT), [_one_line(error)],
                                    status="refused"))
            continue
        except OSError as error:
            rows.append(_report_row(source.name, format_.name, "", 0, (pd.NaT, pd.NaT),
                                    [f"cannot be read ({error.strerror or error})"], status="refused"))
            continue
        if loaded.totals is not None:
            totals.append(loaded.totals)
        if not loaded.frames:
            rows.append(_report_row(loaded.source, loaded.format, "", 0, (pd.NaT, pd.NaT),
                                    loaded.warnings + ([loaded.skipped] if loaded.skipped else []),
                                    status="not loaded"))
        for frame_name, frame in loaded.frames.items():
            pieces[frame_name].append((len(rows), frame))
            rows.append(_report_row(loaded.source, loaded.format, frame_name, len(frame),
                                    _local_dates(frame, context.timezone), loaded.warnings,
                                    status="repaired" if loaded.warnings else "loaded"))
    frames = {}
    for frame_name, parts in pieces.items():
        frames[frame_name] = _combine(frame_name, parts, rows)
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS) if rows else _empty_report()
    report = report.astype({"file": "str", "format": "str", "status": "str", "frame": "str", "rows": "int64",
                            "first_date": "datetime64[us]", "last_date": "datetime64[us]", "warnings": "str",
                            "duplicates_dropped": "int64"})
    totals_frame = pd.concat(totals, ignore_index=True)[TOTALS_COLUMNS] if totals else _empty_totals()
    return ClientData(**frames, report=report, totals=totals_frame), errors


def _report_row(file: str, format_name: str, frame: str, rows: int, dates, warnings: list[str], *,
                status: str) -> dict:
    return {"file": file, "format": format_name, "status": status, "frame": frame, "rows": rows,
            "first_date": dates[0], "last_date": dates[1], "warnings": "; ".join(warnings),
            "duplicates_dropped": 0}


def _one_line(error: Exception) -> str:
    """An error's message on one line (a schema error lists its problems on several)."""
    return " ".join(part.strip() for part in str(error).splitlines() if part.strip())


def _combine(name: str, parts: list[tuple[int, pd.DataFrame]], rows: list[dict]) -> pd.DataFrame:
    """Concatenate one frame's pieces; drop rows repeated across files, counting them per file.

    Exact repeats are dropped from the later file. Rows that share the frame's key but differ (an
    older export with older counts) keep the values from the file whose data ends latest.
    """
    schema = SCHEMAS[name]
    if not parts:
        return schema.empty()
    if len(parts) == 1:
        return parts[0][1]
    order = sorted(parts, key=lambda part: (rows[part[0]]["last_date"] if pd.notna(rows[part[0]]["last_date"])
                                            else pd.Timestamp.min, part[0]))
    combined = pd.concat([frame for _, frame in order], ignore_index=True)
    origin = pd.Series([row for row, frame in order for _ in range(len(frame))], dtype="int64")
    exact = combined.duplicated(keep="first")
    keyed = combined[~exact].duplicated(subset=list(schema.key), keep="last").reindex(combined.index,
                                                                                      fill_value=False)
    dropped = exact | keyed
    if dropped.any():
        for row, count in origin[dropped].value_counts().items():
            rows[row]["duplicates_dropped"] = int(count)
            extra = []
            exact_count = int((exact & (origin == row)).sum())
            keyed_count = int((keyed & (origin == row)).sum())
            if exact_count:
                extra.append(f"{exact_count} rows repeat rows of another file exactly; dropped")
            if keyed_count:
                extra.append(f"{keyed_count} rows are superseded by a newer export of the same "
                             f"{'/'.join(schema.key)}; dropped")
            rows[row]["warnings"] = "; ".join(filter(None, [rows[row]["warnings"], *extra]))
        combined = combined[~dropped]
    return schema.validate(combined, path="(all files)")


def query_mentions(client: ClientConfig, sql: str) -> pd.DataFrame:
    """Run ``sql`` with DuckDB over the client's cached frames (tables ``mentions``, ``posts``,
    ``channel_stats``, ``web_traffic``), loading the client first if the cache is stale.

    Raises LoadError as :func:`load_client` does; DuckDB's own error for invalid SQL.
    """
    import duckdb

    context = Context.for_client(client)
    inputs = ClientFolder.for_client(client)
    key = cache.cache_key(inputs.checksums(), context, extra=f"ignore={inputs.ignore}")
    if cache.read_entry(client.slug, key, read=False) is None:  # missing or damaged: (re)build it
        load_client(client, use_cache=True)
    entry = cache.entry(client.slug, key)
    if not (entry / "report.parquet").is_file():
        raise LoadError(f"Client {client.slug!r}: the cache under {entry} could not be written, so it cannot be "
                        "queried.", path=str(entry), expected="a writable editions/.cache folder",
                        found="no cache entry")
    connection = duckdb.connect()
    try:
        for name in ("mentions", "posts", "channel_stats", "web_traffic"):
            paths = cache.frame_files(entry, name)  # a large frame is cached in parts
            listed = ", ".join("'" + str(path).replace("'", "''") + "'" for path in paths)
            connection.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet([{listed}])")
        return connection.execute(sql).df()
    finally:
        connection.close()
