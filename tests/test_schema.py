import numpy as np
import pandas as pd
import pytest

from sermo_helpers.errors import SchemaError
from sermo_helpers.schema import CHANNEL_STATS, MENTIONS, POSTS, SCHEMAS, WEB_TRAFFIC


def mentions(**overrides):
    frame = pd.DataFrame({
        "mention_id": ["1201234567890123456", "1201234567890123457"],
        "published_at": ["2026-06-08T10:00:00+02:00", "2026-06-08T09:30:00+00:00"],
        "channel": ["x", "news"],
        "author": ["ola", None],
        "text": ["Kokevarsel igjen", "<script>alert(1)</script>"],
        "reach": ["120", None],
    })
    return frame.assign(**overrides)


def test_valid_frame_is_coerced_to_canonical_dtypes_and_order():
    frame = MENTIONS.validate(mentions())
    assert list(frame.columns) == MENTIONS.names
    assert frame["mention_id"].tolist() == ["1201234567890123456", "1201234567890123457"]
    assert pd.api.types.is_string_dtype(frame["mention_id"].dtype)
    assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
    assert frame["published_at"].tolist() == [pd.Timestamp("2026-06-08T08:00Z"), pd.Timestamp("2026-06-08T09:30Z")]
    assert frame["reach"].tolist()[0] == 120.0 and np.isnan(frame["reach"].tolist()[1])
    # Optional columns absent in the input are present and empty; flags default to False.
    assert frame["in_reply_to"].isna().all()
    assert frame["is_own"].tolist() == [False, False]


def test_input_frame_is_not_modified():
    original = mentions()
    before = original.copy()
    MENTIONS.validate(original)
    pd.testing.assert_frame_equal(original, before)


def test_every_failing_column_is_reported_at_once_with_the_file():
    broken = mentions(reach=["many", "3"], published_at=["yesterday", "2026-06-08T10:00:00+00:00"],
                      language=["nb", "tysk"]).drop(columns=["channel"])
    with pytest.raises(SchemaError) as caught:
        MENTIONS.validate(broken, path="exports/mentions.csv")
    error = caught.value
    assert error.path == "exports/mentions.csv" and error.frame == "mentions"
    columns = [problem[0] for problem in error.problems]
    assert columns == ["channel", "published_at", "language", "reach"]
    message = str(error)
    assert "exports/mentions.csv" in message
    assert "column 'reach': expected numbers; found 1 non-numeric values, e.g. 'many'" in message
    assert "column 'channel': expected a column named 'channel'; found no such column" in message
    assert "column 'language': expected one of nb, nn, en, other, unknown; found 1 other values, e.g. 'tysk'" in message


def test_ids_that_became_floats_are_refused():
    broken = mentions(mention_id=[5.70306e17, 5.70306e17 + 1])
    with pytest.raises(SchemaError, match="identifiers must be read as text"):
        MENTIONS.validate(broken)


def test_naive_times_are_refused_rather_than_guessed():
    broken = mentions(published_at=pd.to_datetime(["2026-06-08 10:00", "2026-06-08 11:00"]))
    with pytest.raises(SchemaError, match="times with a time zone"):
        MENTIONS.validate(broken)


def test_negative_counts_and_duplicate_keys_are_refused():
    with pytest.raises(SchemaError, match="1 negative values, e.g. '-5'"):
        MENTIONS.validate(mentions(reach=["-5", "3"]))
    with pytest.raises(SchemaError, match="2 rows share a key"):
        MENTIONS.validate(mentions(mention_id=["7", "7"]))


def test_empty_required_values_are_refused():
    with pytest.raises(SchemaError, match="column 'channel': expected a value in every row; found 1 empty cells"):
        MENTIONS.validate(mentions(channel=["x", None]))


def test_channel_stats_dates_are_calendar_days():
    frame = CHANNEL_STATS.validate(pd.DataFrame({
        "date": ["2026-04-01", "2026-04-02"], "channel": "facebook", "account": "fjordvikkommune",
        "metric": "followers", "value": [100, 101],
    }))
    assert str(frame["date"].dtype) == "datetime64[us]"
    assert frame["value"].tolist() == [100.0, 101.0]


def test_duplicate_column_names_are_reported():
    frame = pd.DataFrame([[1, 2]], columns=["sessions", "sessions"])
    with pytest.raises(SchemaError, match="'sessions': expected one column of that name"):
        WEB_TRAFFIC.validate(frame)


@pytest.mark.parametrize("schema", list(SCHEMAS.values()), ids=list(SCHEMAS))
def test_empty_frames_are_valid_and_typed(schema):
    frame = schema.empty()
    assert list(frame.columns) == schema.names and len(frame) == 0
    assert schema.validate(frame).dtypes.equals(frame.dtypes)


def test_posts_key_is_channel_and_id():
    frame = pd.DataFrame({
        "post_id": ["1", "1"], "channel": ["facebook", "instagram"], "account": "fjordvik",
        "published_at": "2026-04-01T10:00:00Z", "text": "Hei",
    })
    assert len(POSTS.validate(frame)) == 2


def test_repeated_values_flags_every_row_of_a_repeated_key():
    from sermo_helpers.schema import repeated_values

    mask = repeated_values(pd.Series(["b", "a", "c", "a"], dtype="str"))
    assert mask.tolist() == [False, True, False, True]
    assert repeated_values(pd.Series(["b", "a", "c"], dtype="str")) is None
    assert repeated_values(pd.Series(["a"], dtype="str")) is None


def test_repeated_key_message_names_the_first_repeated_value():
    frame = mentions(mention_id=["7", "7"]).pipe(lambda f: pd.concat([f, f.assign(mention_id=["8", "9"])]))
    with pytest.raises(SchemaError) as caught:
        MENTIONS.validate(frame, path="f.csv")
    assert caught.value.problems == [("mention_id", "unique values", "2 rows share a key, e.g. ['7']")]


def test_integer_ids_are_checked_as_numbers_and_reported_as_text():
    frame = mentions(mention_id=[1201234567890123456, 1201234567890123456])
    with pytest.raises(SchemaError) as caught:
        MENTIONS.validate(frame)
    assert caught.value.problems == [("mention_id", "unique values",
                                      "2 rows share a key, e.g. ['1201234567890123456']")]
    ok = MENTIONS.validate(mentions(mention_id=[1201234567890123456, -7]))
    assert ok["mention_id"].tolist() == ["1201234567890123456", "-7"]


def test_integers_as_text_is_exact_and_keeps_order_in_pieces():
    from sermo_helpers.schema import TEXT_DTYPE, integers_as_text

    numbers = pd.Series(np.arange(600_000, dtype=np.int64) * 7919 + 10**18, name="mention_id")
    text = integers_as_text(numbers)  # 600,000 rows: converted in pieces on the thread pool
    assert text.dtype == TEXT_DTYPE and text.name == "mention_id" and text.index.equals(numbers.index)
    assert text.iloc[[0, 299_999, 599_999]].tolist() == [str(10**18), str(10**18 + 299_999 * 7919),
                                                          str(10**18 + 599_999 * 7919)]
    assert text.equals(numbers.astype("str"))


def test_key_codes_match_pandas_duplicated_on_several_columns():
    from sermo_helpers.schema import key_codes, repeated_values

    rng = np.random.default_rng(3)
    rows = 5_000
    columns = [
        pd.Series(pd.to_datetime("2026-01-01") + pd.to_timedelta(rng.integers(0, 40, rows), unit="D")),
        pd.Series(rng.choice(["facebook", "instagram", None], rows), dtype="str"),
        pd.Series(rng.choice([f"konto{n}" for n in range(30)], rows), dtype="str"),
        pd.Series(rng.integers(0, 3, rows).astype(np.int64)),
    ]
    frame = pd.DataFrame({f"c{n}": column for n, column in enumerate(columns)})
    expected = frame.duplicated(keep=False)
    assert expected.any() and not expected.all()
    assert repeated_values(key_codes(columns)).tolist() == expected.tolist()
    # times within a day, and four columns whose combined code would overflow int64
    times = pd.Series(pd.to_datetime("2026-01-01 10:00") + pd.to_timedelta(np.arange(rows) % 977, unit="s"))
    assert repeated_values(key_codes([times])).tolist() == times.duplicated(keep=False).tolist()
    wide = [pd.Series(rng.permutation(rows * 40)[:rows].astype(np.int64)) for _ in range(4)]
    wide[0].iloc[-1], wide[1].iloc[-1], wide[2].iloc[-1], wide[3].iloc[-1] = (
        wide[0].iloc[0], wide[1].iloc[0], wide[2].iloc[0], wide[3].iloc[0])
    mask = repeated_values(key_codes(wide))
    assert np.flatnonzero(mask.to_numpy()).tolist() == [0, rows - 1]


def test_repeated_values_on_numbers_dense_and_sparse():
    from sermo_helpers.schema import repeated_values

    assert repeated_values(pd.Series([3, 1, 2], dtype="int64")) is None
    assert repeated_values(pd.Series([3, 1, 3], dtype="int64")).tolist() == [True, False, True]
    sparse = pd.Series([10**15, 5, 10**15, -10**15], dtype="int64")
    assert repeated_values(sparse).tolist() == [True, False, True, False]
    assert repeated_values(pd.Series([0.5, 1.5, 0.5])).tolist() == [True, False, True]


def test_channel_stats_key_check_on_a_large_frame():
    rows = 200_000  # large enough for the columns to be checked on the thread pool
    index = np.arange(rows)
    frame = pd.DataFrame({
        "date": pd.Series(pd.date_range("2020-01-01", periods=rows // 400 + 1, freq="D")
                          .strftime("%Y-%m-%d").to_numpy()[index // 400], dtype="str"),
        "channel": pd.Series(np.where(index % 2 == 0, "facebook", "instagram"), dtype="str"),
        "account": pd.Series([f"konto{n:02d}" for n in range(200)], dtype="str").to_numpy()[(index // 2) % 200],
        "metric": "followers",
        "value": index,
    })
    assert len(CHANNEL_STATS.validate(frame)) == rows
    broken = frame.copy()
    broken.loc[rows - 1, ["date", "channel", "account"]] = frame.loc[0, ["date", "channel", "account"]].tolist()
    with pytest.raises(SchemaError) as caught:
        CHANNEL_STATS.validate(broken)
    assert caught.value.problems[0][2].startswith("2 rows share a key, e.g. [Timestamp('2020-01-01 00:00:00')")


def test_dates_with_a_time_of_day_keep_the_day_only():
    frame = CHANNEL_STATS.validate(pd.DataFrame({
        "date": pd.to_datetime(["2026-04-01 10:30", "2026-04-02 00:00"]), "channel": "facebook",
        "account": "fjordvik", "metric": "reach", "value": [1, 2],
    }))
    assert frame["date"].tolist() == [pd.Timestamp("2026-04-01"), pd.Timestamp("2026-04-02")]
    assert str(frame["date"].dtype) == "datetime64[us]"


def test_decimal_integers_accepts_only_text_that_maps_one_to_one_onto_numbers():
    from sermo_helpers.schema import decimal_integers

    def numbers(*values):
        result = decimal_integers(pd.Series(list(values), dtype="str"))
        return None if result is None else result.to_pylist()

    assert numbers("570306133677760513", "7") == [570306133677760513, 7]
    for refused in (("012",), ("+7",), ("-7",), ("7 ",), ("5.70306E+17",), ("99999999999999999999",), ("",), ("7a",)):
        assert numbers(*refused) is None, refused
    assert numbers("7", None) is None
    assert decimal_integers(pd.Series([7, 8])) is None  # not text


def test_sparse_integer_keys_found_by_sorting_equal_the_hash_table():
    from sermo_helpers.schema import repeated_values

    rng = np.random.default_rng(7)
    ids = rng.integers(10**17, 10**18, size=300_000, dtype=np.int64)  # platform ids: far from dense
    assert repeated_values(pd.Series(ids)) is None
    ids[[5, 123_456, 299_999]] = ids[77]
    mask = repeated_values(pd.Series(ids, index=np.arange(300_000) * 2))
    assert mask.tolist() == pd.Series(ids).duplicated(keep=False).tolist()
    assert np.flatnonzero(mask.to_numpy()).tolist() == [5, 77, 123_456, 299_999]
    assert mask.index.tolist()[:2] == [0, 2]


def test_an_empty_text_column_read_as_numbers_becomes_missing_text():
    """A text column with no values at all (read as float NaN) is missing text, exactly as converting
    every NaN would give."""
    rows = 150_000  # on the thread pool
    frame = pd.DataFrame({
        "mention_id": [str(1201234567890123456 + n) for n in range(rows)],
        "published_at": pd.Series(pd.Timestamp("2026-06-08T10:00:00Z"), index=range(rows)),
        "channel": "x", "author": "ola", "text": "hei",
        "language": np.full(rows, np.nan), "responder": np.full(rows, np.nan),
    })
    out = MENTIONS.validate(frame)
    for name in ("language", "responder", "source_sentiment"):
        expected = frame[name].astype("str").where(frame[name].notna()) if name in frame else None
        assert str(out[name].dtype) == "str" and out[name].isna().all()
        if expected is not None:
            pd.testing.assert_series_equal(out[name], expected.rename(name), check_exact=True)
