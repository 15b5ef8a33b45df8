"""The client folder has one owner (ClientFolder), and data folders stay inside an allowed root;
links leaving the folder are refused by name (issue 18, item 9)."""
import os

import pytest

from sermo_helpers.errors import LoadError
from sermo_helpers.loaders import load_client
from sermo_helpers.loaders.folder import ClientFolder, resolve_data_folder

GOOD = "mention_id,published_at,channel,author,text\nm-1,2026-04-02T09:00:00+02:00,x,Ola,Hei\n"


@pytest.fixture
def only_project_data(monkeypatch, tmp_path):
    """No extra roots: only the project's data/ (under a temporary project)."""
    monkeypatch.delenv("SERMO_DATA_ROOTS", raising=False)
    home = tmp_path / "project"
    (home / "data" / "clients").mkdir(parents=True)
    monkeypatch.setenv("SERMO_HOME", str(home))
    return home


@pytest.mark.parametrize("folder, fragment", [
    ("/etc", "system folder (/etc)"),
    ("/proc/self", "system folder (/proc)"),
    ("~/", "home directory"),
    ("~/exports", "home directory"),
    ("/opt/elsewhere", "outside the folders the workbook reads"),
])
def test_folders_outside_the_allowed_roots_are_refused_clearly(only_project_data, folder, fragment):
    with pytest.raises(LoadError) as caught:
        resolve_data_folder(folder, slug="kunde")
    assert fragment in str(caught.value) and "data_roots" in str(caught.value)


def test_a_folder_inside_data_and_a_listed_root_are_allowed(only_project_data, tmp_path):
    inside = only_project_data / "data" / "clients" / "kunde"
    inside.mkdir()
    assert resolve_data_folder("data/clients/kunde") == inside.resolve()
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    (only_project_data / "settings.yaml").write_text(f"data_roots:\n  - {elsewhere}\n", encoding="utf-8")
    assert resolve_data_folder(str(elsewhere / ".")) == elsewhere.resolve()


def test_a_link_into_a_system_folder_is_refused(only_project_data):
    link = only_project_data / "data" / "clients" / "etc-link"
    os.symlink("/etc", link)
    with pytest.raises(LoadError) as caught:
        resolve_data_folder("data/clients/etc-link")
    assert "system folder (/etc)" in str(caught.value)


def test_links_leaving_the_folder_are_refused_by_name_and_never_read(make_client, tmp_path):
    client = make_client()
    (client.data_path / "good.csv").write_text(GOOD, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("mention_id,published_at,channel,author,text\n"
                                        "s-1,2026-04-02T09:00:00+02:00,x,Hemmelig,HEMMELIG TEKST\n", encoding="utf-8")
    os.symlink(outside / "secret.csv", client.data_path / "linked.csv")
    os.symlink(outside, client.data_path / "linked-folder")
    os.symlink(client.data_path / "good.csv", client.data_path / "alias.csv")  # inside: allowed
    folder = ClientFolder.for_client(client)
    assert [file.name for file in folder.files] == ["alias.csv", "good.csv"]
    assert "linked.csv" not in folder.checksums()  # never hashed into a manifest
    data = load_client(client, use_cache=False, allow_partial=True)
    report = data.report.set_index("file")
    assert report.loc["linked.csv", "status"] == "refused" and "outside the data folder" in report.loc["linked.csv", "warnings"]
    assert report.loc["linked-folder", "status"] == "refused"
    assert "HEMMELIG" not in data.report.to_string() and "s-1" not in set(data.mentions["mention_id"])
    with pytest.raises(LoadError) as caught:
        load_client(client, use_cache=False)
    assert "linked.csv" in str(caught.value) and "linked-folder" in str(caught.value)


def test_an_unreadable_file_is_refused_without_its_content(make_client):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    client = make_client()
    (client.data_path / "good.csv").write_text(GOOD, encoding="utf-8")
    locked = client.data_path / "locked.csv"
    locked.write_text("hemmelig\n", encoding="utf-8")
    locked.chmod(0)
    data = load_client(client, use_cache=False, allow_partial=True)
    assert data.report.set_index("file").loc["locked.csv", "status"] == "refused"


def test_labels_left_in_the_old_location_are_skipped_with_a_notice_and_never_break_loading(make_client):
    """An earlier workbook saved labels under <data_folder>/labels/: loading skips them with one line."""
    from sermo_helpers.labels import save_sentiment_labels
    from sermo_helpers.loaders import left_out_files

    client = make_client()
    (client.data_path / "good.csv").write_text(GOOD, encoding="utf-8")
    old = client.data_path / "labels" / "sentiment_labels.csv"
    save_sentiment_labels(__import__("pandas").DataFrame({"mention_id": ["m-1"], "text": ["Hei"], "label": ["negative"]}),
                          old)  # written as the workbook writes it, with its lock file beside it
    assert sorted(path.name for path in old.parent.iterdir()) == [".sentiment_labels.csv.lock", "sentiment_labels.csv"]
    data = load_client(client, use_cache=False)  # no LoadError/SchemaError, no --allow-partial needed
    assert list(data.mentions["mention_id"]) == ["m-1"] and data.mentions["author"].iloc[0] == "Ola"
    report = data.report.set_index("file")
    for name in ("labels/sentiment_labels.csv", "labels/.sentiment_labels.csv.lock"):
        assert report.loc[name, "status"] == "not data"
        notice = report.loc[name, "warnings"]
        assert "\n" not in notice and "earlier version of the workbook" in notice and "editions/<slug>/work/labels/" in notice
    assert left_out_files(data).empty  # not a refused export: nothing for the handout's data basis to name
    assert [file.name for file in ClientFolder.for_client(client).data_files()] == ["good.csv"]
