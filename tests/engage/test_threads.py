"""Threads from reply links and the conversation frame."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sermo_helpers.config import BusinessHours
from sermo_helpers.engage.threads import CONVERSATION_COLUMNS, assign_thread_ids, build_conversations
from sermo_helpers.errors import AnalysisError
from sermo_helpers.schema import MENTIONS


def messages(rows):
    """Canonical mentions from (id, time, channel, is_own, in_reply_to, author, responder) tuples."""
    frame = pd.DataFrame(rows, columns=["mention_id", "published_at", "channel", "is_own", "in_reply_to",
                                        "author", "responder"])
    return MENTIONS.validate(frame.assign(text="..."))


CONVERSATIONS = messages([
    # Friday evening question on facebook, answered Monday 08:30 (business: 30 minutes)
    ("q1", "2026-09-04T18:00:00+02:00", "facebook", False, None, "kari", None),
    ("a1", "2026-09-07T08:30:00+02:00", "facebook", True, "q1", "fjordvikkommune", "AH"),
    ("q1b", "2026-09-07T09:00:00+02:00", "facebook", False, "a1", "kari", None),
    ("a1b", "2026-09-07T09:10:00+02:00", "facebook", True, "q1b", "fjordvikkommune", "BK"),
    # unanswered question on x
    ("q2", "2026-09-08T10:00:00+02:00", "x", False, None, "ola", None),
    # own post first, then a citizen's comment, answered 45 minutes later without a responder
    ("p3", "2026-09-08T09:00:00+02:00", "facebook", True, None, "fjordvikkommune", None),
    ("c3", "2026-09-08T10:00:00+02:00", "facebook", False, "p3", "per", None),
    ("a3", "2026-09-08T10:45:00+02:00", "facebook", True, "c3", "fjordvikkommune", None),
    # a reply to a message missing from the export
    ("c4", "2026-09-09T12:00:00+02:00", "instagram", False, "gone", "liv", None),
    ("c5", "2026-09-09T12:05:00+02:00", "instagram", False, "gone", "siv", None),
])


def test_assign_thread_ids_follows_links_to_the_root():
    threads = assign_thread_ids(CONVERSATIONS).set_index("mention_id")["thread_id"].to_dict()
    assert threads == {"q1": "q1", "a1": "q1", "q1b": "q1", "a1b": "q1", "q2": "q2", "p3": "p3",
                       "c3": "p3", "a3": "p3", "c4": "gone", "c5": "gone"}


def test_assign_thread_ids_breaks_cycles_and_keeps_input():
    frame = pd.DataFrame({"mention_id": ["a", "b", "c"], "in_reply_to": ["b", "a", "b"]})
    before = frame.copy()
    result = assign_thread_ids(frame)
    assert result["thread_id"].nunique() == 1
    pd.testing.assert_frame_equal(frame, before)


def test_conversation_frame():
    result = build_conversations(CONVERSATIONS.drop(columns="thread_id"))
    assert list(result.columns) == CONVERSATION_COLUMNS
    assert result["thread_id"].tolist() == ["q1", "p3", "q2", "gone"]
    row = result.set_index("thread_id")
    assert row.loc["q1", "opening_id"] == "q1"
    assert row.loc["q1", "first_response_id"] == "a1"
    assert row.loc["q1", "first_responder"] == "AH"
    assert row.loc["q1", "first_response_minutes"] == 62 * 60 + 30
    assert row.loc["q1", "first_response_business_minutes"] == 30
    assert row.loc["q1", "inbound_messages"] == 2 and row.loc["q1", "own_messages"] == 2
    assert row.loc["p3", "opening_id"] == "c3"
    assert row.loc["p3", "first_response_minutes"] == 45
    assert row.loc["p3", "first_responder"] == "fjordvikkommune"  # the account stands in
    assert not row.loc["q2", "answered"] and np.isnan(row.loc["q2", "first_response_minutes"])
    assert row.loc["gone", "inbound_messages"] == 2
    assert row["opening_sentiment"].isna().all()


def test_an_own_message_before_the_question_is_not_a_response():
    frame = messages([
        ("o1", "2026-09-08T09:00:00+02:00", "x", True, None, "kommune", "AH"),
        ("q1", "2026-09-08T10:00:00+02:00", "x", False, "o1", "ola", None),
    ])
    result = build_conversations(frame)
    assert result["answered"].tolist() == [False]


def test_business_hours_option():
    late = BusinessHours(dt.time(8, 0), dt.time(20, 0), ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    result = build_conversations(CONVERSATIONS, business_hours=late, holidays=[]).set_index("thread_id")
    # Friday 18:00–20:00, Saturday and Sunday 12 h each, Monday 08:00–08:30
    assert result.loc["q1", "first_response_business_minutes"] == 120 + 2 * 720 + 30


def test_sentiment_of_the_opening_message():
    frame = CONVERSATIONS.assign(sentiment=["negative", "neutral", "positive", "neutral", "negative",
                                            "neutral", "positive", "neutral", None, "negative"])
    result = build_conversations(frame).set_index("thread_id")["opening_sentiment"]
    assert result.loc[["q1", "p3", "q2"]].tolist() == ["negative", "positive", "negative"]
    assert pd.isna(result.loc["gone"])


def test_missing_columns_are_named():
    with pytest.raises(AnalysisError, match="is_own"):
        build_conversations(CONVERSATIONS.drop(columns="is_own"))


def test_select_dialogue_keeps_threads_addressed_to_the_client():
    from sermo_helpers.config import ClientConfig
    from sermo_helpers.engage.threads import build_client_conversations, select_dialogue

    client = ClientConfig(slug="fjordvik", display_name="Fjordvik kommune", language="nb",
                          period_start=dt.date(2026, 4, 1), period_end=dt.date(2026, 9, 30), data_folder="x",
                          own_accounts={"facebook": ("fjordvikkommune",), "x": ("FjordvikKommune",)},
                          keywords=("Fjordvik",))
    frame = messages([
        ("q1", "2026-09-08T10:00:00+02:00", "x", False, None, "ola", None),        # declared conversation
        ("n1", "2026-09-08T10:00:00+02:00", "news", False, None, "avis", None),    # not an own channel
        ("g1", "2026-09-08T11:00:00+02:00", "x", False, None, "per", None),        # talk about the client
        ("r1", "2026-09-08T11:30:00+02:00", "x", False, "g1", "kari", None),       # reply to that talk
        ("h1", "2026-09-08T12:00:00+02:00", "facebook", False, None, "liv", None),  # the client answered
        ("a1", "2026-09-08T12:30:00+02:00", "facebook", True, "h1", "fjordvikkommune", "AH"),
        ("p1", "2026-09-08T13:00:00+02:00", "x", False, None, "siv", None),        # about a peer
    ]).assign(thread_id=["q1", None, None, "g1", None, None, "p1"],
              subject=["fjordvik", "fjordvik", "fjordvik", "fjordvik", None, "fjordvik", "havnes"])
    kept = select_dialogue(frame, client=client)
    assert sorted(kept["mention_id"]) == ["a1", "h1", "q1"]
    conversations = build_client_conversations(frame, client=client)
    assert conversations["thread_id"].tolist() == ["q1", "h1"]
    assert conversations["answered"].tolist() == [False, True]
    assert conversations["first_response_business_minutes"].tolist()[1] == 30


def test_no_inbound_messages_give_an_empty_conversations_frame_with_the_usual_columns():
    import pandas as pd

    from sermo_helpers.engage.threads import CONVERSATION_COLUMNS, build_conversations
    from sermo_helpers.schema import MENTIONS

    own_only = MENTIONS.validate(pd.DataFrame({
        "mention_id": ["1"], "published_at": ["2026-05-04T08:00:00+00:00"], "channel": ["facebook"],
        "author": ["fjordvikkommune"], "text": ["Velkommen"], "is_own": [True]}))
    for frame in (own_only, MENTIONS.empty()):
        conversations = build_conversations(frame)
        assert list(conversations.columns) == CONVERSATION_COLUMNS and conversations.empty
        assert str(conversations["opened_at"].dtype) == "datetime64[us, UTC]"


def test_conversations_nobody_answered_are_all_unanswered():
    inbound_only = messages([
        ("q1", "2026-09-07T09:00:00+02:00", "facebook", False, None, "kari", None),
        ("q2", "2026-09-08T10:00:00+02:00", "x", False, None, "ola", None),
    ])
    conversations = build_conversations(inbound_only)
    assert list(conversations.columns) == CONVERSATION_COLUMNS
    assert conversations["thread_id"].tolist() == ["q1", "q2"]
    assert conversations["answered"].tolist() == [False, False]
    assert conversations["own_messages"].tolist() == [0, 0]
    assert conversations["first_response_minutes"].isna().all()


def test_thread_roots_on_arrays_equal_the_walk():
    """The thread roots found on arrays (factorize, pointer doubling) are the walk's (the definition)
    on generated reply forests with repeated ids, self-links, empty and missing parents, parents
    outside the data and long chains; with a cycle the walk itself answers."""
    import random

    from sermo_helpers.engage.threads import _thread_roots, _walked_roots

    rng = random.Random(7)
    for trial in range(30):
        count = rng.randint(1, 400)
        ids = [f"m{rng.randint(0, count)}" for _ in range(count)]  # some repeated
        parents = []
        for position, own in enumerate(ids):
            pick = rng.random()
            parents.append(None if pick < 0.3 else "" if pick < 0.35 else own if pick < 0.4 else
                           f"gone{rng.randint(0, 5)}" if pick < 0.5 else rng.choice(ids[:position] or ["x"]))
        frame = pd.DataFrame({"mention_id": pd.Series(ids, dtype="str"),
                              "in_reply_to": pd.Series(parents, dtype="str")})
        walked = _walked_roots(ids, parents)
        fast = _thread_roots(frame["mention_id"], frame["in_reply_to"])
        if fast is None:  # a repeated id may close a cycle: the walk answers
            assert assign_thread_ids(frame)["thread_id"].tolist() == walked
            continue
        assert list(fast) == walked, trial
        assert assign_thread_ids(frame)["thread_id"].tolist() == walked
    chain = pd.DataFrame({"mention_id": pd.Series([f"c{n}" for n in range(5000)], dtype="str"),
                          "in_reply_to": pd.Series([None] + [f"c{n}" for n in range(4999)], dtype="str")})
    assert set(_thread_roots(chain["mention_id"], chain["in_reply_to"])) == {"c0"}
    cycle = pd.DataFrame({"mention_id": pd.Series(["a", "b", "c", "d"], dtype="str"),
                          "in_reply_to": pd.Series(["b", "a", "b", "c"], dtype="str")})
    assert _thread_roots(cycle["mention_id"], cycle["in_reply_to"]) is None  # a two-message cycle
    assert assign_thread_ids(cycle)["thread_id"].tolist() == _walked_roots(list("abcd"), list("babc"))

