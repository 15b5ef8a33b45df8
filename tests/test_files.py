"""Atomic writes and the file lock: whole files or none, old content kept on failure, one writer."""
import errno
import multiprocessing
import os
import stat

import pytest

from sermo_helpers.files import atomic_write, file_lock, open_atomic


def test_atomic_write_replaces_text_and_bytes_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "handout.html"
    assert atomic_write(target, "første\n") == target
    assert target.read_text(encoding="utf-8") == "første\n"
    atomic_write(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(p.name for p in target.parent.iterdir()) == ["handout.html"]


def test_a_failure_while_writing_keeps_the_old_file_and_removes_the_temporary(tmp_path):
    target = tmp_path / "manifest.json"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        with open_atomic(target) as stream:
            stream.write("half of the new")
            raise KeyboardInterrupt
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_a_full_disk_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "notebook.ipynb"
    target.write_text("old")
    real_fsync = os.fsync

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as caught:
        atomic_write(target, "new " * 1000)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert caught.value.errno == errno.ENOSPC
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["notebook.ipynb"]


def test_open_atomic_refuses_append(tmp_path):
    with pytest.raises(ValueError, match="mode must be"):
        with open_atomic(tmp_path / "x", "a"):
            pass


def _add_ones(path, times):
    for _ in range(times):
        with file_lock(path):
            value = int(path.read_text()) if path.exists() else 0
            atomic_write(path, str(value + 1))


def test_file_lock_serialises_read_modify_write_between_processes(tmp_path):
    counter = tmp_path / "counter.txt"
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_add_ones, args=(counter, 50)) for _ in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
    assert [writer.exitcode for writer in writers] == [0, 0, 0, 0]
    assert counter.read_text() == "200"


def test_file_lock_times_out_with_a_message_naming_the_file(tmp_path):
    target = tmp_path / "manifest.json"
    context = multiprocessing.get_context("fork")
    held, release = context.Event(), context.Event()

    def hold():
        with file_lock(target):
            held.set()
            release.wait(10)

    holder = context.Process(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        with pytest.raises(TimeoutError, match="manifest.json is locked"):
            with file_lock(target, timeout=0.2):
                pass
    finally:
        release.set()
        holder.join(10)
    with file_lock(target, timeout=1):
        pass
