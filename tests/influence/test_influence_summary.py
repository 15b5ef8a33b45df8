import functools

import pandas as pd
import pytest

from sermo_helpers.config import load_client_config
from sermo_helpers.demo import PLANTED, demo_truth, generate_demo
from sermo_helpers.influence import (analyse_influence, circle_table, levels_table, map_ecosystem, ranking_table,
                                     search_table)
from sermo_helpers.loaders import ClientData
from sermo_helpers.privacy import is_public_name
from sermo_helpers.workbook import prepare, with_tone

@functools.cache
def demo_prepared(slug: str, pseudonymise: bool):
    """The demo client's prepared data (scored by Listen's scorer, pseudonymised or not)."""
    frames = generate_demo(slug)
    data = ClientData(mentions=frames["mentions"], web_traffic=frames["web_traffic"], posts=frames["posts"])
    return prepare(data, load_client_config(slug), pseudonymise=pseudonymise)


@functools.cache
def demo_result(slug: str, pseudonymise: bool):
    """The stage on a demo client, with the tone from the generator's truth (Listen's scorer is tested there)."""
    prepared = demo_prepared(slug, pseudonymise)
    truth = demo_truth(slug)
    tone = prepared.mentions["mention_id"].map(dict(zip(truth["mention_id"], truth["tone"])))
    return analyse_influence(with_tone(prepared, tone), load_client_config(slug))


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_planted_influencers_top_the_ranking_with_their_roles(slug):
    ranking = demo_result(slug, False).ranking.set_index("actor")
    planted = PLANTED[slug]["influencers"]
    ranks = ranking.loc[list(planted), "rank"]
    assert ranks.max() <= len(planted) + 2, ranks.to_dict()
    assert set(ranking.index[: len(planted) - 1]) <= set(planted)  # the very top is all planted
    assert ranking.loc[list(planted), "role"].to_dict() == planted
    assert ranking.loc[PLANTED[slug]["critic"], "role"] == "critic"


def test_fjordvik_levels_and_search():
    result = demo_result("fjordvik", False)
    levels = result.levels.set_index(["level", "kind"])
    assert set(levels.index.get_level_values("level")) == {1, 2, 3, 4}
    assert levels.loc[(2, "news"), "mentions"] == (result.classified["channel"] == "news").sum()
    assert result.search.loc[0, "source"] == "google"  # PLANTED: google/organic is the largest source
    assert result.search["share_of_search"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_nothing_shown_names_a_private_person(slug):
    result = demo_result(slug, True)
    client = load_client_config(slug)
    private = {author for author in generate_demo(slug)["mentions"]["author"].dropna().unique()
               if not is_public_name(author, client)}
    assert PLANTED[slug]["critic"] in private
    language = client.language
    shown = [circle_table(result, language=language), ranking_table(result, language=language, top=100),
             levels_table(result, language=language), search_table(result, language=language),
             result.ecosystem_map, result.edges, result.ranking, result.circle]
    cells = {str(value) for frame in shown for column in frame.columns if frame[column].dtype == "str"
             for value in frame[column].dropna()}
    assert not cells & private
    assert not {cell for cell in cells if any(name in cell for name in private if name.startswith("@"))}
    assert set(result.classified["author"].dropna()) & private == set()
    # public figures keep their names; the critic keeps the same code everywhere
    assert set(PLANTED[slug]["public_figures"]) <= set(result.ranking["actor"])
    critic = result.ranking.loc[result.ranking["role"] == "critic", "actor"].iloc[0]
    assert critic.startswith(("Innbygger ", "Citizen ")) and critic in set(result.edges["target"])


def test_circle_is_the_top_fifteen_with_reasons():
    result = demo_result("fjordvik", True)
    assert result.circle["rank"].tolist() == list(range(1, 16))
    table = circle_table(result, language="nb")
    assert table["Hvorfor"].str.len().min() > 10
    assert list(table.columns) == ["Plass", "Aktør", "Rolle", "Holdning", "Hvorfor", "Foreslått tiltak"]
    assert table.loc[0, "Rolle"] == "Kritiker"


def test_map_has_main_actors_per_ring():
    result = demo_result("fjordvik", True)
    ecosystem = result.ecosystem_map
    assert ecosystem.groupby("level").size().to_dict() == {1: 2, 2: 5, 3: 8, 4: 2}
    # level 1: the client's own channels by their posts (one entry per handle), not its replies
    posts = generate_demo("fjordvik")["posts"]
    per_handle = posts.groupby(posts["account"].str.lower()).size()
    own = ecosystem[ecosystem["level"] == 1].set_index("actor")["weight"]
    assert own.to_dict() == pytest.approx((per_handle / per_handle.max()).to_dict())
    assert ecosystem.groupby("level")["weight"].max().tolist() == [1.0, 1.0, 1.0, 1.0]
    assert "NRK" in set(ecosystem.loc[ecosystem["level"] == 2, "actor"])
    assert ecosystem.loc[ecosystem["level"] == 4, "actor"].tolist() == ["Google", "Bing"]


def test_map_from_small_frames():
    classified = pd.DataFrame({"level": [1, 2, 2, 3], "kind": ["own_web", "news", "news", "social"],
                               "source_name": ["testby.no", "NRK", "NRK", "x.com"]})
    ranking = pd.DataFrame({"level": [3, 2], "actor": ["@a", "Journalist"], "rank": [1, 2], "score": [0.5, 0.4],
                            "role": ["critic", "journalist"]})
    search = pd.DataFrame({"name": ["Google"], "sessions": [10.0], "kind": ["search_engine"]})
    ecosystem = map_ecosystem(classified, ranking, search)
    assert ecosystem.to_dict("records") == [
        {"level": 1, "actor": "testby.no", "weight": 1.0, "detail": "own_web"},
        {"level": 2, "actor": "NRK", "weight": 1.0, "detail": "news"},
        {"level": 3, "actor": "@a", "weight": 1.0, "detail": "critic"},
        {"level": 4, "actor": "Google", "weight": 1.0, "detail": "search_engine"},
    ]


def test_english_tables():
    result = demo_result("coastline", True)
    table = ranking_table(result, language="en", top=5)
    assert list(table.columns) == ["Rank", "Actor", "Level", "Role", "Stance", "Followers",
                                   "Largest reach (one mention)", "Engagement", "Mentions", "Answered/named by",
                                   "Influence (0–100)"]
    assert table.loc[0, "Role"] == "Critic" and table.loc[0, "Level"] == 3
    assert search_table(result, language="en").iloc[0, 3].endswith("%")


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_with_listens_own_scorer_the_critic_is_still_a_critic(slug):
    ranking = analyse_influence(demo_prepared(slug, False), load_client_config(slug)).ranking.set_index("actor")
    planted = PLANTED[slug]["influencers"]
    assert ranking.loc[PLANTED[slug]["critic"], ["rank", "role"]].tolist() == [1, "critic"]
    assert ranking.loc[list(planted), "role"].to_dict() == planted
    assert ranking.loc[list(planted), "rank"].max() <= len(planted) + 2


def test_fjordvik_followers_are_the_datas_author_followers_not_an_articles_reach():
    """Issue 15: NRK Vestland has 118 000 followers in the data; 215 392 is one article's reach."""
    result = demo_result("fjordvik", True)
    mentions = generate_demo("fjordvik")["mentions"]
    nrk = mentions[mentions["author"] == "NRK Vestland"]
    ranking = result.ranking.set_index("actor")
    assert ranking.loc["NRK Vestland", "followers"] == nrk["author_followers"].max() == 118_000
    assert ranking.loc["NRK Vestland", "reach"] == nrk["reach"].max() > 118_000
    table = ranking_table(result, language="nb", top=100).set_index("Aktør")
    assert table.loc["NRK Vestland", "Følgere"] == 118_000
    assert table.loc["NRK Vestland", "Største rekkevidde (én omtale)"] == nrk["reach"].max()
    circle = circle_table(result, language="nb").set_index("Aktør")
    why = circle.loc["NRK Vestland", "Hvorfor"]
    assert "118\u00a0000 følgere" in why and f"{int(nrk['reach'].max()):,}".replace(",", "\u00a0") + " følgere" \
        not in why


def test_fjordvik_level_one_is_the_website_and_own_channels():
    result = demo_result("fjordvik", True)
    frames = generate_demo("fjordvik")
    levels = result.levels.set_index(["level", "kind"])
    assert levels.loc[(1, "own_web"), "sessions"] == frames["web_traffic"]["sessions"].sum() == 210_868
    assert levels.loc[(1, "own_account"), "posts"] == len(frames["posts"])
    assert pd.isna(levels.loc[(1, "own_account"), "mentions"])  # the client's replies are not level 1
    shown = levels_table(result, language="nb")
    assert shown.loc[shown["Type"] == "egne nettsider", "Økter"].tolist() == [210_868]
