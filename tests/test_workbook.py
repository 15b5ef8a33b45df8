import pandas as pd

from sermo_helpers.config import load_client_config
from sermo_helpers.privacy import is_public_name
from sermo_helpers.workbook import PreparedData, open_workbook


def test_open_workbook_restricts_to_the_period_and_pseudonymises_private_authors():
    parameters = load_client_config("fjordvik").to_parameters() | {"period_start": "2026-06-01",
                                                                  "period_end": "2026-06-30"}
    client, data = open_workbook(parameters)
    local = data.mentions["published_at"].dt.tz_convert("Europe/Oslo")
    assert local.min() >= pd.Timestamp("2026-06-01", tz="Europe/Oslo")
    assert local.max() < pd.Timestamp("2026-07-01", tz="Europe/Oslo")
    assert data.channel_stats["date"].min() == pd.Timestamp("2026-06-01")
    assert data.channel_stats["date"].max() == pd.Timestamp("2026-06-30")
    _, raw = open_workbook(parameters, pseudonymise=False)
    private = {author for author in raw.mentions["author"].dropna().unique() if not is_public_name(author, client)}
    assert "@vasskjelda" in private
    shown = set(data.mentions["author"].dropna())
    assert not private & shown
    assert "Fjordvik Avis" in shown and "@kystforskar" in shown  # public figures keep their names
    handles_in_text = data.mentions["text"].str.contains("@vasskjelda", regex=False)
    assert not handles_in_text.any()
    # Same person, same pseudonym: the critic's messages are still one author.
    critic = raw.mentions["author"] == "@vasskjelda"
    assert data.mentions.loc[critic, "author"].nunique() == 1


def test_open_workbook_gives_prepared_mentions_that_follow_their_schema():
    from sermo_helpers.schema import PREPARED_MENTIONS

    _, data = open_workbook(load_client_config("fjordvik").to_parameters())
    assert isinstance(data, PreparedData) and data.pseudonymised
    checked = PREPARED_MENTIONS.validate(data.mentions)
    assert list(checked.columns) == PREPARED_MENTIONS.names
    assert set(data.mentions["sentiment"].unique()) == {"negative", "neutral", "positive"}
    assert data.mentions["language"].notna().all()
    # critical is mark_critical's: never the client's own messages; the press headlines of the boil-water
    # episode that report the client's failure count, however neutral their tone (issue 17)
    critical = data.mentions["critical"]
    assert critical.dtype == bool and not critical[data.mentions["is_own"]].any()
    for headline in ("beklager varslingen av kokevarselet", "Kokevarselet i Fjordvik forlenges"):
        found = data.mentions["text"].str.contains(headline, regex=False)
        assert found.any() and critical[found].all()


def test_one_edition_scores_once_builds_conversations_once_and_analyses_influence_once(tmp_path, monkeypatch):
    """The four notebooks of an edition run in one kernel: each opens the workbook and runs its stage,
    Strategy reads the other three; every explorer filters its stage's result."""
    import shutil

    from sermo_helpers.config import validate_client_config
    from sermo_helpers.engage import analyse_engage, stage as engage_stage
    from sermo_helpers.explore import explore_engage, explore_influence, explore_listen, explore_strategy
    from sermo_helpers.influence import analyse_influence, summary as influence_summary
    from sermo_helpers.listen import analyse_listen
    from sermo_helpers.listen import sentiment as listen_sentiment
    from sermo_helpers.loaders import load_client
    from sermo_helpers.strategy import analyse_strategy
    from sermo_helpers.text.sentiment import MultilingualScorer

    demo = load_client_config("fjordvik")
    shutil.copytree(demo.data_path, tmp_path / "data")  # a folder no other test has prepared in this process
    parameters = demo.to_parameters() | {"data_folder": str(tmp_path / "data")}
    calls = {"score_tone": 0, "build_conversations": 0, "select_dialogue": 0, "analyse_influence": 0}
    texts_scored = []

    def counted(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return wrapper

    def scorer_call(self, texts, *args, **kwargs):
        texts = list(texts)
        texts_scored.extend(texts)
        return score_texts(self, texts, *args, **kwargs)

    score_texts = MultilingualScorer.score_texts
    monkeypatch.setattr(MultilingualScorer, "score_texts", scorer_call)
    monkeypatch.setattr(listen_sentiment, "score_tone", counted("score_tone", listen_sentiment.score_tone))
    monkeypatch.setattr(engage_stage, "build_conversations",
                        counted("build_conversations", engage_stage.build_conversations))
    monkeypatch.setattr(engage_stage, "select_dialogue", counted("select_dialogue", engage_stage.select_dialogue))
    monkeypatch.setattr(influence_summary, "_analyse", counted("analyse_influence", influence_summary._analyse))

    client, data = open_workbook(parameters)  # 01 Listen
    explore_listen(analyse_listen(data, client), client, headless=True)
    client, data = open_workbook(parameters)  # 02 Influence
    explore_influence(analyse_influence(data, client), client, headless=True)
    client, data = open_workbook(parameters)  # 03 Engage
    explore_engage(analyse_engage(data, client), client, headless=True)
    client, data = open_workbook(parameters)  # 04 Strategy
    result = analyse_strategy(data, client)
    explore_strategy(result, client, headless=True)
    assert calls == {"score_tone": 1, "build_conversations": 1, "select_dialogue": 1, "analyse_influence": 1}
    assert len(texts_scored) == len(load_client(client).mentions.pipe(_in_period, client))  # each mention once
    assert result.engage is analyse_engage(data, client) and result.influence is analyse_influence(data, client)
    assert validate_client_config(parameters, source="test") == client


def test_prepared_data_is_reused_until_an_input_file_changes(tmp_path):
    import shutil

    from sermo_helpers.config import validate_client_config
    from sermo_helpers.workbook import prepare_data

    demo = load_client_config("fjordvik")
    shutil.copytree(demo.data_path, tmp_path / "data")
    client = validate_client_config(demo.to_parameters() | {"data_folder": str(tmp_path / "data")}, source="test")
    first = prepare_data(client)
    again = prepare_data(client)
    assert again.mentions is first.mentions  # the same preparation, not a second one
    posts = tmp_path / "data" / "posts.csv"
    lines = posts.read_text(encoding="utf-8").splitlines(keepends=True)
    posts.write_text("".join(lines[:-1]), encoding="utf-8")  # one post fewer
    changed = prepare_data(client)
    assert len(changed.posts) == len(first.posts) - 1


def _in_period(mentions, client):
    from sermo_helpers.loaders import ClientData
    from sermo_helpers.workbook import restrict_to_period

    return restrict_to_period(ClientData(mentions=mentions), client).mentions


def test_prepared_mentions_keep_their_few_valued_columns_as_categories_with_the_same_values():
    from sermo_helpers import workbook
    from sermo_helpers.loaders import load_client

    client = load_client_config("fjordvik")
    prepared = workbook.prepare(load_client(client), client).mentions
    scored = workbook.restrict_to_period(load_client(client), client)
    for name in workbook.CATEGORY_COLUMNS:
        assert isinstance(prepared[name].dtype, pd.CategoricalDtype), name
    # the same values as text, missing ones missing: every column but the pseudonymised author and text
    # equals the scored frame's (language, sentiment and scorer were added by the scoring: compared with
    # the scoring without compaction)
    plain = workbook._check_scores(workbook.score_mentions(scored.mentions, client=client))
    for name in workbook.CATEGORY_COLUMNS:
        pd.testing.assert_series_equal(prepared[name].astype("str"), plain[name].astype("str"), check_names=True)
    assert prepared["channel"].memory_usage(deep=True) < plain["channel"].memory_usage(deep=True) / 4
    # a column with more distinct values than CATEGORY_LIMIT stays text
    many = pd.DataFrame({"channel": pd.Series([f"c{i}" for i in range(workbook.CATEGORY_LIMIT + 1)], dtype="str")})
    assert workbook._compact(many)["channel"].dtype == "str"
    assert workbook._compact(many.head(3))["channel"].cat.categories.tolist() == ["c0", "c1", "c2"]


def test_untagged_mentions_count_as_the_client_in_prepared_data():
    # a missing subject means the client; the stages fill it with the client's slug, which then need
    # not be a value of the column (prepared data keep subject as text for that reason)
    from dataclasses import replace

    from sermo_helpers import workbook
    from sermo_helpers.listen import share_of_voice
    from sermo_helpers.loaders import load_client
    from sermo_helpers.strategy.peers import compare_peers

    client = load_client_config("fjordvik")
    loaded = load_client(client)
    untagged = loaded.mentions.assign(subject=loaded.mentions["subject"].where(
        loaded.mentions["subject"] != client.slug))
    assert untagged["subject"].isna().sum() > 100 and not untagged["subject"].eq(client.slug).any()
    tagged = workbook.prepare(loaded, client).mentions
    prepared = workbook.prepare(replace(loaded, mentions=untagged), client).mentions
    peers = [peer.slug for peer in client.peers]
    expected = share_of_voice(tagged, client=client.slug, peers=peers)
    pd.testing.assert_frame_equal(share_of_voice(prepared, client=client.slug, peers=peers), expected)
    assert expected.loc[expected["is_client"], "mentions"].iloc[0] > 100
    pd.testing.assert_frame_equal(compare_peers(prepared, client), compare_peers(tagged, client))


def _fresh_edition(monkeypatch, stages: str, cores: str = "2"):
    from sermo_helpers import workbook

    monkeypatch.setenv(workbook.EDITION_STAGES_VARIABLE, stages)
    monkeypatch.setenv("SERMO_CORES", cores)
    workbook._PREPARED.clear()
    workbook._RESULTS.clear()
    client = load_client_config("fjordvik")
    return client, workbook.prepare_data(client)


def _kept_stages():
    from sermo_helpers import workbook

    return sorted(slot[0] for slot in workbook._RESULTS)


def test_an_edition_computes_the_later_stages_right_after_listen_and_its_notebooks_take_them(monkeypatch):
    from sermo_helpers.engage import analyse_engage
    from sermo_helpers.influence import analyse_influence
    from sermo_helpers.listen import analyse_listen
    from sermo_helpers import workbook
    from sermo_helpers.strategy import analyse_strategy
    from sermo_helpers.workbook import _RESULTS

    client, data = _fresh_edition(monkeypatch, "01_listen,02_influence,03_engage,04_strategy")
    analyse_listen(data, client)
    assert _kept_stages() == ["engage", "influence", "listen", "strategy"]
    kept = dict(_RESULTS)
    assert analyse_influence(data, client) is kept[("influence", data.key, repr(client))]
    assert analyse_engage(data, client) is kept[("engage", data.key, repr(client))]
    assert analyse_strategy(data, client) is kept[("strategy", data.key, repr(client))]
    # the same results as each notebook computes without a look-ahead
    _RESULTS.clear()
    monkeypatch.setenv(workbook.EDITION_STAGES_VARIABLE, "")
    alone = {"influence": analyse_influence(data, client), "engage": analyse_engage(data, client),
             "strategy": analyse_strategy(data, client)}
    ahead = {stage: kept[(stage, data.key, repr(client))] for stage in alone}
    pd.testing.assert_frame_equal(ahead["influence"].ranking, alone["influence"].ranking)
    pd.testing.assert_frame_equal(ahead["engage"].conversations, alone["engage"].conversations)
    pd.testing.assert_frame_equal(ahead["strategy"].scorecard, alone["strategy"].scorecard)
    pd.testing.assert_frame_equal(ahead["strategy"].recommendations, alone["strategy"].recommendations)

    # only the stages the edition renders; none in JupyterLab (no edition) or with one core
    for stages, cores, expected in (("01_listen,02_influence", "2", ["influence", "listen"]),
                                    ("", "2", ["listen"]), ("01_listen,02_influence,03_engage", "1", ["listen"])):
        client, data = _fresh_edition(monkeypatch, stages, cores)
        analyse_listen(data, client)
        assert _kept_stages() == expected, stages


def test_a_stage_failing_ahead_is_left_to_its_own_notebook_which_shows_the_error(monkeypatch):
    import pytest

    from sermo_helpers.engage import analyse_engage, stage
    from sermo_helpers.errors import AnalysisError
    from sermo_helpers.listen import analyse_listen

    def fails(data, client):
        raise AnalysisError("engage needs the column 'in_reply_to'", argument="mentions")

    monkeypatch.setattr(stage, "_analyse", fails)
    client, data = _fresh_edition(monkeypatch, "01_listen,02_influence,03_engage,04_strategy")
    listen = analyse_listen(data, client)  # Listen itself is not held up
    assert listen.mentions > 0
    assert _kept_stages() == ["influence", "listen"]  # Strategy reads Engage: not computed either
    with pytest.raises(AnalysisError, match="in_reply_to"):
        analyse_engage(data, client)


def test_the_later_stages_keep_to_the_rest_of_the_budget_while_the_criticism_list_is_grouped(monkeypatch):
    from sermo_helpers import workbook
    from sermo_helpers.parallel import core_budget

    client, data = _fresh_edition(monkeypatch, "01_listen,02_influence,03_engage")
    seen = []
    monkeypatch.setattr(workbook, "_stage_analysis", lambda stage: lambda data, client: seen.append(core_budget()))
    assert workbook.analyse_ahead(data, client, beside=lambda: True) == ["influence", "engage"]
    assert seen == [1, 1] and core_budget() == 2  # restored after
    assert workbook.analyse_ahead(data, client, beside=lambda: False) == ["influence", "engage"]
    assert seen[2:] == [2, 2]
