"""Zip bombs are refused with a clear reason, never expanded into memory (issue 18, item 10). The
memory case runs in a child process under an address-space limit, so a regression fails the test
instead of exhausting the machine."""
import subprocess
import sys
import textwrap
import zipfile

import pytest

from sermo_helpers.loaders import folder, load_client

GOOD = "mention_id,published_at,channel,author,text\nm-1,2026-04-02T09:00:00+02:00,x,Ola,Hei\n"


def write_bomb(path, *, member_bytes: int, name="mentions.csv"):
    """A zip whose one member is ``member_bytes`` of zeros, deflated (a few kilobytes per 10 MB)."""
    chunk = bytes(1 << 20)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w") as archive:
        with archive.open(info, "w", force_zip64=True) as member:
            for _ in range(member_bytes // len(chunk)):
                member.write(chunk)
    return path


def test_a_high_ratio_member_is_refused_and_the_rest_loads(make_client):
    client = make_client()
    (client.data_path / "good.csv").write_text(GOOD, encoding="utf-8")
    write_bomb(client.data_path / "export.zip", member_bytes=64 << 20)
    data = load_client(client, use_cache=False, allow_partial=True)
    row = data.report.set_index("file").loc["export.zip/mentions.csv"]
    assert row["status"] == "refused" and "zip bomb" in row["warnings"] and "64 MiB" in row["warnings"]
    assert data.mentions["mention_id"].tolist() == ["m-1"]


def test_a_member_is_read_in_chunks_and_stopped_at_the_limit(monkeypatch, tmp_path):
    path = write_bomb(tmp_path / "x.zip", member_bytes=8 << 20)
    monkeypatch.setattr(folder, "MAX_MEMBER_BYTES", 4 << 20)
    monkeypatch.setattr(folder, "MAX_RATIO", 10 ** 9)
    archive = zipfile.ZipFile(path)
    data, refusal = folder._expand(archive, archive.infolist()[0], 0)
    assert data is None and "above the limit of 4 MiB" in refusal
    archive.infolist()[0].file_size = 100  # an archive that lies about the size fails its own check
    data, refusal = folder._expand(archive, archive.infolist()[0], 0)
    assert data is None and "cannot be unpacked" in refusal


def test_archive_total_is_capped(monkeypatch, tmp_path):
    monkeypatch.setattr(folder, "MAX_ARCHIVE_BYTES", 4 << 20)
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for number in range(3):
            archive.writestr(f"part{number}.csv", GOOD + "x" * (3 << 19))
    members, _ = folder.zip_members(path, "many.zip")
    assert [member.refusal is None for member in members] == [True, True, False]
    assert "more than 4 MiB in all" in members[2].refusal


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs resource.RLIMIT_AS (Linux)")
def test_a_4_gib_member_never_reaches_memory(tmp_path):
    """A 4 GiB member (about 4 MB compressed) under a 600 MiB address-space allowance."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "good.csv").write_text(GOOD, encoding="utf-8")
    with zipfile.ZipFile(data / "bomb.zip", "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        info = zipfile.ZipInfo("mentions.csv")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            chunk = bytes(16 << 20)
            for _ in range(256):  # 4 GiB
                member.write(chunk)
    script = textwrap.dedent(f"""
        import datetime as dt, resource, os
        os.environ["SERMO_HOME"] = {str(tmp_path)!r}
        from sermo_helpers.config import ClientConfig
        from sermo_helpers.loaders import load_client
        import sermo_helpers.loaders.formats
        with open("/proc/self/status") as status:
            size = next(int(line.split()[1]) for line in status if line.startswith("VmSize")) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size + (600 << 20), size + (600 << 20)))
        client = ClientConfig(slug="bomb", display_name="B", language="nb", period_start=dt.date(2026, 4, 1),
                              period_end=dt.date(2026, 4, 30), data_folder={str(data)!r}, own_accounts={{}},
                              keywords=("b",))
        loaded = load_client(client, use_cache=False, allow_partial=True)
        print(loaded.report.set_index("file").loc["bomb.zip/mentions.csv", "warnings"])
        print(len(loaded.mentions))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    reason, rows = result.stdout.strip().splitlines()[-2:]
    assert "4,096 MiB" in reason and "above the limit" in reason and rows == "1"
