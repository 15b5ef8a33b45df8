import pandas as pd
import pytest

from sermo_helpers.errors import AnalysisError, LoadError
from sermo_helpers.ecosystem import (load_ecosystem_rules, match_rule, normalise_domain,
                                           normalise_handle)


@pytest.fixture(scope="module")
def rules():
    return load_ecosystem_rules()


def test_shipped_rules_have_the_declared_columns_and_levels(rules):
    assert list(rules.columns) == ["match_on", "pattern", "level", "kind", "name"]
    assert set(rules["level"]) == {2, 3, 4}
    assert rules["level"].dtype == "int64"
    assert (rules["pattern"] == rules["pattern"].str.lower()).all()


@pytest.mark.parametrize("domain, level, kind, name", [
    ("nrk.no", 2, "news", "NRK"),
    ("https://www.nrk.no/vestland/sak-1.123", 2, "news", "NRK"),
    ("p3.nrk.no", 2, "news", "NRK"),
    ("VG.no", 2, "news", "VG"),
    ("aftenposten.no", 2, "news", "Aftenposten"),
    ("dagbladet.no", 2, "news", "Dagbladet"),
    ("bt.no", 2, "news", "Bergens Tidende"),
    ("vl.no", 2, "news", "Vårt Land"),
    ("tv2.no", 2, "news", "TV 2"),
    ("e24.no", 2, "news", "E24"),
    ("firda.no", 2, "news", "Firda"),
    ("regjeringen.no", 2, "public_body", "Regjeringen"),
    ("bergen.kommune.no", 2, "public_body", None),
    ("fhi.no", 2, "expert", "Folkehelseinstituttet"),
    ("reddit.com", 3, "forum", "Reddit"),
    ("fjordliv.blogg.no", 3, "blog", None),
])
def test_domains_get_their_level(rules, domain, level, kind, name):
    rule = match_rule(rules, "domain", domain)
    assert (rule["level"], rule["kind"], rule["name"]) == (level, kind, name)


@pytest.mark.parametrize("domain", ["x.com", "notnrk.no", "kommune.no.example.com", None, "", "  "])
def test_unlisted_or_missing_domains_match_nothing(rules, domain):
    assert match_rule(rules, "domain", domain) is None


def test_channels_accounts_and_search_sources(rules):
    assert match_rule(rules, "channel", "X")["level"] == 3
    assert match_rule(rules, "channel", "podcast")["kind"] == "podcast"
    assert match_rule(rules, "account", "@Kystforskar")["kind"] == "expert"
    assert match_rule(rules, "account", "@ola") is None
    assert match_rule(rules, "medium", "organic")["level"] == 4
    assert match_rule(rules, "source", "google.com")["name"] == "Google"


def test_normalisers():
    assert normalise_domain("HTTPS://www.Bt.no:443/nyheter") == "bt.no"
    assert normalise_domain(float("nan")) is None
    assert normalise_handle(" @Kari_N ") == "kari_n"
    assert normalise_handle("@") is None


def test_unknown_match_on_is_refused(rules):
    with pytest.raises(AnalysisError, match="match_on"):
        match_rule(rules, "hashtag", "#x")


def test_rules_file_comments_blank_lines_and_order(tmp_path):
    path = tmp_path / "rules.csv"
    path.write_text("# note\n\nmatch_on,pattern,level,kind,name\n# another note\ndomain,Lokal.no,2,news,Lokal\n"
                    "domain,*.no,3,other,\n", encoding="utf-8")
    rules = load_ecosystem_rules(path)
    assert rules["pattern"].tolist() == ["lokal.no", "*.no"]
    assert match_rule(rules, "domain", "lokal.no")["name"] == "Lokal"
    assert match_rule(rules, "domain", "annen.no")["kind"] == "other"
    assert pd.isna(rules.loc[1, "name"])


@pytest.mark.parametrize("text, column, line", [
    ("match_on,pattern,level,kind,name\ndomain,a.no,5,news,\n", "level", 2),
    ("# top\nmatch_on,pattern,level,kind,name\ndomain,a.no,2,news,\nurl,b.no,2,news,\n", "match_on", 4),
    ("match_on,pattern,level,kind,name\ndomain,,2,news,\n", "pattern", 2),
    ("match_on,pattern,level,name\ndomain,a.no,2,A\n", "kind", 1),
])
def test_bad_rules_name_file_line_and_column(tmp_path, text, column, line):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_ecosystem_rules(path)
    assert caught.value.column == column and caught.value.row == line
    assert str(path) in str(caught.value)


def test_missing_rules_file(tmp_path):
    with pytest.raises(LoadError, match="No ecosystem rules"):
        load_ecosystem_rules(tmp_path / "none.csv")


def test_client_rules_come_first(tmp_path, minimal_config):
    from sermo_helpers.config import validate_client_config

    (tmp_path / "ecosystem.csv").write_text("match_on,pattern,level,kind,name\ndomain,nrk.no,2,podcast,NRK P\n",
                                            encoding="utf-8")
    client = validate_client_config({**minimal_config, "data_folder": str(tmp_path)}, source="test")
    rules = load_ecosystem_rules(client=client)
    assert match_rule(rules, "domain", "nrk.no")["kind"] == "podcast"
    assert len(rules) == len(load_ecosystem_rules()) + 1
