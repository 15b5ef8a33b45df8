"""Reading client data: the one place where files become canonical frames.

:func:`load_client` finds the files in a client's data folder, reads each into the canonical
frames of :mod:`sermo_helpers.schema`, and returns them with a load report.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..config import ClientConfig
from ..errors import LoadError
from ..schema import CHANNEL_STATS, MENTIONS, POSTS, SCHEMAS, WEB_TRAFFIC
from .canonical import find_canonical_files, read_canonical_csv

REPORT_COLUMNS = ["file", "format", "frame", "rows", "first_date", "last_date", "warnings"]


@dataclass
class ClientData:
    """The canonical frames of one client, and how they were loaded."""

    channel_stats: pd.DataFrame = field(default_factory=CHANNEL_STATS.empty)
    posts: pd.DataFrame = field(default_factory=POSTS.empty)
    mentions: pd.DataFrame = field(default_factory=MENTIONS.empty)
    web_traffic: pd.DataFrame = field(default_factory=WEB_TRAFFIC.empty)
    report: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPORT_COLUMNS))


def _date_range(frame: pd.DataFrame):
    for column in ("published_at", "date"):
        if column in frame and len(frame):
            return frame[column].min(), frame[column].max()
    return pd.NaT, pd.NaT


def load_client(client: ClientConfig) -> ClientData:
    """Load every file in the client's data folder into canonical frames.

    Raises LoadError when the folder is missing or holds no readable data, SchemaError when a
    file's columns do not fit its frame (naming file and columns).
    """
    folder = client.data_path
    if not folder.is_dir():
        raise LoadError(f"Client {client.slug!r}: data folder {folder} does not exist. Create it and put the "
                        "client's exports there (see README, 'A new client').", path=str(folder),
                        expected="a folder", found="nothing")
    files = find_canonical_files(folder)
    if not files:
        raise LoadError(f"Client {client.slug!r}: no data files found in {folder}.", path=str(folder),
                        expected="at least one export", found="no files")
    frames = {}
    rows = []
    for name, path in files.items():
        frame = read_canonical_csv(path, SCHEMAS[name])
        frames[name] = frame
        first, last = _date_range(frame)
        rows.append({"file": path.name, "format": "canonical", "frame": name, "rows": len(frame),
                     "first_date": first, "last_date": last, "warnings": ""})
    return ClientData(**frames, report=pd.DataFrame(rows, columns=REPORT_COLUMNS))
