import datetime as dt
from pathlib import Path

import pytest

from sermo_helpers.config import ClientConfig
from sermo_helpers.loaders.base import Context

DATA = Path(__file__).resolve().parents[1] / "data"
FORMATS = DATA / "formats"
MALFORMED = DATA / "malformed"
REAL_LAYOUTS = DATA / "real_layouts"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.timezone.utc)


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.is_file():
        pytest.skip(f"real data {relative} not found under {SHARED} (../shared/data is absent)")
    return path


@pytest.fixture
def context() -> Context:
    return Context(timezone="Europe/Oslo", accounts={"facebook": "Fjordvik kommune", "youtube": "Fjordvik kommune",
                                                     "linkedin": "Fjordvik kommune"},
                   client_name="Fjordvik kommune", now=NOW, year=2026)


@pytest.fixture
def make_client(tmp_path, monkeypatch):
    """A client whose data folder is a fresh temporary folder; the cache goes under tmp_path/home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("SERMO_HOME", str(home))

    def make(slug: str = "testkunde", **changes) -> ClientConfig:
        folder = tmp_path / f"data-{slug}"
        folder.mkdir(exist_ok=True)
        values = dict(slug=slug, display_name="Fjordvik kommune", language="nb",
                      period_start=dt.date(2026, 4, 1), period_end=dt.date(2026, 9, 30), data_folder=str(folder),
                      own_accounts={"facebook": ("Fjordvik kommune",)}, keywords=("fjordvik",))
        values.update(changes)
        return ClientConfig(**values)

    return make
