import base64
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from sermo_helpers import present


def test_table_escapes_text_from_the_internet_and_formats_numbers():
    frame = pd.DataFrame({"text": ['<img src=x onerror="alert(1)">', "ok"], "reach": [12345.0, 7.0],
                          "share": [0.5, 0.25]})
    markup = _without_labels(present.table(frame, "nb", formats={"share": "percent"})._repr_html_())
    assert "<img" not in markup
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in markup
    assert '<td class="num">12\u00a0345</td>' in markup
    assert '<td class="num">50,0\u00a0%</td>' in markup


def _without_labels(markup: str) -> str:
    import re

    return re.sub(r' data-label="[^"]*"', "", markup)


def test_table_header_cells_have_scope_and_every_value_carries_its_column_name():
    frame = pd.DataFrame({"channel": ["facebook"], "reach": [12.0]})
    markup = present.table(frame, "nb", columns={"channel": "common.channel"})._repr_html_()
    assert '<th scope="col">Kanal</th><th scope="col" class="num">reach</th>' in markup
    assert '<td data-label="Kanal">Facebook</td><td class="num" data-label="reach">12</td>' in markup
    assert 'class="sermo-table"' in markup  # two short columns: never shown as cards


def test_a_wide_table_is_named_by_the_width_it_needs():
    # 14 numeric columns with 11-letter headers: 14 * 0.9 * (11 * 1.08 * 0.62 + 1.2) = 107.9 rem.
    frame = pd.DataFrame({f"Engasjement {index}": [1234.5] for index in range(14)})
    markup = present.table(frame, "nb")._repr_html_()
    assert 'class="sermo-table sermo-fit-120"' in markup
    assert 107.9 < present.table_width_rem([f"Engasjement {index}" for index in range(14)], [True] * 14,
                                         [["1\u00a0234,5"] * 14]) < 108
    from sermo_helpers.render.styles import PRINT_TABLE_SCALE, table_fit_css

    style_dir = Path(__file__).resolve().parents[1] / "templates/handout"
    css = table_fit_css(style_dir)
    screen, paper = css.split("\n@media print {\n")
    for bucket in present.TABLE_FIT_BUCKETS:  # every class the renderer may give has its rule, once per medium
        assert screen.count(f"table.sermo-fit-{bucket} {{") == 1 and f"(width < {bucket}rem)" in screen
        assert paper.count(f"table.sermo-fit-{bucket} {{") == 1
        assert f"(width < {bucket * PRINT_TABLE_SCALE:.2f}rem)" in paper
    assert screen.count("repeat(auto-fill") == len(present.TABLE_FIT_BUCKETS)  # cards on screens
    assert paper.count("td + td::before") == len(present.TABLE_FIT_BUCKETS) and "auto-fill" not in paper


def test_each_table_layout_is_written_once_in_the_templates():
    style_dir = Path(__file__).resolve().parents[1] / "templates/handout"
    sources = {name: (style_dir / name).read_text(encoding="utf-8")
               for name in ("handout.css", "table-cards.css", "table-records.css")}
    layout = "clip-path: inset(50%)"  # the hidden header row of both layouts
    assert [name for name, text in sources.items() if layout in text] == ["table-cards.css", "table-records.css"]
    assert all(text.count(layout) == 1 for name, text in sources.items() if name != "handout.css")
    assert "@container" not in sources["handout.css"].replace("container: handout", "")


def test_table_says_how_many_rows_were_left_out():
    markup = present.table(pd.DataFrame({"n": range(5)}), "en", max_rows=2)._repr_html_()
    assert markup.count("<tr>") == 3  # header + 2 rows
    assert "Showing 2 of 5 rows." in markup


def test_heading_carries_the_contents_anchor():
    markup = present.heading("stage.engage", "nb", level=1)._repr_html_()
    assert markup == '<h1 class="sermo-section" id="sec-stage-engage">3 Engasjere</h1>'


def test_paragraph_escapes_filled_values():
    markup = present.paragraph("common.rows_shown", "en", shown="<b>3</b>", total=4)._repr_html_()
    assert "&lt;b&gt;3&lt;/b&gt;" in markup


def test_figure_is_a_png_with_its_titles_as_alternative_text_and_closed_for_pyplot():
    _, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    ax.set_title("Omtaler per uke")
    shown = present.figure(ax)
    assert not plt.get_fignums()
    data, metadata = shown._repr_mimebundle_()
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    assert metadata == {"image/png": {"alt": "Omtaler per uke"}}
    assert present.figure(plt.subplots()[1], alt="Tom").alt == "Tom"


def test_empty_table_shows_the_no_data_note_in_the_handout_language():
    empty = pd.DataFrame({"channel": pd.Series(dtype="str"), "posts": pd.Series(dtype="float64")})
    assert present.table(empty, "nb")._repr_html_() == '<p class="sermo-note sermo-no-data">Ingen data for denne perioden.</p>'
    assert present.no_data("en")._repr_html_() == '<p class="sermo-note sermo-no-data">No data for this period.</p>'


def test_figure_of_a_no_data_axes_says_so_in_its_alternative_text():
    from sermo_helpers.plots.style import draw_no_data

    shown = present.figure(draw_no_data(None, "en", title="Posts"))
    assert shown.alt == "Posts – No data for this period."


def test_channel_and_sentiment_values_are_shown_in_the_readers_language():
    frame = pd.DataFrame({"channel": ["news", "x", "myspace"], "sentiment": ["neutral", "negative", None]})
    nb = _without_labels(present.table(frame, "nb")._repr_html_())
    assert "<td>nyheter</td>" in nb and "<td>X (Twitter)</td>" in nb and "<td>myspace</td>" in nb
    assert "<td>nøytral</td>" in nb and "<td>negativ</td>" in nb and "<td>–</td>" in nb
    en = _without_labels(present.table(frame, "en", values={"channel": None})._repr_html_())
    assert "<td>news</td>" in en and "<td>neutral</td>" in en


def test_figure_alt_text_states_the_values_it_shows():
    from sermo_helpers.plots.listen import plot_share_of_voice, plot_volume

    share = pd.DataFrame({"name": ["Fjordvik kommune", "Havnes kommune"], "share": [0.55, 0.45],
                          "is_client": [True, False]})
    assert present.figure(plot_share_of_voice(share, language="nb")).alt == (
        "Andel av omtalen. Fjordvik kommune: 55\u00a0%; Havnes kommune: 45\u00a0%.")
    counts = pd.DataFrame({"period": pd.to_datetime(["2026-04-06", "2026-04-13", "2026-04-20"] * 2),
                           "channel": ["facebook"] * 3 + ["x"] * 3, "count": [10.0, 30, 20, 5, 6, 7]})
    ax = plot_volume(counts, language="en")
    week = ax.xaxis.get_major_formatter()  # where the highest value is: written as the week axis writes it
    at = [week(mdates.date2num(pd.Timestamp(day)), None) for day in ("2026-04-13", "2026-04-20")]
    assert present.figure(ax).alt == (
        f"Mentions per week and channel. Facebook: first 10, last 20, highest 30 ({at[0]}); "
        f"X (Twitter): first 5, last 7, highest 7 ({at[1]}).")


def test_an_incomplete_last_week_is_shaded_and_named_the_one_way_explorers_do():
    """The handout's weekly figures use timeline.py's rule: the stage flags the last week the data end
    within (``complete``), the plot shades it and names it in the legend; nothing is dropped."""
    from matplotlib.patches import Polygon, Rectangle

    from sermo_helpers.plots.listen import plot_volume
    from sermo_helpers.timeline import flag_complete

    counts = pd.DataFrame({"period": pd.to_datetime(["2026-04-06", "2026-04-13", "2026-04-20"]),
                           "channel": ["facebook"] * 3, "count": [10.0, 30, 2]})
    flagged = flag_complete(counts, freq="W", last_day=pd.Timestamp("2026-04-22").date())  # a Wednesday
    assert flagged["complete"].tolist() == [True, True, False] and "complete" not in counts.columns
    ax = plot_volume(flagged, language="nb")
    assert len(ax.get_lines()[0].get_xdata()) == 3  # the partial week is drawn, not left out
    shaded = [patch for patch in ax.patches if isinstance(patch, (Polygon, Rectangle))
              and patch.get_label() == "Ufullstendig periode"]
    assert len(shaded) == 1
    start = shaded[0].get_x() if isinstance(shaded[0], Rectangle) else shaded[0].get_xy()[0][0]
    assert mdates.num2date(start).date() == pd.Timestamp("2026-04-20").date()
    assert "Ufullstendig periode" in [text.get_text() for text in ax.get_legend().get_texts()]
    assert len(ax.texts) == 0  # no second mechanism's note
    complete = flag_complete(counts, freq="W", last_day=pd.Timestamp("2026-04-26").date())  # the Sunday
    assert complete["complete"].all()
    assert not [patch for patch in plot_volume(complete, language="nb").patches
                if patch.get_label() == "Ufullstendig periode"]


def test_the_stage_series_flag_their_incomplete_last_week():
    from sermo_helpers.listen import count_mentions_over_time, sentiment_over_time
    from sermo_helpers.overview import count_by_week

    mentions = pd.DataFrame({"published_at": pd.to_datetime(["2026-04-06T10:00Z", "2026-04-14T10:00Z",
                                                              "2026-04-22T10:00Z"], utc=True),
                             "channel": ["x", "x", "facebook"], "sentiment": ["negative", "neutral", "positive"],
                             "is_own": [False, False, False]})
    for frame in (count_mentions_over_time(mentions, timezone="Europe/Oslo"),
                  sentiment_over_time(mentions, timezone="Europe/Oslo")):
        last = frame["period"] == pd.Timestamp("2026-04-20")
        assert not frame.loc[last, "complete"].any() and frame.loc[~last, "complete"].all()
    weekly = count_by_week(mentions, timezone="Europe/Oslo")
    assert weekly.set_index("week")["complete"].to_dict() == {pd.Timestamp("2026-04-06"): True,
                                                             pd.Timestamp("2026-04-13"): True,
                                                             pd.Timestamp("2026-04-20"): False}


def test_a_chart_of_one_value_becomes_a_sentence():
    from sermo_helpers.plots.listen import plot_top_terms

    shown = present.figure(plot_top_terms(pd.DataFrame({"term": ["#fjordvik"], "mentions": [282]}),
                                          title="listen.top_hashtags", language="nb"))
    assert isinstance(shown, present.Html)
    assert shown.markup == ('<p class="sermo-lead">Mest brukte emneknagger: bare én i perioden, '
                            '#fjordvik (282).</p>')
    two = present.figure(plot_top_terms(pd.DataFrame({"term": ["a", "b"], "mentions": [2, 1]}), language="nb"))
    assert isinstance(two, present.Figure)
