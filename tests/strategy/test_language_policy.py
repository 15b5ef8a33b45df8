"""Language policy: hand-built posts and replies of known written standard against the rules file."""
from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from sermo_helpers.config import validate_client_config
from sermo_helpers.errors import ConfigError
from sermo_helpers.strategy.language_policy import (
    analyse_language_policy,
    classify_written_standard,
    load_language_policy,
    measure_citizen_replies,
)

BOKMAL = ["Vi minner om at biblioteket ikke har åpent i dag.",
          "Hvorfor er svømmehallen fortsatt stengt etter ferien?",
          "Nå kan du søke om kulturmidler for neste år."]
NYNORSK = ["Vi minner om at biblioteket ikkje har ope i dag.",
           "Kva tid opnar symjehallen att etter ferien?",
           "Kommunen har ikkje fått nokon søknader enno."]
ENGLISH = "The library is closed today, please come back tomorrow."
SHORT = "Takk for svar!"


def client(minimal_config, **keys):
    return validate_client_config(dict(minimal_config, **keys), source="test")


def data(post_texts, mentions=None, *, account="testbykommune", start="2026-04-02"):
    times = pd.date_range(start, periods=len(post_texts), freq="7h", tz="UTC")
    posts = pd.DataFrame({
        "post_id": [f"p{i}" for i in range(len(post_texts))], "channel": "facebook", "account": account,
        "published_at": times, "text": pd.Series(post_texts, dtype="str"), "post_type": "photo"})
    if mentions is None:
        mentions = pd.DataFrame({"mention_id": pd.Series(dtype="str"), "published_at": pd.Series(dtype="datetime64[ns, UTC]"),
                                 "channel": pd.Series(dtype="str"), "author": pd.Series(dtype="str"),
                                 "text": pd.Series(dtype="str"), "is_own": pd.Series(dtype="bool"),
                                 "in_reply_to": pd.Series(dtype="str")})
    return SimpleNamespace(posts=posts, mentions=mentions)


def mix(nynorsk: int, bokmal: int) -> list[str]:
    return [NYNORSK[i % 3] for i in range(nynorsk)] + [BOKMAL[i % 3] for i in range(bokmal)]


def test_the_hand_built_texts_are_what_they_claim(minimal_config):
    categories = classify_written_standard(pd.Series(BOKMAL + NYNORSK + [ENGLISH, SHORT]), min_words=4)
    assert categories.tolist() == ["bokmål"] * 3 + ["nynorsk"] * 3 + ["english", "too_short"]


def test_a_central_state_body_at_24_percent_nynorsk_is_flagged(minimal_config):
    result = analyse_language_policy(data(mix(24, 76)), client(minimal_config, organisation_type="central_state"))
    assert result.rule.key == "central_state_quota"
    assert (result.counted, result.nynorsk_share) == (100, 0.24)
    assert result.verdict == "missed"
    assert result.shortfalls == {"nynorsk": (0.24, 0.25)}
    assert result.posts_needed == {"nynorsk": 1}
    assert result.start_with.to_dict("records") == [{"channel": "facebook", "post_type": "photo", "posts": 76}]


def test_a_central_state_body_at_26_percent_nynorsk_is_not_flagged(minimal_config):
    result = analyse_language_policy(data(mix(26, 74)), client(minimal_config, organisation_type="central_state"))
    assert (result.nynorsk_share, result.bokmål_share, result.verdict) == (0.26, 0.74, "met")
    assert result.shortfalls == {} and result.start_with.empty


def test_too_much_nynorsk_also_misses_the_bokmal_quota(minimal_config):
    result = analyse_language_policy(data(mix(80, 20)), client(minimal_config, organisation_type="central_state"))
    assert result.verdict == "missed" and result.shortfalls == {"bokmål": (0.2, 0.25)}
    assert result.posts_needed == {"bokmål": 5}


def test_a_nynorsk_municipality_posting_60_percent_bokmal_is_flagged(minimal_config):
    result = analyse_language_policy(data(mix(4, 6)), client(minimal_config, organisation_type="municipality",
                                                             written_standard="nynorsk"))
    assert result.rule.key == "municipality_own_standard_nynorsk"
    assert (result.bokmål_share, result.verdict) == (0.6, "missed")
    assert result.shortfalls == {"nynorsk": (0.4, 0.9)}
    assert result.posts_needed == {"nynorsk": 5}


def test_a_neutral_municipality_gets_shares_without_a_verdict(minimal_config):
    result = analyse_language_policy(data(mix(4, 6)), client(minimal_config, organisation_type="municipality",
                                                             written_standard="neutral"))
    assert (result.verdict, result.nynorsk_share) == ("no_rule", 0.4)


def test_short_and_english_texts_count_toward_neither_share(minimal_config):
    texts = mix(26, 74) + [ENGLISH] * 30 + [SHORT] * 20 + ["Das ist nicht gut für uns alle hier."]
    result = analyse_language_policy(data(texts), client(minimal_config, organisation_type="central_state"))
    row = result.overall.iloc[0]
    assert (row["texts"], row["counted"], row["english"], row["too_short"], row["other_language"]) == (151, 100, 30, 20, 1)
    assert (result.nynorsk_share, result.verdict) == (0.26, "met")


def test_only_short_or_english_texts_leave_no_basis(minimal_config):
    result = analyse_language_policy(data([ENGLISH, SHORT]), client(minimal_config, organisation_type="central_state"))
    assert result.verdict == "no_basis" and math.isnan(result.nynorsk_share)


def test_per_channel_and_month_with_their_counts(minimal_config):
    frame = data(mix(2, 2) + mix(1, 3))
    frame.posts.loc[4:, "channel"] = "x"
    frame.posts["published_at"] = pd.to_datetime(["2026-04-02T10:00Z"] * 4 + ["2026-05-03T10:00Z"] * 4)
    result = analyse_language_policy(frame, client(minimal_config, organisation_type="central_state",
                                                   own_accounts={"facebook": ["testbykommune"], "x": ["testbykommune"]}))
    by_channel = result.by_channel.set_index("channel")
    assert by_channel.loc["facebook", ["counted", "nynorsk"]].tolist() == [4, 2]
    assert by_channel.loc["x", "nynorsk_share"] == 0.25
    assert result.by_month.set_index("month")["nynorsk_share"].to_dict() == {"2026-04": 0.5, "2026-05": 0.25}


def mention(mention_id, text, *, own=False, reply_to=None):
    return {"mention_id": mention_id, "published_at": pd.Timestamp("2026-04-03T09:00Z"), "channel": "facebook",
            "author": "testbykommune" if own else "@innbyggjar", "text": text, "is_own": own, "in_reply_to": reply_to}


def test_replies_in_the_citizens_standard_are_counted(minimal_config):
    rows = [
        mention("c1", NYNORSK[1]), mention("r1", NYNORSK[0], own=True, reply_to="c1"),       # nynorsk answered in nynorsk
        mention("c2", "Kvifor har de ikkje svart på e-posten min om barnehageplass?"),
        mention("r2", BOKMAL[0], own=True, reply_to="c2"),                                 # nynorsk answered in bokmål
        mention("r3", SHORT, own=True, reply_to="c2"),                                     # too short to tell
        mention("c3", BOKMAL[1]), mention("r4", BOKMAL[2], own=True, reply_to="c3"),       # bokmål answered in bokmål
        mention("c4", ENGLISH), mention("r5", ENGLISH, own=True, reply_to="c4"),           # English: not counted
        mention("c5", BOKMAL[0]), mention("r6", ENGLISH, own=True, reply_to="c5"),         # bokmål answered in English
    ]
    mentions = pd.DataFrame(rows).astype({"mention_id": "str", "text": "str", "is_own": "bool", "in_reply_to": "str"})
    replies = measure_citizen_replies(mentions, min_words=4).set_index("citizen_standard")
    assert replies.loc["nynorsk", ["replies", "told", "same"]].tolist() == [3, 2, 1]
    assert replies.loc["nynorsk", "share"] == 0.5
    assert replies.loc["bokmål", ["replies", "told", "same", "share"]].tolist() == [2, 2, 1, 0.5]
    result = analyse_language_policy(data(mix(1, 1), mentions), client(minimal_config, organisation_type="central_state"))
    assert result.by_kind.set_index("kind").loc["replies", ["texts", "counted", "too_short", "english"]].tolist() == [6, 3, 1, 2]
    assert result.overall["counted"].iloc[0] == 5  # 2 posts + 3 replies the detector can tell


def test_other_accounts_posts_are_the_peers_and_do_not_count(minimal_config):
    own = data(mix(1, 3))
    peer = data(mix(3, 1), account="havneskommune").posts.assign(post_id=lambda f: "q" + f["post_id"])
    both = SimpleNamespace(posts=pd.concat([own.posts, peer], ignore_index=True), mentions=own.mentions)
    result = analyse_language_policy(both, client(minimal_config, organisation_type="central_state"))
    assert result.nynorsk_share == 0.25
    assert result.peers.set_index("account").loc["havneskommune", ["counted", "nynorsk_share"]].tolist() == [4, 0.75]


def test_the_rules_file_has_a_rule_with_its_legal_reference_for_every_client_kind():
    policy = load_language_policy()
    for organisation_type, standard in [("central_state", None), ("regional_state", None), ("other", None),
                                        *[(kind, s) for kind in ("municipality", "county")
                                          for s in ("nynorsk", "bokmål", "neutral")]]:
        rule = policy.rule_for(organisation_type, standard)
        assert rule.organisation_type == organisation_type
        assert set(rule.explanation) == {"nb", "nn", "en"}
        if organisation_type != "other":
            assert "språklova §" in rule.legal_reference
    assert policy.rule_for("central_state").minimum == {"bokmål": 0.25, "nynorsk": 0.25}


def test_a_broken_rules_file_lists_every_problem(tmp_path):
    path = tmp_path / "language_policy.yaml"
    path.write_text(yaml.safe_dump({"min_words": 0, "rules": [
        {"key": "a", "organisation_type": "ministry", "minimum": {"nynorsk": 0.8, "bokmål": 0.8}, "counts": ["likes"],
         "legal_reference": "", "explanation": {"nb": "x"}}]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_language_policy(path)
    problems = caught.value.problems
    assert str(path) in str(caught.value)
    assert [p.split(":")[0] for p in problems] == ["min_words", "a", "a", "a", "a", "a"]
    assert any("explanation missing in nn, en" in p for p in problems)


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_the_demo_clients_get_their_planted_verdicts(slug):
    from sermo_helpers import demo
    from sermo_helpers.config import load_client_config
    from sermo_helpers.loaders import load_client

    planted = demo.PLANTED[slug]["language_policy"]
    config = load_client_config(slug)
    result = analyse_language_policy(load_client(config), config)
    assert result.verdict == planted["verdict"]
    assert result.nynorsk_share == pytest.approx(planted["own_posts_nynorsk_share"], abs=0.01)
