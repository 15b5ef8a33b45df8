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
