"""Reading pandas' Arrow-backed text columns at the byte level, without copying strings."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa


def first_bytes(values: pd.Series) -> np.ndarray:
    """The first byte of every text value (0 for empty or missing ones), read from Arrow's buffers.

    Enough to test for an ASCII first character without copying a million strings: in UTF-8 no
    byte of a multi-byte character is ASCII.
    """
    array = pa.array(values.array) if isinstance(values.dtype, pd.StringDtype) else pa.array(values.astype("str").array)
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    out = [np.zeros(0, dtype=np.uint8)]
    for chunk in chunks:
        if chunk.type != pa.large_string():
            chunk = chunk.cast(pa.large_string())
        _, offsets, data = chunk.buffers()
        offsets = np.frombuffer(offsets, dtype=np.int64)[chunk.offset: chunk.offset + len(chunk) + 1]
        if data is None or not len(data):
            out.append(np.zeros(len(chunk), dtype=np.uint8))
            continue
        raw = np.frombuffer(data, dtype=np.uint8)
        starts = offsets[:-1]
        first = raw[np.minimum(starts, len(raw) - 1)]  # an empty last value points past the end
        first[offsets[1:] == starts] = 0
        if chunk.null_count:
            first[~chunk.is_valid().to_numpy(zero_copy_only=False)] = 0
        out.append(first)
    return np.concatenate(out)
