"""Readers of the labelled corpora laid out as in ``../shared/data/README.md`` (NoReC_sentence,
NorDial), shared by evaluation and training. Nothing here is imported at run time by the scorers."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import LoadError


def _read_json_rows(path: Path, keys: tuple[str, ...]) -> list[dict]:
    try:
        rows = json.loads(Path(path).read_text(encoding="utf-8"))
        for row in rows:
            for key in keys:
                row[key]  # noqa: B018 - a missing key is reported below
        return rows
    except FileNotFoundError:
        raise LoadError(f"{path} does not exist; expected the layout of ../shared/data/README.md",
                        path=str(path), expected="a JSON file", found="nothing") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise LoadError(f"{path}: expected a JSON list of objects with {', '.join(keys)}; {exc!r}", path=str(path),
                        expected="[{" + ", ".join(keys) + "}]", found=repr(exc)) from None


def read_norec_rows(data_dir: Path, variant: str, split: str) -> list[dict]:
    """Rows (sent_id, text, label) of ``norec_sentence/<variant>/<split>.json``.

    Raises LoadError naming the file when it is missing or not the expected JSON list.
    """
    return _read_json_rows(Path(data_dir) / "norec_sentence" / variant / f"{split}.json", ("sent_id", "text", "label"))


def read_norec(data_dir: Path, variant: str, split: str) -> tuple[list[str], list[str]]:
    """Texts and lower-case labels of ``norec_sentence/<variant>/<split>.json``."""
    rows = read_norec_rows(data_dir, variant, split)
    return [row["text"] for row in rows], [row["label"].lower() for row in rows]


def review_of(sent_id: str) -> str:
    """The review a NoReC sentence id belongs to (``"201911-02-02"`` -> ``"201911"``)."""
    return str(sent_id).split("-")[0]


def read_norec_reviews(data_dir: Path, variant: str, split: str) -> list[str]:
    """The review of each sentence of ``norec_sentence/<variant>/<split>.json``, in file order."""
    return [review_of(row["sent_id"]) for row in read_norec_rows(data_dir, variant, split)]


def read_nordial_rows(data_dir: Path, split: str) -> list[dict]:
    """Rows (sent_id, text, category) of ``nordial_tweets/<split>.json``."""
    return _read_json_rows(Path(data_dir) / "nordial_tweets" / f"{split}.json", ("sent_id", "text", "category"))


CRITICISM_SET = "criticism_eval.csv"
CRITICISM_SPLIT = "criticism_split.csv"
SPLIT_SALT = "sermo-criticism-split-1"
HELD_OUT, DEVELOPMENT = "held_out", "development"


def criticism_split_rule(rows: list[dict]) -> dict[str, str]:
    """The split of the labelled criticism set, decided by the item ids alone (never by text or
    label): within each source, items ordered by SHA-256 of ``SPLIT_SALT:item``; the first half
    (rounded up) is held out, the rest is for development. Returns item -> part."""
    import hashlib

    parts = {}
    by_source: dict[str, list[str]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row["item"])
    for items in by_source.values():
        ordered = sorted(items, key=lambda item: hashlib.sha256(f"{SPLIT_SALT}:{item}".encode()).hexdigest())
        half = -(-len(ordered) // 2)
        parts.update({item: HELD_OUT for item in ordered[:half]})
        parts.update({item: DEVELOPMENT for item in ordered[half:]})
    return parts


def read_criticism_split() -> dict[str, str]:
    """item -> ``held_out`` or ``development``, as frozen in ``resources/criticism_split.csv``."""
    from ..paths import RESOURCES_DIR

    with open(RESOURCES_DIR / CRITICISM_SPLIT, encoding="utf-8", newline="") as handle:
        return {row["item"]: row["part"] for row in csv.DictReader(line for line in handle if not line.startswith("#"))}


@dataclass(frozen=True)
class CriticismItem:
    """One labelled item of the criticism set: its text (read from the corpus for real texts),
    the client's names, the label (True = critical of the client) and where it comes from."""

    item: str
    source: str
    text: str
    names: tuple[str, ...]
    critical: bool


def read_criticism_set(data_dir: Path | None) -> tuple[list[CriticismItem], int]:
    """The labelled criticism set (``resources/criticism_eval.csv``) with real texts looked up by
    ``sent_id`` under ``data_dir``; returns (items, number of real items skipped because their
    corpus is absent). Raises LoadError when a listed ``sent_id`` is not in its corpus."""
    from ..paths import RESOURCES_DIR

    corpora: dict[str, dict[str, str]] = {}
    files = {"norec_sentence/3class/train": ("norec_sentence", "3class", "train.json"),
             "nordial_tweets/train": ("nordial_tweets", "train.json")}
    items, skipped = [], 0
    path = RESOURCES_DIR / CRITICISM_SET
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            source = row["source"]
            text = row["text"]
            if source != "written":
                corpus_path = None if data_dir is None else Path(data_dir).joinpath(*files[source])
                if corpus_path is None or not corpus_path.is_file():
                    skipped += 1
                    continue
                if source not in corpora:
                    corpora[source] = {str(r["sent_id"]): r["text"] for r in _read_json_rows(corpus_path, ("sent_id", "text"))}
                text = corpora[source].get(row["sent_id"])
                if text is None:
                    raise LoadError(f"{path}: item {row['item']} names sent_id {row['sent_id']}, which {corpus_path} "
                                    "does not have", path=str(path), expected="a sent_id of the corpus",
                                    found=row["sent_id"])
            names = tuple(name for name in row["names"].split(";") if name)
            items.append(CriticismItem(row["item"], source, text, names, row["label"] == "1"))
    return items, skipped
