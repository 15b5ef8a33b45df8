"""Arrow text helpers give pandas' own answers."""
import random

import numpy as np
import pandas as pd

from sermo_helpers.arrow_text import is_in


def test_is_in_equals_pandas_isin_for_text_columns_with_missing_values():
    rng = random.Random(3)
    words = ["a", "b", "", "æøå", "kommune", "x" * 40, None]
    values = pd.Series([rng.choice(words) for _ in range(2000)], dtype="str")
    for candidates in (pd.Series(["a", "æøå", None], dtype="str"), pd.Series(["b", ""], dtype="str"),
                       pd.Index(["kommune", "zzz"], dtype="str"), pd.Series([], dtype="str"),
                       ["a", "b"], pd.Series(["a", 1], dtype="object")):
        plain = candidates.tolist() if isinstance(candidates, (pd.Series, pd.Index)) else candidates
        expected = values.isin(plain).to_numpy(dtype=bool)
        got = is_in(values, candidates)
        assert got.dtype == bool and np.array_equal(got, expected), candidates
    chunked = pd.concat([values.iloc[:700], values.iloc[700:]])  # a column of several Arrow chunks
    assert np.array_equal(is_in(chunked, pd.Series(["a", None], dtype="str")),
                          chunked.isin(["a", None]).to_numpy(dtype=bool))
    numbers = pd.Series([1, 2, 3])
    assert is_in(numbers, [2, 3]).tolist() == [False, True, True]
