"""Look at the start of a file without reading all of it: encoding, delimiter, first lines, header.

Formats recognise files from this :class:`Head`, not from their names: a Meta export renamed
``export (3).csv`` is still recognised, and a file called ``mentions.csv`` that holds something else
is not mistaken for canonical mentions.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from functools import cached_property

HEAD_BYTES = 65536
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
DELIMITERS = (",", ";", "\t", "|")


def detect_encoding(raw: bytes) -> tuple[str, str | None]:
    """The encoding of ``raw`` (the start of a file) and a warning when it had to be guessed.

    BOMs are trusted; UTF-16 without a BOM is recognised by its NUL bytes; text that is not UTF-8
    is read as Windows-1252 (a superset of Latin-1 for printable characters, so æøå survive).
    """
    if raw.startswith(b"PK\x03\x04"):
        return "binary", None
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return encoding, None
    sample = raw[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
        return "utf-16-le", "UTF-16 text without a byte-order mark; read as UTF-16 LE"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(raw) - 4:  # not just a multi-byte character cut at the end of the head
            return "cp1252", ("not UTF-8 (byte 0x%02x at offset %d); read as Windows-1252/Latin-1"
                              % (raw[exc.start], exc.start))
    return "utf-8", None


def split_line(line: str, delimiter: str) -> list[str]:
    """Split one CSV line into stripped cells, honouring quotes."""
    try:
        return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]
    except (csv.Error, StopIteration):
        return [cell.strip().strip('"') for cell in line.split(delimiter)]


def guess_delimiter(line: str) -> str:
    """The delimiter that splits ``line`` into the most cells (ties: comma first)."""
    counts = {d: len(split_line(line, d)) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] > 1 else ","


@dataclass
class Head:
    """What recognisers see: the file's name, its first bytes, and derived views of them."""

    name: str
    raw: bytes
    encoding_warning: str | None = None
    encoding: str = "utf-8"
    _sheets: dict | None = field(default=None, repr=False)

    @classmethod
    def from_bytes(cls, name: str, raw: bytes) -> "Head":
        encoding, warning = detect_encoding(raw)
        return cls(name=name, raw=raw, encoding=encoding, encoding_warning=warning)

    @property
    def suffix(self) -> str:
        dot = self.name.rfind(".")
        return self.name[dot:].lower() if dot > self.name.rfind("/") else ""

    @property
    def is_zip(self) -> bool:
        return self.raw.startswith(b"PK\x03\x04")

    @property
    def is_xlsx(self) -> bool:
        return self.is_zip and b"xl/" in self.raw

    @property
    def is_binary(self) -> bool:
        if self.is_zip or self.encoding.startswith("utf-16"):
            return False
        return b"\x00" in self.raw[:4096]

    @cached_property
    def text(self) -> str:
        """The decoded head (a cut multi-byte character at the end is dropped)."""
        if self.is_binary or self.is_zip:
            return ""
        return self.raw.decode(self.encoding, errors="ignore").lstrip("\ufeff")

    @cached_property
    def lines(self) -> list[str]:
        """Up to 40 first lines, line ends removed, the last (maybe cut) line dropped if the head is full."""
        lines = self.text.splitlines()
        if len(self.raw) >= HEAD_BYTES and lines:
            lines = lines[:-1]
        return lines[:40]

    def data_lines(self) -> list[str]:
        """First lines that are not blank and not ``#`` comments."""
        return [line for line in self.lines if line.strip() and not line.lstrip().startswith("#")]

    @cached_property
    def delimiter(self) -> str:
        lines = self.data_lines()
        return guess_delimiter(lines[0]) if lines else ","

    @cached_property
    def header(self) -> list[str]:
        """Cells of the first non-comment line, lower-cased, BOM removed."""
        lines = self.data_lines()
        if not lines:
            return []
        return [cell.lstrip("\ufeff").strip().lower() for cell in split_line(lines[0], self.delimiter)]

    def has_columns(self, *names: str) -> bool:
        header = set(self.header)
        return all(name.lower() in header for name in names)

    @property
    def sheets(self) -> dict[str, list[list]]:
        """For xlsx files: sheet name -> its first 6 rows (cell values)."""
        if self._sheets is None:
            self._sheets = {}
        return self._sheets

    def load_sheets(self, data: bytes) -> None:
        """Read the first rows of each sheet of an xlsx workbook (needs the whole file)."""
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            self._sheets = {}
            return
        sheets = {}
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows(max_row=6, values_only=True):
                rows.append(["" if value is None else str(value).strip() for value in row])
            sheets[sheet.title] = rows
        book.close()
        self._sheets = sheets
