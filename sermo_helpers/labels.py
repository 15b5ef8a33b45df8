"""The sentiment labels a strategist saves: where they live, and reading and saving them safely.

Labels are the workbook's own work, so they never go into the client's export folder (which the
loaders read as data): they live in ``editions/<slug>/work/labels/sentiment_labels.csv``
(:func:`labels_path`), with the columns :data:`LABEL_COLUMNS`.

:func:`save_sentiment_labels` is safe when several people or processes save at once, and when a
save is killed half-way:

- it holds an exclusive lock (:func:`sermo_helpers.files.file_lock`: ``flock`` on
  ``.sentiment_labels.csv.lock`` beside the file) while it reads the file, merges the new labels in
  and replaces the file, so no save loses another's labels;
- it writes the merged labels with :func:`sermo_helpers.files.open_atomic` (a temporary file in the
  same folder, then ``os.replace``), so the file is always either the old or the new one; a
  temporary file left by a killed save is removed by the next save;
- files are created with the user's normal permissions (``0666`` less the umask, usually ``0644``);
- every cell goes through :func:`sermo_helpers.safe_csv.write_csv`, so a mention id or text that
  starts like a spreadsheet formula cannot run when the file is opened in a spreadsheet.

Earlier labels are never lost; a mention labelled again keeps its newest label. Each label records
who set it (``reviewer``) and when (``labelled_at``, UTC).
"""
from __future__ import annotations

import datetime as dt
import getpass
import os
from pathlib import Path

import pandas as pd

from . import paths
from .errors import AnalysisError, LoadError
from .files import file_lock, open_atomic
from .safe_csv import read_csv, write_csv

WORK_FOLDER = "work"
LABELS_FOLDER = "labels"
LABELS_FILE = "sentiment_labels.csv"
LABEL_COLUMNS = ["mention_id", "text", "language", "predicted", "label", "labelled_at", "reviewer"]
SENTIMENTS = ("negative", "neutral", "positive")
REVIEWER_VARIABLE = "SERMO_REVIEWER"


def labels_path(client) -> Path:
    """Where the client's sentiment labels are kept: ``editions/<slug>/work/labels/sentiment_labels.csv``."""
    return paths.editions_dir() / client.slug / WORK_FOLDER / LABELS_FOLDER / LABELS_FILE


def default_reviewer() -> str:
    """Who is labelling: ``$SERMO_REVIEWER`` when set, else the login name ("" when unknown)."""
    name = os.environ.get(REVIEWER_VARIABLE)
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return ""


def _empty() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype="str") for column in LABEL_COLUMNS})


def read_sentiment_labels(path: str | os.PathLike) -> pd.DataFrame:
    """The labels saved at ``path`` (an empty frame with :data:`LABEL_COLUMNS` when there is no file).

    A file from before ``reviewer`` was recorded reads with an empty reviewer.
    Raises LoadError naming the file when a column is missing or a label is not one of
    negative/neutral/positive.
    """
    path = Path(path)
    if not path.exists():
        return _empty()
    frame = read_csv(path)
    if "reviewer" not in frame.columns:
        frame["reviewer"] = ""
    missing = [column for column in LABEL_COLUMNS if column not in frame.columns]
    if missing:
        raise LoadError(f"{path}: the labels file lacks the columns {', '.join(missing)}",
                        path=str(path), column=missing[0], expected=", ".join(LABEL_COLUMNS),
                        found=", ".join(frame.columns))
    bad = ~frame["label"].isin(SENTIMENTS)
    if bad.any():
        row = int(bad.to_numpy().argmax()) + 2  # header is line 1
        found = str(frame["label"][bad].iloc[0])[:80]
        raise LoadError(f"{path}, line {row}: label must be negative, neutral or positive; found {found!r}",
                        path=str(path), row=row, column="label", expected="negative, neutral or positive",
                        found=found)
    return frame[LABEL_COLUMNS].astype("str")


def _complete(labels: pd.DataFrame, reviewer: str | None) -> pd.DataFrame:
    new = labels.copy()
    for column in LABEL_COLUMNS:
        if column not in new.columns:
            if column == "labelled_at":
                new[column] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            elif column == "reviewer":
                new[column] = default_reviewer() if reviewer is None else reviewer
            else:
                new[column] = ""
    new = new[LABEL_COLUMNS].fillna("").astype("str")
    bad = ~new["label"].isin(SENTIMENTS)
    if bad.any():
        found = str(new["label"][bad].iloc[0])[:80]
        raise AnalysisError(f"labels must be negative, neutral or positive; found {found!r}",
                            argument="label", expected="negative, neutral or positive", found=found)
    return new


def _permissions() -> int:
    """``0666`` less the process's umask: the mode any new file of the user gets (usually ``0644``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)  # no /proc: read the umask by setting it, and put it back at once
    os.umask(mask)
    return 0o666 & ~mask


def _remove_leftovers(path: Path) -> None:
    """Remove temporary files of saves that were killed (called with the lock held)."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)


def save_sentiment_labels(labels: pd.DataFrame, path: str | os.PathLike, *,
                          reviewer: str | None = None) -> pd.DataFrame:
    """Merge ``labels`` into the file at ``path`` under a lock, atomically; return everything now saved.

    ``labels`` needs mention_id, text and label; language, predicted, labelled_at (now, UTC) and
    reviewer (``reviewer``, default :func:`default_reviewer`) are filled when absent. Earlier labels
    are kept; a mention labelled again keeps the newest label.
    Raises AnalysisError for a label outside negative/neutral/positive (nothing is written).
    """
    path = Path(path)
    new = _complete(labels, reviewer)
    path.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(path):
        _remove_leftovers(path)
        merged = pd.concat([read_sentiment_labels(path), new], ignore_index=True)
        merged = merged.drop_duplicates("mention_id", keep="last").reset_index(drop=True)
        with open_atomic(path, newline="", permissions=_permissions()) as stream:
            write_csv(merged, stream)
    return merged
