"""Client configuration: one YAML file per client, ``clients/<slug>.yaml``.

The file's keys are exactly the stage notebooks' parameter names, so one client file drives all
four notebooks (``papermill notebooks/01_listen.ipynb out.ipynb -f clients/<slug>.yaml`` works as
it is). :func:`load_client_config` reads and validates a file; :func:`client_from_parameters` builds
the same object inside a notebook from its injected parameters. Every problem in a file is
reported at once: unknown keys, missing fields, wrong types, unsafe slugs, unknown time zones.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from . import paths
from .errors import ConfigError

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LANGUAGES = ("nb", "en")
CHANNELS = ("facebook", "instagram", "x", "youtube", "linkedin", "tiktok", "snapchat", "web", "blog")
JUDGEMENT_STATUSES = ("strong", "developing", "weak")
# The Language Act's (språklova's) kinds of public body; "other" for everyone it does not bind.
ORGANISATION_TYPES = ("central_state", "regional_state", "county", "municipality", "other")
# A municipality's or county's decision on its written standard (språklova § 11); neutral when it made none.
WRITTEN_STANDARDS = ("nynorsk", "bokmål", "neutral")
CHOOSES_WRITTEN_STANDARD = ("municipality", "county")


@dataclass(frozen=True)
class BusinessHours:
    start: dt.time = dt.time(8, 0)
    end: dt.time = dt.time(15, 30)
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")

    @property
    def weekday_numbers(self) -> tuple[int, ...]:
        """Weekdays as numbers, Monday = 0, as pandas and datetime count them."""
        return tuple(WEEKDAYS.index(day) for day in self.days)


@dataclass(frozen=True)
class Peer:
    slug: str
    name: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClientConfig:
    """A validated client configuration; see ``clients/README.md`` for every field."""

    slug: str
    display_name: str
    language: str
    period_start: dt.date
    period_end: dt.date
    data_folder: str
    own_accounts: dict[str, tuple[str, ...]]
    keywords: tuple[str, ...]
    peers: tuple[Peer, ...] = ()
    timezone: str = "Europe/Oslo"
    business_hours: BusinessHours = field(default_factory=BusinessHours)
    public_figures: tuple[str, ...] = ()
    response_targets_minutes: tuple[int, ...] = (60, 1440)
    judgement: dict[str, dict[str, str]] = field(default_factory=dict)
    organisation_type: str = "other"
    written_standard: str | None = None

    @property
    def data_path(self) -> Path:
        """The client's data folder, resolved against the project root."""
        return paths.resolve(self.data_folder)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def own_account_names(self) -> set[str]:
        return {name.lower() for names in self.own_accounts.values() for name in names}

    def to_parameters(self) -> dict:
        """Plain values for papermill, the same keys as the client file."""
        return {
            "slug": self.slug,
            "display_name": self.display_name,
            "language": self.language,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "data_folder": self.data_folder,
            "own_accounts": {channel: list(names) for channel, names in self.own_accounts.items()},
            "keywords": list(self.keywords),
            "peers": [{"slug": p.slug, "name": p.name, "keywords": list(p.keywords)} for p in self.peers],
            "timezone": self.timezone,
            "business_hours": {
                "start": self.business_hours.start.strftime("%H:%M"),
                "end": self.business_hours.end.strftime("%H:%M"),
                "days": list(self.business_hours.days),
            },
            "public_figures": list(self.public_figures),
            "response_targets_minutes": list(self.response_targets_minutes),
            "judgement": {trait: dict(value) for trait, value in self.judgement.items()},
            "organisation_type": self.organisation_type,
            "written_standard": self.written_standard,
        }


REQUIRED = ("slug", "display_name", "language", "period_start", "period_end", "data_folder",
            "own_accounts", "keywords")
OPTIONAL = ("peers", "timezone", "business_hours", "public_figures", "response_targets_minutes",
            "judgement", "organisation_type", "written_standard")
PARAMETER_NAMES = REQUIRED + OPTIONAL


def load_client_config(path_or_slug: str | Path) -> ClientConfig:
    """Read and validate a client file, given its path or a slug under ``clients/``.

    Raises ConfigError listing every problem, naming the file.
    """
    path = Path(path_or_slug)
    if path.suffix not in (".yaml", ".yml"):
        slug = str(path_or_slug)
        if not SLUG_PATTERN.match(slug):
            raise ConfigError(
                f"{slug!r} is neither a client file (.yaml) nor a valid client slug "
                "(lower-case letters, digits and hyphens, no slashes or dots).",
                path=slug, problems=["unsafe or invalid slug"])
        path = paths.clients_dir() / f"{slug}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in paths.clients_dir().glob("*.yaml"))
        raise ConfigError(f"No client file at {path}. Known clients: {', '.join(known) or 'none'}.",
                          path=str(path), problems=["file not found"])
    config = validate_client_config(read_yaml(path, what="client file"), source=path)
    if config.slug != path.stem:
        raise ConfigError(f"{path}: the slug {config.slug!r} must match the file name {path.stem!r}.",
                          path=str(path), problems=["slug does not match file name"])
    return config


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present: about 10x faster


def read_yaml(path: Path, *, what: str):
    """The content of a YAML settings file; ConfigError naming the file when it is missing or unreadable."""
    try:
        return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except FileNotFoundError:
        raise ConfigError(f"No {what} at {path}.", path=str(path), problems=["file not found"]) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}", path=str(path), problems=[str(exc)]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text: {exc}", path=str(path), problems=[str(exc)]) from None


def client_from_parameters(namespace: dict) -> ClientConfig:
    """Build the client configuration from a notebook's parameters (pass ``globals()``)."""
    raw = {name: namespace[name] for name in PARAMETER_NAMES if name in namespace}
    return validate_client_config(raw, source="notebook parameters")


def validate_client_config(raw, *, source) -> ClientConfig:
    """Validate a mapping as a client configuration; raise ConfigError listing every problem."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping of settings, found {type(raw).__name__}.",
                          path=str(source), problems=["not a mapping"])
    for key in raw:
        if key not in PARAMETER_NAMES:
            problems.append(f"unknown key {key!r} (known keys: {', '.join(PARAMETER_NAMES)})")
    for key in REQUIRED:
        if key not in raw or raw[key] is None:
            problems.append(f"missing required key {key!r}")
    values = {}
    checks = {
        "slug": _slug, "display_name": _text, "language": _language, "period_start": _date,
        "period_end": _date, "data_folder": _data_folder, "own_accounts": _own_accounts,
        "keywords": _text_list, "peers": _peers, "timezone": _timezone,
        "business_hours": _business_hours, "public_figures": _text_list,
        "response_targets_minutes": _targets, "judgement": _judgement,
        "organisation_type": _organisation_type, "written_standard": _written_standard,
    }
    for key, check in checks.items():
        if raw.get(key) is None:
            continue
        try:
            values[key] = check(raw[key])
        except ValueError as exc:
            problems.append(f"{key}: {exc}")
    if not problems and values["period_end"] < values["period_start"]:
        problems.append(f"period_end {values['period_end']} is before period_start {values['period_start']}")
    problems.extend(_written_standard_fits(raw, values))
    if problems:
        raise ConfigError(
            f"Client configuration {source} is invalid:\n" + "\n".join(f"  - {p}" for p in problems),
            path=str(source), problems=problems)
    return ClientConfig(**values)


def _found(value) -> str:
    return f"found {type(value).__name__} {value!r}"


def _text(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected non-empty text, {_found(value)}")
    return value.strip()


def _slug(value) -> str:
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        raise ValueError("expected a safe slug: lower-case letters, digits and hyphens, starting with a "
                         f"letter or digit, no slashes, dots or '..'; {_found(value)}")
    return value


def _language(value) -> str:
    if value not in LANGUAGES:
        raise ValueError(f"expected one of {', '.join(LANGUAGES)}, {_found(value)}")
    return value


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"expected a date as YYYY-MM-DD, {_found(value)}")


def _data_folder(value) -> str:
    text = _text(value)
    if ".." in Path(text).parts:
        raise ValueError(f"expected a folder inside the project or an absolute path without '..', found {text!r}")
    return text


def _text_list(value) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"expected a list of non-empty texts, {_found(value)}")
    return tuple(v.strip() for v in value)


def _own_accounts(value) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict) or not value:
        raise ValueError(f"expected a mapping of channel to list of account names, {_found(value)}")
    out = {}
    for channel, names in value.items():
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r} (known: {', '.join(CHANNELS)})")
        if isinstance(names, str):
            names = [names]
        out[channel] = _text_list(names)
    return out


def _peers(value) -> tuple[Peer, ...]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of peers with slug, name and keywords, {_found(value)}")
    peers = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or set(item) - {"slug", "name", "keywords"} or not {"slug", "name"} <= set(item):
            raise ValueError(f"peer {index + 1}: expected keys slug, name and optional keywords, {_found(item)}")
        peers.append(Peer(_slug(item["slug"]), _text(item["name"]), _text_list(item.get("keywords", []))))
    return tuple(peers)


def _timezone(value) -> str:
    try:
        ZoneInfo(_text(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"expected an IANA time zone such as Europe/Oslo, {_found(value)}") from None
    return value


def _clock(value, name) -> dt.time:
    if isinstance(value, int) and not isinstance(value, bool):  # YAML reads 08:00 as sexagesimal minutes
        value = f"{value // 60:02d}:{value % 60:02d}"
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name}: expected a time as HH:MM, {_found(value)}") from None


def _business_hours(value) -> BusinessHours:
    if not isinstance(value, dict) or set(value) - {"start", "end", "days"}:
        raise ValueError(f"expected a mapping with start, end and days, {_found(value)}")
    default = BusinessHours()
    start = _clock(value.get("start", "08:00"), "start")
    end = _clock(value.get("end", "15:30"), "end")
    if end <= start:
        raise ValueError(f"end {end} must be after start {start}")
    days = value.get("days", list(default.days))
    if not isinstance(days, list) or not days or any(day not in WEEKDAYS for day in days):
        raise ValueError(f"days: expected a list from {', '.join(WEEKDAYS)}, {_found(days)}")
    return BusinessHours(start, end, tuple(days))


def _targets(value) -> tuple[int, ...]:
    if (not isinstance(value, list) or not value
            or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)):
        raise ValueError(f"expected a list of positive whole minutes such as [60, 1440], {_found(value)}")
    return tuple(sorted(value))


def _judgement(value) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping of trait to {{status, note}}, {_found(value)}")
    out = {}
    for trait, item in value.items():
        if (not isinstance(item, dict) or set(item) - {"status", "note"}
                or item.get("status") not in JUDGEMENT_STATUSES):
            raise ValueError(f"{trait}: expected status ({', '.join(JUDGEMENT_STATUSES)}) and an optional "
                             f"note, {_found(item)}")
        out[str(trait)] = {"status": item["status"], "note": str(item.get("note", ""))}
    return out


def _organisation_type(value) -> str:
    if value not in ORGANISATION_TYPES:
        raise ValueError(f"expected one of {', '.join(ORGANISATION_TYPES)}, {_found(value)}")
    return value


def _written_standard(value) -> str:
    if value not in WRITTEN_STANDARDS:
        raise ValueError(f"expected one of {', '.join(WRITTEN_STANDARDS)}, {_found(value)}")
    return value


def _written_standard_fits(raw: dict, values: dict) -> list[str]:
    """Municipalities and counties state their written standard; no other kind of body has one."""
    organisation_type = raw.get("organisation_type")
    if organisation_type not in ORGANISATION_TYPES:  # already reported, or the default "other"
        organisation_type = "other" if organisation_type is None else None
    if organisation_type in CHOOSES_WRITTEN_STANDARD and raw.get("written_standard") is None:
        return [f"missing key 'written_standard' for organisation_type {organisation_type!r}: expected one of "
                f"{', '.join(WRITTEN_STANDARDS)} (a {organisation_type} that has made no decision is neutral)"]
    if organisation_type not in (None, *CHOOSES_WRITTEN_STANDARD) and "written_standard" in values:
        return [f"written_standard: only a municipality or a county chooses a written standard, found "
                f"{values['written_standard']!r} for organisation_type {organisation_type!r} "
                "(leave it out or set it to null)"]
    return []


def config_as_dict(config: ClientConfig) -> dict:
    return asdict(config)
