"""Pseudonymisation: private persons never appear by name or handle in what a handout shows.

:func:`pseudonymise` replaces private persons' names and handles with a stable pseudonym per client,
such as ``Innbygger 3F9A2C`` (bokmål) or ``Citizen 3F9A2C`` (English). The code is a keyed hash
(HMAC-SHA-256, keyed with the client's slug) of the normalised handle: the same person gets the same
code in every notebook and every edition of that client, and different codes for different clients.
The mapping is never stored or shown. Six hexadecimal digits keep collisions rare (about one pair in
a client with 800 distinct private authors, by the birthday bound).

Names that stay as they are (:func:`is_public_name`): the client's own accounts and name, names in
``client.public_figures``, peers' names and slugs, web addresses with a common top-level domain
(``nrk.no``; not ``ola.nordmann``),
and the organisations named in the ecosystem rules (``data/reference/ecosystem.csv``: outlets,
public bodies, and account rules without wildcards). Everything else is treated as a private person.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import re

import pandas as pd

from .config import ClientConfig
from .errors import AnalysisError, LoadError
from .i18n import label

CODE_DIGITS = 6
# A web address with a common top-level domain (so "ola.nordmann", an Instagram handle, is not one).
DOMAIN_PATTERN = re.compile(r"^(?:https?://)?(?:[a-z0-9-]+\.)+(?:no|com|org|net|se|dk|fi|is|eu|uk|de|nu|io|info|"
                            r"gov|edu|int|tv|fm|media)(?:[/:]\S*)?$")
HANDLE_IN_TEXT = re.compile(r"(?<![\w@])@([\w_.]+\w)")


def _normalise(name: str) -> str:
    return " ".join(name.strip().lower().lstrip("@").split())


def pseudonym_code(name: str, client: ClientConfig) -> str:
    """The stable code of ``name`` for this client: six upper-case hexadecimal digits."""
    digest = hmac.new(f"sermo-pseudonym:{client.slug}".encode(), _normalise(name).encode(), hashlib.sha256)
    return digest.hexdigest()[:CODE_DIGITS].upper()


def pseudonym(name: str, client: ClientConfig, *, language: str | None = None) -> str:
    """``Innbygger 3F9A2C`` / ``Citizen 3F9A2C`` for a private person's name or handle."""
    return label("privacy.person", language or client.language, code=pseudonym_code(name, client))


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


def _is_public(name, public: frozenset[str]) -> bool:
    if not isinstance(name, str) or not name.strip() or is_pseudonym(name):
        return True
    key = _normalise(name)
    return key in public or bool(DOMAIN_PATTERN.match(key))


def pseudonymise(frame: pd.DataFrame, client: ClientConfig, *, columns=("author",), text_columns=(),
                 language: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` with private persons in ``columns`` replaced by their pseudonyms.

    Parameters
    ----------
    frame : any frame; it is not modified.
    client : the client (its slug keys the codes; its own accounts, peers and public figures are kept).
    columns : columns holding one name or handle per cell (authors, actors, edge ends).
    text_columns : columns of free text in which ``@handles`` of private persons are replaced.
    language : language of the pseudonym word (default: the client's handout language).

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
    cache: dict[str, str] = {}

    def replace(name):
        if not isinstance(name, str) or _is_public(name, public):
            return name
        if name not in cache:
            cache[name] = word.format(code=pseudonym_code(name, client))
        return cache[name]

    for column in columns:
        values = result[column]
        distinct = {value: replace(value) for value in values.dropna().unique()}
        result[column] = values.map(distinct).where(values.notna()).astype(values.dtype)

    def replace_handles(text):
        if not isinstance(text, str) or "@" not in text:
            return text
        return HANDLE_IN_TEXT.sub(lambda match: match.group(0) if _is_public(match.group(1), public)
                                  else replace(match.group(1)), text)

    for column in text_columns:
        values = result[column]
        result[column] = values.map(replace_handles).where(values.notna()).astype(values.dtype)
    return result
