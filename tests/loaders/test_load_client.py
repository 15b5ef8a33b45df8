"""load_client: every file found, recognised, validated, combined, deduplicated, reported, cached."""
import shutil

import pandas as pd
import pytest

from sermo_helpers import paths
from sermo_helpers.errors import LoadError
from sermo_helpers.loaders import REPORT_COLUMNS, ClientData, load_client, query_mentions
from sermo_helpers.schema import SCHEMAS

from .conftest import FORMATS

MENTIONS_A = ("mention_id,published_at,channel,author,text,reach\n"
              "m-1,2026-04-01T09:30:00+02:00,x,Ola,Hei,10\n"
              "m-2,2026-04-02T09:30:00+02:00,x,Kari,Hallo,20\n")
MENTIONS_B = ("mention_id,published_at,channel,author,text,reach\n"
              "m-2,2026-04-02T09:30:00+02:00,x,Kari,Hallo,20\n"
              "m-3,2026-04-03T09:30:00+02:00,x,Per,Morn,30\n")


def test_missing_folder_and_empty_folder(make_client, tmp_path):
    client = make_client()
    shutil.rmtree(client.data_path)
    with pytest.raises(LoadError, match="does not exist"):
        load_client(client)
    client.data_path.mkdir()
    (client.data_path / "README.md").write_text("notes", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_client(client)
    assert caught.value.found == "only files that are not data: README.md"


def test_overlapping_exports_are_deduplicated_and_counted(make_client):
    client = make_client()
    (client.data_path / "jan").mkdir()
    (client.data_path / "jan" / "a.csv").write_text(MENTIONS_A, encoding="utf-8")
    (client.data_path / "b.csv").write_text(MENTIONS_B, encoding="utf-8")
    (client.data_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    data = load_client(client, use_cache=False)
    assert isinstance(data, ClientData)
    assert data.mentions["mention_id"].tolist() == ["m-1", "m-2", "m-3"]
    report = data.report.set_index("file")
    assert list(data.report.columns) == REPORT_COLUMNS
    assert report.loc["jan/a.csv", "rows"] == 2 and report.loc["b.csv", "rows"] == 2
    # b.csv ends later, so it is read after a.csv and its repeated row is the one dropped
    assert report.loc["b.csv", "duplicates_dropped"] == 1 and report.loc["jan/a.csv", "duplicates_dropped"] == 0
    assert "repeat rows of another file exactly" in report.loc["b.csv", "warnings"]
    assert report.loc[".DS_Store", "format"] == "skipped"
    assert report.loc[".DS_Store", "warnings"] == "not a data file"
    assert report.loc["b.csv", "first_date"] == pd.Timestamp("2026-04-02")
    assert report.loc["b.csv", "last_date"] == pd.Timestamp("2026-04-03")


def test_newer_export_supersedes_older_counts(make_client):
    client = make_client()
    old = "post_id,channel,account,published_at,text,reach\np-1,x,F,2026-04-01T09:00:00+02:00,Hei,10\n"
    new = ("post_id,channel,account,published_at,text,reach\np-1,x,F,2026-04-01T09:00:00+02:00,Hei,15\n"
           "p-2,x,F,2026-04-05T09:00:00+02:00,Ny,3\n")
    (client.data_path / "z_old.csv").write_text(old, encoding="utf-8")
    (client.data_path / "a_new.csv").write_text(new, encoding="utf-8")
    data = load_client(client, use_cache=False)
    assert data.posts.set_index("post_id")["reach"].to_dict() == {"p-1": 15.0, "p-2": 3.0}
    report = data.report.set_index("file")
    assert report.loc["z_old.csv", "duplicates_dropped"] == 1
    assert "superseded by a newer export" in report.loc["z_old.csv", "warnings"]


def test_youtube_zip_and_unrecognised_files(make_client):
    client = make_client(own_accounts={"youtube": ("Fjordvik TV",)})
    shutil.copy(FORMATS / "youtube_studio_export.zip", client.data_path / "studio.zip")
    (client.data_path / "notes.csv").write_text("what,ever\n1,2\n", encoding="utf-8")
    data = load_client(client, use_cache=False)
    assert data.posts["post_id"].tolist() == ["dQw4w9WgXcQ", "a1B2c3D4e5F"]
    assert data.posts["account"].unique().tolist() == ["Fjordvik TV"]
    assert data.posts["video_views"].sum() == 1500.0  # the Total row (1530) is not added
    assert data.channel_stats["value"].sum() == 1530.0
    assert data.totals.set_index("metric").loc["video_views", "difference"] == 30.0
    report = data.report.set_index("file")
    assert report.loc["studio.zip/Chart data.csv", "format"] == "youtube_chart_data"
    assert "count views twice" in report.loc["studio.zip/Chart data.csv", "warnings"]
    assert report.loc["notes.csv", "format"] == "unrecognised"
    assert "what,ever" in report.loc["notes.csv", "warnings"]


def test_malformed_recognised_file_raises_naming_it(make_client):
    client = make_client()
    (client.data_path / "bad.csv").write_text(
        "mention_id,published_at,channel,author,text\nm-1,not a time,x,Ola,Hei\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_client(client, use_cache=False)
    assert caught.value.path == "bad.csv" and caught.value.column == "published_at"


def _old_canonical_read(path, schema):
    dtypes = {c.name: ("float64" if c.kind == "float" else "str") for c in schema.columns}
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""], encoding="utf-8")
    return schema.validate(frame, path=path)


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_demo_data_loads_as_before(slug, monkeypatch):
    monkeypatch.delenv("SERMO_HOME", raising=False)
    from sermo_helpers.config import load_client_config

    try:
        client = load_client_config(slug)
    except Exception as exc:  # the demo generator may not have written it yet
        pytest.skip(f"demo client {slug} not available: {exc}")
    data = load_client(client, use_cache=False)
    for name, schema in SCHEMAS.items():
        path = client.data_path / f"{name}.csv"
        pd.testing.assert_frame_equal(getattr(data, name), _old_canonical_read(path, schema))
    assert (data.report["warnings"] == "").all()


def test_cache_is_reused_and_invalidated(make_client, monkeypatch):
    client = make_client()
    (client.data_path / "a.csv").write_text(MENTIONS_A, encoding="utf-8")
    first = load_client(client)
    entries = list((paths.editions_dir() / ".cache" / client.slug).iterdir())
    assert len(entries) == 1 and (entries[0] / "mentions.parquet").is_file()
    first_key = entries[0].name

    def refuse(*args, **kwargs):
        raise AssertionError("parsed again although nothing changed")

    import sermo_helpers.loaders as loaders

    original = loaders._load_sources
    monkeypatch.setattr("sermo_helpers.loaders._load_sources", refuse)
    second = load_client(client)
    for name in ("channel_stats", "posts", "mentions", "web_traffic", "report", "totals"):
        pd.testing.assert_frame_equal(getattr(second, name), getattr(first, name), check_dtype=True)
    monkeypatch.setattr("sermo_helpers.loaders._load_sources", original)
    (client.data_path / "b.csv").write_text(MENTIONS_B, encoding="utf-8")
    third = load_client(client)
    assert third.mentions["mention_id"].tolist() == ["m-1", "m-2", "m-3"]
    entries = list((paths.editions_dir() / ".cache" / client.slug).iterdir())
    assert len(entries) == 1 and entries[0].name != first_key and not entries[0].name.startswith(".writing")


def _age(*files, seconds=3600):
    import os
    import time

    for path in files:
        old = time.time_ns() - seconds * 10**9
        os.utime(path, ns=(old, old))


def test_new_settled_exports_are_hashed_while_the_cache_is_written(make_client, monkeypatch):
    """Exports the checksum memo does not know, last modified long ago: read first, hashed while
    the cache is written; the entry has the key of their content and the next load reads it."""
    from sermo_helpers.loaders import cache
    from sermo_helpers.loaders.base import Context
    from sermo_helpers.loaders.folder import ClientFolder

    import sermo_helpers.loaders as loaders

    client = make_client()
    path = client.data_path / "a.csv"
    path.write_text(MENTIONS_A, encoding="utf-8")
    _age(path)
    order = []
    original_load, original_sums = loaders._load_sources, ClientFolder.checksums
    monkeypatch.setattr(loaders, "_load_sources", lambda *a: order.append("read") or original_load(*a))
    monkeypatch.setattr(ClientFolder, "checksums", lambda self: order.append("hash") or original_sums(self))
    first = load_client(client)
    assert order == ["read", "hash"]
    inputs = ClientFolder.for_client(client)
    key = cache.cache_key(original_sums(inputs), Context.for_client(client), extra=f"ignore={inputs.ignore}")
    assert [entry.name for entry in cache.cache_root(client.slug).iterdir()] == [key]
    order.clear()
    second = load_client(client)  # the memo knows the file now: the key first, and the entry is read
    assert order == ["hash"]
    for name in ("mentions", "report"):
        pd.testing.assert_frame_equal(getattr(second, name), getattr(first, name), check_exact=True)


def test_an_entry_already_there_is_kept_and_a_file_changed_while_read_is_not_cached(make_client, monkeypatch):
    from sermo_helpers.loaders import cache

    import sermo_helpers.loaders as loaders

    client = make_client()
    path = client.data_path / "a.csv"
    path.write_text(MENTIONS_A, encoding="utf-8")
    _age(path)
    first = load_client(client)
    (entry,) = cache.cache_root(client.slug).iterdir()
    manifest = (entry / "entry.json").stat().st_mtime_ns
    cache.memo_path().unlink()  # the memo is lost: the file is read again, and the entry kept as it was
    again = load_client(client)
    assert [folder.name for folder in cache.cache_root(client.slug).iterdir()] == [entry.name]
    assert (entry / "entry.json").stat().st_mtime_ns == manifest
    pd.testing.assert_frame_equal(again.mentions, first.mentions, check_exact=True)

    shutil.rmtree(cache.cache_root(client.slug))
    cache.memo_path().unlink()
    original = loaders._load_sources

    def read_then_change(*args):
        data = original(*args)
        path.write_text(MENTIONS_B, encoding="utf-8")  # a new export saved over it while it was read
        return data

    monkeypatch.setattr(loaders, "_load_sources", read_then_change)
    read = load_client(client)
    assert read.mentions["mention_id"].tolist() == ["m-1", "m-2"]  # what was read
    assert not any(cache.cache_root(client.slug).iterdir())  # under no key: neither the old nor the new
    monkeypatch.setattr(loaders, "_load_sources", original)
    assert load_client(client).mentions["mention_id"].tolist() == ["m-2", "m-3"]


def test_a_known_export_saved_over_while_a_new_one_is_read_is_not_cached(make_client, monkeypatch):
    """The review's race: a.csv is known to the checksum memo, b.csv is new (hashed after the read);
    a.csv is saved over while the files are read. The frames hold a.csv's old rows, so they must not
    be cached under a key of its new content: later loads give what the files now hold."""
    from sermo_helpers.loaders import cache

    import sermo_helpers.loaders as loaders

    client = make_client()
    a, b = client.data_path / "a.csv", client.data_path / "b.csv"
    a.write_text(MENTIONS_A, encoding="utf-8")
    _age(a)
    load_client(client)  # a.csv hashed: the memo vouches for it from now on
    b.write_text(MENTIONS_B.replace("m-2", "m-7").replace("m-3", "m-8"), encoding="utf-8")
    _age(b)
    assert set(cache.unhashed([a, b])) == {b.resolve()}  # only the new export is hashed after the read
    original = loaders._load_sources

    def read_then_change(*args):
        data = original(*args)
        a.write_text(MENTIONS_B, encoding="utf-8")  # a known export saved over while it was read
        return data

    monkeypatch.setattr(loaders, "_load_sources", read_then_change)
    read = load_client(client)
    assert sorted(read.mentions["mention_id"]) == ["m-1", "m-2", "m-7", "m-8"]  # what was read
    monkeypatch.setattr(loaders, "_load_sources", original)
    later = load_client(client)
    fresh = load_client(client, use_cache=False)
    assert sorted(fresh.mentions["mention_id"]) == ["m-2", "m-3", "m-7", "m-8"]
    pd.testing.assert_frame_equal(later.mentions, fresh.mentions, check_exact=True)


def test_query_mentions_with_duckdb(make_client):
    client = make_client()
    (client.data_path / "a.csv").write_text(MENTIONS_A, encoding="utf-8")
    (client.data_path / "b.csv").write_text(MENTIONS_B, encoding="utf-8")
    result = query_mentions(client, "SELECT author, SUM(reach) AS reach FROM mentions GROUP BY author ORDER BY author")
    assert result.to_dict("list") == {"author": ["Kari", "Ola", "Per"], "reach": [20.0, 10.0, 30.0]}


def test_query_mentions_reads_every_part_of_a_frame_cached_in_parts(make_client, monkeypatch):
    from sermo_helpers import parallel
    from sermo_helpers.loaders import cache

    monkeypatch.setattr(cache, "PART_ROWS", 2)
    monkeypatch.setattr(parallel, "core_budget", lambda: 2)
    client = make_client()
    (client.data_path / "a.csv").write_text(MENTIONS_A, encoding="utf-8")
    (client.data_path / "b.csv").write_text(MENTIONS_B, encoding="utf-8")
    result = query_mentions(client, "SELECT author, SUM(reach) AS reach FROM mentions GROUP BY author ORDER BY author")
    assert result.to_dict("list") == {"author": ["Kari", "Ola", "Per"], "reach": [20.0, 10.0, 30.0]}
    (entry,) = cache.cache_root(client.slug).iterdir()
    assert (entry / "mentions.1.parquet").is_file()
    fresh = load_client(client, use_cache=False)
    cached = load_client(client)  # read from the parts
    pd.testing.assert_frame_equal(cached.mentions, fresh.mentions, check_exact=True)
