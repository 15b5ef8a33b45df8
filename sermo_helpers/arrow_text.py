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


def is_in(values: pd.Series, candidates) -> np.ndarray:
    """``values.isin(candidates)`` as a boolean array; for an Arrow text column and Arrow text candidates
    (a Series or Index) by Arrow's ``is_in`` on the candidates' own array. pandas makes a Python object
    of every candidate first: about a second for a few hundred thousand ids. A missing value is in
    the candidates when one of them is missing, as with pandas."""
    if not isinstance(candidates, (pd.Series, pd.Index)):
        candidates = pd.Series(list(candidates), dtype="object")
    arrow = all(isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow"
                for series in (values, candidates))
    if not arrow:
        return np.asarray(values.isin(candidates.tolist()), dtype=bool)
    import pyarrow.compute as pc

    column = values.array.__arrow_array__()  # the column's chunks, not copied
    value_set = pc.unique(candidates.array.__arrow_array__().cast(column.type))
    if isinstance(value_set, pa.ChunkedArray):
        value_set = value_set.combine_chunks()
    return np.asarray(pc.is_in(column, value_set=value_set), dtype=bool)
