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
