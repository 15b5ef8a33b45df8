import datetime as dt
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from sermo_helpers import paths
from sermo_helpers.config import (PARAMETER_NAMES, BusinessHours, client_from_parameters,
                                  load_client_config, validate_client_config)
from sermo_helpers.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path, mapping, name="testby.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    return path


def test_minimal_file_gets_documented_defaults(tmp_path, minimal_config):
    config = load_client_config(write(tmp_path, minimal_config))
    assert config.slug == "testby"
    assert config.period_start == dt.date(2026, 4, 1)
    assert config.timezone == "Europe/Oslo"
    assert config.business_hours == BusinessHours(dt.time(8), dt.time(15, 30), ("mon", "tue", "wed", "thu", "fri"))
    assert config.response_targets_minutes == (60, 1440)
    assert config.peers == ()
    assert config.data_path == paths.project_root() / "data/clients/testby"


def test_unquoted_yaml_times_are_read_as_clock_times(tmp_path, minimal_config):
    path = tmp_path / "testby.yaml"
    path.write_text(yaml.safe_dump(minimal_config) + "business_hours: {start: 08:30, end: 16:00, days: [mon, tue]}\n")
    hours = load_client_config(path).business_hours
    assert (hours.start, hours.end, hours.weekday_numbers) == (dt.time(8, 30), dt.time(16), (0, 1))


def test_every_problem_is_reported_at_once(tmp_path, minimal_config):
    broken = dict(minimal_config, language="de", colour="blue", period_start="1. april")
    del broken["keywords"]
    with pytest.raises(ConfigError) as caught:
        load_client_config(write(tmp_path, broken))
    error = caught.value
    assert str(tmp_path / "testby.yaml") in str(error)
    joined = "\n".join(error.problems)
    assert "unknown key 'colour'" in joined
    assert "missing required key 'keywords'" in joined
    assert "language: expected one of nb, en, found str 'de'" in joined
    assert "period_start: expected a date as YYYY-MM-DD" in joined
    assert len(error.problems) == 4


@pytest.mark.parametrize("slug", ["../evil", "a/b", "Fjordvik", "", ".hidden", "x" * 80, "sl ug"])
def test_unsafe_slugs_are_rejected(minimal_config, slug):
    with pytest.raises(ConfigError, match="slug"):
        validate_client_config(dict(minimal_config, slug=slug), source="test")


@pytest.mark.parametrize("name", ["../clients/fjordvik", "fjordvik/../../etc", "/etc/passwd"])
def test_loading_by_unsafe_name_is_rejected(name):
    with pytest.raises(ConfigError, match="neither a client file"):
        load_client_config(name)


@pytest.mark.parametrize("key, value, expected", [
    ("own_accounts", {"myspace": ["x"]}, "unknown channel 'myspace'"),
    ("own_accounts", ["fjordvik"], "expected a mapping of channel"),
    ("timezone", "Europe/Fjordvik", "expected an IANA time zone"),
    ("response_targets_minutes", [60, -5], "positive whole minutes"),
    ("response_targets_minutes", "60", "positive whole minutes"),
    ("peers", [{"slug": "havnes"}], "peer 1: expected keys slug, name"),
    ("business_hours", {"start": "16:00", "end": "08:00"}, "must be after start"),
    ("data_folder", "../../elsewhere", "without '..'"),
    ("judgement", {"playful": {"status": "great"}}, "playful: expected status"),
    ("keywords", "Testby", "expected a list of non-empty texts"),
])
def test_wrong_types_name_the_key_and_what_was_found(minimal_config, key, value, expected):
    with pytest.raises(ConfigError) as caught:
        validate_client_config(dict(minimal_config, **{key: value}), source="clients/testby.yaml")
    assert any(problem.startswith(f"{key}:") and expected in problem for problem in caught.value.problems)


def test_period_must_not_end_before_it_starts(minimal_config):
    with pytest.raises(ConfigError, match="period_end 2026-03-01 is before period_start 2026-04-01"):
        validate_client_config(dict(minimal_config, period_end="2026-03-01"), source="test")


def test_slug_must_match_the_file_name(tmp_path, minimal_config):
    with pytest.raises(ConfigError, match="must match the file name 'other'"):
        load_client_config(write(tmp_path, minimal_config, name="other.yaml"))


def test_missing_file_lists_known_clients(tmp_path):
    with pytest.raises(ConfigError, match="No client file at"):
        load_client_config(tmp_path / "nobody.yaml")


def test_invalid_yaml_names_the_file(tmp_path):
    path = tmp_path / "testby.yaml"
    path.write_text("slug: [unclosed\n")
    with pytest.raises(ConfigError, match="is not valid YAML"):
        load_client_config(path)


def test_parameters_round_trip_through_notebook_namespace(minimal_config):
    config = validate_client_config(minimal_config, source="test")
    namespace = dict(config.to_parameters(), get_ipython=None, In=[])
    assert client_from_parameters(namespace) == config
    assert set(config.to_parameters()) == set(PARAMETER_NAMES)


def test_config_error_pickles_with_its_fields(minimal_config):
    with pytest.raises(ConfigError) as caught:
        validate_client_config(dict(minimal_config, language="de"), source="x.yaml")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.path, copy.problems, str(copy)) == (caught.value.path, caught.value.problems, str(caught.value))


def test_organisation_type_defaults_to_other_without_a_written_standard(minimal_config):
    config = validate_client_config(minimal_config, source="test")
    assert (config.organisation_type, config.written_standard) == ("other", None)


@pytest.mark.parametrize("organisation_type", ["municipality", "county"])
@pytest.mark.parametrize("standard", ["nynorsk", "bokmål", "neutral"])
def test_municipalities_and_counties_state_their_written_standard(minimal_config, organisation_type, standard):
    config = validate_client_config(
        dict(minimal_config, organisation_type=organisation_type, written_standard=standard), source="test")
    assert (config.organisation_type, config.written_standard) == (organisation_type, standard)


def test_organisation_problems_are_listed_with_the_others(minimal_config):
    broken = dict(minimal_config, organisation_type="ministry", written_standard="riksmål", language="de")
    with pytest.raises(ConfigError) as caught:
        validate_client_config(broken, source="clients/testby.yaml")
    problems = caught.value.problems
    assert any(p.startswith("organisation_type: expected one of central_state, regional_state, county, "
                            "municipality, other, found str 'ministry'") for p in problems)
    assert any(p.startswith("written_standard: expected one of nynorsk, bokmål, neutral, found str 'riksmål'")
               for p in problems)
    assert any(p.startswith("language:") for p in problems)
    assert len(problems) == 3


def test_a_municipality_without_a_written_standard_is_refused(minimal_config):
    with pytest.raises(ConfigError) as caught:
        validate_client_config(dict(minimal_config, organisation_type="municipality"), source="clients/testby.yaml")
    assert caught.value.problems == [
        "missing key 'written_standard' for organisation_type 'municipality': expected one of nynorsk, bokmål, "
        "neutral (a municipality that has made no decision is neutral)"]


@pytest.mark.parametrize("organisation_type", ["central_state", "regional_state", "other"])
def test_only_municipalities_and_counties_have_a_written_standard(minimal_config, organisation_type):
    with pytest.raises(ConfigError) as caught:
        validate_client_config(dict(minimal_config, organisation_type=organisation_type, written_standard="nynorsk"),
                               source="clients/testby.yaml")
    assert caught.value.problems == [
        f"written_standard: only a municipality or a county chooses a written standard, found 'nynorsk' for "
        f"organisation_type {organisation_type!r} (leave it out or set it to null)"]
    config = validate_client_config(dict(minimal_config, organisation_type=organisation_type, written_standard=None),
                                    source="test")
    assert config.written_standard is None


def test_demo_clients_declare_their_organisation():
    fjordvik, coastline = load_client_config("fjordvik"), load_client_config("coastline")
    assert (fjordvik.organisation_type, fjordvik.written_standard) == ("municipality", "bokmål")
    assert (coastline.organisation_type, coastline.written_standard) == ("central_state", None)
    assert fjordvik.organisation_nouns()["nb"] == "kommunen"  # the default of a municipality
    assert coastline.organisation_nouns()["en"] == "the health trust"  # the client file's own word


@pytest.mark.parametrize(("organisation_type", "standard", "expected"), [
    ("municipality", "bokmål", {"nb": "kommunen", "nn": "kommunen", "en": "the municipality"}),
    ("county", "nynorsk", {"nb": "fylkeskommunen", "nn": "fylkeskommunen", "en": "the county authority"}),
    ("central_state", None, {"nb": "etaten", "nn": "etaten", "en": "the agency"}),
    ("other", None, {"nb": "virksomheten", "nn": "verksemda", "en": "the organization"}),
])
def test_the_organisation_noun_follows_the_organisation_type(minimal_config, organisation_type, standard, expected):
    config = validate_client_config(dict(minimal_config, organisation_type=organisation_type,
                                         written_standard=standard), source="test")
    assert config.organisation_noun is None and config.organisation_nouns() == expected


def test_the_client_file_overrides_the_organisation_noun_per_language(minimal_config):
    from sermo_helpers.i18n import organisation_words

    config = validate_client_config(dict(minimal_config, organisation_type="central_state",
                                         organisation_noun={"nb": "helseforetaket", "en": "the health trust"}),
                                    source="test")
    assert config.organisation_nouns() == {"nb": "helseforetaket", "nn": "etaten", "en": "the health trust"}
    assert organisation_words(config.organisation_nouns(), "nb") == {"organisation": "helseforetaket",
                                                                     "organisation_s": "helseforetakets"}
    assert organisation_words(config.organisation_nouns(), "en")["organisation_s"] == "the health trust's"
    assert client_from_parameters(config.to_parameters()) == config  # a notebook parameter like the others


@pytest.mark.parametrize(("value", "expected"), [
    ("kommunen", "organisation_noun: expected what the handout calls the client per language (nb, nn, en), in the "
                 "definite form, e.g. {nb: helseforetaket, nn: helseføretaket, en: the health trust}; found str"),
    ({"se": "gielda"}, "organisation_noun: unknown language 'se' (expected nb, nn, en)"),
    ({"nb": "Kommunen"}, 'organisation_noun: nb: expected the noun as written inside a sentence, in lower case ("kommunen")'),
    ({"nb": "kommune 2"}, "organisation_noun: nb: expected a noun in the definite form, at most six words"),
    ({"en": ["the", "agency"]}, "organisation_noun: en: expected a noun in the definite form"),
])
def test_a_wrong_organisation_noun_is_refused_with_what_was_expected(minimal_config, value, expected):
    with pytest.raises(ConfigError) as caught:
        validate_client_config(dict(minimal_config, organisation_noun=value), source="clients/testby.yaml")
    assert "clients/testby.yaml" in str(caught.value)
    assert len(caught.value.problems) == 1 and caught.value.problems[0].startswith(expected), caught.value.problems


# ---------------------------------------------------------------------------------------------
# Bad client files (issue 18, items 11-15): refused quickly, with a short message
# ---------------------------------------------------------------------------------------------
BILLION_LAUGHS = """slug: testby
display_name: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
""" + "".join(f"l{level}: &a{level} [*a{level - 1}, *a{level - 1}, *a{level - 1}, *a{level - 1}, *a{level - 1}, "
              f"*a{level - 1}, *a{level - 1}, *a{level - 1}, *a{level - 1}, *a{level - 1}]\n" for level in range(1, 10))


def run_limited(code: str, *, memory_mb: int = 400, seconds: int = 60) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter whose address space is capped, so a bomb cannot hurt the machine."""
    prelude = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({memory_mb << 20}, {memory_mb << 20}))\n"
               f"resource.setrlimit(resource.RLIMIT_CPU, ({seconds}, {seconds}))\n")
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=seconds * 2, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_alias_expansion_is_refused_before_any_value_is_built(tmp_path, minimal_config):
    # 10**10 "lol"s once expanded: it took 69 s and 5.1 GB before a MemoryError (item 11).
    path = tmp_path / "testby.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    result = run_limited(f"""
        import time
        from sermo_helpers.config import load_client_config
        from sermo_helpers.errors import ConfigError
        started = time.perf_counter()
        try:
            load_client_config({str(path)!r})
        except ConfigError as error:
            print(round(time.perf_counter() - started, 3))
            print(str(error))
    """)
    assert result.returncode == 0, result.stderr[-2000:]
    seconds, message = result.stdout.split("\n", 1)
    assert float(seconds) < 5
    assert "line 3: aliases (*a0, used 10 times) are not accepted; write the value out" in message
    assert "line 11: aliases (*a8, used 10 times)" in message and message.count("aliases") == 9
    assert len(message) < 5000 and "lol', 'lol', 'lol', 'lol', 'lol', 'lol'" not in message


def test_a_harmless_anchor_without_alias_is_fine_but_a_merge_key_is_refused(tmp_path, minimal_config):
    path = tmp_path / "testby.yaml"
    path.write_text(yaml.safe_dump(minimal_config) + "timezone: &zone Europe/Oslo\n", encoding="utf-8")
    assert load_client_config(path).timezone == "Europe/Oslo"
    path.write_text(yaml.safe_dump(minimal_config) + "business_hours: &h {start: '08:00'}\npeers: [{<<: *h}]\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line \d+: aliases \(\*h, used 1 time\) are not accepted"):
        load_client_config(path)


def test_a_huge_display_name_is_refused_at_once_and_not_echoed(tmp_path, minimal_config):
    # A 50 MB display_name passed `check`; the render had not finished after 600 s (item 12).
    result = run_limited(f"""
        import time, yaml
        from sermo_helpers.config import client_from_parameters, load_client_config
        from sermo_helpers.errors import ConfigError
        raw = {minimal_config!r}
        path = {str(tmp_path / "testby.yaml")!r}
        with open(path, "w") as stream:
            others = {{key: value for key, value in raw.items() if key != "display_name"}}
            stream.write(yaml.safe_dump(others) + "display_name: " + "x" * 50_000_000 + "\\n")
        for attempt in (lambda: load_client_config(path),
                        lambda: client_from_parameters(dict(raw, display_name="y" * 50_000_000))):
            started = time.perf_counter()
            try:
                attempt()
            except ConfigError as error:
                print(round(time.perf_counter() - started, 3), len(str(error)), str(error).replace("\\n", " "))
    """, memory_mb=1200)
    assert result.returncode == 0, result.stderr[-2000:]
    from_file, from_parameters = result.stdout.strip().split("\n")
    assert float(from_file.split()[0]) < 5 and int(from_file.split()[1]) < 1000
    assert "must be at most 1,000,000 bytes" in from_file
    assert float(from_parameters.split()[0]) < 5 and int(from_parameters.split()[1]) < 1000
    assert "display_name: expected at most 200 characters, found str of 50,000,000 characters 'yyyy" in from_parameters


@pytest.mark.parametrize("key, value, expected", [
    ("display_name", "K" * 201, "expected at most 200 characters"),
    ("keywords", ["ok", "k" * 201], "expected at most 200 characters"),
    ("keywords", ["k"] * 1001, "expected at most 1,000 entries, found 1,001"),
    ("public_figures", ["p" * 5000], "expected at most 200 characters"),
    ("peers", [{"slug": "a", "name": "n" * 300}], "expected at most 200 characters"),
    ("own_accounts", {"x": ["a" * 300]}, "expected at most 200 characters"),
    ("data_folder", "d/" * 600, "expected at most 1,000 characters"),
    ("judgement", {"playful": {"status": "weak", "note": "n" * 2001}}, "at most 2,000 characters, found 2,001"),
    ("judgement", {"playful": {"status": "weak", "note": ["a"] * 10}}, "optional note (text)"),
    ("response_targets_minutes", list(range(1, 100)), "at most 10 targets"),
])
def test_every_text_field_is_length_bounded(minimal_config, key, value, expected):
    with pytest.raises(ConfigError) as caught:
        validate_client_config(dict(minimal_config, **{key: value}), source="clients/testby.yaml")
    assert any(problem.startswith(f"{key}:") and expected in problem for problem in caught.value.problems)
    assert len(str(caught.value)) < 1000


def test_many_unknown_keys_give_a_bounded_message(minimal_config):
    broken = dict(minimal_config, **{f"key{number}" * 50: number for number in range(5000)})
    with pytest.raises(ConfigError) as caught:
        validate_client_config(broken, source="clients/testby.yaml")
    assert len(caught.value.problems) == 51 and caught.value.problems[-1] == "… and 4,950 more problems"
    assert len(str(caught.value)) < 20_000


def test_a_key_given_twice_is_refused(tmp_path, minimal_config):
    # A second data_folder: was accepted and won (item 13).
    path = tmp_path / "testby.yaml"
    path.write_text(yaml.safe_dump(minimal_config) + "data_folder: /elsewhere\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_client_config(path)
    line = yaml.safe_dump(minimal_config).split("\n").index("data_folder: data/clients/testby") + 1
    assert caught.value.problems == [f"line {len(yaml.safe_dump(minimal_config).splitlines()) + 1}: key "
                                     f"'data_folder' is given twice in the same mapping (first on line {line}); "
                                     "remove one"]
    nested = yaml.safe_dump(minimal_config) + "business_hours: {start: '08:00', start: '09:00'}\n"
    path.write_text(nested, encoding="utf-8")
    with pytest.raises(ConfigError, match="key 'start' is given twice"):
        load_client_config(path)
    # the same key in two different mappings is fine
    path.write_text(yaml.safe_dump(dict(minimal_config, peers=[{"slug": "a", "name": "A"}, {"slug": "b", "name": "B"}])),
                    encoding="utf-8")
    assert [peer.slug for peer in load_client_config(path).peers] == ["a", "b"]


def test_an_unknown_judgement_trait_is_refused_with_the_known_ones(minimal_config):
    # A misspelt trait was dropped silently (item 15).
    with pytest.raises(ConfigError) as caught:
        validate_client_config(dict(minimal_config, judgement={"playfull": {"status": "strong"}}), source="test")
    assert caught.value.problems == [
        "judgement: unknown trait 'playfull': the traits the strategist judges are playful, "
        "segmentation_and_personalisation, data_based_decisions, open_and_sharing "
        "(data/reference/scorecard.yaml; the others are measured)"]
    config = validate_client_config(dict(minimal_config, judgement={"playful": {"status": "strong"}}), source="test")
    assert config.judgement == {"playful": {"status": "strong", "note": ""}}


def test_an_edition_of_another_client_file_never_overwrites_it(tmp_path, minimal_config, monkeypatch):
    # `sermo render clients/fjordvik.yml` with other data silently replaced editions/fjordvik (item 14).
    from sermo_helpers.config import claim_edition

    monkeypatch.setenv("SERMO_HOME", str(tmp_path))
    (tmp_path / "clients").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = load_client_config(write(tmp_path / "clients", minimal_config))
    assert real.source_file == "clients/testby.yaml"
    edition = tmp_path / "editions" / "testby"
    claim_edition(real, edition)
    assert (edition / "work" / "client-file.txt").read_text() == "clients/testby.yaml\n"
    claim_edition(real, edition)  # the same file again: fine
    impostor = load_client_config(write(elsewhere, dict(minimal_config, display_name="Andre data")))
    with pytest.raises(ConfigError) as caught:
        claim_edition(impostor, edition)
    assert str(caught.value).startswith(f"elsewhere/testby.yaml: the edition {edition} belongs to the client "
                                        "file clients/testby.yaml; an edition of another client file never overwrites it")
    # a .yml twin beside the .yaml file is refused when loading
    write(tmp_path / "clients", minimal_config, name="testby.yml")
    with pytest.raises(ConfigError, match="there is also .*testby.yaml; two client files for one slug"):
        load_client_config(tmp_path / "clients" / "testby.yml")
    # an edition made before the owner was recorded belongs to clients/<slug>.yaml
    old = tmp_path / "editions" / "old"
    old.mkdir(parents=True)
    (old / "handout.html").write_text("<html></html>")
    (tmp_path / "clients" / "old.yaml").write_text(yaml.safe_dump(dict(minimal_config, slug="old")))
    with pytest.raises(ConfigError, match="belongs to the client file clients/old.yaml"):
        claim_edition(load_client_config(write(elsewhere, dict(minimal_config, slug="old"), name="old.yaml")), old)


def test_render_refuses_an_edition_of_another_client_file(tmp_path, minimal_config, monkeypatch):
    from sermo_helpers.render import render_edition

    monkeypatch.setenv("SERMO_HOME", str(tmp_path))
    (tmp_path / "clients").mkdir()
    edition = tmp_path / "editions" / "testby"
    (edition / "work").mkdir(parents=True)
    (edition / "work" / "client-file.txt").write_text("clients/testby.yaml\n")
    impostor = load_client_config(write(tmp_path, minimal_config))
    with pytest.raises(ConfigError, match="belongs to the client file clients/testby.yaml"):
        render_edition(impostor, out_root=tmp_path / "editions")
    assert sorted(path.name for path in edition.iterdir()) == ["work"]
