"""Runs that end cleanly: kills, signals, full and read-only disks (issue 18, items 4, 5, 16–19).

Real `sermo render` commands on a small project (``tests/tiny_project.py``: the real parameters
cells, quick cells, real kernels), real signals. Every process of a run carries a marker in its
environment, so a test can find the workers and kernels of its run and check none is left.
"""
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MARK = "SERMO_FAULT_RUN"

pytestmark = pytest.mark.slow


# ---------------------------------------------------------------------------------------------------
# Helpers: start a render, find its processes, wait for them
# ---------------------------------------------------------------------------------------------------
class Run:
    """A `sermo render` command started in its own session, with a marker in its environment."""

    def __init__(self, project: Path, clients, *, extra=(), env=None):
        self.mark = uuid.uuid4().hex
        self.project = project
        self.out = project / "out"
        environment = dict(os.environ, SERMO_HOME=str(project), PYTHONPATH=str(ROOT), **{MARK: self.mark})
        environment.pop("SERMO_TEST_FAIL", None)
        environment.update(env or {})
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sermo_helpers.cli", "render", *clients, "--out", str(self.out),
             "--workers", "2", *extra],
            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.started = time.monotonic()

    def processes(self):
        """Every live process of this run (the command, workers, kernels), found by the marker."""
        import psutil

        found = []
        for process in psutil.process_iter(["pid"]):
            try:
                if process.environ().get(MARK) == self.mark and process.status() != psutil.STATUS_ZOMBIE:
                    found.append(process)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        return found

    def kernels(self):
        return [p for p in self.processes() if _cmdline_has(p, "ipykernel_launcher")]

    def workers(self):
        return [p for p in self.processes() if p.pid != self.process.pid and not _cmdline_has(p, "ipykernel_launcher")
                and _parent_pid(p) == self.process.pid]

    def finish(self, timeout=120):
        stdout, stderr = self.process.communicate(timeout=timeout)
        return self.process.returncode, stdout, stderr

    def wait_until_gone(self, timeout=15.0):
        """The run's processes still alive after ``timeout`` seconds (none, when all went)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            left = self.processes()
            if not left:
                return []
            time.sleep(0.2)
        return [(p.pid, " ".join(p.cmdline())[:80]) for p in self.processes()]


def _cmdline_has(process, text):
    try:
        return any(text in part for part in process.cmdline())
    except Exception:
        return False


def _parent_pid(process):
    try:
        return process.ppid()
    except Exception:
        return None


def _wait_for_file(path: Path, run: Run, timeout=90.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text():
            return path.read_text()
        assert run.process.poll() is None, run.finish()
        time.sleep(0.1)
    raise AssertionError(f"{path} never appeared")


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _current(out: Path, slug: str) -> str | None:
    link = out / slug / ".edition"
    return Path(os.readlink(link)).name if link.is_symlink() else None


@pytest.fixture
def project(tmp_path, tiny):
    return tiny.build_tiny_project(tmp_path / "project")


@pytest.fixture(scope="module")
def rendered_once(tmp_path_factory, tiny):
    """The small project with a good edition of both clients, rendered once per module."""
    project = tiny.build_tiny_project(tmp_path_factory.mktemp("rendered") / "project")
    run = Run(project, tiny.CLIENTS)
    status, stdout, stderr = run.finish()
    assert status == 0, stderr
    (project / "first-render-seconds").write_text(f"{time.monotonic() - run.started:.2f}")
    return project


@pytest.fixture
def rendered(rendered_once, tmp_path):
    """A copy of the rendered small project for one test (the editions' links copied as links)."""
    import shutil

    return shutil.copytree(rendered_once, tmp_path / "project", symlinks=True)


# ---------------------------------------------------------------------------------------------------
# The fault-injection test
# ---------------------------------------------------------------------------------------------------
FAULT_RUNS = 21


def test_kills_at_random_points_leave_a_whole_edition_a_valid_manifest_and_no_process(rendered, tiny):
    """21 renders of two clients, each hit at a random moment by a kill of the command (SIGKILL or
    SIGTERM), of a worker or of a kernel (SIGKILL), seeded. After each: every client's handout and
    notebooks are the last good ones byte for byte or a complete new edition from one run; the
    manifest is valid JSON with both clients; no process of the run is left. A clean render ends it."""
    out = rendered / "out"
    chance = random.Random(18)
    last_good = {slug: tiny.edition_files(out, slug) for slug in tiny.CLIENTS}
    editions = {slug: _current(out, slug) for slug in tiny.CLIENTS}
    window = float((rendered / "first-render-seconds").read_text())  # kills fall anywhere in a render
    victims = ["main-kill", "main-term", "worker", "kernel"]
    outcomes = []
    for number in range(FAULT_RUNS):
        victim = victims[number % len(victims)]
        delay = chance.uniform(0.2, window)
        run = Run(rendered, tiny.CLIENTS, env={"SERMO_TEST_DELAY": f"{chance.uniform(0.1, 1.0):.2f}"})
        hit = None
        if victim in ("worker", "kernel"):  # a random moment of that process's life
            find = run.workers if victim == "worker" else run.kernels
            while not find() and run.process.poll() is None and time.monotonic() - run.started < 2 * window:
                time.sleep(0.05)
            time.sleep(chance.uniform(0.0, 3.0))
            candidates = find() if run.process.poll() is None else []
            if candidates:
                target = chance.choice(candidates)
                target.kill()
                hit = f"{victim} {target.pid}"
        else:
            while time.monotonic() - run.started < delay and run.process.poll() is None:
                time.sleep(0.05)
        if hit is None and run.process.poll() is None:  # a main victim, or the worker or kernel had gone
            run.process.send_signal(signal.SIGTERM if victim == "main-term" else signal.SIGKILL)
            hit = "main " + ("SIGTERM" if victim == "main-term" else "SIGKILL")
        status, stdout, stderr = run.finish()
        left = run.wait_until_gone()
        assert left == [], (number, hit, left)
        assert "Traceback" not in stderr, (number, hit, stderr)
        manifest = _manifest(out)  # valid JSON
        records = {record["client"]: record for record in manifest["clients"]}
        assert set(tiny.CLIENTS) <= set(records), (number, hit, manifest)
        for slug in tiny.CLIENTS:
            files = tiny.edition_files(out, slug)
            if files != last_good[slug]:
                token = tiny.edition_token(files)
                assert token is not None, (number, hit, slug, "handout and notebooks of different runs")
                assert token != tiny.edition_token(last_good[slug]), (number, hit, slug)
                last_good[slug], previous = files, editions[slug]
                editions[slug] = _current(out, slug)
                record = records[slug]
                if hit is None or hit.startswith("kernel"):  # the command lived: the record is exact
                    assert record["status"] == "ok" and record["edition"] == editions[slug], (number, hit, record)
                else:  # the command or worker died between publishing and recording, at worst
                    assert record.get("edition") in (editions[slug], previous), (number, hit, record)
        if hit is not None and hit.split()[0] in ("worker", "kernel"):
            run_summary = manifest["last_run"]
            assert status == 1 or run_summary["failed"] == 0, (number, hit, stdout, stderr)
            assert run_summary["failed"] <= 1 and run_summary["not_finished"] == [], (number, hit, run_summary)
            assert run_summary["succeeded"] + run_summary["failed"] == 2
        if hit == "main SIGTERM":  # stopped cleanly, or killed outright before it started any worker
            assert (status == 130 and "interrupted" in stderr) or (status == -signal.SIGTERM and stderr == ""), \
                (number, status, stdout, stderr)
        outcomes.append((hit, status))
    assert sum(hit is not None for hit, _ in outcomes) >= FAULT_RUNS * 3 // 4, outcomes
    assert {hit.split()[0] for hit, _ in outcomes if hit} == {"main", "worker", "kernel"}, outcomes
    print("fault runs (what was hit, exit status):", outcomes)
    run = Run(rendered, tiny.CLIENTS)
    status, stdout, stderr = run.finish()
    assert status == 0, stderr
    manifest = _manifest(out)
    for slug in tiny.CLIENTS:
        record = next(record for record in manifest["clients"] if record["client"] == slug)
        assert record["status"] == "ok" and record["edition"] == _current(out, slug)
        assert tiny.edition_token(tiny.edition_files(out, slug)) is not None
        assert sorted(p.name for p in (out / slug / ".editions").iterdir()) == [_current(out, slug)]


# ---------------------------------------------------------------------------------------------------
# One case per item
# ---------------------------------------------------------------------------------------------------
def test_a_killed_kernel_names_stage_and_cell_and_keeps_the_partial_notebooks(rendered, tiny, tmp_path):
    """Item 17: kill -9 of a kernel while it runs notebook 03_engage, cell 3."""
    out = rendered / "out"
    good = tiny.edition_files(out, "alpha")
    signals = tmp_path / "signals"
    signals.mkdir()
    run = Run(rendered, ["alpha"], env={"SERMO_TEST_SLOW": "03_engage", "SERMO_TEST_DELAY": "60",
                                        "SERMO_TEST_SIGNAL": str(signals)})
    kernel = int(_wait_for_file(signals / "alpha-03_engage", run))
    os.kill(kernel, signal.SIGKILL)
    status, stdout, stderr = run.finish()
    assert status == 1
    assert ("FAILED alpha: Rendering 'alpha' failed: the kernel died while running notebook 03_engage, cell 3 "
            "(it was killed, or ran out of memory).") in stderr
    assert "Traceback" not in stderr and "Kernel died while waiting" not in stderr
    failed = out / "alpha" / "failed"
    assert sorted(p.name for p in failed.iterdir()) == [f"{stage}.ipynb" for stage in tiny.STAGES]
    import nbformat

    listen = nbformat.read(failed / "01_listen.ipynb", as_version=4)
    assert any("token" in json.dumps(cell.get("outputs", [])) for cell in listen.cells)  # ran, kept
    engage = nbformat.read(failed / "03_engage.ipynb", as_version=4)
    assert engage.cells[-1].get("outputs") == []  # the cell after the one that was running never ran
    record = next(r for r in _manifest(out)["clients"] if r["client"] == "alpha")
    assert record["status"] == "failed" and record["error"]["notebook"] == "03_engage"
    assert record["error"]["cell_index"] == 3 and record["error"]["ename"] == "DeadKernelError"
    assert tiny.edition_files(out, "alpha") == good
    assert run.wait_until_gone() == []


def test_a_killed_worker_fails_its_own_edition_only(rendered, tiny, tmp_path):
    """Item 18: kill -9 of alpha's worker; beta finishes, the manifest holds both, no traceback."""
    out = rendered / "out"
    good = tiny.edition_files(out, "alpha")
    before = tiny.edition_token(tiny.edition_files(out, "beta"))
    signals = tmp_path / "signals"
    signals.mkdir()
    run = Run(rendered, ["alpha", "beta"], env={"SERMO_TEST_SLOW": "02_influence", "SERMO_TEST_DELAY_alpha": "60",
                                                "SERMO_TEST_SIGNAL": str(signals)})
    import psutil

    kernel = psutil.Process(int(_wait_for_file(signals / "alpha-02_influence", run)))
    worker = kernel.parent()
    assert worker.pid != run.process.pid
    worker.kill()
    status, stdout, stderr = run.finish()
    assert status == 1
    assert ("FAILED alpha: Rendering 'alpha' failed: its worker process was killed by signal SIGKILL "
            "(out of memory, or killed); the last good edition is kept.") in stderr
    assert "Traceback" not in stderr and "BrokenProcessPool" not in stderr
    assert "rendered beta:" in stdout and "1 succeeded, 1 failed" in stdout
    records = {record["client"]: record for record in _manifest(out)["clients"]}
    assert records["alpha"]["status"] == "failed" and records["alpha"]["error"]["type"] == "WorkerDied"
    assert records["beta"]["status"] == "ok" and records["beta"]["edition"] == _current(out, "beta")
    assert tiny.edition_files(out, "alpha") == good
    assert tiny.edition_token(tiny.edition_files(out, "beta")) not in (None, before)
    assert run.wait_until_gone() == []  # alpha's kernel died with its worker


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_stopping_the_command_stops_workers_and_kernels_and_writes_nothing_after(rendered, tiny, tmp_path, how):
    """Item 16 (SIGKILL, SIGTERM of the command only) and item 19 (Ctrl-C: SIGINT to the process group)."""
    out = rendered / "out"
    good = {slug: tiny.edition_files(out, slug) for slug in tiny.CLIENTS}
    manifest_before = (out / "manifest.json").read_bytes()
    signals = tmp_path / "signals"
    signals.mkdir()
    run = Run(rendered, ["alpha", "beta"], env={"SERMO_TEST_SLOW": "01_listen", "SERMO_TEST_DELAY": "5",
                                                "SERMO_TEST_SIGNAL": str(signals)})
    _wait_for_file(signals / "alpha-01_listen", run)
    _wait_for_file(signals / "beta-01_listen", run)
    if how == "SIGINT":
        os.killpg(run.process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    else:
        run.process.send_signal(getattr(signal, how))
    status, stdout, stderr = run.finish()
    assert run.wait_until_gone(timeout=5) == []
    time.sleep(5)  # longer than the cells would have taken: had anything survived, it would write now
    assert {slug: tiny.edition_files(out, slug) for slug in tiny.CLIENTS} == good
    for slug in tiny.CLIENTS:
        assert [p.name for p in (out / slug / ".editions").iterdir()] == [_current(out, slug)] or \
            how == "SIGKILL"  # a killed command leaves its unpublished folders to the next render
    if how == "SIGKILL":
        assert (out / "manifest.json").read_bytes() == manifest_before
        return
    assert status == 130
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines == ["interrupted: 0 succeeded, 0 failed, not finished: alpha, beta "
                     f"(their last good editions are kept); manifest: {out / 'manifest.json'}"], stderr
    manifest = _manifest(out)
    assert manifest["last_run"]["interrupted"] is True
    assert {r["client"]: r["edition"] for r in manifest["clients"]} == {
        slug: _current(out, slug) for slug in tiny.CLIENTS}


def test_a_full_disk_keeps_the_whole_last_edition(rendered, tiny, tmp_path):
    """Item 4: a real small file system (tmpfs), filled up before the second render."""
    out = tmp_path / "small"
    out.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(out)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root; test_files covers ENOSPC by injection")
    try:
        project = rendered
        first = Run(project, ["alpha"], extra=["--out", str(out)])
        status, _, stderr = first.finish()
        assert status == 0, stderr
        good = tiny.edition_files(out, "alpha")
        free = os.statvfs(out).f_bavail * os.statvfs(out).f_frsize
        (out / "filler").write_bytes(b"\0" * max(0, free - 64 * 1024))  # 64 KiB left: less than an edition
        second = Run(project, ["alpha"], extra=["--out", str(out)])
        status, stdout, stderr = second.finish()
        assert status == 1
        assert "FAILED alpha: Rendering 'alpha' failed: cannot write" in stderr
        assert "no space left on the device; the last good edition is kept." in stderr
        assert "Traceback" not in stderr
        assert tiny.edition_files(out, "alpha") == good
        assert [p.name for p in (out / "alpha" / ".editions").iterdir()] == [_current(out, "alpha")]
        json.loads((out / "manifest.json").read_text())  # still whole
    finally:
        subprocess.run(["umount", "-l", str(out)], capture_output=True)


def test_a_read_only_output_folder_ends_in_one_line_per_client_and_one_for_the_manifest(project, tiny, tmp_path):
    """Item 19: the output folder cannot be written (a read-only mount as root, a 0555 folder otherwise)."""
    out = project / "out"
    out.mkdir()
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(out)], capture_output=True)
        if mounted.returncode != 0:
            pytest.skip("cannot make a read-only folder for root without mount")
    else:
        out.chmod(0o555)
    try:
        run = Run(project, ["alpha", "beta"])
        status, stdout, stderr = run.finish()
    finally:
        subprocess.run(["umount", "-l", str(out)], capture_output=True) if os.geteuid() == 0 else out.chmod(0o755)
    assert status == 1
    lines = [line for line in stderr.splitlines() if line.strip()]
    reason = "the file system is read-only" if os.geteuid() == 0 else "permission denied"
    assert sorted(lines) == sorted([
        f"FAILED alpha: Rendering 'alpha' failed: cannot write {out / 'alpha'}: {reason}; the last good edition is kept.",
        f"FAILED beta: Rendering 'beta' failed: cannot write {out / 'beta'}: {reason}; the last good edition is kept.",
        f"error: The manifest could not be written: cannot write {out / '.manifest.json.lock'}: {reason}",
    ]), stderr
    assert stdout.strip() == "0 succeeded, 2 failed"


def test_two_clients_then_one_with_pdf_keeps_both_in_the_manifest_and_prints_the_pdf(rendered, tiny):
    """Item 5 (and issue 16, item 5): the manifest is updated per client; --pdf says where the PDF is."""
    out = rendered / "out"
    before = {r["client"]: r for r in _manifest(out)["clients"]}
    run = Run(rendered, ["alpha", "--pdf"])
    status, stdout, stderr = run.finish()
    assert status == 0, stderr
    assert f"; PDF: {out / 'alpha' / 'handout.pdf'} " in stdout
    assert (out / "alpha" / "handout.pdf").read_bytes().startswith(b"%PDF-")
    records = {r["client"]: r for r in _manifest(out)["clients"]}
    assert set(records) == {"alpha", "beta"}
    assert records["beta"] == before["beta"]
    assert records["alpha"]["edition"] == _current(out, "alpha") != before["alpha"]["edition"]
    assert records["alpha"]["pdf"] == str(out / "alpha" / "handout.pdf")
    # A later edition without a PDF does not leave the old edition's PDF beside the new handout.
    status, _, stderr = Run(rendered, ["alpha"]).finish()
    assert status == 0, stderr
    assert not (out / "alpha" / "handout.pdf").exists() and not (out / "alpha" / "handout.pdf").is_symlink()


def test_a_render_prints_no_warnings_only_one_line_per_edition(rendered, tiny):
    """Issue 16, item 5: no kernel transport warning, no progress junk when not on a terminal."""
    status, stdout, stderr = Run(rendered, ["alpha", "beta"]).finish()
    assert status == 0
    assert stderr == ""
    lines = stdout.splitlines()
    assert len(lines) == 3 and sorted(line.split(":")[0] for line in lines[:2]) == ["rendered alpha", "rendered beta"]
    assert lines[2] == f"2 succeeded, 0 failed; manifest: {rendered / 'out' / 'manifest.json'}"
