"""Writing the demo data: byte-stable CSV files under ``data/clients/<slug>/``."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..files import atomic_write
from ..schema import BOOL, DATE, DATETIME, FLOAT, SCHEMAS, FrameSchema
from .generate import FRAME_NAMES, generate_demo
from .spec import DEMO_SLUGS


def write_demo_data(root: Path | None = None) -> list[Path]:
    """Write both demo clients' CSV files under ``<root>/data/clients/<slug>/``; return the paths.

    The bytes are identical on every run: fixed seeds, sorted rows, UTF-8, ``\\n`` line ends,
    whole numbers without decimals, ISO 8601 UTC times with ``+00:00``. Each file is written to a
    temporary file in the same folder and then moved into place.
    """
    base = Path(root) if root is not None else paths.project_root()
    written = []
    for slug in DEMO_SLUGS:
        folder = base / "data" / "clients" / slug
        folder.mkdir(parents=True, exist_ok=True)
        frames = generate_demo(slug)
        for name in FRAME_NAMES:
            path = folder / f"{name}.csv"
            atomic_write(path, frame_to_csv_text(frames[name], SCHEMAS[name]).encode("utf-8"))
            written.append(path)
    return written


def frame_to_csv_text(frame: pd.DataFrame, schema: FrameSchema) -> str:
    """The canonical CSV text of a validated frame: stable formatting, rows sorted by key."""
    order = list(schema.key)
    if "published_at" in frame.columns:
        order = ["published_at", *order]
    frame = frame.sort_values(order, kind="mergesort").reset_index(drop=True)
    out = {}
    for column in schema.columns:
        series = frame[column.name]
        if column.kind == FLOAT:
            out[column.name] = [_format_number(value) for value in series.tolist()]
        elif column.kind == DATETIME:
            out[column.name] = series.dt.strftime("%Y-%m-%dT%H:%M:%S+00:00").fillna("").tolist()
        elif column.kind == DATE:
            out[column.name] = series.dt.strftime("%Y-%m-%d").fillna("").tolist()
        elif column.kind == BOOL:
            out[column.name] = ["true" if value else "false" for value in series.tolist()]
        else:
            out[column.name] = series.fillna("").tolist()
    return pd.DataFrame(out, dtype=object).to_csv(index=False, lineterminator="\n")



def _format_number(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")
