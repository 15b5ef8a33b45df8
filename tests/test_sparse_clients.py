"""Sparse real-world clients: every stage renders, and says "no data" where a section has none.

Each case is a client file in tmp_path with its own data folder, made from the demo CSVs in
``data/clients/fjordvik/`` (canonical layout), rendered as a full edition on a real kernel.
"""
import re
import shutil

import pandas as pd
import pytest
import yaml

from sermo_helpers import paths
from sermo_helpers.config import load_client_config
from sermo_helpers.i18n import label
from sermo_helpers.loaders import cache
from sermo_helpers.render import render_edition

pytestmark = pytest.mark.slow

DEMO = paths.project_root() / "data" / "clients" / "fjordvik"
FRAMES = ("channel_stats", "posts", "mentions", "web_traffic")
TIME_COLUMNS = {"channel_stats": "date", "posts": "published_at", "mentions": "published_at", "web_traffic": "date"}
STAGE_HEADINGS = ("stage.listen", "stage.influence", "stage.engage", "stage.strategy")


def _demo(name: str) -> pd.DataFrame:
    """A demo CSV as text, so writing it back keeps every value as it was."""
    return pd.read_csv(DEMO / f"{name}.csv", dtype=str, keep_default_na=False)


def _one_week(name: str) -> pd.DataFrame:
    frame = _demo(name)
    day = frame[TIME_COLUMNS[name]].str[:10]
    return frame[(day >= "2026-06-08") & (day <= "2026-06-14")]


def _audience_only() -> pd.DataFrame:
    mentions = _demo("mentions")
    return mentions[mentions["is_own"].str.lower() != "true"]


# slug -> (frames to write, changes to the demo client file, whether the client's mentions keep
# the demo subject "fjordvik" instead of taking the new slug)
CASES = {
    "sparse-renamed": (lambda: {name: _demo(name) for name in FRAMES}, {}, True),
    "sparse-posts": (lambda: {"posts": _demo("posts")}, {}, False),
    "sparse-mentions": (lambda: {"mentions": _audience_only()}, {"peers": [], "language": "en"}, False),
    "sparse-empty": (lambda: {name: _demo(name) for name in FRAMES},
                     {"period_start": "2025-01-01", "period_end": "2025-01-31"}, False),
    "sparse-week": (lambda: {name: _one_week(name) for name in FRAMES},
                    {"period_start": "2026-06-08", "period_end": "2026-06-14"}, False),
}


def make_client(tmp_path, slug: str):
    """Write the case's data folder and client file into ``tmp_path``; return the loaded client."""
    build, changes, keep_subject = CASES[slug]
    folder = tmp_path / "data"
    folder.mkdir()
    for name, frame in build().items():
        if not keep_subject and "subject" in frame.columns:
            frame = frame.assign(subject=frame["subject"].replace({"fjordvik": slug}))
        frame.to_csv(folder / f"{name}.csv", index=False)
    raw = yaml.safe_load((paths.clients_dir() / "fjordvik.yaml").read_text(encoding="utf-8"))
    raw.update(slug=slug, data_folder=str(folder), **changes)
    path = tmp_path / f"{slug}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_client_config(path)


def _text(markup: str) -> str:
    """The handout's visible text and image descriptions, without the embedded styles and images."""
    markup = re.sub(r"<style.*?</style>|<script.*?</script>", " ", markup, flags=re.S)
    alts = " ".join(re.findall(r'alt="([^"]*)"', markup))
    return re.sub(r"<[^>]+>", " ", markup) + " " + alts


def _section(markup: str, language: str, stage: str, following: str | None) -> str:
    start = markup.index(f">{label(stage, language)}</h1>")
    end = markup.index(f">{label(following, language)}</h1>") if following else len(markup)
    return markup[start:end]


@pytest.fixture(scope="module")
def render_case(tmp_path_factory):
    """Render a case once per module: slug -> (client, handout HTML)."""
    rendered = {}

    def render(slug: str):
        if slug not in rendered:
            folder = tmp_path_factory.mktemp(slug)
            client = make_client(folder, slug)
            try:
                result = render_edition(client, out_root=folder / "editions")
            finally:
                shutil.rmtree(cache.cache_root(slug), ignore_errors=True)  # the loaders' cache of this client
            rendered[slug] = client, result.handout.read_text(encoding="utf-8")
        return rendered[slug]

    return render


@pytest.mark.parametrize("slug", list(CASES))
def test_sparse_client_renders_every_stage_without_errors(render_case, slug):
    client, markup = render_case(slug)
    text = _text(markup)
    for key in STAGE_HEADINGS:
        assert f">{label(key, client.language)}</h1>" in markup
    assert "Traceback" not in text and "Error" not in text
    # every case lacks some data, except the busy week, which has enough for every section
    assert (label("common.no_data", client.language) in text) == (slug != "sparse-week")


def test_posts_only_client_says_listen_has_no_data(render_case):
    _, markup = render_case("sparse-posts")
    listen = _text(_section(markup, "nb", "stage.listen", "stage.influence"))
    assert "Ingen data for denne perioden." in listen
    engage = _text(_section(markup, "nb", "stage.engage", "stage.strategy"))
    assert "Ingen data for denne perioden." in engage  # nobody wrote to the client: no response curve


def test_english_client_is_told_in_english(render_case):
    _, markup = render_case("sparse-mentions")
    text = _text(markup)
    assert "No data for this period." in text and "Ingen data for denne perioden." not in text
