"""One number per metric: every place a rendered handout states a headline metric says the same.

The demo editions are rendered for real (kernel, nbconvert), then read back from their HTML: the
tables by their headers (looked up in the labels, so both languages are read the same way), the
sentences by the label or scorecard/catalogue template they were written from. For every headline
metric (mentions, negative share, share of voice, conversations, response rate, median and p90 first
response, criticism answer rate and time, responders, posts per channel, video share) each place is
collected and all must be the same text, the metric's value written by one function; and that value
must be the one the owning stage computed.
"""
from __future__ import annotations

import re
from collections import defaultdict

import pytest
import yaml
from bs4 import BeautifulSoup

from sermo_helpers import paths
from sermo_helpers.config import load_client_config
from sermo_helpers.i18n import label, value_label

pytestmark = pytest.mark.slow

DEMO = ("fjordvik", "coastline")
HEADLINE = ("mentions", "negative_share", "share_of_voice", "conversations", "response_rate",
            "median_first_response", "p90_first_response", "criticism_answer_rate", "criticism_answer_time",
            "responders", "posts_per_channel", "video_share")
# scorecard indicator -> (metric its {value} states, metric its {basis} states)
INDICATOR_METRICS = {
    "response_rate": ("response_rate", "conversations"),
    "median_first_response_minutes": ("median_first_response", None),
    "criticism_response_rate": ("criticism_answer_rate", "criticism_conversations"),
    "criticism_median_first_response_minutes": ("criticism_answer_time", None),
    "responders": ("responders", None),
    "video_share_of_posts": ("video_share", None),
}


# --- reading a handout back ------------------------------------------------------------------------

def read_handout(markup: str) -> list[tuple[str, str, object]]:
    """The handout as (section id, kind, content) in reading order: kind p/li -> text, table -> (headers, rows)."""
    soup = BeautifulSoup(markup, "html.parser")
    blocks, section = [], ""
    for element in soup.find_all(["h1", "h2", "h3", "p", "li", "table"]):
        if element.name in ("h1", "h2", "h3"):
            section = element.get("id") or section
        elif element.name == "table":
            headers = [cell.get_text(" ", strip=True) for cell in element.select("thead th")]
            rows = [[cell.get_text(" ", strip=True) for cell in row.find_all("td")]
                    for row in element.select("tbody tr")]
            blocks.append((section, "table", (headers, rows)))
        elif not element.find_parent(["table", "li"]) or element.name == "li":
            blocks.append((section, element.name, element.get_text(" ", strip=True)))
    return blocks


def section_id(key: str) -> str:
    return "sec-" + key.replace(".", "-").replace("_", "-")


def tables(blocks, section: str, first_header: str | None = None):
    for where, kind, content in blocks:
        if where == section and kind == "table" and (first_header is None or content[0][:1] == [first_header]):
            yield content


def cell(table, row_first: str, column: str) -> str | None:
    headers, rows = table
    if column not in headers:
        return None
    for row in rows:
        if row and row[0] == row_first:
            return row[headers.index(column)]
    return None


# a number as the handout writes one, with its unit if any: "2 284", "20,4 %", "4.5 h", "45 min", "4,5 timer"
NUMBER = r"[\u2212-]?\d[\d\u00a0 ,.]*?(?:\u00a0?%|\s[^\s.,;:()]+)?"


def pattern(template: str) -> re.Pattern:
    """A regular expression that reads the placeholders (numbers) back out of a sentence written from ``template``."""
    parts = re.split(r"\{(\w+)\}", template)
    regex, seen = "", set()
    for index, part in enumerate(parts):
        if index % 2 == 0:
            regex += re.escape(part)
        else:
            regex += f"(?P<{part}>{NUMBER})" if part not in seen else NUMBER
            seen.add(part)
    return re.compile(regex)


def sentences(blocks, template: str):
    """The placeholder values of every p/li/table cell written from ``template``."""
    found = pattern(template)
    texts = [content for _, kind, content in blocks if kind in ("p", "li")]
    texts += [value for _, kind, content in blocks if kind == "table" for row in content[1] for value in row]
    for text in texts:
        match = found.search(text)
        if match:
            yield match.groupdict()


def find_places(markup: str, client) -> dict[str, list[tuple[str, str]]]:
    """metric -> [(place, text as written)] for every headline metric place found in the handout."""
    language = client.language
    L = lambda key, **values: label(key, language, **values)  # noqa: E731
    blocks = read_handout(markup)
    places = defaultdict(list)

    def add(metric, place, text):
        if text is not None:
            places[metric].append((place, text))

    # Listen: the explorer's summary line, the tone table
    summary = L("explore.listen.summary", count="{count}", negative="{negative}")
    for values in sentences([b for b in blocks if b[0] == section_id("listen.volume")], summary):
        add("mentions", "listen summary", values["count"])
        add("negative_share", "listen summary", values["negative"])
    for table in tables(blocks, section_id("listen.tone"), L("listen.subject")):
        add("mentions", "tone table", cell(table, client.display_name, L("listen.mentions")))
        add("negative_share", "tone table", cell(table, client.display_name, L("sentiment.negative")))

    # Engage: response table, criticism table, responders, content, verdicts
    overall, criticism = L("engage.overall"), L("engage.metric.criticism")
    columns = {"conversations": "engage.col.conversations", "response_rate": "engage.col.response_rate",
               "median_first_response": "engage.col.median_minutes", "p90_first_response": "engage.col.p90_minutes"}
    for table in tables(blocks, section_id("engage.heading.response"), L("common.channel")):
        for metric, column in columns.items():
            add(metric, "response table", cell(table, overall, L(column)))
    for table in tables(blocks, section_id("engage.heading.criticism")):
        for metric, column in columns.items():
            add(metric, "criticism table (overall)", cell(table, overall, L(column)))
        add("criticism_answer_rate", "criticism table", cell(table, criticism, L("engage.col.response_rate")))
        add("criticism_answer_time", "criticism table", cell(table, criticism, L("engage.col.median_minutes")))
    for table in tables(blocks, section_id("engage.heading.responders"), L("engage.col.responder")):
        add("responders", "responders table", str(len(table[1])))
    posts = defaultdict(int)
    for table in tables(blocks, section_id("engage.heading.content"), L("common.channel")):
        headers, rows = table
        for row in rows:
            posts[row[0]] += int(row[headers.index(L("engage.col.posts"))].replace("\u00a0", "").replace(",", ""))
    for channel, count in posts.items():
        add(f"posts_per_channel:{channel}", "engagement table (sum of types)", str(count))
    for table in tables(blocks, section_id("engage.heading.verdicts"), L("engage.col.metric")):
        value = L("engage.col.value")
        add("response_rate", "verdict", cell(table, L("engage.metric.response_rate"), value))
        add("median_first_response", "verdict", cell(table, L("engage.metric.median_first_response"), value))
        add("p90_first_response", "verdict", cell(table, L("engage.metric.p90_first_response"), value))
        add("responders", "verdict", cell(table, L("engage.metric.responders"), value))
        both = cell(table, criticism, value)
        if both and ", " in both:
            rate, time = both.split(", ", 1)
            add("criticism_answer_rate", "verdict", rate)
            add("criticism_answer_time", "verdict", time)

    # Strategy: indicators, scorecard evidence (table, summary, recommendations), KPIs, peers, channel mix
    rules = yaml.safe_load((paths.reference_dir() / "scorecard.yaml").read_text(encoding="utf-8"))
    evidence = {indicator["indicator"]: indicator["evidence"][language] for trait in rules["traits"]
                for indicator in trait.get("indicators") or []}
    catalogue = yaml.safe_load((paths.reference_dir() / "recommendations.yaml").read_text(encoding="utf-8"))
    for indicator, (metric, basis_metric) in INDICATOR_METRICS.items():
        name = L(f"strategy.indicator.{indicator}")
        for table in tables(blocks, section_id("strategy.heading.indicators")):
            add(metric, "indicator table", _row_value(table, name, L("strategy.column.value")))
        for table in tables(blocks, section_id("strategy.heading.kpis"), L("strategy.column.indicator")):
            add(metric, "KPI table (today)", cell(table, name, L("strategy.column.current")))
        for values in sentences(blocks, evidence[indicator]):
            add(metric, "scorecard evidence", values.get("value"))
            if basis_metric:
                add(basis_metric, "scorecard evidence (basis)", values.get("basis"))
        kpi = (catalogue.get("kpis") or {}).get(indicator, {}).get(language)
        if kpi:
            for values in sentences(blocks, kpi):
                add(metric, "KPI sentence", values.get("current"))
    for table in tables(blocks, section_id("strategy.heading.peers")):
        add("mentions", "peer table", cell(table, client.display_name, L("strategy.column.mentions")))
        add("negative_share", "peer table", cell(table, client.display_name, L("strategy.column.negative_share")))
        add("share_of_voice", "peer table", cell(table, client.display_name, L("strategy.column.share_of_voice")))
    # the director's summary: the headline figures' table, one row per figure in story.HEADLINE order
    # (the name is the row's header cell, then the value and the change)
    from sermo_helpers.strategy.story import HEADLINE as SUMMARY_FIGURES

    for where, kind, content in blocks:
        if where == section_id("strategy.heading.summary") and kind == "table":
            for metric, row in zip(SUMMARY_FIGURES, content[1]):
                add(metric, "director summary", row[0])
    # ... or, side by side, a list of name and value (ul.sermo-headline)
    for figures in BeautifulSoup(markup, "html.parser").select("ul.sermo-headline"):
        values = [item.select_one(".sermo-figure-value") for item in figures.find_all("li", recursive=False)]
        for metric, value in zip(SUMMARY_FIGURES, values):
            add(metric, "director summary", value.get_text(" ", strip=True) if value is not None else None)
    for table in tables(blocks, section_id("strategy.heading.channel_mix"), L("strategy.column.channel")):
        headers, rows = table
        for row in rows:
            if row[headers.index(L("strategy.column.posts"))] not in ("0", "–"):
                add(f"posts_per_channel:{row[0]}", "channel mix", row[headers.index(L("strategy.column.posts"))])
    return dict(places)


def _row_value(table, indicator_name, column):
    """The ``column`` of the indicator table's row naming ``indicator_name`` (its second cell)."""
    headers, rows = table
    if column not in headers:
        return None
    for row in rows:
        if indicator_name in row:
            return row[headers.index(column)]
    return None


def inconsistencies(places: dict) -> list[str]:
    """Every metric stated as more than one text, or found in fewer than two places, named with its places."""
    problems = []
    for metric in HEADLINE:
        keys = [key for key in places if key == metric or key.startswith(metric + ":")]
        if not keys:
            problems.append(f"{metric}: stated nowhere the test looks")
        for key in keys:
            texts = places[key]
            if len(texts) < 2:
                problems.append(f"{key}: stated in one place only ({texts})")
            elif len({text for _, text in texts}) > 1:
                problems.append(f"{key}: " + "; ".join(f"{place} says {text!r}" for place, text in texts))
    return problems


# --- the tests --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    from sermo_helpers.render import render_edition

    out = tmp_path_factory.mktemp("editions")
    rendered = {}
    for slug in DEMO:
        client = load_client_config(slug)
        render_edition(client, out_root=out)
        rendered[slug] = (client, (out / slug / "handout.html").read_text(encoding="utf-8"))
    return rendered


@pytest.mark.parametrize("slug", DEMO)
def test_every_place_states_each_headline_metric_as_one_number(editions, slug):
    client, markup = editions[slug]
    problems = inconsistencies(find_places(markup, client))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("slug", DEMO)
def test_the_number_stated_is_the_owning_stages(editions, slug):
    from sermo_helpers.engage import analyse_engage
    from sermo_helpers.listen import analyse_listen
    from sermo_helpers.metrics import format_metric, headline_values
    from sermo_helpers.workbook import prepare_data

    client, markup = editions[slug]
    data = prepare_data(client)
    values = headline_values(analyse_listen(data, client), analyse_engage(data, client))
    places = find_places(markup, client)
    for metric in HEADLINE:
        if metric == "posts_per_channel":
            for channel, posts in values[metric].items():
                shown = value_label("channel", channel, client.language)
                assert {text for _, text in places[f"{metric}:{shown}"]} == {format_metric(metric, posts,
                                                                                           client.language)}
            continue
        stated = {text for _, text in places[metric]}
        expected = format_metric(metric, values[metric], client.language)
        # one number everywhere; where the handout compares it with a threshold it may carry more digits
        # (14,6 % against 15 %: issue 15), but those digits must be the owner's value, correctly rounded
        assert len(stated) == 1 and (stated == {expected} or _more_digits_of(stated.pop(), values[metric])), \
            (metric, stated, expected)


def _more_digits_of(text: str, value: float) -> bool:
    """True when ``text`` (e.g. "14,6 %") is ``value`` (a share) written with more decimals, correctly rounded."""
    found = re.match(r"(\d+)[,.](\d+)\u00a0?%$", text)
    if not found:
        return False
    decimals = len(found.group(2))
    return round(value * 100, decimals) == float(f"{found.group(1)}.{found.group(2)}")


def test_the_reader_finds_a_contradiction():
    """The reader is not blind: two different numbers for one metric are reported, naming both places."""
    places = {"response_rate": [("response table", "66,8 %"), ("verdict", "67 %")]}
    problems = inconsistencies(places)
    assert any("response table says '66,8 %'; verdict says '67 %'" in problem for problem in problems)
