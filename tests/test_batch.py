"""Batch runner: validation before kernels, fault isolation, manifest, Dask executor, safe handouts."""
import json

import pandas as pd
import pytest

from sermo_helpers import batch
from sermo_helpers.cli import main as sermo
from sermo_helpers.config import load_client_config

XSS_TITLE = "pwned-by-mention"
PAYLOADS = [
    f"Elendig kokevarsel igjen <script>document.title='{XSS_TITLE}'</script>",
    f"Skandale i vannverket <img src=x onerror=\"document.title='{XSS_TITLE}'\">",
]


@pytest.fixture
def make_client(demo_copy):
    """A client file with its own copy of the demo data, optionally broken or poisoned with payloads."""
    def make(slug, *, break_posts=None, payloads=False):
        path, data = demo_copy(slug)
        if break_posts is not None:
            break_posts(data / "posts.csv")
        if payloads:
            mentions = pd.read_csv(data / "mentions.csv", dtype=str, keep_default_na=False)
            row = mentions[(mentions["subject"] == slug) & (mentions["is_own"] == "false")].iloc[[0, 0]].copy()
            row["mention_id"] = ["xss-1", "xss-2"]
            row["text"] = PAYLOADS
            row["published_at"] = ["2026-06-10T08:00:00+00:00", "2026-06-10T09:00:00+00:00"]
            row["reach"] = "900000"
            row["engagement"] = "50000"
            row["in_reply_to"] = ""
            row["thread_id"] = ""
            pd.concat([mentions, row]).to_csv(data / "mentions.csv", index=False)
        return path

    return make


def test_parameters_fit_the_notebooks_for_the_demo_client():
    assert batch.check_parameters(load_client_config("fjordvik")) == []


def test_parameter_problems_are_found_before_any_kernel(monkeypatch):
    declared = batch.notebook_parameters("01_listen")
    changed = {name: value for name, value in declared.items() if name != "judgement"}
    changed["keywords"] = "one keyword"  # the notebook expects a list
    changed["colour"] = "blue"
    monkeypatch.setattr(batch, "notebook_parameters", lambda stage: changed)
    problems = batch.check_parameters(load_client_config("fjordvik"), stages=("01_listen",))
    assert problems == [
        "01_listen: parameter 'judgement' is not declared in the notebook's parameters cell",
        "01_listen: parameter 'colour' has no value from the client file",
        "01_listen: parameter 'keywords' expects str, the client file gives list",
    ]


def test_an_unreadable_data_file_in_check_ends_in_one_line(demo_copy, monkeypatch, capsys):
    """Issue 18, item 19: no raw traceback; the line names the file and says why."""
    import builtins
    import os

    path, data = demo_copy("lockedby")
    locked = data / "posts.csv"
    if os.geteuid() != 0:
        locked.chmod(0o000)
    else:  # root reads any file: refuse it the way the file system would for anyone else
        real_open = builtins.open

        def refusing_open(file, *args, **kwargs):
            if os.fspath(file) == str(locked):
                raise PermissionError(13, "Permission denied", str(locked))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", refusing_open)
    status = sermo(["check", str(path)])
    err = capsys.readouterr().err
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(locked) in lines[0], err
    assert "permission denied" in lines[0].lower() and "Traceback" not in err


def test_unknown_client_fails_in_the_manifest_without_a_kernel(tmp_path):
    record = batch.render_one(str(tmp_path / "nobody.yaml"), str(tmp_path / "out"))
    assert record["status"] == "failed" and record["error"]["type"] == "ConfigError"
    assert "No client file" in record["error"]["message"]


@pytest.mark.slow
def test_one_broken_client_does_not_stop_the_others(tmp_path, capfd, break_posts_file, make_client):
    good = make_client("goodby")
    broken = make_client("brokenby", break_posts=break_posts_file)
    out = tmp_path / "editions"
    status = sermo(["render", str(good), str(broken), "--out", str(out), "--workers", "2", "--quiet"])
    assert status == 1
    manifest = json.loads((out / "manifest.json").read_text())
    records = {record["client"]: record for record in manifest["clients"]}
    assert (manifest["succeeded"], manifest["failed"]) == (1, 1)
    assert records["goodby"]["status"] == "ok" and (out / "goodby" / "handout.html").is_file()
    assert [n["status"] for n in records["goodby"]["notebooks"]] == ["ok"] * 4
    failure = records["brokenby"]  # refused before any kernel, naming every refused file
    assert failure["status"] == "failed" and failure["error"]["type"] == "LoadError"
    assert "1 of 4 files were refused" in failure["error"]["message"] and "posts.csv" in failure["error"]["message"]
    assert failure["notebooks"] == []
    assert set(records["goodby"]["inputs"]) == {"channel_stats.csv", "posts.csv", "mentions.csv", "web_traffic.csv"}
    assert len(records["goodby"]["inputs"]["posts.csv"]) == 64
    assert records["goodby"]["package_version"] == manifest["package_version"]
    assert not (out / "brokenby" / "handout.html").exists()
    out_text, err = capfd.readouterr()  # the workers' and kernels' output too (file descriptors)
    assert "FAILED brokenby" in err
    noise = [line for line in (out_text + err).splitlines() if "WARNING" in line or "Traceback" in line
             or "without encryption" in line or "%|" in line]
    assert noise == []  # a quiet run: no kernel transport warning, no progress-bar junk off a terminal


@pytest.mark.slow
def test_allow_partial_renders_and_the_data_basis_names_the_left_out_file(tmp_path, break_posts_file, make_client):
    broken = make_client("partialby", break_posts=break_posts_file)
    out = tmp_path / "editions"
    assert sermo(["render", str(broken), "--out", str(out), "--quiet"]) == 1  # refused by default
    assert sermo(["render", str(broken), "--out", str(out), "--quiet", "--allow-partial"]) == 0
    handout = (out / "partialby" / "handout.html").read_text(encoding="utf-8")
    assert "Utelatt fil: posts.csv" in handout and "refused: posts.csv, data row 4, column 'published_at'" in handout
    assert ">nan<" not in handout.lower() and "&lt;NA&gt;" not in handout


@pytest.mark.slow
def test_dask_cluster_on_loopback_renders_an_edition(tmp_path, make_client):
    from distributed import LocalCluster

    client_file = make_client("daskby")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        manifest = batch.render_clients([str(client_file)], out_root=tmp_path / "out",
                                        scheduler=cluster.scheduler_address, progress=False)
    assert manifest["executor"].startswith("dask tcp://127.0.0.1:")
    assert manifest["clients"][0]["status"] == "ok"
    assert (tmp_path / "out" / "daskby" / "handout.html").is_file()


@pytest.mark.slow
def test_mentions_with_script_payloads_show_as_text_and_never_run(tmp_path, open_page_in_browser, make_client):
    client_file = make_client("xssby", payloads=True)
    manifest = batch.render_clients([str(client_file)], out_root=tmp_path / "out", progress=False, workers=1)
    assert manifest["clients"][0]["status"] == "ok", manifest["clients"][0]["error"]
    handout = tmp_path / "out" / "xssby" / "handout.html"
    dialogs = []
    with open_page_in_browser(handout, on_dialog=lambda dialog: (dialogs.append(dialog.message), dialog.dismiss())) as page:
        page.wait_for_timeout(300)
        assert page.title() != XSS_TITLE
        text = page.inner_text("body")
        assert "<script>document.title=" in text  # shown, as text
        assert page.locator("main script").count() == 0
        assert page.locator("img[src='x']").count() == 0
    assert dialogs == []
