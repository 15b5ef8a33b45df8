"""Editions published whole (one link switch) and the manifest updated per client, under a lock."""
import errno
import json
import multiprocessing
import os

import pytest

from sermo_helpers.files import atomic_write
from sermo_helpers.render import publish
from sermo_helpers.render.manifest import read_manifest, update_manifest


def _edition(edition_dir, text, *, pdf=False):
    folder = publish.new_edition_folder(edition_dir)
    atomic_write(folder / "handout.html", f"handout {text}")
    atomic_write(folder / "notebooks" / "01_listen.ipynb", f"notebook {text}")
    if pdf:
        atomic_write(folder / "handout.pdf", f"%PDF {text}".encode())
    return folder


def _read(edition_dir):
    names = ["handout.html", "notebooks/01_listen.ipynb", "handout.pdf"]
    return {name: (edition_dir / name).read_text() for name in names if (edition_dir / name).exists()}


def test_publish_switches_every_output_at_once_and_removes_the_old_edition(tmp_path):
    edition_dir = tmp_path / "fjordvik"
    first = _edition(edition_dir, "one", pdf=True)
    publish.publish(edition_dir, first)
    assert _read(edition_dir) == {"handout.html": "handout one", "notebooks/01_listen.ipynb": "notebook one",
                                  "handout.pdf": "%PDF one"}
    (edition_dir / "work").mkdir()  # what else lives in the client's folder is left alone
    second = _edition(edition_dir, "two")
    publish.publish(edition_dir, second)
    assert _read(edition_dir) == {"handout.html": "handout two", "notebooks/01_listen.ipynb": "notebook two"}
    assert not (edition_dir / "handout.pdf").is_symlink()  # no PDF of an older edition beside the new one
    assert publish.current_edition(edition_dir) == second
    assert [p.name for p in (edition_dir / ".editions").iterdir()] == [second.name]
    assert (edition_dir / "work").is_dir()


def test_an_edition_that_may_not_be_published_changes_nothing(tmp_path):
    edition_dir = tmp_path / "fjordvik"
    publish.publish(edition_dir, _edition(edition_dir, "one"))
    with pytest.raises(RuntimeError, match="has gone"):
        publish.publish(edition_dir, _edition(edition_dir, "two"), may_publish=lambda: False)
    assert _read(edition_dir) == {"handout.html": "handout one", "notebooks/01_listen.ipynb": "notebook one"}


def test_a_full_disk_while_writing_an_edition_keeps_the_published_one(tmp_path, monkeypatch):
    edition_dir = tmp_path / "fjordvik"
    publish.publish(edition_dir, _edition(edition_dir, "one"))

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        _edition(edition_dir, "two")
    monkeypatch.undo()
    assert _read(edition_dir) == {"handout.html": "handout one", "notebooks/01_listen.ipynb": "notebook one"}
    publish.remove_unpublished(edition_dir)
    assert [p.name for p in (edition_dir / ".editions").iterdir()] == [publish.current_edition(edition_dir).name]


def test_an_edition_from_before_linked_editions_is_replaced(tmp_path):
    edition_dir = tmp_path / "fjordvik"
    (edition_dir / "notebooks").mkdir(parents=True)
    (edition_dir / "handout.html").write_text("old handout")
    (edition_dir / "notebooks" / "01_listen.ipynb").write_text("old notebook")
    publish.publish(edition_dir, _edition(edition_dir, "new"))
    assert _read(edition_dir) == {"handout.html": "handout new", "notebooks/01_listen.ipynb": "notebook new"}
    assert [p.name for p in (edition_dir / ".editions").iterdir()] == [publish.current_edition(edition_dir).name]


def test_the_manifest_keeps_other_clients_records(tmp_path):
    update_manifest(tmp_path, [{"client": "fjordvik", "status": "ok"}, {"client": "coastline", "status": "ok"}])
    manifest = update_manifest(tmp_path, [{"client": "fjordvik", "status": "failed"}], run={"clients": ["fjordvik"]})
    assert manifest["clients"] == [{"client": "coastline", "status": "ok"}, {"client": "fjordvik", "status": "failed"}]
    assert (manifest["succeeded"], manifest["failed"]) == (1, 1)
    assert json.loads((tmp_path / "manifest.json").read_text()) == manifest
    assert manifest["last_run"] == {"clients": ["fjordvik"]}


def test_a_failed_record_names_the_edition_still_published(tmp_path):
    """A render published, then was killed before recording: a later failed render's record must
    still say which edition the client's readers get (the fault test's random kills found this)."""
    from sermo_helpers.render import publish

    edition_dir = tmp_path / "fjordvik"
    edition_dir.mkdir()
    publish.publish(edition_dir, _edition(edition_dir, "kept"))
    kept = publish.current_edition(edition_dir).name
    manifest = update_manifest(tmp_path, [{"client": "fjordvik", "status": "failed"},
                                          {"client": "coastline", "status": "failed"}])
    records = {record["client"]: record for record in manifest["clients"]}
    assert records["fjordvik"] == {"client": "fjordvik", "status": "failed", "edition": kept}
    assert "edition" not in records["coastline"]  # nothing published: nothing to name


def test_an_unreadable_manifest_is_set_aside_with_a_warning(tmp_path):
    (tmp_path / "manifest.json").write_text('{"clients": [')
    with pytest.warns(UserWarning, match="not a valid manifest"):
        manifest = update_manifest(tmp_path, [{"client": "fjordvik", "status": "ok"}])
    assert [record["client"] for record in manifest["clients"]] == ["fjordvik"]
    assert len(list(tmp_path.glob("manifest.json.unreadable-*"))) == 1


def _record_many(out, writer):
    for number in range(25):
        update_manifest(out, [{"client": f"client-{writer}-{number}", "status": "ok"}])


def test_concurrent_manifest_updates_lose_no_record(tmp_path):
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_record_many, args=(tmp_path, writer)) for writer in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
    assert [writer.exitcode for writer in writers] == [0] * 4
    assert len(read_manifest(tmp_path)["clients"]) == 100
