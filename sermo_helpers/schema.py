"""Canonical frames: defined once here, validated at the boundary, imported everywhere.

The representation is deliberately small and our own (no pandera): a :class:`FrameSchema` is a
tuple of :class:`Column` specs. :meth:`FrameSchema.validate` coerces each column to its canonical
dtype, checks values, and raises one :class:`~sermo_helpers.errors.SchemaError` that lists every
failing column at once, naming the source file. Validated frames hold exactly the canonical
columns, in canonical order; optional columns that were absent are added as missing values.

Canonical dtypes (pandas 3): identifiers and text are ``str`` (the default string dtype, so an
18-digit id never becomes a float); counts are ``float64`` (NaN = not reported, which is not
zero); times are ``datetime64[us, UTC]`` (converted to the client's time zone only for display and
calendar arithmetic); daily dates are tz-naive ``datetime64[us]`` at midnight; flags are ``bool``.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .arrow_text import first_bytes
from .errors import SchemaError
from .parallel import thread_map

STRING = "string"
FLOAT = "float"
DATETIME = "datetime"  # instant, stored in UTC
DATE = "date"  # calendar day, tz-naive midnight
BOOL = "bool"

LANGUAGES = ("nb", "nn", "en", "other", "unknown")
TEXT_DTYPE = pd.StringDtype(na_value=np.nan)  # pandas 3's default "str"


@dataclass(frozen=True)
class Column:
    """One canonical column: its name, kind, and what its values must satisfy."""

    name: str
    kind: str
    description: str
    required: bool = True
    nullable: bool = True
    nonnegative: bool = False
    allowed: tuple[str, ...] | None = None


@dataclass(frozen=True)
class FrameSchema:
    """A canonical frame: named columns and an optional unique key."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    description: str = ""
    _by_name: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_name", {column.name: column for column in self.columns})

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required(self) -> list[str]:
        return [column.name for column in self.columns if column.required]

    def column(self, name: str) -> Column:
        return self._by_name[name]

    def empty(self) -> pd.DataFrame:
        """A valid frame with no rows."""
        return self.validate(pd.DataFrame({name: [] for name in self.required}))

    def validate(self, frame: pd.DataFrame, *, path=None) -> pd.DataFrame:
        """Return ``frame`` coerced to this schema, or raise one SchemaError listing every problem.

        Parameters
        ----------
        frame : the frame to check; it is not modified.
        path : the file the frame came from, named in the error.

        Raises
        ------
        SchemaError with ``problems`` as ``(column, expected, found)`` tuples.
        """
        problems: list[tuple[str, str, str]] = []
        missing = [name for name in self.required if name not in frame.columns]
        for name in missing:
            problems.append((name, f"a column named {name!r}", "no such column"))
        duplicated = frame.columns[frame.columns.duplicated()].unique().tolist()
        for name in duplicated:
            problems.append((str(name), "one column of that name", "the name appears more than once"))
        out = {}
        if not duplicated:
            present = [column for column in self.columns if column.name in frame.columns]
            coerced = dict(zip([column.name for column in present],
                               thread_map(lambda column: _coerce(frame[column.name], column), present,
                                          rows=len(frame))))
            for column in self.columns:
                if column.name in coerced:
                    series, problem = coerced[column.name]
                    if problem:
                        problems.append((column.name, *problem))
                        continue
                else:
                    series = _missing(column, len(frame), frame.index)
                out[column.name] = series
        if not problems and self.key and len(frame):
            # Integers turned into text are compared as the integers they were (one-to-one, and a
            # hash of numbers is far cheaper than a sort of text).
            keys = [frame[name] if pd.api.types.is_integer_dtype(frame[name].dtype) else out[name]
                    for name in self.key]
            repeated = repeated_values(keys[0] if len(keys) == 1 else key_codes(keys))
            if repeated is not None:
                first = [out[name][repeated].iloc[0] for name in self.key]
                problems.append((
                    "+".join(self.key),
                    "unique values",
                    f"{int(repeated.sum())} rows share a key, e.g. {first}",
                ))
        if problems:
            raise SchemaError(_format(self.name, path, problems), frame=self.name,
                              path=None if path is None else str(path), problems=problems)
        return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


def _missing(column: Column, length: int, index) -> pd.Series:
    """An absent optional column: all missing (or False for flags), built without a Python loop."""
    if column.kind == STRING:
        return pd.Series(pd.array(pa.nulls(length, pa.large_string()), dtype="str"), index=index)
    empty = {FLOAT: (np.nan, "float64"), DATETIME: (pd.NaT, "datetime64[us, UTC]"),
             DATE: (pd.NaT, "datetime64[us]"), BOOL: (False, "bool")}
    value, dtype = empty[column.kind]
    return pd.Series(value, index=index, dtype=dtype)


def repeated_values(values: pd.Series) -> pd.Series | None:
    """A mask of the rows whose value occurs more than once, or None when every value is unique.

    Numbers and times: a hash table (``Index.is_unique``). Text: an Arrow sort and a comparison of
    neighbours, on a million text ids about a quarter of the time of ``DataFrame.duplicated``.
    """
    if len(values) < 2:
        return None
    if pd.api.types.is_integer_dtype(values.dtype):
        numbers = values.to_numpy()
        low, high = int(numbers.min()), int(numbers.max())
        if high - low < 4 * len(numbers) + 1024:  # dense (codes of a key): count each value
            counts = np.bincount(numbers - low)
            if counts.max() < 2:
                return None
            return pd.Series(counts[numbers - low] > 1, index=values.index)
        ordered = np.sort(numbers)  # numpy's vectorised sort: several times faster than a hash table
        if not (ordered[1:] == ordered[:-1]).any():
            return None
        return values.duplicated(keep=False)
    if not isinstance(values.dtype, pd.StringDtype) and values.dtype != object:
        if pd.Index(values).is_unique:
            return None
        return values.duplicated(keep=False)
    numbers = decimal_integers(values)  # platform ids written as plain numbers: compared as numbers
    if numbers is not None:
        return repeated_values(pd.Series(numbers.to_numpy(), index=values.index))
    array = pa.array(values.array) if isinstance(values.dtype, pd.StringDtype) else pa.array(values.to_numpy())
    order = pc.sort_indices(array)
    ordered = pc.take(array, order)
    same = pc.equal(ordered[1:], ordered[:-1])
    if not pc.any(same).as_py():
        return None
    same = same.to_numpy(zero_copy_only=False)
    flagged = np.zeros(len(values), dtype=bool)
    flagged[:-1] |= same
    flagged[1:] |= same
    mask = np.zeros(len(values), dtype=bool)
    mask[order.to_numpy()[flagged]] = True
    return pd.Series(mask, index=values.index)


def decimal_integers(values: pd.Series) -> pa.ChunkedArray | None:
    """The values as Arrow int64 when every one is a plain decimal integer text
    (``570306133677760513``: digits only, no sign, no leading zero, no spaces, within int64; no
    missing values), else None. For such text equal numbers mean equal text, so keys can be
    compared as numbers.
    """
    if not isinstance(values.dtype, pd.StringDtype) or not len(values):
        return None
    first = first_bytes(values)  # the first character decides cheaply: 1 to 9 (a missing value has none)
    if not ((first >= ord("1")) & (first <= ord("9"))).all():
        return None
    try:
        return pc.cast(pa.array(values.array), pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def key_codes(columns: list[pd.Series]) -> pd.Series:
    """One int64 per row that is equal for two rows exactly when all ``columns`` are (missing
    values equal to each other), so a key of several columns is checked like a single column.
    """
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    size = 1
    for column_codes, distinct in thread_map(_codes, columns, rows=len(columns[0])):
        if size * distinct >= 2**62:  # the combined code could overflow: renumber the combinations seen
            codes, seen = pd.factorize(codes)
            codes, size = codes.astype(np.int64), len(seen)
        codes *= distinct
        codes += column_codes
        size *= distinct
    return pd.Series(codes, index=columns[0].index)


def integers_as_text(values: pd.Series) -> pd.Series:
    """Integers as ``str`` (exactly, every digit), converted in pieces on every core."""
    numbers = values.to_numpy()
    pieces = np.array_split(numbers, max(1, min(8, len(numbers) // 250_000)))
    texts = thread_map(lambda piece: pc.cast(pa.array(piece), pa.large_string()), pieces, rows=len(numbers))
    return pd.Series(pd.array(pa.chunked_array(texts, type=pa.large_string()), dtype=TEXT_DTYPE),
                     index=values.index, name=values.name)


_DAY = 86_400_000_000  # microseconds


def _codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """Dense codes 0..n-1 for the distinct values of one column (missing values get a code too)."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype) and len(values) and not values.isna().any():
        ticks = values.array.as_unit("us").asi8
        low, high = int(ticks.min()), int(ticks.max())
        if (high - low) // _DAY < 4 * len(ticks) and not (ticks % _DAY).any():  # daily dates: count days
            return (ticks - low) // _DAY, (high - low) // _DAY + 1
    if isinstance(values.dtype, pd.StringDtype):
        array = pa.array(values.array)
        chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
        # a chunked array is encoded against one dictionary shared by all its chunks
        encoded = pc.dictionary_encode(pa.chunked_array(chunks, type=array.type), null_encoding="encode")
        if not encoded.num_chunks:
            return np.zeros(0, dtype=np.int64), 1
        codes = np.concatenate([chunk.indices.to_numpy(zero_copy_only=False) for chunk in encoded.chunks])
        return codes.astype(np.int64), max(1, len(encoded.chunks[0].dictionary))
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64), max(1, len(uniques))


def _example(values: pd.Series) -> str:
    shown = values.astype("str").head(3).tolist()
    return ", ".join(repr(v) for v in shown)


def _coerce(series: pd.Series, column: Column) -> tuple[pd.Series, tuple[str, str] | None]:
    """Coerce one column; return (series, None) or (series, (expected, found))."""
    kind = column.kind
    was_missing = functools.cache(series.isna)  # computed only where a check needs it
    if kind == STRING:
        if pd.api.types.is_float_dtype(series.dtype) and series.notna().any():
            return series, ("text (identifiers must be read as text, not numbers)",
                            f"floating-point numbers, e.g. {_example(series.dropna())}")
        if series.dtype == TEXT_DTYPE:  # already text: nothing to convert, and no copy
            result = series
        elif pd.api.types.is_float_dtype(series.dtype):  # every value missing (an empty column)
            result = _missing(column, len(series), series.index)
        elif pd.api.types.is_integer_dtype(series.dtype):  # no missing values to keep
            result = integers_as_text(series)
        else:
            result = series.astype("str").where(~was_missing())
    elif kind == FLOAT:
        if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
            result = series.astype("float64")
        else:
            result = pd.to_numeric(series, errors="coerce").astype("float64")
            bad = result.isna() & ~was_missing()
            if bad.any():
                return series, ("numbers", f"{int(bad.sum())} non-numeric values, e.g. {_example(series[bad])}")
    elif kind in (DATETIME, DATE):
        if kind == DATETIME and isinstance(series.dtype, pd.DatetimeTZDtype):
            result = series.dt.tz_convert("UTC")
        elif kind == DATETIME and pd.api.types.is_datetime64_dtype(series.dtype):
            return series, ("times with a time zone (UTC offset)", "times without a time zone")
        else:
            result = pd.to_datetime(series, errors="coerce", utc=(kind == DATETIME), format="ISO8601") \
                if series.dtype == object or pd.api.types.is_string_dtype(series.dtype) else \
                pd.to_datetime(series, errors="coerce", utc=(kind == DATETIME))
            bad = result.isna() & ~was_missing()
            if bad.any():
                return series, (("ISO 8601 times with offset" if kind == DATETIME else "dates (YYYY-MM-DD)"),
                                f"{int(bad.sum())} unreadable values, e.g. {_example(series[bad])}")
        if kind == DATE:
            if isinstance(result.dtype, pd.DatetimeTZDtype):
                result = result.dt.tz_localize(None)
            result = result.astype("datetime64[us]")
            if (result.array.asi8 % _DAY).any():  # times of day (or missing days): keep the day only
                result = result.dt.normalize()
        else:
            result = result.astype("datetime64[us, UTC]")
    elif kind == BOOL:
        if pd.api.types.is_bool_dtype(series.dtype) and not was_missing().any():
            result = series.astype("bool")
        else:
            mapping = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False,
                       "ja": True, "nei": False}
            lowered = series.astype("str").str.strip().str.lower()
            result = lowered.map(mapping)
            bad = result.isna() & ~was_missing()
            if bad.any():
                return series, ("true/false", f"{int(bad.sum())} other values, e.g. {_example(series[bad])}")
            if was_missing().any():
                return series, ("true/false in every row", f"{int(was_missing().sum())} empty cells")
            result = result.astype("bool")
    else:  # pragma: no cover - schema definition error
        raise ValueError(f"unknown column kind {kind!r}")

    if not column.nullable and result.isna().any():
        return series, ("a value in every row", f"{int(result.isna().sum())} empty cells")
    if column.nonnegative:
        negative = result < 0
        if negative.any():
            return series, ("zero or more", f"{int(negative.sum())} negative values, e.g. {_example(series[negative])}")
    if column.allowed is not None:
        outside = result.notna() & ~result.isin(column.allowed)
        if outside.any():
            return series, (f"one of {', '.join(column.allowed)}",
                            f"{int(outside.sum())} other values, e.g. {_example(series[outside])}")
    return result, None


def _format(name: str, path, problems: Iterable[tuple[str, str, str]]) -> str:
    where = f" in {path}" if path is not None else ""
    lines = [f"The {name} data{where} does not match the canonical layout:"]
    lines += [f"  - column {col!r}: expected {expected}; found {found}" for col, expected, found in problems]
    return "\n".join(lines)


def _count(name, description, **options):
    return Column(name, FLOAT, description, required=False, nonnegative=True, **options)


CHANNEL_STATS = FrameSchema(
    "channel_stats",
    (
        Column("date", DATE, "Calendar day the value describes (client's local date).", nullable=False),
        Column("channel", STRING, "Platform, lower case: facebook, instagram, x, youtube, linkedin, web.",
               nullable=False),
        Column("account", STRING, "The account or page on that channel.", nullable=False),
        Column("metric", STRING, "Metric name, snake_case: followers, reach, impressions, engagements, "
               "video_views, profile_visits, …", nullable=False),
        Column("value", FLOAT, "The metric's value for that day (NaN: not reported).", nonnegative=True),
    ),
    key=("date", "channel", "account", "metric"),
    description="Tidy daily account-level statistics, one row per day, channel, account and metric.",
)

POSTS = FrameSchema(
    "posts",
    (
        Column("post_id", STRING, "The platform's id of the post, as text.", nullable=False),
        Column("channel", STRING, "Platform, lower case.", nullable=False),
        Column("account", STRING, "The client's account that published it.", nullable=False),
        Column("published_at", DATETIME, "Publication time (UTC).", nullable=False),
        Column("text", STRING, "Post text (message, title or description)."),
        Column("post_type", STRING, "Kind of post: photo, video, reel, link, status, event, article, …",
               required=False),
        Column("permalink", STRING, "Address of the post.", required=False),
        _count("reach", "Unique accounts that saw the post without paid distribution (organic reach; "
               "where the platform gives only a total, that total)."),
        _count("impressions", "Times the post was shown (views), organic where the platform tells paid apart."),
        _count("reactions", "Likes and other reactions."),
        _count("comments", "Comments or replies."),
        _count("shares", "Shares, retweets, reposts."),
        _count("clicks", "Link and other clicks."),
        _count("video_views", "Video views."),
        _count("saves", "Saves or bookmarks."),
        _count("paid_reach", "Unique accounts reached through paid distribution (boosts, campaigns); "
               "missing when the platform does not report it."),
        _count("paid_impressions", "Times the post was shown through paid distribution."),
    ),
    key=("channel", "post_id"),
    description="The client's own content, one row per post.",
)

MENTIONS = FrameSchema(
    "mentions",
    (
        Column("mention_id", STRING, "Unique id of the mention or message, as text.", nullable=False),
        Column("published_at", DATETIME, "Publication time (UTC).", nullable=False),
        Column("channel", STRING, "Where it was published: x, facebook, instagram, youtube, linkedin, "
               "news, blog, forum, podcast, web.", nullable=False),
        Column("source_domain", STRING, "Domain of the source site (nrk.no, x.com, …).", required=False),
        Column("url", STRING, "Address of the mention.", required=False),
        Column("author", STRING, "Author handle or name (pseudonymised before any handout)."),
        _count("author_followers", "Followers of the author when known."),
        Column("text", STRING, "Text of the mention."),
        Column("language", STRING, "nb, nn, en, other or unknown (missing: not yet detected).",
               required=False, allowed=LANGUAGES),
        _count("reach", "Potential reach reported by the source."),
        _count("engagement", "Reactions, comments and shares the mention earned."),
        Column("in_reply_to", STRING, "mention_id of the message this one answers.", required=False),
        Column("thread_id", STRING, "Conversation id: the mention_id of the thread's first message.",
               required=False),
        Column("is_own", BOOL, "True for messages written by the client's own accounts.", required=False,
               nullable=False),
        Column("responder", STRING, "For own messages: who in the client's team wrote it.", required=False),
        Column("subject", STRING, "Whose mention it is: the client's slug or a peer's slug (share of voice).",
               required=False),
        Column("source_sentiment", STRING, "Sentiment label given by the listening tool, if any.",
               required=False),
    ),
    key=("mention_id",),
    description="What is said about and to the client and its peers, including the client's own replies "
                "in conversations (is_own), linked by in_reply_to and thread_id.",
)

WEB_TRAFFIC = FrameSchema(
    "web_traffic",
    (
        Column("date", DATE, "Calendar day.", nullable=False),
        Column("source", STRING, "Referring source (google, bing, facebook, (direct), …).", nullable=False),
        Column("medium", STRING, "Medium (organic, referral, social, cpc, (none), …).", nullable=False),
        Column("sessions", FLOAT, "Sessions from that source and medium that day.", nonnegative=True),
    ),
    key=("date", "source", "medium"),
    description="Daily web-analytics sessions by referral source (search is level 4 of the ecosystem).",
)

SCHEMAS = {schema.name: schema for schema in (CHANNEL_STATS, POSTS, MENTIONS, WEB_TRAFFIC)}

SENTIMENTS = ("negative", "neutral", "positive")

# What the preparation step (sermo_helpers.workbook.prepare) adds to every mention, once per edition.
SCORE_COLUMNS = (
    Column("polarity", FLOAT, "Tone from -1 (negative) to +1 (positive), by the workbook's scorer."),
    Column("sentiment", STRING, "negative, neutral or positive (the scorer's label).", allowed=SENTIMENTS),
    Column("scorer", STRING, "Which scorer gave the tone (e.g. lexicon-nb, custom)."),
    Column("critical", BOOL, "True for a message that criticises the client (today: a negative message); "
           "defined once in sermo_helpers.workbook.mark_critical.", nullable=False),
)

PREPARED_MENTIONS = FrameSchema(
    "prepared_mentions",
    tuple(column if column.name != "language" else Column(
        "language", STRING, "nb, nn, en, other or unknown (given by the source, else detected).",
        allowed=LANGUAGES) for column in MENTIONS.columns) + SCORE_COLUMNS,
    key=("mention_id",),
    description="The mentions every stage reads: pseudonymised (by default), with language and tone scored "
                "once per edition and the criticism flag.",
)
