import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.listen import rank_criticism
from sermo_helpers.workbook import mark_critical


def flagged(frame):
    """The frame with the preparation step's criticism flag (negative tone)."""
    return frame.assign(critical=mark_critical(frame))


def test_negative_mentions_ranked_with_answered_status(mentions_factory):
    frame = mentions_factory([
        {"mention_id": "a", "published_at": "2026-06-08T10:00:00+00:00", "reach": 100, "engagement": 5,
         "thread_id": "a"},
        {"mention_id": "b", "published_at": "2026-06-08T11:00:00+00:00", "reach": 5000, "engagement": 50,
         "thread_id": "b"},
        {"mention_id": "c", "published_at": "2026-06-08T12:00:00+00:00", "reach": 900, "engagement": 1,
         "thread_id": "c"},
        {"mention_id": "d", "published_at": "2026-06-08T12:30:00+00:00", "reach": 99999, "engagement": 999},
        {"mention_id": "r1", "published_at": "2026-06-08T10:30:00+00:00", "is_own": True, "in_reply_to": "a",
         "thread_id": "a"},
        {"mention_id": "r2", "published_at": "2026-06-08T13:00:00+00:00", "is_own": True, "thread_id": "c"},
    ]).assign(sentiment=["negative", "negative", "negative", "positive", "neutral", "neutral"],
              polarity=[-0.5, -0.9, -0.3, 0.8, 0.0, 0.0]).pipe(flagged)
    ranked = rank_criticism(frame)
    assert ranked["mention_id"].tolist() == ["b", "c", "a"]
    assert ranked["priority"].tolist() == pytest.approx([2.0, 2 / 3 + 1 / 3, 1 / 3 + 2 / 3])
    assert ranked["answered"].tolist() == [False, True, True]
    assert ranked["minutes_to_reply"].tolist()[1:] == [60.0, 30.0]
    assert rank_criticism(frame, top=1)["mention_id"].tolist() == ["b"]


def test_rank_criticism_needs_scored_mentions(mentions_factory):
    frame = mentions_factory([{"published_at": "2026-06-08T10:00:00+00:00"}])
    with pytest.raises(AnalysisError, match="open_workbook"):
        rank_criticism(frame)


def test_criticism_nobody_answered_is_unanswered_without_reply_times(mentions_factory):
    frame = mentions_factory([
        {"mention_id": "a", "published_at": "2026-06-08T10:00:00+00:00", "reach": 100, "engagement": 5},
        {"mention_id": "b", "published_at": "2026-06-08T11:00:00+00:00", "reach": 50, "engagement": 1},
    ]).assign(sentiment=["negative", "negative"], polarity=[-0.5, -0.9]).pipe(flagged)  # no own message
    ranked = rank_criticism(frame)
    assert ranked["mention_id"].tolist() == ["a", "b"]
    assert ranked["answered"].tolist() == [False, False]
    assert ranked["first_reply_at"].isna().all() and str(ranked["first_reply_at"].dtype) == "datetime64[us, UTC]"
    assert ranked["minutes_to_reply"].isna().all()


def _ranked(rows):
    """A ranked criticism frame (as rank_criticism returns it, with venue) from dicts, priority order."""
    import pandas as pd

    defaults = {"channel": "x", "reach": 10.0, "engagement": 1.0, "answered": False, "venue": "own_channels",
                "minutes_to_reply": float("nan")}
    frame = pd.DataFrame([{**defaults, "mention_id": str(number), **row} for number, row in enumerate(rows)])
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True)
    return frame


def test_text_key_ignores_case_whitespace_punctuation_links_handles_and_pseudonyms():
    from sermo_helpers.listen.criticism import criticism_text_key

    words = ("ingen", "sms", "ingen", "info")
    assert criticism_text_key("Ingen SMS, ingen info.") == words
    assert criticism_text_key("  ingen   sms ingen INFO!!! https://t.co/abc") == words
    assert criticism_text_key("RT @kari_n: Ingen SMS – ingen info #fjordvik #kokevarsel") == words
    assert criticism_text_key("Innbygger 3F9A2C: ingen sms, ingen info") == words
    assert criticism_text_key("Citizen 3F9A2C ingen sms @fjordvikkommune ingen info") == words
    assert criticism_text_key("Ingen #SMS ingen info") == words  # a hashtag inside the text keeps its word
    assert criticism_text_key(None) == ()


def test_identical_and_near_identical_texts_are_one_row_with_a_count():
    import pandas as pd

    from sermo_helpers.listen.criticism import group_criticism

    long_text = "Kommunen sletter kritiske kommentarer om kokevarselet på Facebook"  # 8 words
    ranked = _ranked([
        {"published_at": "2026-06-12T20:00:00Z", "author": "A", "text": long_text + ". Skammelig.",
         "reach": 100.0, "engagement": 5.0},
        {"published_at": "2026-06-10T08:00:00Z", "author": "B", "text": "Ordføreren må gå av!", "reach": 50.0},
        {"published_at": "2026-06-09T08:00:00Z", "author": "A", "text": long_text.upper() + " SKAMMELIG",
         "channel": "facebook", "reach": 30.0, "engagement": 2.0, "answered": True},
        {"published_at": "2026-06-13T08:00:00Z", "author": "C", "text": long_text,  # one word less: near-identical
         "reach": 20.0, "engagement": None},
        {"published_at": "2026-06-11T08:00:00Z", "author": "B", "text": "Ordføreren må gå"},  # 3 of 4 words: apart
        {"published_at": "2026-06-11T09:00:00Z", "author": "D", "text": None},
    ])
    grouped = group_criticism(ranked)
    assert grouped["text"].tolist()[:3] == [long_text + ". Skammelig.", "Ordføreren må gå av!", "Ordføreren må gå"]
    assert pd.isna(grouped["text"].iloc[3])
    first = grouped.iloc[0]
    assert (first["count"], first["authors"], first["reach"], first["engagement"], first["answered_count"]) == \
        (3, 2, 150.0, 7.0, 1)
    assert first["channels"] == "x, facebook"
    assert (str(first["first_published_at"]), str(first["last_published_at"])) == \
        ("2026-06-09 08:00:00+00:00", "2026-06-13 08:00:00+00:00")
    assert first["mention_id"] == "0" and first["venue"] == "own_channels"
    assert grouped["count"].tolist() == [3, 1, 1, 1] and grouped["count"].sum() == len(ranked)
    # a stricter rule keeps the shorter text apart
    assert group_criticism(ranked, threshold=1.0)["count"].tolist() == [2, 1, 1, 1, 1]
    with pytest.raises(AnalysisError, match="threshold"):
        group_criticism(ranked, threshold=0)


def test_the_first_groups_alone_are_exactly_the_head_of_the_whole_grouping():
    """The handout's top groups are found by comparing each text with at most ``top`` first texts
    (linear); they, their members and their counts equal the whole (quadratic) grouping's head."""
    import random

    import pandas as pd

    from sermo_helpers.listen.criticism import group_criticism

    rng = random.Random(19)
    vocabulary = [f"ord{number}" for number in range(14)]
    bases = [rng.sample(vocabulary, rng.randint(6, 9)) for _ in range(30)]
    rows = []
    for number in range(600):
        words = list(rng.choice(bases))
        if rng.random() < 0.5:  # one word more or fewer: near-identical or apart, by the 0.85 rule
            words = words[:-1] if rng.random() < 0.5 else words + [rng.choice(vocabulary)]
        text = None if rng.random() < 0.03 else " ".join(words)
        if text is not None and rng.random() < 0.05:  # no words (one row each), or the same words otherwise
            fullwidth = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text.upper())  # NFKC: the same
            text = rng.choice(["!!!", "@someone", text.upper() + "!", f"RT @x: {text} #fjordvik", fullwidth])
        rows.append({"published_at": f"2026-06-{1 + number % 28:02d}T08:00:00Z", "author": f"A{number % 37}",
                     "text": text, "reach": float(number % 11), "answered": number % 3 == 0})
    ranked = _ranked(rows)
    whole = group_criticism(ranked)
    assert len(whole) > 40  # enough groups for the cut to matter
    for top in (0, 1, 15, 40, len(whole), len(whole) + 5):
        pd.testing.assert_frame_equal(group_criticism(ranked, top=top), whole.head(top).reset_index(drop=True))
    assert group_criticism(ranked, top=15)["count"].sum() == whole.head(15)["count"].sum()
    with pytest.raises(AnalysisError, match="top"):
        group_criticism(ranked, top=-1)


def test_the_first_groups_found_by_forked_workers_are_those_found_in_one_process(monkeypatch):
    """Once every group is open, which later texts may join one is found in pieces on forked workers
    (a long list at 2,000,000 mentions); the groups are the same as one process finds, and as the
    whole grouping's head."""
    import random

    import pandas as pd

    from sermo_helpers import parallel
    from sermo_helpers.listen import criticism
    from sermo_helpers.listen.criticism import group_criticism

    rng = random.Random(7)
    vocabulary = [f"ord{number}" for number in range(12)] + ["ørret", "ÆRE", "kommunen", "ｆｕｌｌ"]
    bases = [rng.sample(vocabulary, rng.randint(6, 10)) for _ in range(25)]
    rows = []
    for number in range(900):
        words = list(rng.choice(bases))
        if rng.random() < 0.5:
            words = words[:-1] if rng.random() < 0.5 else words + [rng.choice(vocabulary)]
        text = None if rng.random() < 0.02 else " ".join(words)
        if text is not None and rng.random() < 0.05:
            text = rng.choice(["!!!", text.upper() + "!", f"RT @x: {text} #fjordvik", "Σ " + text])
        rows.append({"published_at": f"2026-06-{1 + number % 28:02d}T08:00:00Z", "author": f"A{number % 41}",
                     "text": text, "reach": float(number % 13), "answered": number % 4 == 0})
    ranked = _ranked(rows)
    whole = group_criticism(ranked)
    alone = group_criticism(ranked, top=12)
    pieces = []
    original = criticism._may_join_flags

    def spy(texts, start, needles):
        flags = original(texts, start, needles)
        pieces.append((start, flags, [criticism._may_join(text, needles) for text in texts[start:]]))
        return flags

    monkeypatch.setattr(parallel, "PROCESS_ROWS", 0)
    monkeypatch.setattr(criticism, "JOIN_PIECE", 97)
    monkeypatch.setattr(criticism, "_may_join_flags", spy)
    monkeypatch.setenv(parallel.CORES_VARIABLE, "2")
    forked = group_criticism(ranked, top=12)
    assert len(pieces) == 1 and pieces[0][0] > 0
    start, flags, plain = pieces[0]
    assert flags.tolist() == plain and 0 < sum(plain) < len(plain)
    pd.testing.assert_frame_equal(forked, alone)
    pd.testing.assert_frame_equal(forked, whole.head(12).reset_index(drop=True))


def _many_groups_ranked(seed: int = 3, count: int = 500):
    import random

    rng = random.Random(seed)
    vocabulary = [f"ord{number}" for number in range(12)]
    bases = [rng.sample(vocabulary, rng.randint(6, 9)) for _ in range(25)]
    rows = []
    for number in range(count):
        words = list(rng.choice(bases))
        if rng.random() < 0.5:
            words = words[:-1] if rng.random() < 0.5 else words + [rng.choice(vocabulary)]
        rows.append({"published_at": f"2026-06-{1 + number % 28:02d}T08:00:00Z", "author": f"A{number % 41}",
                     "text": " ".join(words), "reach": float(number % 13), "answered": number % 4 == 0})
    return _ranked(rows)


def test_a_criticism_list_grouped_ahead_is_taken_when_shown_and_equals_one_grouped_then(monkeypatch):
    """An edition's Listen stage groups the list in a forked process while the kernel works on; the
    handout's grouping takes that value (the same frame and options), else groups itself."""
    import pandas as pd

    from sermo_helpers import parallel
    from sermo_helpers.listen import criticism
    from sermo_helpers.listen.criticism import group_criticism, group_criticism_ahead

    monkeypatch.setenv(parallel.CORES_VARIABLE, "2")
    monkeypatch.setattr(criticism, "AHEAD_ROWS", 0)
    ranked = _many_groups_ranked()
    expected = group_criticism(ranked, top=15)
    assert group_criticism_ahead(ranked)  # (top: the handout's SHOWN_GROUPS, 15)

    def no_grouping_here(*args, **kwargs):
        raise AssertionError("grouped in the kernel")

    monkeypatch.setattr(criticism, "_assign_first_groups", no_grouping_here)
    pd.testing.assert_frame_equal(group_criticism(ranked, top=15), expected)  # from the forked process
    with pytest.raises(AssertionError, match="grouped in the kernel"):  # taken once
        group_criticism(ranked, top=15)
    monkeypatch.undo()

    # other options, or another frame: grouped where asked
    monkeypatch.setenv(parallel.CORES_VARIABLE, "2")
    monkeypatch.setattr(criticism, "AHEAD_ROWS", 0)
    assert group_criticism_ahead(ranked)
    monkeypatch.setattr(criticism, "_assign_first_groups", no_grouping_here)
    with pytest.raises(AssertionError, match="grouped in the kernel"):
        group_criticism(ranked, top=5)
    with pytest.raises(AssertionError, match="grouped in the kernel"):
        group_criticism(ranked.copy(), top=15)


def test_a_criticism_list_whose_grouping_ahead_failed_is_grouped_when_shown(monkeypatch):
    import pandas as pd

    from sermo_helpers import parallel
    from sermo_helpers.listen import criticism
    from sermo_helpers.listen.criticism import group_criticism, group_criticism_ahead

    ranked = _many_groups_ranked(seed=5)
    expected = group_criticism(ranked, top=15)
    original = criticism._assign_first_groups

    def fails(*args, **kwargs):
        raise MemoryError("the forked process ran out of memory")

    monkeypatch.setenv(parallel.CORES_VARIABLE, "2")
    monkeypatch.setattr(criticism, "AHEAD_ROWS", 0)
    monkeypatch.setattr(criticism, "_assign_first_groups", fails)
    assert group_criticism_ahead(ranked)  # the forked process inherits the failing grouping
    monkeypatch.setattr(criticism, "_assign_first_groups", original)
    pd.testing.assert_frame_equal(group_criticism(ranked, top=15), expected)
    # a short list, or one core: nothing is started
    monkeypatch.setattr(criticism, "AHEAD_ROWS", len(ranked) + 1)
    assert not group_criticism_ahead(ranked)
    monkeypatch.setattr(criticism, "AHEAD_ROWS", 0)
    monkeypatch.setenv(parallel.CORES_VARIABLE, "1")
    assert not group_criticism_ahead(ranked)


def test_the_demo_handouts_criticism_list_shows_no_text_twice():
    """Issue 15: the criticism list repeated the same two texts by one author eight times."""
    import functools
    import html as html_module
    import re

    from sermo_helpers.config import load_client_config
    from sermo_helpers.demo import generate_demo
    from sermo_helpers.listen import analyse_listen
    from sermo_helpers.listen.criticism import criticism_text_key
    from sermo_helpers.listen.handout import show_criticism
    from sermo_helpers.loaders import ClientData
    from sermo_helpers.workbook import prepare

    client = load_client_config("fjordvik")
    frames = generate_demo("fjordvik")
    data = prepare(ClientData(mentions=frames["mentions"], web_traffic=frames["web_traffic"], posts=frames["posts"]),
                   client)
    listen = analyse_listen(data, client)
    ranked_keys = [criticism_text_key(text) for text in listen.criticism["text"].head(15)]
    assert len(set(ranked_keys)) < len(ranked_keys)  # the ungrouped top 15 repeats texts
    markup = show_criticism(listen, client=client, language="nb").markup
    rows = re.findall(r"<tr>(.*?)</tr>", markup, flags=re.S)[1:]
    cells = [[html_module.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
              for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)] for row in rows]
    header = [html_module.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
              for cell in re.findall(r"<th[^>]*>(.*?)</th>", markup.split("</tr>")[0], flags=re.S)]
    texts = [row[header.index("Tekst")] for row in cells]
    counts = [int(row[header.index("Antall")].replace("\u00a0", "")) for row in cells]
    assert len(texts) == 15
    assert len({text for text in texts}) == len(texts)
    assert len({criticism_text_key(text) for text in texts}) == len(texts)  # not even near-identical twice
    assert max(counts) > 1 and "Like og nesten like tekster står på én rad" in markup
