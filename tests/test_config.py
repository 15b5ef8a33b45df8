import datetime as dt
import pickle

import pytest
import yaml

from sermo_helpers import paths
from sermo_helpers.config import (PARAMETER_NAMES, BusinessHours, client_from_parameters,
                                  load_client_config, validate_client_config)
from sermo_helpers.errors import ConfigError


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
    assert (fjordvik.organisation_type, fjordvik.written_standard) == ("municipality", "nynorsk")
    assert (coastline.organisation_type, coastline.written_standard) == ("central_state", None)
