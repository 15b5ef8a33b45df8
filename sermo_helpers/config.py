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
import reprlib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from . import paths
from .errors import ConfigError
from .i18n import LANGUAGES  # the handout languages: one list, kept with the labels

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
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
    ignore_files: tuple[str, ...] = ()  # files of the data folder left out on purpose (names or * patterns)
    allow_partial: bool = False  # render from the files that load when others are refused
    # What the handout calls the client (definite form per language nb/nn/en), overriding the default
    # of its organisation_type (i18n.organisation_nouns); None: the default.
    organisation_noun: dict[str, str] | None = None
    # The client file it was read from ("" when built from notebook parameters); not a parameter.
    source_file: str = field(default="", compare=False, repr=False)

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
            "ignore_files": list(self.ignore_files),
            "allow_partial": self.allow_partial,
            "organisation_noun": dict(self.organisation_noun or {}),  # {}: the organisation type's default
        }

    def organisation_nouns(self) -> dict[str, str]:
        """What the handout calls the client per language (nb, nn, en), definite form: the client file's
        ``organisation_noun`` where given, else its organisation type's default ("kommunen")."""
        from .i18n import organisation_nouns

        return organisation_nouns(self.organisation_type, self.organisation_noun)


REQUIRED = ("slug", "display_name", "language", "period_start", "period_end", "data_folder",
            "own_accounts", "keywords")
OPTIONAL = ("peers", "timezone", "business_hours", "public_figures", "response_targets_minutes",
            "judgement", "organisation_type", "written_standard", "ignore_files", "allow_partial",
            "organisation_noun")
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
                f"{_shown(slug)} is neither a client file (.yaml) nor a valid client slug "
                "(lower-case letters, digits and hyphens, no slashes or dots).",
                path=slug, problems=["unsafe or invalid slug"])
        path = paths.clients_dir() / f"{slug}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in paths.clients_dir().glob("*.yaml"))
        raise ConfigError(f"No client file at {path}. Known clients: {', '.join(known) or 'none'}.",
                          path=str(path), problems=["file not found"])
    twins = sorted(str(twin) for twin in (path.with_suffix(".yaml"), path.with_suffix(".yml"))
                   if twin != path and twin.is_file())
    if twins:
        raise ConfigError(f"{path}: there is also {twins[0]}; two client files for one slug would write the same "
                          "edition. Keep one of them.", path=str(path), problems=["two client files for one slug"])
    config = validate_client_config(read_yaml(path, what="client file"), source=path)
    if config.slug != path.stem:
        raise ConfigError(f"{path}: the slug {config.slug!r} must match the file name {path.stem!r}.",
                          path=str(path), problems=["slug does not match file name"])
    return replace(config, source_file=_source_name(path))


def _source_name(path: Path) -> str:
    """A client file's name as recorded with its edition: relative to the project when inside it."""
    resolved = Path(path).resolve()
    root = paths.project_root().resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(resolved)


EDITION_SOURCE = ("work", "client-file.txt")  # inside editions/<slug>/: which client file the edition is of


def claim_edition(client: ClientConfig, edition_dir: Path) -> None:
    """Check that ``edition_dir`` is this client file's edition (recording it on the first render).

    An edition folder belongs to the client file that first rendered into it (for an edition made
    before this was recorded: ``clients/<slug>.yaml``, when it exists). A client built from notebook
    parameters has no file and is not checked.
    Raises ConfigError naming both files when another client file with the same slug would
    overwrite the edition.
    """
    if not client.source_file:
        return
    record = Path(edition_dir).joinpath(*EDITION_SOURCE)
    if record.is_file():
        owner = record.read_text(encoding="utf-8").strip()
    elif (Path(edition_dir) / "handout.html").exists() and (paths.clients_dir() / f"{client.slug}.yaml").is_file():
        owner = _source_name(paths.clients_dir() / f"{client.slug}.yaml")
    else:
        owner = ""
    if owner and owner != client.source_file:
        raise ConfigError(f"{client.source_file}: the edition {edition_dir} belongs to the client file {owner}; "
                          "an edition of another client file never overwrites it. Give this client another slug "
                          "(and file name), or render it with --out into another folder.",
                          path=client.source_file, problems=[f"edition belongs to {owner}"])
    if owner != client.source_file:
        from .files import atomic_write

        atomic_write(record, client.source_file + "\n")


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present: about 10x faster
MAX_SETTINGS_BYTES = 1_000_000  # a client file is a few kilobytes; the reference files under 100 kB


def read_yaml(path: Path, *, what: str):
    """The content of a YAML settings file; ConfigError naming the file when it is missing or unreadable.

    Refused before any value is built: files over :data:`MAX_SETTINGS_BYTES`, aliases (``*name``,
    which can expand a small file into gigabytes: "billion laughs") and a key given twice in one
    mapping (the last would silently win).
    """
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_SETTINGS_BYTES + 1)
        if len(data) > MAX_SETTINGS_BYTES:
            raise ConfigError(f"{path}: a {what} must be at most {MAX_SETTINGS_BYTES:,} bytes; this one is larger. "
                              "Is it the right file?", path=str(path), problems=["file too large"])
        text = data.decode("utf-8")
        problems = _structure_problems(text)
        if problems:
            raise ConfigError(f"{path} is not accepted as a {what}:\n" + "\n".join(f"  - {p}" for p in problems),
                              path=str(path), problems=problems)
        return yaml.load(text, Loader=_YAML_LOADER)
    except FileNotFoundError:
        raise ConfigError(f"No {what} at {path}.", path=str(path), problems=["file not found"]) from None
    except IsADirectoryError:
        raise ConfigError(f"{path} is a folder, not a {what}.", path=str(path), problems=["a folder"]) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {_shown_text(exc)}", path=str(path),
                          problems=[_shown_text(exc)]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text: {exc}", path=str(path), problems=[str(exc)]) from None


def _structure_problems(text: str) -> list[str]:
    """Aliases and repeated keys, found in the parser's events (no value is built, nothing expanded)."""
    problems: list[str] = []
    stack: list[dict | None] = []  # per open collection: a mapping's state, or None for a sequence

    def node(event, key=None) -> None:
        if stack and stack[-1] is not None:
            state = stack[-1]
            if state["expect_key"] and key is not None:
                line = event.start_mark.line + 1
                if key in state["keys"]:
                    problems.append(f"line {line}: key {_shown_text(key)} is given twice in the same mapping "
                                    f"(first on line {state['keys'][key]}); remove one")
                else:
                    state["keys"][key] = line
            state["expect_key"] = not state["expect_key"]

    aliases: dict[str, list[int]] = {}  # anchor name -> [first line, uses]
    for event in yaml.parse(text, Loader=_YAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            seen = aliases.setdefault(event.anchor, [event.start_mark.line + 1, 0])
            seen[1] += 1
            node(event)
        elif isinstance(event, yaml.ScalarEvent):
            node(event, key=event.value)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            node(event)
            stack.append({"keys": {}, "expect_key": True} if isinstance(event, yaml.MappingStartEvent) else None)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
    for anchor, (line, uses) in list(aliases.items())[:MAX_PROBLEMS]:
        problems.append(f"line {line}: aliases (*{_shown_text(anchor, quote=False)}, used {uses:,} "
                        f"time{'s' if uses != 1 else ''}) are not accepted; write the value out")
    return problems[:MAX_PROBLEMS]


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
            problems.append(f"unknown key {_shown(key)} (known keys: {', '.join(PARAMETER_NAMES)})")
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
        "ignore_files": _ignore_files, "allow_partial": _flag, "organisation_noun": _organisation_noun,
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
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"… and {len(problems) - MAX_PROBLEMS:,} more problems")
        raise ConfigError(
            f"Client configuration {source} is invalid:\n" + "\n".join(f"  - {p}" for p in shown),
            path=str(source), problems=shown)
    return ClientConfig(**values)


MAX_PROBLEMS = 50  # a message lists at most this many problems, then says how many more there are
_SHOWN = reprlib.Repr()
_SHOWN.maxstring, _SHOWN.maxother, _SHOWN.maxlist, _SHOWN.maxdict, _SHOWN.maxlevel = 60, 60, 5, 5, 3


def _shown(value) -> str:
    """A short ``repr`` of any value (long texts and lists are cut): a message never echoes a huge value."""
    return _SHOWN.repr(value)


def _shown_text(value, *, quote: bool = True) -> str:
    text = str(value)
    if len(text) > 300:
        text = text[:300] + f"… ({len(text):,} characters)"
    return repr(text) if quote else text


def _found(value) -> str:
    size = f" of {len(value):,} characters" if isinstance(value, str) and len(value) > 60 else ""
    return f"found {type(value).__name__}{size} {_shown(value)}"


MAX_NAME = 200  # a name, keyword, handle or data folder
MAX_NOTE = 2_000  # a judgement note
MAX_ITEMS = 1_000  # entries in one list (keywords, public figures, peers, accounts of a channel)


def _text(value, *, limit: int = MAX_NAME) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected non-empty text, {_found(value)}")
    if len(value.strip()) > limit:
        raise ValueError(f"expected at most {limit:,} characters, {_found(value)}")
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
    text = _text(value, limit=1_000)
    if ".." in Path(text).parts:
        raise ValueError(f"expected a folder inside the project or an absolute path without '..', found {_shown(text)}")
    return text


def _text_list(value) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"expected a list of non-empty texts, {_found(value)}")
    if len(value) > MAX_ITEMS:
        raise ValueError(f"expected at most {MAX_ITEMS:,} entries, found {len(value):,}")
    return tuple(_text(v) for v in value)


def _own_accounts(value) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):  # {} is fine: a client without own accounts (listening only)
        raise ValueError(f"expected a mapping of channel to list of account names, {_found(value)}")
    out = {}
    for channel, names in value.items():
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {_shown(channel)} (known: {', '.join(CHANNELS)})")
        if isinstance(names, str):
            names = [names]
        out[channel] = _text_list(names)
    return out


def _ignore_files(value) -> tuple[str, ...]:
    names = _text_list(value)
    for name in names:
        if name.startswith(("/", "~")) or "\\" in name or ".." in name.split("/"):
            raise ValueError(f"expected file names inside the data folder (e.g. 'old/export.csv' or '*.tmp'), "
                             f"found {_shown(name)}")
    return names


def _flag(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, {_found(value)}")
    return value


def _peers(value) -> tuple[Peer, ...]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of peers with slug, name and keywords, {_found(value)}")
    if len(value) > MAX_ITEMS:
        raise ValueError(f"expected at most {MAX_ITEMS:,} peers, found {len(value):,}")
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
    if len(value) > 10:
        raise ValueError(f"expected at most 10 targets, found {len(value):,}")
    return tuple(sorted(value))


def judgement_traits() -> tuple[str, ...]:
    """The traits the strategist judges (``judgement: true`` in ``data/reference/scorecard.yaml``)."""
    from .strategy.scorecard import load_scorecard  # the scorecard reads its file with read_yaml above

    return load_scorecard().judgement_traits


def _judgement(value) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping of trait to {{status, note}}, {_found(value)}")
    known = judgement_traits()
    out = {}
    for trait, item in value.items():
        if trait not in known:
            raise ValueError(f"unknown trait {_shown(trait)}: the traits the strategist judges are "
                             f"{', '.join(known)} (data/reference/scorecard.yaml; the others are measured)")
        if (not isinstance(item, dict) or set(item) - {"status", "note"}
                or item.get("status") not in JUDGEMENT_STATUSES
                or not isinstance(item.get("note", ""), (str, type(None)))):
            raise ValueError(f"{trait}: expected status ({', '.join(JUDGEMENT_STATUSES)}) and an optional "
                             f"note (text), {_found(item)}")
        note = item.get("note") or ""
        if len(note) > MAX_NOTE:
            raise ValueError(f"{trait}: the note must be at most {MAX_NOTE:,} characters, found {len(note):,}")
        out[str(trait)] = {"status": item["status"], "note": note}
    return out


def _organisation_type(value) -> str:
    if value not in ORGANISATION_TYPES:
        raise ValueError(f"expected one of {', '.join(ORGANISATION_TYPES)}, {_found(value)}")
    return value


ORGANISATION_NOUN_LANGUAGES = ("nb", "nn", "en")
_NOUN = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+){0,5}$")  # a few words of letters


def _organisation_noun(value) -> dict[str, str] | None:
    example = "e.g. {nb: helseforetaket, nn: helseføretaket, en: the health trust}"
    if value == {}:
        return None  # the organisation type's default (as when the key is left out)
    if not isinstance(value, dict):
        raise ValueError(f"expected what the handout calls the client per language ({', '.join(ORGANISATION_NOUN_LANGUAGES)}), "
                         f"in the definite form, {example}; {_found(value)}")
    out = {}
    for language, noun in value.items():
        if language not in ORGANISATION_NOUN_LANGUAGES:
            raise ValueError(f"unknown language {_shown(language)} (expected {', '.join(ORGANISATION_NOUN_LANGUAGES)}), {example}")
        if not isinstance(noun, str) or not _NOUN.match(noun.strip()) or len(noun.strip()) > 60:
            raise ValueError(f"{language}: expected a noun in the definite form, at most six words of letters and "
                             f"60 characters (such as \"kommunen\" or \"the agency\"), {_found(noun)}")
        noun = noun.strip()
        if noun[:1].isupper():  # it stands inside sentences ("svarer på kommunens kontoer")
            raise ValueError(f"{language}: expected the noun as written inside a sentence, in lower case "
                             f"(\"{noun[:1].lower() + noun[1:]}\"), {_found(noun)}")
        out[str(language)] = noun
    return out


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
