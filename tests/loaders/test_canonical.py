import pandas as pd
import pytest

from sermo_helpers.errors import LoadError
from sermo_helpers.loaders import load_file
from sermo_helpers.loaders.formats.canonical import find_canonical_files, read_canonical_csv
from sermo_helpers.schema import CHANNEL_STATS, POSTS

from .conftest import FORMATS


def test_generic_mentions_norwegian_habits(context):
    loaded = load_file(FORMATS / "generic_mentions_cp1252.csv", context=context)
    mentions = loaded.frames["mentions"]
    assert mentions["author_followers"].tolist()[0] == 1234.0  # "1.234" in a ';' file
    assert mentions["reach"].tolist() == [2500.5, 150000.0, 88.0]  # "2.500,5", "150 000"
    assert [str(t) for t in mentions["published_at"]] == ["2026-04-01 07:30:00+00:00", "2026-04-02 12:05:00+00:00",
                                                          "2026-04-03 08:00:00+00:00"]
    assert mentions["text"].tolist()[0] == "Hvorfor er biblioteket stengt på lørdager?"
    assert loaded.warnings[0].startswith("not UTF-8")


def test_long_ids_stay_exact_text(context):
    posts = load_file(FORMATS / "canonical_posts.csv", context=context).frames["posts"]
    assert posts["post_id"].tolist() == ["570306133677760513", "570306133677760514"]
    assert str(posts["post_id"].dtype) == "str"


def test_ids_with_gaps_or_leading_zeros(tmp_path, context):
    path = tmp_path / "m.csv"
    path.write_text("mention_id,published_at,channel,author,text,in_reply_to\n"
                    "0012,2026-04-01T09:30:00+02:00,x,Ola,Hei,\n"
                    "1775000000000000001,2026-04-01T09:31:00+02:00,x,Kari,Svar,1775000000000000000\n",
                    encoding="utf-8")
    mentions = load_file(path, context=context).frames["mentions"]
    assert mentions["mention_id"].tolist() == ["0012", "1775000000000000001"]
    assert mentions["in_reply_to"].tolist()[1] == "1775000000000000000"


def test_read_canonical_csv_keeps_its_contract(tmp_path):
    frame = read_canonical_csv(FORMATS / "canonical_channel_stats.csv", CHANNEL_STATS)
    assert frame["value"].tolist() == [10250.0, 3400.0, 10262.0]
    empty = tmp_path / "posts.csv"
    empty.write_bytes(b"")
    with pytest.raises(LoadError):
        read_canonical_csv(empty, POSTS)
    assert find_canonical_files(tmp_path) == {"posts": empty}
    assert isinstance(frame, pd.DataFrame)


def test_ids_are_text_from_the_first_read_whatever_the_header_spelling(tmp_path, context):
    rows = 2_000  # leading zeros and gaps far below the first lines the sniffer sees
    lines = ["Mention_ID,Published_At,Channel,Author,Text,In_Reply_To,Reach"]
    for n in range(rows):
        mention_id = f"0{n}" if n == rows - 1 else str(1775000000000000000 + n)
        reply = "" if n % 3 else str(1775000000000000000 + max(n - 1, 0))
        lines.append(f"{mention_id},2026-04-01T09:30:00+02:00,x,Ola,Hei,{reply},{n}")
    path = tmp_path / "export (3).csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mentions = load_file(path, context=context).frames["mentions"]
    assert mentions["mention_id"].iloc[[0, rows - 1]].tolist() == ["1775000000000000000", f"0{rows - 1}"]
    assert mentions["in_reply_to"].iloc[[0, 1, 3]].tolist()[0] == "1775000000000000000"
    assert pd.isna(mentions["in_reply_to"].iloc[1])
    assert mentions["in_reply_to"].iloc[3] == "1775000000000000002"
    assert str(mentions["mention_id"].dtype) == "str" and mentions["reach"].iloc[-1] == rows - 1.0


def test_repeated_numeric_ids_are_found_and_named(tmp_path, context):
    from sermo_helpers.errors import SchemaError

    path = tmp_path / "m.csv"
    path.write_text("mention_id,published_at,channel,author,text\n"
                    "1775000000000000001,2026-04-01T09:30:00+02:00,x,Ola,Hei\n"
                    "1775000000000000002,2026-04-01T09:31:00+02:00,x,Kari,Hei\n"
                    "1775000000000000001,2026-04-01T09:32:00+02:00,x,Per,Nei\n", encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_file(path, context=context)
    assert caught.value.problems == [("mention_id", "unique values",
                                      "2 rows share a key, e.g. ['1775000000000000001']")]


def test_other_text_columns_that_look_numeric_are_read_again_as_exact_text(tmp_path, context):
    path = tmp_path / "m.csv"
    path.write_text("mention_id,published_at,channel,author,text,responder\n"
                    "1,2026-04-01T09:30:00+02:00,x,1775000000000000001,Hei,\n"
                    "2,2026-04-01T09:31:00+02:00,x,,Svar,007\n", encoding="utf-8")
    mentions = load_file(path, context=context).frames["mentions"]
    assert mentions["author"].tolist()[0] == "1775000000000000001"  # not 1.775e18
    assert mentions["responder"].tolist()[1] == "007"
    assert str(mentions["author"].dtype) == "str"
