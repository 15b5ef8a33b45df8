"""What every format module shares: the :class:`Format` declaration, the :class:`Source` it reads,
the :class:`Context` it may need and the :class:`Result` it returns.

Format modules import only this module, :mod:`.sniff`, :mod:`.tables` and :mod:`.parsing`; the
ordered list of formats is :data:`.formats.FORMATS` and :mod:`.registry` reads it. No module
registers itself on import.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

import pandas as pd

from .sniff import HEAD_BYTES, Head

ID_COLUMNS = ("post_id", "mention_id", "in_reply_to", "thread_id")


@dataclass(frozen=True)
class Context:
    """What a reader may need to know about the client: time zone and own account names."""

    timezone: str = "Europe/Oslo"
    accounts: dict = field(default_factory=dict)  # channel -> default account name
    client_name: str = ""
    now: datetime | None = None
    year: int | None = None  # for layouts without a year (legacy Facebook Insights)

    def account(self, channel: str) -> str:
        return self.accounts.get(channel) or self.client_name or "unknown"

    @classmethod
    def for_client(cls, client) -> "Context":
        accounts = {channel: names[0] for channel, names in client.own_accounts.items() if names}
        return cls(timezone=client.timezone, accounts=accounts, client_name=client.display_name,
                   year=client.period_start.year)


@dataclass
class Source:
    """One file to read: a file on disk or a member of a zip archive."""

    name: str  # shown in reports and errors: a path relative to the data folder (zip/member for members)
    path: Path | None = None
    data: bytes | None = None
    refusal: str | None = None  # why the file cannot be read at all (a zip member over the size limits)

    def read_bytes(self) -> bytes:
        if self.data is None:
            return self.path.read_bytes()
        return self.data

    def head_bytes(self) -> bytes:
        if self.data is not None:
            return self.data[:HEAD_BYTES]
        with open(self.path, "rb") as handle:
            return handle.read(HEAD_BYTES)

    def handle(self):
        """Something pandas can read: the path on disk, or a bytes buffer for zip members."""
        return str(self.path) if self.data is None else io.BytesIO(self.data)

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.path.stat().st_size


@dataclass
class Result:
    """What a reader returns: canonical-column frames (not yet validated) and warnings."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    totals: pd.DataFrame | None = None  # platform-reported totals kept beside the rows (YouTube)
    skipped: str | None = None  # a reason when the file is recognised but deliberately not loaded


@dataclass(frozen=True)
class Format:
    """One export layout: declared up front, checked by one contract test."""

    name: str
    description: str
    frames: tuple[str, ...]
    recognise: Callable[[Head], bool]
    read: Callable[[Source, Head, Context], Result]
    needs_sheets: bool = False  # recognise() looks at xlsx sheets
    #: the header names (lower case) that mark this layout; used to tell the nearest known format of
    #: a file that is not recognised, and what it lacks
    signature: tuple[str, ...] = ()
