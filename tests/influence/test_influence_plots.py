import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.patches import Circle, FancyArrowPatch

from sermo_helpers.errors import AnalysisError
from sermo_helpers.plots.influence import NAME_FONT_SIZE, plot_ecosystem_map, plot_network


@pytest.fixture
def ecosystem():
    return pd.DataFrame({"level": [1, 2, 2, 3, 3, 3, 3, 3, 3, 4],
                         "actor": ["testby.no", "NRK", "Firda", "Innbygger 12A975", "@kystforskar", "c", "d", "e",
                                   "Et veldig langt navn på en aktør", "Google"],
                         "weight": [1.0, 1.0, 0.4, 1.0, 0.8, 0.3, 0.2, 0.1, 0.1, 1.0]})


def test_ecosystem_map_draws_four_rings_with_titles_and_names(ecosystem):
    ax = plot_ecosystem_map(ecosystem, language="nb")
    rings = [patch for patch in ax.patches if isinstance(patch, Circle)]
    assert sorted(ring.radius for ring in rings) == [1, 2, 3, 4]
    texts = {text.get_text(): text for text in ax.texts}
    assert {"2 Innsikt og innhold", "3 Digitale og sosiale påvirkere", "4 Søk"} <= set(texts)
    assert "1 Egne nettsider,\nblogg og kanaler" in texts
    assert {"NRK", "Firda", "Innbygger 12A975", "Google", "testby.no", "Et veldig langt navn…"} <= set(texts)
    assert texts["NRK"].get_fontweight() == "bold" and texts["Firda"].get_fontweight() == "normal"
    assert min(text.get_fontsize() for text in ax.texts) >= NAME_FONT_SIZE >= 8
    assert ax.get_title() == "Det digitale økosystemet"


def test_ecosystem_map_alt_text_counts_each_rings_actors(ecosystem):
    from sermo_helpers import present

    alt = present.figure(plot_ecosystem_map(ecosystem, language="nb")).alt
    assert alt.startswith("Det digitale økosystemet. 1 Egne nettsider, blogg og kanaler: 1 aktør (testby.no); "
                          "2 Innsikt og innhold: 2 aktører, de viktigste NRK, Firda; "
                          "3 Digitale og sosiale påvirkere: 6 aktører, de viktigste Innbygger 12A975, @kystforskar, c, d, e;")
    assert alt.endswith("4 Søk: 1 aktør (Google).")


def test_every_name_lies_in_its_own_ring(ecosystem):
    ax = plot_ecosystem_map(ecosystem, language="en")
    level_of = dict(zip(ecosystem["actor"].str.slice(0, 21), ecosystem["level"]))
    for text in ax.texts:
        level = level_of.get(text.get_text()[:21])
        if level is None or level == 1:
            continue
        x, y = text.get_position()
        assert level - 1 < (x * x + y * y) ** 0.5 < level, text.get_text()


def test_ecosystem_map_names_a_missing_column(ecosystem):
    with pytest.raises(AnalysisError, match="weight"):
        plot_ecosystem_map(ecosystem.drop(columns=["weight"]), language="nb")


def test_ecosystem_map_on_given_axes(ecosystem):
    _, ax = plt.subplots()
    assert plot_ecosystem_map(ecosystem, language="nb", ax=ax) is ax


@pytest.fixture
def network():
    edges = pd.DataFrame({"source": ["b", "c", "a", "Kommunen", "x"], "target": ["a", "a", "Kommunen", "c", "a"],
                          "weight": [1.0, 3.0, 1.0, 2.0, 1.0]})
    ranking = pd.DataFrame({"actor": ["a", "b", "c", "x"], "rank": [1, 2, 3, 4], "score": [0.9, 0.5, 0.3, 0.1],
                            "role": ["critic", "advocate", "journalist", "amplifier"]})
    return edges, ranking


def test_network_shows_the_top_actors_own_accounts_and_edges(network):
    edges, ranking = network
    ax = plot_network(edges, ranking, language="en", top=3, own_accounts=("Kommunen",))
    named = {text.get_text().split("  ")[-1] for legend in ax.figure.legends for text in legend.get_texts()}
    assert named == {"a", "b", "c"}  # x is not among the top 3
    assert len(ax.collections) == 4  # one marker per node
    assert len([patch for patch in ax.patches if isinstance(patch, FancyArrowPatch)]) == 4  # x's edge left out
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["Advocate", "Critic", "Journalist/outlet", "Own accounts: Kommunen"]
    assert ax.get_title() == "The conversation network (3 most central actors)"


def test_network_names_missing_columns_and_handles_no_edges(network):
    edges, ranking = network
    with pytest.raises(AnalysisError, match="role"):
        plot_network(edges, ranking.drop(columns=["role"]), language="nb")
    ax = plot_network(edges.head(0), ranking.head(0), language="nb")
    assert [text.get_text() for text in ax.texts] == ["Ingen data for denne perioden."]


NETWORK_SCRIPT = """
import hashlib
import pandas as pd
from sermo_helpers import present
from sermo_helpers.plots.influence import plot_network
from sermo_helpers.plots.style import apply_house_style
apply_house_style()
own = ("kommunen", "Kommunen_X", "kommune-yt", "kommunen.ig")
edges = pd.DataFrame({"source": ["a", "b", "c", "kommunen", "Kommunen_X", "kommune-yt", "kommunen.ig", "a"],
                      "target": ["kommunen", "Kommunen_X", "kommune-yt", "a", "b", "c", "a", "kommunen.ig"],
                      "weight": [1.0, 2.0, 3.0, 1.0, 2.0, 1.0, 4.0, 1.0]})
ranking = pd.DataFrame({"actor": ["a", "b", "c"], "rank": [1, 2, 3], "score": [0.9, 0.5, 0.3],
                        "role": ["critic", "advocate", "journalist"]})
shown = present.figure(plot_network(edges, ranking, language="nb", own_accounts=set(own)))
print(hashlib.sha256(shown.png).hexdigest())
"""


def test_network_figure_is_the_same_whatever_the_hash_seed():
    """Own accounts come as a set; their places must not follow the process' string hashing."""
    import os
    import subprocess
    import sys

    digests = set()
    for seed in ("1", "2", "3", "4"):
        environment = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "Agg"}
        done = subprocess.run([sys.executable, "-c", NETWORK_SCRIPT], capture_output=True, text=True,
                              env=environment, timeout=120, check=True)
        digests.add(done.stdout.strip().splitlines()[-1])
    assert len(digests) == 1


def test_network_numbers_its_nodes_names_them_in_a_key_and_states_numbers_in_its_alt_text(network):
    from sermo_helpers import present

    edges, ranking = network
    ax = plot_network(edges, ranking, language="nb", top=3, own_accounts=("Kommunen",))
    numbers = sorted(text.get_text() for text in ax.texts if text.get_text().isdigit())
    assert numbers == ["1", "2", "3"]  # each ranked actor carries its rank, no name sits on the network
    key = [text.get_text().replace("\u2007", " ").strip() for legend in ax.figure.legends for text in legend.get_texts()]
    assert key == ["1  a", "2  b", "3  c"]
    own = [text.get_text() for text in ax.get_legend().get_texts()][-1]
    assert own == "Egne kontoer: Kommunen"
    alt = present.figure(ax).alt
    assert "3 aktører og 1 egne kontoer med 4 forbindelser" in alt
    assert "1 a (kritiker, 3 forbindelser)" in alt and "3 c (journalist/redaksjon, 2 forbindelser)" in alt
