"""The handout tells the story first and follows up the previous edition (issue 15): real kernels, real
papermill runs, real exports of the demo client over two consecutive periods."""
import dataclasses
import datetime as dt
import html as html_module
import json
import re

import pytest

from sermo_helpers.config import load_client_config
from sermo_helpers.render import render_edition

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    client = load_client_config("fjordvik")
    spring = dataclasses.replace(client, period_start=dt.date(2026, 4, 1), period_end=dt.date(2026, 6, 30))
    summer = dataclasses.replace(client, period_start=dt.date(2026, 7, 1), period_end=dt.date(2026, 9, 30))
    first = render_edition(spring, out_root=out)
    saved_after_first = json.loads((out / "fjordvik" / "results.json").read_text(encoding="utf-8"))
    first_handout = first.handout.read_text(encoding="utf-8")
    second = render_edition(summer, out_root=out)
    return out, saved_after_first, first_handout, second


def _text(markup):
    return re.sub(r"[ \t\n]+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", markup)))


def test_the_summary_is_the_first_section_and_names_the_boil_water_spike(two_editions):
    _, _, first_handout, _ = two_editions
    main = first_handout[first_handout.index('<main class="stages">'):]
    headings = re.findall(r'<h1 class="sermo-section" id="([^"]+)">([^<]*)</h1>', main)
    assert headings[0] == ("sec-strategy-heading-summary", "Sammendrag for ledelsen")
    summary = main[:main.index(f'id="{headings[1][0]}"')]
    text = _text(summary)
    assert "08.06.2026–14.06.2026: 623 omtaler på 7 dager" in text
    assert "kokevarselet, kokevarsel, vannverket" in text
    assert re.search(r"Negativ andel ([\d,]+)\u00a0%, mot ([\d,]+)\u00a0% de fire ukene før", text)
    assert "Sermos vurdering" in text and "Kokevarselet 8.–14. juni" in text  # the demo notes
    toc = first_handout[first_handout.index('class="toc"'):first_handout.index('<main class="stages">')]
    contents = re.findall(r'<a href="#([^"]+)"', toc)
    assert contents[0] == "sec-strategy-heading-summary"


def test_each_edition_saves_its_headline_figures_and_targets(two_editions):
    out, saved, _, _ = two_editions
    assert saved["schema_version"] == 1 and len(saved["editions"]) == 1
    spring = saved["editions"][0]
    assert (spring["period_start"], spring["period_end"]) == ("2026-04-01", "2026-06-30")
    assert set(spring["headline"]) == {"mentions", "negative_share", "share_of_voice", "response_rate",
                                       "median_first_response"}
    assert spring["kpis"] and all(
        (k["target"] > k["current"]) if k["direction"] == "higher" else (k["target"] < k["current"])
        for k in spring["kpis"])
    both = json.loads((out / "fjordvik" / "results.json").read_text(encoding="utf-8"))
    assert [e["period_start"] for e in both["editions"]] == ["2026-04-01", "2026-07-01"]


def test_the_second_edition_follows_up_every_previous_target(two_editions):
    _, saved, _, second = two_editions
    handout = second.handout.read_text(encoding="utf-8")
    section = handout[handout.index('id="sec-strategy-heading-follow-up"'):]
    section = section[:section.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", section, flags=re.S)[1:]
    assert len(rows) == len(saved["editions"][0]["kpis"])
    verdicts = [_text(row).split()[-1] if "Ikke målt" not in _text(row) else "Ikke målt" for row in rows]
    assert set(verdicts) <= {"Ja", "Nei", "Ikke målt"} and {"Ja", "Nei"} & set(verdicts)
    text = _text(handout)
    assert "forrige utgave:" in text and ("\u2191" in handout or "\u2193" in handout)


def _section_tables(handout, anchor):
    """The tables of one handout section (from its heading to the next sermo-section heading): each a list of
    rows, each row a list of cell texts, the header row first."""
    section = handout[handout.index(f'id="{anchor}"'):]
    following = re.search(r'<h[123] class="sermo-section"', section[10:])
    section = section[:following.start() + 10] if following else section
    tables = []
    for markup in re.findall(r"<table.*?</table>", section, flags=re.S):
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", markup, flags=re.S)
        tables.append([[_text(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
                       for row in rows])
    return tables, _text(section)


def test_the_handout_shows_followers_own_web_grouped_criticism_and_dated_audience(two_editions):
    """Issue 15 in the rendered spring edition: NRK Vestland's followers are the data's author_followers; level
    1 shows the website's sessions; no criticism text appears twice; the audience figures are dated, with a
    warning (they are more than two years older than 30.06.2026)."""
    import pandas as pd

    from sermo_helpers.listen.criticism import criticism_text_key

    _, _, handout, _ = two_editions
    client = load_client_config("fjordvik")
    mentions = pd.read_csv(client.data_path / "mentions.csv", dtype={"mention_id": "str"})
    followers = int(mentions.loc[mentions["author"] == "NRK Vestland", "author_followers"].max())
    assert followers == 118_000

    (ranking, *_), _ = _section_tables(handout, "sec-influence-heading-ranking")
    header, rows = ranking[0], {row[1]: row for row in ranking[1:]}
    assert rows["NRK Vestland"][header.index("Følgere")].replace("\u00a0", " ") == "118 000"

    (levels, *_), _ = _section_tables(handout, "sec-influence-heading-ecosystem")
    traffic = pd.read_csv(client.data_path / "web_traffic.csv")
    spring = traffic[(traffic["date"] >= "2026-04-01") & (traffic["date"] <= "2026-06-30")]["sessions"].sum()
    own_web = next(row for row in levels[1:] if row[levels[0].index("Type")] == "egne nettsider")
    assert own_web[levels[0].index("Økter")].replace("\u00a0", " ") == f"{int(spring):,}".replace(",", " ")

    (criticism, *_), lead = _section_tables(handout, "sec-listen-criticism")
    texts = [row[criticism[0].index("Tekst")] for row in criticism[1:]]
    assert len(texts) >= 10 and len(set(texts)) == len(texts)
    assert len({criticism_text_key(text) for text in texts}) == len(texts)
    assert "Like og nesten like tekster står på én rad" in lead

    (figures, *_), audience = _section_tables(handout, "sec-strategy-heading-audience")
    assert not any("TNS Gallup" in cell for row in figures for cell in row)  # history stays out of the table
    assert "Publikumstallene som kanalene sammenlignes med, er målt fra 3. kvartal 2020 til 4. kvartal 2022" in audience
    assert "mer enn to år eldre enn periodens slutt (30.06.2026)" in audience
