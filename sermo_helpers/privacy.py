"""Privacy: private persons never appear by name, handle or contact details in what a handout shows.

Two steps, both run by :func:`protect_personal_data` while the workbook prepares the data
(``workbook.prepare_data``), before any stage sees a text:

**Masking** (:func:`mask_personal_data`), in every mention's and post's text, after Unicode NFKC
normalisation (so full-width ``＠`` and digits count as ``@`` and digits):

- e-mail addresses (``name@domain.tld``) become ``[e-post]`` / ``[e-mail]``;
- Norwegian phone numbers become ``[telefon]`` / ``[phone]``: eight digits starting with 2-9, written
  together or grouped 3-2-3, 2-2-2-2 or 4-4 with spaces or hyphens, with or without ``+47`` / ``0047``;
- national identity numbers (fødselsnummer, also D- and H-numbers and Skatteetaten's synthetic
  test numbers) become ``[fødselsnummer]`` / ``[national id number]``: eleven digits (``DDMMYY NNNNN``
  with or without a space) whose date part is a possible date and whose two check digits are right.

**Pseudonymising** (:func:`pseudonymise`): private persons' names and handles are replaced with a
stable pseudonym, such as ``Innbygger 3F9A2C`` (bokmål) or ``Citizen 3F9A2C`` (English), in the
author column and, in texts, wherever they occur: ``@handles`` (matched with the character rules of
the mention's platform: X ``A-Z a-z 0-9 _``; Instagram, Threads and TikTok also ``.``; Facebook
``A-Z a-z 0-9 .``; LinkedIn ``A-Z a-z 0-9 -``; YouTube letters of any script, digits, ``_ . -``; other
channels any of these; an ``@`` counts when no ASCII letter, digit or ``_`` stands before it, as on
X, so ``spør@ola_b`` is a handle and ``ola@firma`` is not), and the names of private authors known from
the data (full names of two or more words, and one-word names that contain a digit, ``_`` or ``.``,
written with or without ``@``), not case-sensitive. The same person gets the same code in the author
column and in texts, so rankings and threads work the same on pseudonyms; the listening stage's top
terms leave pseudonyms and masks out (:func:`redaction_pattern`).

The code is a keyed hash (HMAC-SHA-256) of the client's slug and the normalised name, keyed with a
**secret per installation** (:func:`pseudonym_secret`): ``$SERMO_PSEUDONYM_SECRET`` when set (batch
and Dask workers), else the file ``$XDG_CONFIG_HOME/sermo/pseudonym-secret`` (default
``~/.config/sermo/``), outside the project, created with 32 random bytes and mode 0600 on first use.
Without the secret nobody can recompute a code from a list of likely handles; with it, the same
person gets the same code in every notebook and edition of a client, and different codes for
different clients. Keep the file (or the variable) stable: a new secret gives every person a new code.
The mapping is never stored or shown. Six hexadecimal digits keep collisions rare (about one pair in
a client with 800 distinct private authors, by the birthday bound).

Names that stay as they are (:func:`is_public_name`): the client's own accounts and name, names in
``client.public_figures``, peers' names and slugs, web addresses with a common top-level domain
(``nrk.no``; not ``ola.nordmann``), and the organisations named in the ecosystem rules
(``data/reference/ecosystem.csv``: outlets, public bodies, and account rules without wildcards).
Everything else is treated as a private person.

**Not caught** (read the texts of a handout before it is published): a private person's name that
is not an author in the data, or a one-word name (``Kari``) in free text; names and handles inside
web addresses (the ``url`` column, which no stage shows); foreign phone numbers and numbers of
other lengths; e-mail addresses written to dodge filters (``kari at gmail dot com``); identity
numbers written with other separators or with a wrong check digit; other identifiers (account
numbers, licence plates, street addresses); personal data in pictures, links or attachments.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
import socket
import unicodedata
from dataclasses import replace as replace_fields
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .config import ClientConfig
from .errors import AnalysisError, ConfigError, LoadError
from .i18n import label
from .text import prefilter

CODE_DIGITS = 6
# A web address with a common top-level domain (so "ola.nordmann", an Instagram handle, is not one).
DOMAIN_PATTERN = re.compile(r"^(?:https?://)?(?:[a-z0-9-]+\.)+(?:no|com|org|net|se|dk|fi|is|eu|uk|de|nu|io|info|"
                            r"gov|edu|int|tv|fm|media)(?:[/:]\S*)?$")

# ------------------------------------------------------------------------------------------------
# The secret that keys the pseudonyms
# ------------------------------------------------------------------------------------------------
SECRET_VARIABLE = "SERMO_PSEUDONYM_SECRET"
SECRET_FILE_NAME = "pseudonym-secret"
MIN_SECRET_LENGTH = 16


def secret_path() -> Path:
    """Where this installation's secret is kept: ``$XDG_CONFIG_HOME/sermo/pseudonym-secret`` (default ``~/.config``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "sermo" / SECRET_FILE_NAME


_SECRETS: dict[tuple, bytes] = {}


def pseudonym_secret(*, create: bool = True) -> bytes:
    """The secret keying the pseudonyms: ``$SERMO_PSEUDONYM_SECRET``, else :func:`secret_path` (created once).

    Raises ConfigError when the variable is set but shorter than 16 characters, when the file is
    readable by others, or when there is no secret and ``create`` is False (a batch worker on
    another machine must be given the installation's secret, never make its own).
    """
    value = os.environ.get(SECRET_VARIABLE)
    path = secret_path()
    key = (value, str(path))
    if key in _SECRETS:
        return _SECRETS[key]
    if value:  # set and not empty (an empty variable counts as unset)
        if len(value.strip()) < MIN_SECRET_LENGTH:
            raise ConfigError(f"${SECRET_VARIABLE} must hold at least {MIN_SECRET_LENGTH} characters (found "
                              f"{len(value.strip())}); copy the value of {path} from the machine that made it.",
                              path=SECRET_VARIABLE, problems=["secret too short"])
        secret = value.strip().encode("utf-8")
    else:
        secret = _read_or_create_secret(path, create=create)
    _SECRETS[key] = secret
    return secret


def _read_or_create_secret(path: Path, *, create: bool) -> bytes:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except PermissionError as error:
        raise ConfigError(f"Cannot read the pseudonym secret at {path} ({error.strerror}); set ${SECRET_VARIABLE} "
                          "or make the file readable by you alone.", path=str(path),
                          problems=["cannot read the pseudonym secret"]) from None
    except (FileNotFoundError, NotADirectoryError):
        if not create:
            raise ConfigError(
                f"No pseudonym secret on {socket.gethostname()}: neither ${SECRET_VARIABLE} nor {path} exists. "
                f"Give every batch or Dask worker the installation's secret: set ${SECRET_VARIABLE} to the "
                "content of the secret file on the machine that rendered before (README, 'Safety and privacy'); "
                "a secret of its own would give every person different pseudonyms.",
                path=str(path), problems=["no pseudonym secret"]) from None
        # Written whole to a private temporary file, then linked into place: a process starting at the
        # same moment finds either no file or the whole secret, and only one secret is ever kept.
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as error:
            raise ConfigError(f"Cannot create the pseudonym secret at {path} ({error.strerror}): set "
                              f"${SECRET_VARIABLE} (at least {MIN_SECRET_LENGTH} characters, kept private and "
                              "stable), or $XDG_CONFIG_HOME to a folder you can write.",
                              path=str(path), problems=["cannot create the pseudonym secret"]) from None
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as stream:
                stream.write(secrets.token_hex(32) + "\n")
                stream.flush()
                os.fsync(stream.fileno())
            try:
                os.link(temporary, path)
            except FileExistsError:  # another process made it a moment ago: use theirs
                pass
        finally:
            temporary.unlink(missing_ok=True)
        return _read_or_create_secret(path, create=False)
    with os.fdopen(descriptor, "r", encoding="utf-8") as stream:
        if os.fstat(stream.fileno()).st_mode & 0o077:
            raise ConfigError(f"{path} can be read by other users; it keys the pseudonyms, so keep it private: "
                              f"chmod 600 {path}", path=str(path), problems=["secret readable by others"])
        secret = stream.read().strip()
    if len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(f"{path} holds no usable secret (fewer than {MIN_SECRET_LENGTH} characters); remove it "
                          "to have a new one made (every person then gets a new pseudonym).",
                          path=str(path), problems=["secret too short"])
    return secret.encode("utf-8")


def secret_fingerprint() -> str:
    """A short public fingerprint of the secret (to check that workers share it; it reveals nothing of it)."""
    return hashlib.sha256(b"sermo-secret-fingerprint:" + pseudonym_secret()).hexdigest()[:12]


def require_secret(fingerprint: str) -> None:
    """Check, on a batch or Dask worker, that this machine has the installation's secret (never creating one).

    Raises ConfigError saying what to set when the secret is missing or differs.
    """
    secret = pseudonym_secret(create=False)
    mine = hashlib.sha256(b"sermo-secret-fingerprint:" + secret).hexdigest()[:12]
    if mine != fingerprint:
        raise ConfigError(f"The pseudonym secret on {socket.gethostname()} (fingerprint {mine}) is not the one the "
                          f"render was started with ({fingerprint}): set ${SECRET_VARIABLE} on every worker to the "
                          "installation's secret, or pseudonyms would differ between editions.",
                          path=SECRET_VARIABLE, problems=["different pseudonym secret"])


# ------------------------------------------------------------------------------------------------
# Pseudonyms
# ------------------------------------------------------------------------------------------------
def _normalise(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).strip().lower().lstrip("@").split())


def pseudonym_code(name: str, client: ClientConfig, *, secret: bytes | None = None) -> str:
    """The stable code of ``name`` for this client: six upper-case hexadecimal digits (keyed with
    ``secret``, default the installation's :func:`pseudonym_secret`)."""
    message = f"{client.slug}\x00{_normalise(name)}".encode()
    return hmac.new(secret or pseudonym_secret(), message, hashlib.sha256).hexdigest()[:CODE_DIGITS].upper()


def pseudonym(name: str, client: ClientConfig, *, language: str | None = None) -> str:
    """``Innbygger 3F9A2C`` / ``Citizen 3F9A2C`` for a private person's name or handle."""
    return label("privacy.person", language or client.language, code=pseudonym_code(name, client))


def reveal_secret() -> bytes:
    """The installation's secret for revealing pseudonyms, never a new one (a new secret reveals nothing).

    Raises ConfigError saying where the secret is looked for when there is none."""
    try:
        return pseudonym_secret(create=False)
    except ConfigError as error:
        raise ConfigError(
            f"Cannot reveal names: revealing needs the secret that made the pseudonyms (${SECRET_VARIABLE}, or "
            f"the file {secret_path()}), and {error.problems[0] if error.problems else 'it cannot be read'} on this "
            "machine. Ask the strategist who rendered the editions for it; it is never stored in the project.",
            path=str(secret_path()), problems=["no pseudonym secret to reveal with"]) from None


def reveal_pseudonyms(pseudonyms, handles, client: ClientConfig, *, secret: bytes | None = None) -> dict:
    """Turn pseudonyms back into the names or handles they stand for (strategist only, never in a handout).

    The mapping is never stored: the keyed code of every known ``handle`` (the authors and ``@handles``
    of the client's raw data, :func:`known_handles`) is computed again with ``secret`` and matched
    against the code in each pseudonym.

    Parameters
    ----------
    pseudonyms : pseudonyms as shown (``Innbygger 3F9A2C`` / ``Citizen 3F9A2C``) or bare codes; other
        values (public names) are returned as they are.
    handles : the names and handles known from the raw data.
    client : the client (its slug keys the codes).
    secret : the installation's secret; default :func:`reveal_secret` (ConfigError when there is none).

    Returns ``{pseudonym: name}``; a pseudonym whose code matches no known handle maps to None, and
    one that matches several (a rare collision of six hex digits) to the names joined by `` / ``.
    """
    secret = secret or reveal_secret()
    wanted = {}
    code_pattern = re.compile(f"([0-9A-F]{{{CODE_DIGITS}}})$")
    for value in pseudonyms:
        if not isinstance(value, str):
            continue
        found = code_pattern.search(value.strip())
        if found and (is_pseudonym(value.strip()) or value.strip() == found.group(1)):
            wanted.setdefault(found.group(1), []).append(value)
    names: dict[str, list[str]] = {}
    for handle in dict.fromkeys(handle for handle in handles if isinstance(handle, str) and handle.strip()):
        code = pseudonym_code(handle, client, secret=secret)
        if code in wanted:
            spelled = names.setdefault(code, [])
            if _normalise(handle) not in {_normalise(name) for name in spelled}:
                spelled.append(handle)
    revealed = {}
    for code, shown in wanted.items():
        found = names.get(code)
        for value in shown:
            revealed[value] = " / ".join(found) if found else None
    for value in pseudonyms:
        if isinstance(value, str) and value not in revealed:
            revealed[value] = value  # not a pseudonym: a public name, shown as it is
    return revealed


def known_handles(mentions: pd.DataFrame) -> list[str]:
    """The names and ``@handles`` a pseudonym can stand for: the authors of the raw (not yet
    pseudonymised) mentions and the ``@handles`` in their texts (each platform's handle rule)."""
    found = dict.fromkeys(mentions["author"].dropna().tolist()) if "author" in mentions.columns else {}
    if "text" in mentions.columns:
        channels = mentions["channel"] if "channel" in mentions.columns else pd.Series(None, index=mentions.index)
        for text, channel in zip(mentions["text"].tolist(), channels.tolist()):
            if isinstance(text, str) and "@" in text:
                for match in handle_pattern(channel if isinstance(channel, str) else None).finditer(text):
                    found.setdefault("@" + match.group(1))
    return list(found)


@functools.cache
def _rule_names() -> frozenset[str]:
    from .ecosystem import load_ecosystem_rules  # reference data; reading it costs a file read

    try:
        rules = load_ecosystem_rules()
    except LoadError:  # no rules file: only the client's own lists protect names
        return frozenset()
    names = {_normalise(name) for name in rules["name"].dropna()}
    plain_accounts = rules[(rules["match_on"] == "account") & ~rules["pattern"].str.contains(r"[*?\[]")]
    names |= {_normalise(pattern) for pattern in plain_accounts["pattern"]}
    return frozenset(names)


def _client_names(client: ClientConfig) -> frozenset[str]:
    names = {_normalise(client.display_name), _normalise(client.slug)}
    names |= {_normalise(name) for name in client.own_account_names}
    names |= {_normalise(name) for name in client.public_figures}
    for peer in client.peers:
        names |= {_normalise(peer.name), _normalise(peer.slug)}
    return frozenset(names)


@functools.cache
def pseudonym_pattern() -> re.Pattern:
    """Matches a pseudonym in either handout language ("Innbygger 3F9A2C", "Citizen 3F9A2C"), also inside text."""
    marker = "\x00"
    words = [re.escape(label("privacy.person", language, code=marker)).replace(marker, f"[0-9A-F]{{{CODE_DIGITS}}}")
             for language in ("nb", "en")]
    return re.compile("(?:" + "|".join(words) + ")")


def is_pseudonym(name) -> bool:
    """True when ``name`` is already a pseudonym, so pseudonymising again leaves it as it is."""
    return isinstance(name, str) and bool(pseudonym_pattern().fullmatch(name))


def is_public_name(name, client: ClientConfig) -> bool:
    """True when ``name`` may be shown as it is (see the module docstring); missing values count as public.

    Pseudonyms count as public: pseudonymising twice (at load and again in a stage) changes nothing.
    """
    return _is_public(name, _client_names(client) | _rule_names())


def _is_public(name, public: frozenset[str], normalise=None) -> bool:
    if not isinstance(name, str) or not name.strip() or is_pseudonym(name):
        return True
    key = (normalise or _normalise)(name)
    return key in public or bool(DOMAIN_PATTERN.match(key))


# ------------------------------------------------------------------------------------------------
# Handles in texts, by platform
# ------------------------------------------------------------------------------------------------
# The characters a handle may hold on each platform (after NFKC), and those it may end with: the
# handle is the longest such run after the @. Channels not listed use the widest rule.
HANDLE_RULES = {
    "x": (r"[A-Za-z0-9_]", r"[A-Za-z0-9_]"),           # X/Twitter: letters, digits, underscore
    "instagram": (r"[A-Za-z0-9_.]", r"[A-Za-z0-9_]"),  # Instagram and Threads: also periods, not at the end
    "threads": (r"[A-Za-z0-9_.]", r"[A-Za-z0-9_]"),
    "tiktok": (r"[A-Za-z0-9_.]", r"[A-Za-z0-9_]"),     # TikTok: letters, digits, underscores, periods
    "facebook": (r"[A-Za-z0-9.]", r"[A-Za-z0-9]"),     # Facebook usernames: letters, digits, periods
    "linkedin": (r"[A-Za-z0-9-]", r"[A-Za-z0-9]"),     # LinkedIn profile names: letters, digits, hyphens
    "youtube": (r"[\w.-]", r"\w"),                     # YouTube handles: letters of many scripts, digits, _ . -
}
WIDEST_HANDLE = (r"[\w.-]", r"\w")
# Any @ starts a handle, also one joined to the word before it (``spør@ola_b``): e-mail addresses are
# masked before handles are looked for, so what is left of the form word@word is a handle typed without space.
# An @ after another @ does not (the look-behind after the "@" says that: a pattern that begins
# with a literal lets the regular-expression engine jump from one "@" to the next).
_HANDLE_START = r"@(?<!@@)"


@functools.cache
def handle_pattern(channel: str | None) -> re.Pattern:
    """The pattern of an ``@handle`` in a text of ``channel`` (group 1: the handle without ``@``)."""
    characters, last = HANDLE_RULES.get(channel or "", WIDEST_HANDLE)
    return re.compile(f"{_HANDLE_START}({characters}*{last})")


# ------------------------------------------------------------------------------------------------
# Masking e-mail addresses, phone numbers and national identity numbers
# ------------------------------------------------------------------------------------------------
EMAIL_PATTERN = re.compile(r"(?<![\w.%+-])[\w.%+-]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[A-Za-z]{2,}(?![\w-])")
_GROUPINGS = (r"\d{8}", r"\d{3}[ -]\d{2}[ -]\d{3}", r"\d{2}[ -]\d{2}[ -]\d{2}[ -]\d{2}", r"\d{4}[ -]\d{4}")
PHONE_PATTERN = re.compile(r"(?<![\w+])(?<!\d-)(?:(?:\+|00)47[ -]?)?(?=[2-9])(?:" + "|".join(_GROUPINGS)
                           + r")(?!-?\d)(?!\w)")
NATIONAL_ID_PATTERN = re.compile(r"(?<![\w+])(?<!\d-)(\d{6}) ?(\d{5})(?!-?\d)(?!\w)")
_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def is_national_id(digits: str) -> bool:
    """True for an 11-digit fødselsnummer (or D-, H- or synthetic number) with a possible date and right check digits."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    numbers = [int(character) for character in digits]
    for weights, position in ((_WEIGHTS_1, 9), (_WEIGHTS_2, 10)):
        check = 11 - sum(weight * number for weight, number in zip(weights, numbers)) % 11
        check = 0 if check == 11 else check
        if check == 10 or check != numbers[position]:
            return False
    day, month = int(digits[0:2]), int(digits[2:4])
    day -= 40 if day > 40 else 0  # D-number
    month -= 80 if month > 80 else 40 if month > 40 else 0  # synthetic (Tenor) / H-number
    return 1 <= day <= 31 and 1 <= month <= 12


_DIGIT = re.compile(r"\d")


@functools.cache
def _masks(language: str) -> tuple[str, str, str]:
    return tuple(label(f"privacy.{kind}", language) for kind in ("email", "phone", "national_id"))


def mask_personal_data(text, *, language: str = "nb"):
    """``text`` (NFKC-normalised) with e-mail addresses, Norwegian phone numbers and identity numbers masked.

    Missing values are returned as they are. See the module docstring for what is and is not caught.
    """
    return _mask(text, language, numbers=True)


# Every e-mail address holds this (EMAIL_PATTERN from its "@" on, without the look-ahead): a cheap
# test that spares the full expression on texts whose "@"s are handles.
_EMAIL_DOMAIN = re.compile(r"@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[A-Za-z]{2,}")


def _mask(text, language: str, *, numbers: bool):
    """:func:`mask_personal_data`; ``numbers=False`` skips phone and identity numbers (for a text the
    pre-filter found none in, see :func:`_plan_protection`)."""
    if not isinstance(text, str) or not text:
        return text
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    email, phone, national_id = _masks(language)
    if "@" in text and _EMAIL_DOMAIN.search(text):
        text = EMAIL_PATTERN.sub(email, text)
    if numbers and _DIGIT.search(text):
        text = NATIONAL_ID_PATTERN.sub(lambda match: national_id if is_national_id(match.group(1) + match.group(2))
                                       else match.group(0), text)
        text = PHONE_PATTERN.sub(phone, text)
    return text


@functools.cache
def redaction_pattern() -> re.Pattern:
    """Matches what the privacy step puts into texts: pseudonyms and masks, in either handout language."""
    masks = [re.escape(label(key, language)) for key in ("privacy.email", "privacy.phone", "privacy.national_id")
             for language in ("nb", "en")]
    return re.compile("(?:" + "|".join([pseudonym_pattern().pattern, *masks]) + ")")


# ------------------------------------------------------------------------------------------------
# Names of private authors in texts
# ------------------------------------------------------------------------------------------------
def _maskable_names(names, public: frozenset[str], *, is_public=None, normalise=None) -> set[str]:
    """The private authors' names worth looking for in texts: full names and handle-like single words.
    ``is_public(name)`` and ``normalise(name)``: :func:`_is_public` (with ``public``) and
    :func:`_normalise`, or a caller's remembered answers of them."""
    is_public = is_public or (lambda name: _is_public(name, public))
    normalise = normalise or _normalise
    found = set()
    for name in names:
        if not isinstance(name, str) or is_public(name):
            continue
        key = normalise(name)
        words = key.split()
        if len(words) >= 2 and all(any(character.isalpha() for character in word) for word in words):
            found.add(key)
        elif len(words) == 1 and len(key) >= 3 and re.search(r"[\d_.]", key) and re.search(r"[^\W\d_]", key):
            found.add(key)
    return found


def _trie_pattern(keys: set[str]) -> str:
    """One regular expression matching any of ``keys``, factored by common prefixes (fast for thousands)."""
    trie = prefilter.prefix_tree(keys)

    def build(node: dict) -> str:
        ending = "" in node
        branches = [(r"[\s._-]+" if character == " " else re.escape(character)) + build(child)
                    for character, child in sorted(node.items()) if character]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ending else body

    return build(trie)


def _squash(name: str) -> str:
    """A name with case and the separators a name pattern allows between words (space . _ -) ignored."""
    return " ".join(re.split(r"[\s._-]+", _normalise(name)))


def name_pattern(names) -> re.Pattern | None:
    """The pattern of any of ``names`` as a whole word sequence in a text, not case-sensitive (None for no names)."""
    if not names:
        return None
    return re.compile(r"(?:@|(?<![\w@.-]))(" + _trie_pattern(set(names)) + r")(?![\w])(?![.-]\w)", re.IGNORECASE)


# ------------------------------------------------------------------------------------------------
# Pseudonymising frames, and the whole protection step
# ------------------------------------------------------------------------------------------------
def pseudonymise(frame: pd.DataFrame, client: ClientConfig, *, columns=("author",), text_columns=(),
                 language: str | None = None, channel_column: str | None = "channel",
                 names_in_text=(), mask=None) -> pd.DataFrame:
    """A copy of ``frame`` with private persons in ``columns`` replaced by their pseudonyms.

    Parameters
    ----------
    frame : any frame; it is not modified.
    client : the client (its slug keys the codes; its own accounts, peers and public figures are kept).
    columns : columns holding one name or handle per cell (authors, actors, edge ends).
    text_columns : columns of free text in which private persons' ``@handles`` (by the handle rules
        of the row's platform, read from ``channel_column`` when the frame has it) are replaced,
        and the private names among ``names_in_text`` and in ``columns`` wherever they occur.
    language : language of the pseudonym word (default: the client's handout language).
    channel_column : the column naming each row's platform; None or absent: the widest handle rule.
    names_in_text : more names of private persons known from the data to look for in texts.
    mask : a function applied to each text of ``text_columns`` first (``protect_personal_data``
        masks personal data in the same pass, so no third copy of every text is made).

    Raises AnalysisError naming a column that is not in the frame.
    """
    missing = [column for column in (*columns, *text_columns) if column not in frame.columns]
    if missing:
        raise AnalysisError(f"cannot pseudonymise: no column(s) {', '.join(map(repr, missing))} in the frame "
                            f"(columns: {', '.join(map(str, frame.columns))})", argument="columns",
                            expected="existing columns", found=", ".join(map(str, missing)))
    word = label("privacy.person", language or client.language, code="{code}")
    public = _client_names(client) | _rule_names()
    result = frame.copy()
    cache: dict[str, str] = {}  # normalised name -> its pseudonym
    replaced: dict[str, str] = {}  # name as written -> what stands for it (itself when public)
    publicity: dict[str, bool] = {}  # name as written -> whether it is public
    secret: list[bytes] = []  # the installation's secret, read once, when the first private name is met
    normalised: dict[str, str] = {}  # name as written -> _normalise(name), worked out once per name

    def normalise(name: str) -> str:
        found = normalised.get(name)
        if found is None:
            found = normalised[name] = _normalise(name)
        return found

    def is_public(name: str) -> bool:
        found = publicity.get(name)
        if found is None:
            found = publicity[name] = _is_public(name, public, normalise)
        return found

    def replace(name):
        if not isinstance(name, str):
            return name
        found = replaced.get(name)
        if found is None:
            found = replaced[name] = name if is_public(name) else coded(normalise(name))
        return found

    def coded(key: str) -> str:
        if key not in cache:
            if not secret:
                secret.append(pseudonym_secret())
            cache[key] = word.format(code=pseudonym_code(key, client, secret=secret[0]))
        return cache[key]

    known = set(names_in_text)
    for column in columns:
        values = result[column]
        distinct = values.dropna().unique()
        known.update(distinct)
        mapping = {value: replace(value) for value in distinct}
        result[column] = values.map(mapping).where(values.notna()).astype(values.dtype)
    maskable = _maskable_names(known, public, is_public=is_public, normalise=normalise) if text_columns else set()
    names = name_pattern(maskable)
    spelling = {_squash(name): name for name in maskable}  # "Kari-Nordmann" -> "kari nordmann"

    # What stands for a name or a handle as a text writes it, worked out once per spelling ("" for
    # a public handle, which stays as written)
    written_names: dict[str, str] = {}
    written_handles: dict[str, str] = {}

    def in_place(match, person: str) -> str:
        # "spør@ola_b": keep a space between the word before and the pseudonym
        start = match.start()
        return " " + person if start and match.string[start - 1].isalnum() else person

    def name_in_text(match) -> str:
        written = match.group(1)
        person = written_names.get(written)
        if person is None:
            person = written_names[written] = replace(spelling.get(_squash(written), written))
        return in_place(match, person)

    def handle_in_text(match) -> str:
        written = match.group(1)
        person = written_handles.get(written)
        if person is None:
            person = written_handles[written] = "" if is_public(written) else replace(written)
        return in_place(match, person) if person else match.group(0)

    masking_language = mask.keywords.get("language", "nb") if _is_masking(mask) else None

    def protect_text(text, channel, numbers: bool = True, named: bool = True):
        # numbers / named False: the pre-filter found no phone or identity number / no private
        # name in this text, which is in NFKC form already (see _plan_protection)
        original = text
        if mask is not None:
            text = mask(text) if numbers or masking_language is None else _mask(text, masking_language, numbers=False)
        if not isinstance(text, str):
            return text
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)  # full-width ＠ and letters count as @ and letters
        if names is not None and (named or text != original):
            # first: "@kari-nordmann" is Kari Nordmann, whatever the platform's handle rule
            text = names.sub(name_in_text, text)
        if "@" in text:
            addresses = ([found.span() for found in EMAIL_PATTERN.finditer(text)]  # not handles (masked apart)
                         if _EMAIL_DOMAIN.search(text) else [])
            text = handle_pattern(channel if isinstance(channel, str) else None).sub(
                handle_in_text if not addresses else lambda match: match.group(0) if any(
                    start <= match.start() < end for start, end in addresses) else handle_in_text(match), text)
        return text

    channels = (result[channel_column] if channel_column and channel_column in result.columns
                else pd.Series(None, index=result.index, dtype=object))
    for column in text_columns:
        values = result[column]
        plan = _plan_protection(values, maskable, mask=mask)
        if plan is None:
            result[column] = rewrite_texts(values, protect_text, channels)
            continue
        read, numbers, named = plan
        rows = np.flatnonzero(read)
        how = np.empty(len(values), dtype=object)  # per text read: its channel and what it may hold
        how[rows] = list(zip(channels.iloc[rows].tolist(), numbers[rows].tolist(), named[rows].tolist()))
        result[column] = rewrite_texts(values, lambda text, hints: protect_text(text, *hints),
                                       pd.Series(how, index=values.index), only=read)
    return result


def _is_masking(mask) -> bool:
    """Whether ``mask`` is :func:`mask_personal_data` (with a language at most), whose matches the
    pre-filter of :func:`_plan_protection` knows."""
    return (isinstance(mask, functools.partial) and mask.func is mask_personal_data and not mask.args
            and set(mask.keywords) <= {"language"})


# What masking can change in a text of safe characters (text/prefilter.py): Python's \d is [0-9]
# there; every phone number and identity number holds one of these digit groups.
_MASK_FILTER = "|".join(group.replace(r"\d", "[0-9]") for group in (*_GROUPINGS, r"\d{6} ?\d{5}"))


# Characters of a name the pre-filter looks for: a text holding a name holds its beginning, and a
# shorter key list makes a smaller expression (RE2 runs one pass over the texts per expression:
# 13,700 names at 1,000,000 mentions took 8 passes and 3.2 CPU s in full, 2 passes and 1.0 s cut to
# 12 characters, with 0.6 % more texts read).
NAME_FILTER_CHARACTERS = 12


@functools.cache
def _name_filters(names: frozenset[str]) -> list[str]:
    """RE2 expressions matching, in a lower-cased text, at least every place :func:`name_pattern`
    of ``names`` matches (no word boundaries; a character that is not plain matches any one; each
    name's first :data:`NAME_FILTER_CHARACTERS` characters only)."""
    separators = prefilter.white_space_class()[:-1] + r"._\-]+"

    def spell(character: str) -> str:
        if character == " ":
            return separators
        return prefilter.escape(character) if character in prefilter.PLAIN else "(?s:.)"

    return prefilter.trie_expressions({name[:NAME_FILTER_CHARACTERS] for name in names}, spell=spell)


@functools.cache
def _nfkc_changes() -> str:
    """An RE2 class of the pre-filter's safe characters that NFKC normalisation changes. A text of
    safe characters is in NFKC form exactly when it holds none of them: no safe character has a
    combining class or is the second of a canonical composition, so normalisation can only change
    a text through one of its characters on its own (checked in ``tests/test_privacy.py``)."""
    return "[" + "".join(rf"\x{{{ord(character):x}}}" for character in prefilter.safe_characters()
                         if unicodedata.normalize("NFKC", character) != character) + "]"


def _plan_protection(values: pd.Series, names=(), *, mask=None):
    """Which texts of ``values`` :func:`pseudonymise` could change, computed in C over the whole
    column (see :mod:`sermo_helpers.text.prefilter`): ``(read, numbers, named)``, a bool per text.

    ``read`` is a superset of the texts the full rewrite changes, so every other text is left
    exactly as it would leave it: a text is read when it holds a character outside the
    pre-filter's safe ones, an ``@`` (an e-mail address or a handle), a digit group of a phone or
    identity number, something that may be one of the private ``names``, or is not in NFKC form.
    Of the texts read, ``numbers`` / ``named`` are False where the text is of safe characters, in
    NFKC form and holds no such digit group / nothing that may be a name (the rewrite skips those
    expressions there). None when every text must be read in full: a column not backed by Arrow,
    or a ``mask`` other than :func:`mask_personal_data`.
    """
    if mask is not None and not _is_masking(mask):
        return None
    texts = prefilter.as_arrow(values)
    if texts is None:
        return None
    full = prefilter.unsafe(texts)
    numbers = (prefilter.matches_any(texts, [_MASK_FILTER]) if mask is not None
               else np.zeros(len(texts), dtype=bool))
    named = (prefilter.matches_any(texts, _name_filters(frozenset(names)), lowered=True) if names
             else np.zeros(len(texts), dtype=bool))
    # the rewrite brings a text into NFKC form first: such texts are read in full
    full |= prefilter.matches_any(texts, [_nfkc_changes()])
    read = full | numbers | named | prefilter.matches_any(texts, ["@"])
    return read, numbers | full, named | full


TEXT_CHUNK = 20_000  # texts that exist as Python strings at a time (per worker) while they are rewritten


def rewrite_texts(values: pd.Series, rewrite, channels: pd.Series | None = None, *,
                  only: np.ndarray | None = None) -> pd.Series:
    """``rewrite(text, channel)`` (or ``rewrite(text)`` without ``channels``) for each text, in the
    column's dtype; missing texts stay missing. Done TEXT_CHUNK texts at a time, so two million
    texts never exist as Python strings at once (about 400 MB). ``only`` (a bool per text, for an
    Arrow-backed column): rewrite those texts and keep the others as they are (the caller knows
    ``rewrite`` leaves them unchanged; see :func:`_plan_protection`)."""
    if only is not None:
        texts = prefilter.as_arrow(values)
        if texts is None or len(only) != len(values):
            raise AnalysisError("rewrite_texts: 'only' needs an Arrow-backed text column and one flag per text",
                                argument="only", expected=str(len(values)), found=str(len(only)))
        positions = np.flatnonzero(only)
        subset = pd.Series(pd.array(prefilter.take(texts, positions), dtype=values.dtype),
                           index=values.index[positions])  # (iloc would join the column's chunks first)
        rewritten = rewrite_texts(subset, rewrite, None if channels is None else channels.iloc[positions])
        del subset  # (the texts read are not held while the new column is made)
        replacement = prefilter.as_arrow(rewritten) if len(positions) else None
        replacement = pa.chunked_array([], type=texts.type) if replacement is None else replacement
        # chunk by chunk (Arrow joins a chunked column's chunks first: a copy of the whole column); the
        # rewritten texts are joined per chunk too, not all at once
        flags, pieces, offset, used = np.asarray(only, dtype=bool), [], 0, 0
        for chunk in texts.chunks:
            part = flags[offset:offset + len(chunk)]
            count = int(part.sum())
            pieces.append(pc.replace_with_mask(chunk, pa.array(part),
                                               replacement.slice(used, count).combine_chunks().cast(texts.type))
                          if count else chunk)
            offset, used = offset + len(chunk), used + count
        result = pa.chunked_array(pieces, type=texts.type)
        return pd.Series(pd.array(result, dtype=values.dtype), index=values.index)
    from .parallel import process_map

    def piece(start: int) -> pd.Series:
        part = values.iloc[start:start + TEXT_CHUNK]
        if channels is None:
            rewritten = [rewrite(text) for text in part.tolist()]
        else:
            rewritten = [rewrite(text, channel) for text, channel in
                         zip(part.tolist(), channels.iloc[start:start + TEXT_CHUNK].tolist())]
        return pd.Series(rewritten, index=part.index, dtype=object).where(part.notna()).astype(values.dtype)

    # each text is rewritten on its own, so the pieces are shared between the cores (forked workers)
    pieces = process_map(piece, range(0, len(values), TEXT_CHUNK), rows=len(values))
    return pd.concat(pieces) if len(pieces) > 1 else (pieces[0] if pieces else values.copy())


def protect_personal_data(data, client: ClientConfig):
    """The client's data with personal data masked and private persons pseudonymised, before any stage sees it.

    In mentions: texts masked (:func:`mask_personal_data`), then authors, ``@handles`` and the
    names of private authors pseudonymised (:func:`pseudonymise`); in own posts: texts masked.
    ``data`` is a :class:`sermo_helpers.loaders.ClientData`; a new one is returned.
    """
    language = client.language

    def masked(frame: pd.DataFrame) -> pd.DataFrame:
        if "text" not in frame.columns or frame.empty:
            return frame
        return frame.assign(text=rewrite_texts(frame["text"], lambda text: mask_personal_data(text, language=language)))

    # masking and pseudonymising in one pass over the texts (a masked copy of every text would be
    # a third text column while the step runs: about 330 MB at two million mentions)
    mentions = pseudonymise(data.mentions, client, columns=("author",), text_columns=("text",),
                            mask=functools.partial(mask_personal_data, language=language))
    return replace_fields(data, mentions=mentions, posts=masked(data.posts))
