from pathlib import Path

import pandas as pd

from sermo_helpers.loaders import cache
from sermo_helpers.loaders.base import Context
from sermo_helpers.loaders.folder import ClientFolder


def test_key_follows_content_not_time(tmp_path, monkeypatch):
    monkeypatch.setenv("SERMO_HOME", str(tmp_path))
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "a.csv"

    def key(context=Context()):
        return cache.cache_key(ClientFolder(tmp_path / "data").checksums(), context)

    path.write_text("x\n1\n", encoding="utf-8")
    first = key()
    path.write_text("x\n1\n", encoding="utf-8")  # rewritten, same bytes
    assert key() == first
    path.write_text("x\n2\n", encoding="utf-8")
    assert key() != first
    assert key(Context(timezone="UTC")) != key()


def test_entries_are_written_whole_and_old_ones_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("SERMO_HOME", str(tmp_path))
    frame = pd.DataFrame({"a": pd.Series(["x", None], dtype="str"), "b": [1.5, None]})
    first = cache.write_entry("kunde", "k1", {"posts": frame, "report": frame})
    second = cache.write_entry("kunde", "k2", {"posts": frame, "report": frame})
    assert not first.exists() and second.is_dir()
    assert sorted(p.name for p in Path(second).iterdir()) == ["entry.json", "posts.parquet", "report.parquet"]
    assert [p.name for p in cache.cache_root("kunde").iterdir()] == ["k2"]
    pd.testing.assert_frame_equal(cache.read_entry("kunde", "k2")["posts"], frame)
    assert cache.read_entry("kunde", "missing") is None


def test_a_large_frame_is_cached_in_row_groups_and_read_back_the_same(tmp_path, monkeypatch):
    import numpy as np
    import pyarrow.parquet as pq

    monkeypatch.setenv("SERMO_HOME", str(tmp_path))
    rows = 2 * cache.ROW_GROUP_ROWS + 1
    numbers = np.arange(rows)
    frame = pd.DataFrame({
        "text": pd.Series([f"tekst {n}" if n % 7 else None for n in numbers.tolist()], dtype="str"),
        "channel": pd.Series(np.where(numbers % 3, "x", "facebook"), dtype="str"),
        "published_at": pd.to_datetime(numbers, unit="s", utc=True),
        "reach": np.where(numbers % 5, numbers * 1.5, np.nan), "is_own": numbers % 2 == 0})
    folder = cache.write_entry("kunde", "k1", {"mentions": frame, "report": frame.head(3)})
    assert pq.ParquetFile(folder / "mentions.parquet").metadata.num_row_groups == 3
    pd.testing.assert_frame_equal(cache.read_entry("kunde", "k1")["mentions"], frame, check_exact=True)


def test_the_cache_of_the_demo_client_reads_back_exactly_without_statistics(
        tmp_path, monkeypatch):
    """The write's options (no statistics) give back the very frames: every canonical dtype, empty
    text columns, Norwegian letters, missing values; each file's manifest record is its own."""
    import pyarrow.parquet as pq

    from sermo_helpers.config import load_client_config
    from sermo_helpers.loaders import load_client
    from sermo_helpers import paths

    client = load_client_config(paths.clients_dir() / "fjordvik.yaml")
    data = load_client(client, use_cache=False)
    frames = {name: getattr(data, name) for name in cache.FRAME_FILES}
    frames["mentions"] = frames["mentions"].assign(responder=pd.Series(pd.NA, index=frames["mentions"].index,
                                                                       dtype="str"))
    assert frames["mentions"]["text"].str.contains("ø").any()
    monkeypatch.setenv("SERMO_HOME", str(tmp_path))
    folder = cache.write_entry("kunde", "k1", frames)
    back = cache.read_entry("kunde", "k1")
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(back[name], frame, check_exact=True)
        assert list(back[name].dtypes) == list(frame.dtypes)
    meta = pq.ParquetFile(folder / "mentions.parquet").metadata
    columns = [meta.row_group(0).column(i) for i in range(meta.num_columns)]
    assert not any(column.is_stats_set for column in columns)
    import hashlib
    import json

    manifest = json.loads((folder / "entry.json").read_text(encoding="utf-8"))["files"]
    for name, record in manifest.items():  # hashed while written: the file's own digest and size
        raw = (folder / f"{name}.parquet").read_bytes()
        assert record == {"size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}


def test_checksums_are_remembered_only_for_files_that_did_not_change(tmp_path, monkeypatch):
    import hashlib
    import os

    monkeypatch.setenv("SERMO_HOME", str(tmp_path / "home"))
    path = tmp_path / "data" / "a.csv"
    path.parent.mkdir()
    path.write_text("x\n1\n", encoding="utf-8")
    old = path.stat().st_mtime_ns - 10 * cache.MEMO_MARGIN_NS
    os.utime(path, ns=(old, old))  # last changed well before it is hashed
    hashed = []
    real = hashlib.file_digest
    monkeypatch.setattr(hashlib, "file_digest", lambda handle, name: hashed.append(handle.name) or real(handle, name))
    key = str(path.resolve())
    first = cache.file_checksums([path])
    assert first[key] == hashlib.sha256(b"x\n1\n").hexdigest() and len(hashed) == 1
    assert cache.file_checksums([path]) == first and len(hashed) == 1  # remembered
    path.write_text("x\n2\n", encoding="utf-8")  # same size, new content, new time
    assert cache.file_checksums([path])[key] == hashlib.sha256(b"x\n2\n").hexdigest() and len(hashed) == 2
    # just modified: not trusted yet, hashed each time until it has been still for the margin
    assert cache.file_checksums([path])[key] == hashlib.sha256(b"x\n2\n").hexdigest() and len(hashed) == 3
    os.utime(path, ns=(old, old))
    assert cache.file_checksums([path])[key] == hashlib.sha256(b"x\n2\n").hexdigest() and len(hashed) == 4
    # the documented limit (as for make and git): new bytes of the same size with the old time put
    # back on the same inode are not noticed
    path.write_bytes(b"x\n3\n")
    os.utime(path, ns=(old, old))
    assert cache.file_checksums([path])[key] == hashlib.sha256(b"x\n2\n").hexdigest() and len(hashed) == 4
    cache.memo_path().write_text("{not json", encoding="utf-8")  # a damaged memo is ignored
    assert cache.file_checksums([path])[key] == hashlib.sha256(b"x\n3\n").hexdigest()


# --- a damaged cache verifies itself and is rebuilt (issue 18, item 3) ------------------------------

import json  # noqa: E402

import pytest  # noqa: E402

from sermo_helpers.loaders import load_client  # noqa: E402

MENTIONS_CSV = ("mention_id,published_at,channel,author,text\nm-1,2026-04-02T09:00:00+02:00,x,Ola,Hei\n"
                "m-2,2026-04-03T10:00:00+02:00,x,Kari,Hallo\n")


def _cached_client(make_client):
    client = make_client()
    (client.data_path / "mentions.csv").write_text(MENTIONS_CSV, encoding="utf-8")
    assert len(load_client(client).mentions) == 2
    [entry] = [path for path in cache.cache_root(client.slug).iterdir() if path.is_dir()]
    return client, entry


@pytest.mark.parametrize("damage", ["remove_frames", "random_bytes", "truncate", "foreign_version",
                                    "no_manifest"])
def test_a_damaged_entry_is_rebuilt_with_a_warning(make_client, damage):
    client, entry = _cached_client(make_client)
    if damage == "remove_frames":
        (entry / "mentions.parquet").unlink()
        (entry / "posts.parquet").unlink()
    elif damage == "random_bytes":
        (entry / "mentions.parquet").write_bytes(bytes(range(256)) * 8)
    elif damage == "truncate":
        data = (entry / "mentions.parquet").read_bytes()
        (entry / "mentions.parquet").write_bytes(data[: len(data) // 2])
    elif damage == "foreign_version":
        manifest = json.loads((entry / "entry.json").read_text())
        (entry / "entry.json").write_text(json.dumps(manifest | {"schema": "0" * 16}))
    else:
        (entry / "entry.json").unlink()
    with pytest.warns(cache.CacheWarning, match="rebuilt from the exports"):
        data = load_client(client)
    assert data.mentions["mention_id"].tolist() == ["m-1", "m-2"]  # never an empty edition
    again = load_client(client)  # the rebuilt entry is trusted again
    assert again.mentions["mention_id"].tolist() == ["m-1", "m-2"]


def test_bad_memo_entries_are_ignored(make_client):
    client = make_client()
    (client.data_path / "mentions.csv").write_text(MENTIONS_CSV, encoding="utf-8")
    cache.memo_path().parent.mkdir(parents=True, exist_ok=True)
    path = str((client.data_path / "mentions.csv").resolve())
    cache.memo_path().write_text(json.dumps({path: "abc", "other": {"size": "x"}}), encoding="utf-8")
    assert len(load_client(client).mentions) == 2
    memo = json.loads(cache.memo_path().read_text(encoding="utf-8"))
    assert isinstance(memo[path], dict) and len(memo[path]["sha256"]) == 64


def test_a_large_frame_is_written_in_parts_on_every_core_and_read_back_as_one(tmp_path, monkeypatch):
    import json
    import warnings

    import numpy as np
    import pytest

    from sermo_helpers import parallel

    monkeypatch.setenv("SERMO_HOME", str(tmp_path))
    monkeypatch.setattr(parallel, "core_budget", lambda: 3)
    rows = cache.PART_ROWS + 7
    numbers = np.arange(rows)
    frame = pd.DataFrame({
        "mention_id": pd.Series([str(10**17 + n) for n in numbers.tolist()], dtype="str"),
        "text": pd.Series([f"tekst æøå {n}" if n % 7 else None for n in numbers.tolist()], dtype="str"),
        "responder": pd.Series([None] * (rows - 3) + ["Kari", None, "Ola"], dtype="str"),  # empty in early parts
        "published_at": pd.to_datetime(numbers, unit="s", utc=True),
        "reach": np.where(numbers % 5, numbers * 1.5, np.nan), "is_own": numbers % 2 == 0})
    small = frame.head(3)
    folder = cache.write_entry("kunde", "k1", {"mentions": frame, "posts": small, "report": small})
    manifest = json.loads((folder / "entry.json").read_text(encoding="utf-8"))["files"]
    assert list(manifest) == ["mentions", "mentions.1", "mentions.2", "posts", "report"]
    assert sorted(path.name for path in folder.iterdir()) == [
        "entry.json", "mentions.1.parquet", "mentions.2.parquet", "mentions.parquet", "posts.parquet",
        "report.parquet"]
    back = cache.read_entry("kunde", "k1")
    pd.testing.assert_frame_equal(back["mentions"], frame, check_exact=True)
    # an object column empty in the first part (a part's own types would give it a null type there, and
    # the parts would not read back as one): read back as the whole frame written in one file is
    loose = frame.assign(extra=pd.Series([None] * (rows - 2) + ["a", "b"], dtype=object))
    folder_loose = cache.write_entry("kunde0", "k0", {"mentions": loose, "report": small})
    whole = tmp_path / "whole.parquet"
    loose.to_parquet(whole, index=False)
    pd.testing.assert_frame_equal(cache.read_entry("kunde0", "k0")["mentions"], pd.read_parquet(whole),
                                  check_exact=True)
    assert (folder_loose / "mentions.1.parquet").is_file()
    assert list(back["mentions"].dtypes) == list(frame.dtypes)
    pd.testing.assert_frame_equal(back["posts"], small, check_exact=True)
    assert cache.frame_files(folder, "mentions") == [folder / "mentions.parquet", folder / "mentions.1.parquet",
                                                     folder / "mentions.2.parquet"]
    (folder / "mentions.2.parquet").unlink()  # a part missing: the whole entry is rebuilt
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert cache.read_entry("kunde", "k1") is None
    assert "mentions.2.parquet is missing" in str(caught[0].message) and not folder.exists()
    folder = cache.write_entry("kunde", "k2", {"mentions": frame, "report": small})
    manifest = json.loads((folder / "entry.json").read_text(encoding="utf-8"))
    manifest["files"] = {"report": manifest["files"]["report"], "mentions.1": manifest["files"]["mentions.1"]}
    (folder / "entry.json").write_text(json.dumps(manifest), encoding="utf-8")  # a part without its frame
    with pytest.warns(cache.CacheWarning, match="unknown entry 'mentions.1'"):
        assert cache.read_entry("kunde", "k2") is None
