import math

import pandas as pd
import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.listen import net_sentiment, score_tone, sentiment_over_time, sentiment_summary
from sermo_helpers.workbook import score_mentions


def test_score_mentions_adds_columns_keeps_given_language_and_does_not_mutate(mentions_factory):
    mentions = mentions_factory([
        {"published_at": "2026-04-01T10:00:00+00:00", "text": "Elendig service fra kommunen", "language": "nb"},
        {"published_at": "2026-04-01T11:00:00+00:00", "text": "Thanks, great job!"},
        {"published_at": "2026-04-01T12:00:00+00:00", "text": "Kva skjer med vegen? Eg er lei"},
    ])
    before = mentions.copy()
    scored = score_mentions(mentions)
    pd.testing.assert_frame_equal(mentions, before)
    assert scored["language"].tolist() == ["nb", "en", "nn"]
    assert scored["scorer"].tolist() == ["norwegian", "english", "norwegian"]
    assert scored["sentiment"].tolist()[:2] == ["negative", "positive"]
    assert list(scored.columns[-4:]) == ["polarity", "sentiment", "scorer", "critical"]
    # critical follows workbook.mark_critical: a complaint ("Eg er lei") is criticism whatever its tone
    assert scored["critical"].tolist() == [True, False, True]


def test_score_tone_needs_text():
    with pytest.raises(AnalysisError, match="score_tone needs the columns text"):
        score_tone(pd.DataFrame({"mention_id": ["1"]}))


def test_net_sentiment_formula():
    assert net_sentiment(pd.Series(["positive", "positive", "negative", "neutral"])) == 0.25
    assert math.isnan(net_sentiment(pd.Series([], dtype="str")))


def test_sentiment_over_time_counts_shares_and_net(mentions_factory):
    frame = mentions_factory([
        {"published_at": "2026-04-06T10:00:00+00:00"}, {"published_at": "2026-04-07T10:00:00+00:00"},
        {"published_at": "2026-04-08T10:00:00+00:00"}, {"published_at": "2026-04-13T10:00:00+00:00"},
        {"published_at": "2026-04-13T11:00:00+00:00", "is_own": True},
    ]).assign(sentiment=["positive", "negative", "neutral", "negative", "positive"])
    weekly = sentiment_over_time(frame, timezone="Europe/Oslo", freq="W")
    assert weekly["period"].dt.strftime("%Y-%m-%d").tolist() == ["2026-04-06", "2026-04-13"]
    assert weekly["mentions"].tolist() == [3.0, 1.0]  # the own message is left out
    assert weekly["net_sentiment"].tolist() == [0.0, -1.0]
    assert weekly["negative_share"].tolist() == pytest.approx([1 / 3, 1.0])


def test_sentiment_summary_by_subject(mentions_factory):
    frame = mentions_factory([
        {"published_at": "2026-04-06T10:00:00+00:00", "subject": "a"},
        {"published_at": "2026-04-06T10:00:00+00:00", "subject": "a"},
        {"published_at": "2026-04-06T10:00:00+00:00", "subject": "b"},
    ]).assign(sentiment=["positive", "neutral", "negative"], polarity=[0.6, 0.0, -0.4])
    summary = sentiment_summary(frame)
    assert summary["subject"].tolist() == ["a", "b"]
    assert summary["net_sentiment"].tolist() == [0.5, -1.0]
    assert summary["mean_polarity"].tolist() == pytest.approx([0.3, -0.4])


def _summary_by_groupby(scored, by):
    """sentiment_summary's definition as it was written first: groupby on a copy of others' rows."""
    from sermo_helpers.listen._common import audience_mentions

    rows = audience_mentions(scored, columns=[by, "sentiment", "polarity"])
    grouped = rows.groupby(by, observed=True)
    out = pd.DataFrame({"mentions": grouped.size().astype(float)})
    for name in ("negative", "neutral", "positive"):
        out[f"{name}_share"] = grouped["sentiment"].apply(lambda s, n=name: float((s == n).mean()))
    out["mean_polarity"] = grouped["polarity"].mean()
    out["net_sentiment"] = out["positive_share"] - out["negative_share"]
    return out.sort_values("mentions", ascending=False, kind="stable").reset_index()


def test_sentiment_summary_equals_its_groupby_definition(mentions_factory):
    import numpy as np

    rng = np.random.default_rng(3)
    rows = 3_000
    frame = mentions_factory([{"published_at": "2026-04-06T10:00:00+00:00"} for _ in range(rows)]).assign(
        subject=rng.choice(np.array(["b", "a", "c", "own-only", None], dtype=object), rows, p=[0.4, 0.3, 0.2, 0.05, 0.05]),
        channel=rng.choice(np.array(["x", "facebook", "nettavis", None], dtype=object), rows),
        sentiment=rng.choice(np.array(["positive", "neutral", "negative", None], dtype=object), rows),
        polarity=np.where(rng.random(rows) < 0.1, np.nan, rng.normal(0, 0.4, rows)),
        is_own=rng.random(rows) < 0.2)
    frame.loc[frame["subject"] == "own-only", "is_own"] = True  # a subject with no others' mentions
    frame["subject"] = frame["subject"].astype("str")
    frame["sentiment"] = frame["sentiment"].astype("str")
    for by in ("subject", "channel"):
        pd.testing.assert_frame_equal(sentiment_summary(frame, by=by), _summary_by_groupby(frame, by), check_exact=True)
    assert "own-only" not in set(sentiment_summary(frame)["subject"])


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_sentiment_summary_of_the_demo_equals_its_groupby_definition(slug):
    from sermo_helpers.config import load_client_config
    from sermo_helpers.workbook import prepare_data

    mentions = prepare_data(load_client_config(slug)).mentions
    for by in ("subject", "channel", "language"):
        pd.testing.assert_frame_equal(sentiment_summary(mentions, by=by), _summary_by_groupby(mentions, by),
                                      check_exact=True)


def test_sentiment_summary_of_no_mentions_is_empty_with_the_usual_columns(mentions_factory):
    own_only = mentions_factory([{"published_at": "2026-06-08T10:00:00+00:00", "is_own": True, "subject": "x"}]
                                ).assign(sentiment=["neutral"], polarity=[0.0])
    summary = sentiment_summary(own_only, by="subject")
    assert summary.empty
    assert list(summary.columns) == ["subject", "mentions", "negative_share", "neutral_share", "positive_share",
                                     "mean_polarity", "net_sentiment"]
    assert str(summary["mentions"].dtype) == "float64"


def test_score_tone_detects_languages_alike_whether_the_column_is_empty_text_missing_or_absent():
    """A language column of empty texts and missing values is "no language given" (asked of the
    column at once), exactly as a column of None or no column at all."""
    import pandas as pd

    from sermo_helpers.listen.sentiment import score_tone

    texts = ["Elendig service fra kommunen", "Great help today, thanks!", "Eg er nøgd med svaret", "", None]
    base = pd.DataFrame({"text": pd.Series(texts, dtype="str")})
    absent = score_tone(base)
    for language in (pd.Series(["", None, "", None, ""], dtype="str"), pd.Series([None] * 5, dtype=object),
                     pd.Series([""] * 5, dtype=object)):
        pd.testing.assert_frame_equal(score_tone(base.assign(language=language)), absent.assign(language=absent["language"]))
    given = score_tone(base.assign(language=pd.Series(["", "nn", None, "", None], dtype="str")))
    assert given["language"].tolist()[1] == "nn" and given["language"].tolist()[0] == absent["language"].tolist()[0]
