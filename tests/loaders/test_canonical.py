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


def _read_both_ways(path, monkeypatch, context, rows: int):
    from sermo_helpers.loaders.formats import canonical

    whole = load_file(path, context=context)
    monkeypatch.setattr(canonical, "CHUNKED_BYTES", 0)
    monkeypatch.setattr(canonical, "READ_CHUNK_ROWS", rows)
    joined = []
    read_in_chunks = canonical._read_in_chunks
    monkeypatch.setattr(canonical, "_read_in_chunks", lambda *args: joined.append(read_in_chunks(*args)) or joined[-1])
    pieces = load_file(path, context=context)
    monkeypatch.undo()
    assert joined and joined[-1] is not None  # read in pieces, not the fallback
    return whole, pieces


def test_a_large_file_read_in_pieces_gives_the_frame_of_one_read(monkeypatch, context):
    from pathlib import Path

    path = Path(__file__).parents[2] / "data" / "clients" / "fjordvik" / "mentions.csv"  # 4,362 mentions
    whole, pieces = _read_both_ways(path, monkeypatch, context, rows=500)
    assert len(whole.frames["mentions"]) > 4000
    pd.testing.assert_frame_equal(pieces.frames["mentions"], whole.frames["mentions"], check_exact=True)
    assert pieces.warnings == whole.warnings


def test_pieces_whose_columns_read_differently_fall_back_to_one_read(tmp_path, monkeypatch, context):
    from sermo_helpers.loaders.formats import canonical

    def read(path, rows):
        monkeypatch.setattr(canonical, "CHUNKED_BYTES", 0)
        monkeypatch.setattr(canonical, "READ_CHUNK_ROWS", rows)
        try:
            return load_file(path, context=context).frames["mentions"]
        except LoadError as error:
            return str(error)
        finally:
            monkeypatch.undo()

    def write(name, bad_reach_row=None):
        lines = ["mention_id,published_at,channel,author,text,reach,responder"]
        for n in range(60):
            reach = "many" if n == bad_reach_row else str(n)
            responder = "" if n < 45 else "Kari"  # empty in the first pieces: read alone, a float column
            lines.append(f"{n},2026-04-01T09:30:00+02:00,x,Ola,Hei {n},{reach},{responder}")
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    fine = write("mentions.csv")
    whole, pieces = read(fine, 10**6), read(fine, 20)
    pd.testing.assert_frame_equal(pieces, whole, check_exact=True)
    assert pieces["responder"].iloc[50] == "Kari" and pd.isna(pieces["responder"].iloc[0])
    broken = write("broken.csv", bad_reach_row=50)  # a word among numbers, in the third piece
    assert read(broken, 20) == read(broken, 10**6)
    assert "data row 51, column 'reach'" in read(broken, 20)
