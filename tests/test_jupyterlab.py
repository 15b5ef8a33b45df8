"""End to end in a real JupyterLab: 01_listen runs in headless Chromium, a control changes the view.

A JupyterLab server is started on 127.0.0.1 on a free port with a token, rooted at the project,
with no browser of its own and configuration/workspace folders of its own. The test copies
``notebooks/01_listen.ipynb`` into a temporary folder under the project (nothing in the repository
changes), appends the explorer cell when the committed notebook lacks it, opens the copy in
headless Chromium (Playwright, through conftest's ``open_page``), runs all cells, changes the sentiment control and checks that the
explorer's table and summary changed, types a one-week period in the client's date layout (and From
after To, which gives the reason), opens a spike and exports the selection. Every wait is bounded; the server (and its kernels) is stopped
and the temporary folder removed in all cases.
"""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01_listen.ipynb"
EXPLORER_CELL = "from sermo_helpers.explore import explore_listen\n\nexplore_listen(data, client)"
SERVER_START_SECONDS = 90
RUN_ALL_SECONDS = 180
UPDATE_SECONDS = 60

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def notebook_with_explorer(target: Path) -> None:
    """Copy 01_listen to ``target``, appending the explorer cell unless the notebook already calls it."""
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    sources = ["".join(cell.get("source", "")) for cell in notebook["cells"]]
    if not any("explore_listen(" in source for source in sources):
        notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "sermo-explore-test",
                                  "metadata": {}, "outputs": [], "source": EXPLORER_CELL})
    target.write_text(json.dumps(notebook), encoding="utf-8")


def wait_for_server(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within {SERVER_START_SECONDS} s:\n{log.read_text(errors='replace')[-3000:]}")


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server and everything it started (its own process group), bounded."""
    if process.poll() is not None:
        return
    group = os.getpgid(process.pid)
    os.killpg(group, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(group, signal.SIGKILL)
        process.wait(timeout=10)
    try:  # kernels left behind in the group
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture
def lab_server(tmp_path):
    """A JupyterLab server rooted at the project; yields (base url, token, notebook path in the server)."""
    folder = Path(tempfile.mkdtemp(prefix="pytest-lab-", dir=ROOT))
    notebook_with_explorer(folder / "01_listen.ipynb")
    port, token = free_port(), secrets.token_hex(16)
    env = {key: value for key, value in os.environ.items() if key != "SERMO_HEADLESS"}
    # Cells outside the viewport are not in the page with JupyterLab's default windowing; the explorer
    # stands mid-notebook, so this server's own settings render every cell.
    tracker = tmp_path / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    env.update({"JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
                "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
                "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
                "MPLBACKEND": "module://matplotlib_inline.backend_inline"})
    log = tmp_path / "server.log"
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={ROOT}", "--LabApp.expose_app_in_browser=True",
               "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly", "--ServerApp.terminals_enabled=False"]
    if os.geteuid() == 0:  # CI containers run as root
        command.append("--allow-root")
    with open(log, "wb") as stream:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stream, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_server(f"{base}/api/status?token={token}", process, log)
        yield base, token, f"{folder.name}/01_listen.ipynb"
    finally:
        stop_server(process)
        shutil.rmtree(folder, ignore_errors=True)


def explorer_state(page) -> dict:
    """The explorer's summary line and table text as the browser shows them."""
    return page.evaluate("""() => {
        const box = document.querySelector('.sermo-explorer');
        if (!box) return null;
        const note = box.querySelector('.sermo-note');
        const table = box.querySelector('table.sermo-table');
        const image = box.querySelector('img');
        return {note: note ? note.innerText : null, table: table ? table.innerText : null,
                rows: table ? table.querySelectorAll('tbody tr').length : 0,
                image: image ? image.getAttribute('src').length : 0};
    }""")


def wait_until(predicate, seconds: float, what: str, page):
    deadline = time.monotonic() + seconds
    value = None
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(500)
    errors = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')).map(e => e.innerText).join('\\n')""")
    pytest.fail(f"timed out after {seconds} s waiting for {what}; last value {value!r}; errors shown:\n{errors[-3000:]}")


def negative_mentions_in_boil_water_week() -> int:
    """Negative mentions of the demo client by others on local days 8-14 June 2026, counted by hand."""
    from sermo_helpers.config import load_client_config
    from sermo_helpers.workbook import open_workbook

    client, data = open_workbook(load_client_config("fjordvik").to_parameters())
    rows = data.mentions[~data.mentions["is_own"].astype(bool)]
    rows = rows[rows["subject"].isna() | (rows["subject"] == client.slug)]
    days = rows["published_at"].dt.tz_convert(client.timezone).dt.strftime("%Y-%m-%d")
    return int(((days >= "2026-06-08") & (days <= "2026-06-14") & (rows["sentiment"] == "negative")).sum())


def test_listen_explorer_updates_in_jupyterlab(lab_server, open_page_in_browser):
    base, token, notebook = lab_server
    with open_page_in_browser(f"{base}/lab/tree/{notebook}?token={token}") as page:
        page.set_default_timeout(30_000)
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext", timeout=90_000)
        page.evaluate("""async () => {
            const panel = window.jupyterapp.shell.currentWidget;
            await panel.context.ready;
            await panel.sessionContext.ready;
        }""")
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        first = wait_until(lambda: (lambda s: s if s and s["table"] and s["image"] else None)(explorer_state(page)),
                           RUN_ALL_SECONDS, "the explorer's first view", page)
        assert first["rows"] == 10  # default top-N
        sentiment = page.locator(".sermo-explorer").get_by_label("Tone", exact=True)
        sentiment.select_option(label="negativ")
        changed = wait_until(lambda: (lambda s: s if s and s["table"] and s["note"] != first["note"] else None)(
            explorer_state(page)), UPDATE_SECONDS, "the explorer to re-render", page)
        assert changed["table"] != first["table"]
        assert changed["note"].endswith("100\u00a0% negative.")
        assert changed["rows"] == 10
        # dates are typed in the client's layout (dd.mm.åååå), not the browser's date picker
        start = page.locator(".sermo-explorer").get_by_label("Fra", exact=True)
        assert start.input_value() == "01.04.2026"
        start.fill("08.06.2026")
        start.press("Enter")
        end = page.locator(".sermo-explorer").get_by_label("Til", exact=True)
        end.fill("14.06.2026")
        end.press("Enter")
        from sermo_helpers.i18n import format_number

        expected = f"{format_number(negative_mentions_in_boil_water_week(), 'nb')} omtaler i utvalget, 100\u00a0% negative."
        week = wait_until(lambda: (lambda s: s if s and s["note"] == expected else None)(explorer_state(page)),
                          UPDATE_SECONDS, "the one-week selection", page)
        assert week["image"] and start.input_value() == "08.06.2026"
        end.fill("01.06.2026")  # before Fra: the reason replaces the view
        end.press("Enter")
        wait_until(lambda: (lambda s: s if s and s["note"] and "er etter «Til» (01.06.2026)" in s["note"] else None)(
            explorer_state(page)), UPDATE_SECONDS, "the reason for From after To", page)


def test_listen_explorer_drills_into_a_spike_and_exports_in_jupyterlab(lab_server, open_page_in_browser):
    """One drill-down (a spike into its mentions, each with a link) and one export, driven in the browser."""
    base, token, notebook = lab_server
    exports = ROOT / "editions" / "fjordvik" / "work" / "exports"
    before = set(exports.glob("listen-*")) if exports.exists() else set()
    with open_page_in_browser(f"{base}/lab/tree/{notebook}?token={token}") as page:
        page.set_default_timeout(30_000)
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext", timeout=90_000)
        page.evaluate("""async () => {
            const panel = window.jupyterapp.shell.currentWidget;
            await panel.context.ready;
            await panel.sessionContext.ready;
        }""")
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        wait_until(lambda: (lambda s: s if s and s["table"] and s["image"] else None)(explorer_state(page)),
                   RUN_ALL_SECONDS, "the explorer's first view", page)
        spike = page.locator(".sermo-explorer").get_by_label("Åpne topp", exact=True)
        options = spike.locator("option").all_inner_texts()
        assert len(options) >= 2 and options[0].startswith("Ingen")
        expected = int(options[1].rsplit("(", 1)[1].split()[0])  # "08.06.2026–10.06.2026 (57 omtaler)"
        spike.select_option(index=1)

        def drilled():
            return page.evaluate("""() => {
                const tables = document.querySelectorAll('.sermo-explorer table.sermo-drill');
                const table = tables[tables.length - 1];
                if (!table || tables.length < 2) return null;
                return {rows: table.querySelectorAll('tbody tr').length,
                        links: Array.from(table.querySelectorAll('tbody a')).map(a => a.href)};
            }""")

        opened = wait_until(drilled, UPDATE_SECONDS, "the spike's mentions", page)
        assert opened["rows"] == expected == len(opened["links"])
        assert all(link.startswith("https://") for link in opened["links"])
        page.locator(".sermo-explorer button", has_text="Eksporter utvalget").click()
        status = wait_until(lambda: page.evaluate("""() => {
            const text = document.querySelector('.sermo-explorer').innerText;
            return text.includes('Lagret i') ? text : null; }"""), UPDATE_SECONDS, "the export's message", page)
    written = set(exports.glob("listen-*")) - before
    try:
        assert sorted(path.suffix for path in written) == [".png", ".svg", ".xlsx"]
        excel = next(path for path in written if path.suffix == ".xlsx")
        assert excel.name in status and str(exports) in status
        from openpyxl import load_workbook

        assert len(list(load_workbook(excel)["spike"].iter_rows())) == expected + 1
    finally:
        for path in written:
            path.unlink(missing_ok=True)
