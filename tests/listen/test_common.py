"""Selecting others' mentions: ``select_rows`` gives exactly ``frame[keep]``, column by column."""
import numpy as np
import pandas as pd
import pyarrow as pa

from sermo_helpers.listen._common import audience_mentions, select_rows
from sermo_helpers.listen.criticism import rank_criticism


def _chunked_frame() -> pd.DataFrame:
    """Every kind of column the prepared mentions have, the text columns in several Arrow chunks."""
    texts = pa.chunked_array([["Vegen er stengd", None, "Takk!"], ["æøå ved kanten", ""], ["siste"]],
                             type=pa.large_string())
    frame = pd.DataFrame({
        "mention_id": pd.array(["1", "2", "3", "4", "5", "6"], dtype="str"),
        "text": pd.array(texts.to_pylist(), dtype="str"),
        "raw": pd.arrays.ArrowExtensionArray(texts),
        "published_at": pd.to_datetime(["2026-04-01 08:00", "2026-04-02 09:30", None, "2026-04-03 10:00",
                                        "2026-04-04 11:00", "2026-04-05 12:00"], utc=True),
        "reach": [1.0, np.nan, 3.0, 4.0, 5.0, 6.0],
        "is_own": pd.array([False, True, None, False, False, True], dtype="boolean"),
        "channel": pd.Categorical(["x", "facebook", "x", "news", "x", "facebook"]),
        "critical": [True, False, True, True, False, True],
    }, index=[10, 11, 12, 13, 14, 15])
    frame.attrs["source"] = "test"
    return frame


def test_select_rows_equals_boolean_indexing_for_every_column_kind():
    frame = _chunked_frame()
    for keep in ([True, False, True, True, False, True], [False] * 6, [True] * 6):
        mask = pd.Series(keep, index=frame.index)
        expected = frame[mask]
        got = select_rows(frame, mask)
        pd.testing.assert_frame_equal(got, expected)
        assert got.attrs == {"source": "test"}
        assert list(got.index) == [label for label, kept in zip(frame.index, keep) if kept]
    # the text column keeps its chunks instead of being joined into one
    assert frame["raw"].array._pa_array.num_chunks == 3
    assert select_rows(frame, np.ones(6, dtype=bool))["raw"].array._pa_array.num_chunks == 3
    assert select_rows(frame, np.ones(6, dtype=bool))["text"].tolist() == frame["text"].tolist()
    assert frame["text"].notna().sum() == 5


def test_audience_mentions_and_criticism_on_the_demo_are_the_rows_boolean_indexing_gives():
    from sermo_helpers.config import load_client_config
    from sermo_helpers.workbook import prepare_data

    mentions = prepare_data(load_client_config("fjordvik")).mentions
    keep = ~mentions["is_own"].fillna(False).astype(bool) & (mentions["subject"].isna()
                                                             | (mentions["subject"] == "fjordvik"))
    pd.testing.assert_frame_equal(audience_mentions(mentions, subject="fjordvik"), mentions[keep])
    pd.testing.assert_frame_equal(audience_mentions(mentions, subject="fjordvik", columns=["text", "channel"]),
                                  mentions[keep][["text", "channel"]])
    ranked = rank_criticism(mentions, subject="fjordvik")
    critical = mentions[keep & mentions["critical"].astype(bool)]
    assert sorted(ranked["mention_id"]) == sorted(critical["mention_id"])
    assert len(ranked) == int((keep & mentions["critical"].astype(bool)).sum()) > 20
