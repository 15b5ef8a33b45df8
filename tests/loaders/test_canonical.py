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
    monkeypatch.setattr(canonical, "_read_in_parallel", lambda *args: None)  # the one-pass pieces alone
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


# -- the parallel read: byte ranges cut at line ends, read on several threads --------------------------

def _load(path, context, monkeypatch=None, *, cores=None, rows=None, cuts=None):
    """load_file's frame (or its error text); with ``cores`` the parallel read is forced on for a small
    file (``cuts``: byte offsets where the ranges start instead of the module's own guess), and the
    parallel read's own result is returned beside it (None when it declined and the plain read ran)."""
    from sermo_helpers.loaders.formats import canonical

    spied = []
    if cores is not None:
        monkeypatch.setattr(canonical, "CHUNKED_BYTES", 0)
        monkeypatch.setattr(canonical, "READ_CHUNK_ROWS", rows or 7)
        monkeypatch.setattr(canonical, "core_budget", lambda: cores)
        if cuts is not None:
            size = path.stat().st_size
            bounds = [0, *cuts, size]
            monkeypatch.setattr(canonical, "_cut_at_line_ends",
                                lambda *args: list(zip(bounds, bounds[1:])))
        original = canonical._read_in_parallel
        monkeypatch.setattr(canonical, "_read_in_parallel",
                            lambda *args: spied.append(original(*args)) or spied[-1])
    try:
        result = load_file(path, context=context)
        out = (result.frames["mentions"], result.warnings)
    except LoadError as error:
        out = str(error)
    finally:
        if monkeypatch is not None:
            monkeypatch.undo()
    return out, spied


def _same(one, other):
    if isinstance(one, str) or isinstance(other, str):
        assert one == other
        return
    pd.testing.assert_frame_equal(one[0], other[0], check_exact=True)
    assert list(one[0].dtypes) == list(other[0].dtypes) and one[1] == other[1]


def test_the_parallel_read_gives_the_frame_of_one_read(monkeypatch, context):
    from pathlib import Path

    path = Path(__file__).parents[2] / "data" / "clients" / "fjordvik" / "mentions.csv"  # 4,362 mentions
    whole, _ = _load(path, context)
    for cores in (2, 3, 5):
        parallel, spied = _load(path, context, monkeypatch, cores=cores, rows=500)
        assert spied and spied[0] is not None and len(spied[0]) == len(whole[0])  # read in ranges, no fallback
        _same(parallel, whole)


EDGE_ROWS = [  # BOM, Norwegian letters, quoted newlines (LF and CR LF), quoted commas and quotes, CR LF ends
    "mention_id,published_at,channel,author,text,reach,responder",
    '1,2026-04-01T09:30:00+02:00,x,Åse Ødegård,"Hei, kommune! Æ, ø og å",10.5,Jon',
    '2,2026-04-01T09:31:00+02:00,facebook,Per,"Første linje\nandre linje\n3,2026-04-01T09:32:00+02:00,x",20.5,Jon',
    '3,2026-04-01T09:32:00+02:00,x,"Kari ""K"" Nordmann","sa ""nei"" til\r\nbrua",,Jon',
    "4,2026-04-01T09:33:00+02:00,nyheter,NRK,Kort,40.5,Åsa",
    '5,2026-04-01T09:34:00+02:00,x,Ola,"\n\n",50.5,Jon',
    "6,2026-04-01T09:35:00+02:00,x,Ola,Slutt på tråden,60.5,Jon",
]


def _edge_file(tmp_path, rows=EDGE_ROWS, *, bom=True, name="edge.csv"):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "\r\n".join(rows).encode("utf-8") + b"\r\n")
    return path


def _line_feeds(path):
    raw = path.read_bytes()
    return [position + 1 for position, byte in enumerate(raw) if byte == 10 and position + 1 < len(raw)]


def test_every_cut_gives_the_frame_of_one_read_or_falls_back(tmp_path, monkeypatch, context):
    """A cut after any line feed (inside quoted cells too) gives the one-pass frame: a range that
    ends inside a quoted cell is refused by the parser and the file is read in one pass."""
    for bom in (True, False):
        path = _edge_file(tmp_path, bom=bom)
        whole, _ = _load(path, context)
        assert whole[0]["text"].tolist()[1] == "Første linje\nandre linje\n3,2026-04-01T09:32:00+02:00,x"
        assert whole[0]["author"].tolist()[2] == 'Kari "K" Nordmann'
        used = refused = 0
        for cut in _line_feeds(path)[1:]:  # after the header's line end
            parallel, spied = _load(path, context, monkeypatch, cores=2, rows=2, cuts=[cut])
            _same(parallel, whole)
            used += spied[0] is not None
            refused += spied[0] is None
        assert used == 5 and refused >= 4  # between records the ranges are used; inside quoted cells refused
        # two cuts at once, both between records
        parallel, spied = _load(path, context, monkeypatch, cores=3, rows=1,
                                cuts=[_line_feeds(path)[1], _line_feeds(path)[-1]])
        assert spied[0] is not None
        _same(parallel, whole)


def test_the_cut_guess_lands_between_records(tmp_path):
    from sermo_helpers.loaders.formats import canonical

    rows = [EDGE_ROWS[0]] + [row.replace("1,", f"{n},", 1) for n in range(1000, 1400) for row in EDGE_ROWS[1:2]]
    rows += ['9,2026-04-01T09:31:00+02:00,x,Per,"' + "linje,med,komma\n" * 40 + '",20,']
    rows += [row.replace("4,", f"{n},", 1) for n in range(2000, 2400) for row in EDGE_ROWS[4:5]]
    path = _edge_file(tmp_path, rows)
    raw = path.read_bytes()
    for count in (2, 3, 4, 7):
        ranges = canonical._cut_at_line_ends(path, count, ",")
        assert ranges[0][0] == 0 and ranges[-1][1] == len(raw)
        assert all(end == start for (_, end), (start, _) in zip(ranges, ranges[1:]))
        for start, _ in ranges[1:]:
            assert raw[start - 1:start] == b"\n" and raw[start:start + 2].rstrip(b",").isdigit()


def test_bad_rows_give_the_one_pass_error_naming_file_row_and_column(tmp_path, monkeypatch, context):
    good = [EDGE_ROWS[0]] + [f"{n},2026-04-01T09:30:00+02:00,x,Ola,Hei {n} på deg,{n}," for n in range(1, 41)]
    cut_rows = [row for row in good]
    cases = {
        "word among numbers": (30, "31,2026-04-01T09:30:00+02:00,x,Ola,Hei,mange,"),
        "a cell too many": (30, "31,2026-04-01T09:30:00+02:00,x,Ola,Hei,31,,ekstra"),
        "a cell too many everywhere after the cut": None,
        "not UTF-8 after the cut": (35, "36,2026-04-01T09:30:00+02:00,x,\udcf8la,Hei,36,"),
        "a time that is no time": (33, "34,i går,x,Ola,Hei,34,"),
    }
    for label, change in cases.items():
        rows = list(cut_rows)
        if change is None:
            rows = rows[:21] + [row + ",x" for row in rows[21:]]
        else:
            rows[change[0] + 1] = change[1]
        path = tmp_path / f"{label}.csv"
        path.write_bytes("\n".join(rows).encode("utf-8", errors="surrogateescape") + b"\n")
        whole, _ = _load(path, context)
        cut = _line_feeds(path)[20]
        parallel, _ = _load(path, context, monkeypatch, cores=2, rows=4, cuts=[cut])
        _same(parallel, whole)
    assert "data row 31, column 'reach'" in _load(tmp_path / "word among numbers.csv", context)[0]
    assert "a time that is no time.csv" in _load(tmp_path / "a time that is no time.csv", context)[0]
    assert "Windows-1252" in " ".join(_load(tmp_path / "not UTF-8 after the cut.csv", context)[0][1])


def test_pieces_whose_columns_read_differently_fall_back(tmp_path, monkeypatch, context):
    rows = [EDGE_ROWS[0]] + [f"{n},2026-04-01T09:30:00+02:00,x,Ola,Hei,{n},{'' if n < 30 else 'Kari'}"
                             for n in range(1, 41)]
    rows += ["41,2026-04-01T09:30:00+02:00,x,Ola,Hei,4.5,Kari"]  # a float among integers, in the last piece
    path = _edge_file(tmp_path, rows, bom=False)
    whole, _ = _load(path, context)
    parallel, spied = _load(path, context, monkeypatch, cores=2, rows=100, cuts=[_line_feeds(path)[20]])
    assert spied == [None]  # responder empty (float) in the first range, text in the second
    _same(parallel, whole)
    assert whole[0]["reach"].iloc[-1] == 4.5 and whole[0]["responder"].iloc[-1] == "Kari"


def test_semicolon_files_with_decimal_commas_read_in_ranges(tmp_path, monkeypatch, context):
    rows = ["mention_id;published_at;channel;author;text;reach"]
    rows += [f'{n};01.04.2026 09:{n % 60:02d};x;Øystein;"Hei; {n}";{n}.234,5' for n in range(1, 61)]
    path = _edge_file(tmp_path, rows, bom=True)
    whole, _ = _load(path, context)
    assert whole[0]["reach"].iloc[0] == 1234.5
    parallel, spied = _load(path, context, monkeypatch, cores=2, rows=8)
    assert spied[0] is not None
    _same(parallel, whole)
