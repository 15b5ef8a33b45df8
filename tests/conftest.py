"""Shared fixtures: small known inputs, figures closed after each test, the shared data folder,
and headless Chromium (Debian's package) driven by Playwright for tests that look at pages."""
import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

# Pseudonyms are keyed with a secret per installation; the tests (and the kernels they start, which
# inherit the environment) use this one, so their results are the same on every machine.
TEST_SECRET = "sermo-test-secret-not-for-real-data"
os.environ["SERMO_PSEUDONYM_SECRET"] = TEST_SECRET

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"

# Client data folders must lie inside an allowed root (the project's data/ or listed ones): the tests'
# temporary folders and the shared real data are listed for the tests and the kernels they start.
os.environ["SERMO_DATA_ROOTS"] = os.pathsep.join([tempfile.gettempdir(), str(SHARED_DATA)])


@pytest.fixture(autouse=True)
def close_figures():
    """Every test starts with matplotlib's settings as they were and leaves no figure open."""
    import matplotlib.pyplot as plt

    defaults = {key: value for key, value in matplotlib.rcParamsDefault.items() if key != "backend"}
    with matplotlib.rc_context(defaults):  # also undoes a house style set by a module-scoped fixture
        yield
    plt.close("all")


@pytest.fixture
def shared_data() -> Path:
    """The real public data beside the checkout; tests using it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA} (it lives beside the checkout in ../shared/data)")
    return SHARED_DATA


@pytest.fixture
def minimal_config() -> dict:
    """The smallest valid client file, as a mapping."""
    return {
        "slug": "testby",
        "display_name": "Testby kommune",
        "language": "nb",
        "period_start": "2026-04-01",
        "period_end": "2026-06-30",
        "data_folder": "data/clients/testby",
        "own_accounts": {"facebook": ["testbykommune"]},
        "keywords": ["Testby"],
    }


CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package; run it as root.")


@contextlib.contextmanager
def open_page(target, *, on_dialog=None):
    """Open a file path or URL in headless Chromium; yield the Playwright page."""
    from playwright.sync_api import sync_playwright

    url = target if isinstance(target, str) else Path(target).resolve().as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            if on_dialog is not None:
                page.on("dialog", on_dialog)
            page.goto(url)
            yield page
        finally:
            browser.close()


@pytest.fixture
def open_page_in_browser():
    return open_page


@pytest.fixture
def break_posts_file():
    return _break_posts_file


def _break_posts_file(path):
    """Make a canonical posts file unreadable in a known way: one publication time is not a time."""
    import pandas as pd

    posts = pd.read_csv(path, dtype=str, keep_default_na=False)
    posts.loc[3, "published_at"] = "not a time"
    posts.to_csv(path, index=False)


@pytest.fixture
def demo_copy(tmp_path):
    """Make a client file in tmp_path whose data folder is a copy of the demo data under a new slug.

    Mentions about the demo municipality become mentions about the new client (``subject``), so the
    copy behaves exactly like the demo. Returns ``make(slug) -> (client file, data folder)``.
    """
    import pandas as pd
    import yaml

    from sermo_helpers.config import load_client_config

    def make(slug: str):
        demo = load_client_config("fjordvik")
        data = tmp_path / f"data-{slug}"
        shutil.copytree(demo.data_path, data)
        mentions = pd.read_csv(data / "mentions.csv", dtype=str, keep_default_na=False)
        mentions["subject"] = mentions["subject"].replace({demo.slug: slug})
        mentions.to_csv(data / "mentions.csv", index=False)
        path = tmp_path / f"{slug}.yaml"
        path.write_text(yaml.safe_dump(demo.to_parameters() | {"slug": slug, "data_folder": str(data)},
                                       allow_unicode=True), encoding="utf-8")
        return path, data

    return make


@pytest.fixture(scope="session")
def tiny():
    """The small-project helpers of ``tests/tiny_project.py`` (run-safety tests: real kernels, quick cells)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("tiny_project", Path(__file__).with_name("tiny_project.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
