"""The language policy with the citizens' messages read by a forked worker (while the Strategy stage's
other steps run) equals its reading in one process, and ``meanwhile`` runs exactly once."""
import os

import pandas as pd
import pytest

from sermo_helpers import parallel
from sermo_helpers.config import load_client_config
from sermo_helpers.strategy import language_policy
from sermo_helpers.strategy.language_policy import _language_and_words, _languages_and_words
from tests.influence.test_influence_summary import demo_prepared

pytestmark = pytest.mark.skipif(not parallel.can_fork_workers(), reason="worker processes are forked on Linux only")


def _fields(result):
    return {name: getattr(result, name) for name in result.__dataclass_fields__}


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_forked_reading_equals_one_process(slug, monkeypatch):
    data = demo_prepared(slug, True)
    client = load_client_config(slug)
    plain = language_policy.analyse_language_policy(data, client)
    assert plain.citizen_replies["replies"].sum() > 0  # the demo's own replies to citizens are compared
    monkeypatch.setattr(language_policy, "PARALLEL_TEXTS", 1)
    monkeypatch.setattr(parallel, "PROCESS_ROWS", 0)
    monkeypatch.setenv(parallel.CORES_VARIABLE, "2")
    calls = []
    forked = language_policy.analyse_language_policy(data, client, meanwhile=lambda: calls.append(os.getpid()))
    assert calls == [os.getpid()]
    for name, value in _fields(plain).items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(getattr(forked, name), value, check_exact=True)
        else:
            assert getattr(forked, name) == value, name


def test_pieces_per_core_keep_each_texts_answer_in_order(monkeypatch):
    texts = pd.Series(["Vi har svart på spørsmålet ditt i dag.", None, "Eg skriv på nynorsk no, ikkje sant?",
                       "We answered your question today", "Vi har svart på spørsmålet ditt i dag.", "ok", ""] * 3)
    expected = [_language_and_words(text) for text in texts]
    assert _languages_and_words(texts) == expected
    monkeypatch.setattr(language_policy, "PARALLEL_TEXTS", 1)
    monkeypatch.setattr(parallel, "PROCESS_ROWS", 0)
    monkeypatch.setenv(parallel.CORES_VARIABLE, "2")
    assert _languages_and_words(texts) == expected
    calls = []
    assert _languages_and_words(texts, meanwhile=lambda: calls.append(1)) == expected and calls == [1]
    assert _languages_and_words(pd.Series([None, None]), meanwhile=lambda: calls.append(2)) == [("unknown", 0)] * 2
    assert calls == [1, 2]
