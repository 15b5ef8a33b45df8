"""Plain-language verdicts: thresholds, phrasing from the labels file, both languages."""
import numpy as np
import pandas as pd
import pytest

from sermo_helpers.engage.verdicts import (content_verdicts, criticism_verdict, format_duration,
                                           post_type_name, responder_verdict, response_verdicts)


def overall(rate=0.9, median=30.0, p90=600.0, within=(0.85, 0.95)):
    return pd.Series({"response_rate": rate, "median_first_response_minutes": median,
                      "p90_first_response_minutes": p90, "share_within_60_minutes": within[0],
                      "share_within_1440_minutes": within[1]})


@pytest.mark.parametrize("minutes, nb, en", [
    (45, "45 min", "45 min"), (90, "1,5 timer", "1.5 hours"), (1440, "24 timer", "24 hours"), (600, "10 timer", "10 hours"),
    (4320, "3 døgn", "3 days"), (3000, "2,1 døgn", "2.1 days"), (np.nan, "–", "–"),
])
def test_format_duration(minutes, nb, en):
    assert format_duration(minutes, "nb") == nb
    assert format_duration(minutes, "en") == en


def test_strong_response():
    table = response_verdicts(overall(), targets_minutes=(60, 1440), language="en")
    assert table["value"].tolist() == ["90%", "30 min", "10 hours", "85%", "95%"]
    assert all(text.startswith("Strong") for text in table["verdict"])
    assert table["metric"].tolist()[3] == "Answered within 60 min"


def test_thresholds_at_their_edges():
    fair = response_verdicts(overall(rate=0.5, median=240.0, p90=1441.0, within=(0.5, 0.8)),
                             targets_minutes=(60, 1440), language="en")["verdict"].tolist()
    assert [text.split(":")[0] for text in fair] == ["Fair", "Fair", "Weak", "Fair", "Strong"]
    weak = response_verdicts(overall(rate=0.49, median=241.0), targets_minutes=(), language="nb")["verdict"]
    assert weak.tolist()[0].startswith("Svakt") and weak.tolist()[1].startswith("Svakt")


def test_nothing_answered_is_not_measurable_not_good():
    table = response_verdicts(overall(rate=0.0, median=np.nan, p90=np.nan), targets_minutes=(), language="nb")
    assert table["verdict"].tolist()[1:] == ["ikke målbart", "ikke målbart"]


def criticism(rate, median, conversations=10, measurable=True):
    return pd.Series({"response_rate": rate, "median_first_response_minutes": median,
                      "conversations": conversations, "measurable": measurable})


def test_criticism_verdicts():
    base = overall(rate=0.7, median=100.0)
    assert criticism_verdict(criticism(0.66, 150.0), base, language="en")["verdict"].iloc[0].startswith("Strong")
    slow = criticism_verdict(criticism(0.7, 151.0), base, language="en")["verdict"].iloc[0]
    # as often but slower: the verdict says so and quotes the times (not "less often", quoting equal rates)
    assert slow == ("Weak: criticism is answered as often as other messages (70% vs 70%), "
                    "but more slowly (median 2.5 hours vs 1.7 hours).")
    rarer = criticism_verdict(criticism(0.6, 50.0), base, language="nb")["verdict"].iloc[0]
    assert rarer == "Svakt: kritikk besvares sjeldnere enn andre henvendelser (60\u00a0% mot 70\u00a0%)."
    both = criticism_verdict(criticism(0.5, 200.0), base, language="en")["verdict"].iloc[0]
    assert both == "Weak: criticism is answered less often (50% vs 70%) and more slowly (median 3.3 hours vs 1.7 hours) " \
                   "than other messages."
    none = criticism_verdict(criticism(np.nan, np.nan, conversations=0), base, language="en")
    assert none["verdict"].iloc[0] == "No conversation opened with criticism in the period."
    unknown = criticism_verdict(criticism(np.nan, np.nan, 0, measurable=False), base, language="nb")
    assert unknown["value"].iloc[0] == "ikke målbart"


def responders(shares):
    return pd.DataFrame({"responder": [f"P{i}" for i in range(len(shares))], "replies": [10] * len(shares),
                         "share_of_replies": shares})


def test_responder_verdicts():
    assert responder_verdict(responders([0.6, 0.3, 0.1]), language="en")["verdict"].iloc[0] == (
        "Strong: a steady team of 3 answers; P0 writes 60% of the replies.")
    assert responder_verdict(responders([1.0]), language="en")["verdict"].iloc[0].startswith("Vulnerable")
    assert responder_verdict(responders([0.2] * 5), language="en")["verdict"].iloc[0].startswith("Spread")
    assert responder_verdict(responders([0.5] + [0.1] * 5), language="en")["verdict"].iloc[0].startswith("Spread")
    assert responder_verdict(responders([]), language="nb")["value"].iloc[0] == "0"


def test_content_verdicts():
    summary = pd.DataFrame({"channel": ["facebook", "facebook", "x"], "post_type": ["video", "photo", "link"],
                            "posts_measured": [4, 10, 2], "engagement_rate_by_reach": [0.09, 0.05, 0.5]})
    heatmap = pd.DataFrame({"weekday": [1, 2], "hour": [20, 9], "posts_measured": [3, 12],
                            "mean_engagement_index": [1.6, 0.9]})
    table = content_verdicts(summary, heatmap, language="nb")
    assert table["value"].tolist() == ["Video", "–", "tirsdag kl. 20"]
    assert table["verdict"].tolist() == [
        "Video gir høyest engasjement per person nådd (9,0\u00a0%, 4 innlegg).",
        "For få innlegg til å si noe sikkert.",
        "Innlegg på tirsdag kl. 20 får 1,6 ganger kanalens vanlige engasjement (3 innlegg)."]
    assert table["metric"].tolist()[:2] == ["Beste innleggstype på Facebook", "Beste innleggstype på X (Twitter)"]


def test_post_type_names():
    assert post_type_name("photo", "nb") == "Bilde"
    assert post_type_name("carousel", "nb") == "carousel"
