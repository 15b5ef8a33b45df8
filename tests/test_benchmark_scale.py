"""The scale benchmark's generated client (benchmarks/scale.py): loadable by the loaders, and shaped
like a real archive (threads whose replies point at existing mentions, the client's own answers,
peers, three languages, a long tail of authors). The benchmark's timings are not tested here."""
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scale():
    spec = importlib.util.spec_from_file_location("scale_benchmark", ROOT / "benchmarks" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generation_is_deterministic(scale):
    first, second = scale.generate_mentions(2_000), scale.generate_mentions(2_000)
    pd.testing.assert_frame_equal(first, second)
    assert not first.equals(scale.generate_mentions(2_000, seed=20))


def test_generated_client_loads_with_threads_peers_languages_and_a_long_tail(scale, tmp_path, monkeypatch):
    from sermo_helpers.config import load_client_config
    from sermo_helpers.loaders import load_client
    from sermo_helpers.text.language import detect_languages

    home = scale.project_root(tmp_path)
    monkeypatch.setenv("SERMO_HOME", str(home))
    client = load_client_config(scale.write_client(tmp_path, 6_000))
    assert client.slug == "scale-6000" and [peer.slug for peer in client.peers] == ["havnes", "sjoberg"]
    data = load_client(client, use_cache=False)
    mentions = data.mentions
    assert len(mentions) == 6_000 and mentions["mention_id"].is_unique
    assert len(data.posts) > 0 and len(data.channel_stats) > 0  # the demo client's own exports

    replies = mentions[mentions["in_reply_to"].notna()]
    assert 0.15 < len(replies) / len(mentions) < 0.35
    assert replies["in_reply_to"].isin(mentions["mention_id"]).all()
    assert replies["thread_id"].isin(mentions["mention_id"]).all()
    times = mentions.set_index("mention_id")["published_at"]
    assert (replies["published_at"].to_numpy() > times.loc[replies["in_reply_to"]].to_numpy()).all()

    own = mentions[mentions["is_own"]]
    assert 0.03 < len(own) / len(mentions) < 0.09
    assert set(own["subject"]) == {client.slug} and own["responder"].notna().all()  # the client's own mentions
    assert own["in_reply_to"].notna().all()
    assert set(mentions["subject"]) == {client.slug, "havnes", "sjoberg"}

    languages = pd.Series(detect_languages(mentions["text"])).value_counts(normalize=True)
    assert languages["nb"] > 0.4 and languages["en"] > 0.05 and languages["nn"] > 0.01

    others = mentions.loc[~mentions["is_own"] & (mentions["channel"] != "news"), "author"].value_counts()
    assert others.iloc[0] >= 10 * others.median()  # a few very active authors
    assert (others == 1).mean() > 0.3  # most write once

    lengths = mentions["text"].str.len()
    assert lengths.median() > 70 and lengths.max() > 400
    assert mentions["text"].nunique() / len(mentions) > 0.7
