from pathlib import Path

import pandas as pd

from sermo_helpers.loaders import cache
from sermo_helpers.loaders.registry import Context


def test_key_follows_content_not_time(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("x\n1\n", encoding="utf-8")
    key = cache.cache_key([("a.csv", path)], Context())
    path.write_text("x\n1\n", encoding="utf-8")  # rewritten, same bytes
    assert cache.cache_key([("a.csv", path)], Context()) == key
    path.write_text("x\n2\n", encoding="utf-8")
    assert cache.cache_key([("a.csv", path)], Context()) != key
    assert cache.cache_key([("a.csv", path)], Context(timezone="UTC")) != cache.cache_key([("a.csv", path)], Context())


def test_entries_are_written_whole_and_old_ones_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("SERMO_HOME", str(tmp_path))
    frame = pd.DataFrame({"a": pd.Series(["x", None], dtype="str"), "b": [1.5, None]})
    first = cache.write_entry("kunde", "k1", {"posts": frame, "report": frame})
    second = cache.write_entry("kunde", "k2", {"posts": frame, "report": frame})
    assert not first.exists() and second.is_dir()
    assert sorted(p.name for p in Path(second).iterdir()) == ["posts.parquet", "report.parquet"]
    assert [p.name for p in cache.cache_root("kunde").iterdir()] == ["k2"]
    pd.testing.assert_frame_equal(cache.read_entry("kunde", "k2")["posts"], frame)
    assert cache.read_entry("kunde", "missing") is None
