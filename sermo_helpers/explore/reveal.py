"""Reveal pseudonyms to the strategist (JupyterLab only; a handout never shows a revealed name).

The lookup is :func:`sermo_helpers.privacy.reveal_pseudonyms`: the keyed code of every name and
``@handle`` in the client's raw data is computed again with the installation's secret and matched
against the pseudonyms shown; the mapping is never stored. The raw names are read once per kernel
and client from the loaders' cache with a narrow query (authors, and the texts that contain ``@``),
never as a second copy of the mentions.

* :func:`reveal_names`: a notebook cell (Influence: the people in "Sirkelen vi bør engasjere")
  showing each pseudonym beside the name; headless (a handout) it shows and computes nothing.
* :func:`reveal_rows`: the drill-downs' "Vis navn" toggle: the rows with names in place of pseudonyms.
Without the secret both refuse with the reason (:func:`sermo_helpers.privacy.reveal_secret`).
"""
from __future__ import annotations

import pandas as pd

from .. import present
from ..i18n import label
from .core import is_headless

_HANDLES: dict[tuple, list[str]] = {}  # (slug, input signature) -> the raw names and handles


def raw_handles(client) -> list[str]:
    """The names and ``@handles`` of the client's raw mentions (cached per kernel while the inputs are unchanged)."""
    from ..loaders import ClientFolder, query_mentions
    from ..privacy import known_handles

    key = (client.slug, ClientFolder.for_client(client).signature())
    if key not in _HANDLES:
        _HANDLES.clear()  # one client at a time
        authors = query_mentions(client, "SELECT DISTINCT author, NULL AS channel, NULL AS text FROM mentions "
                                         "WHERE author IS NOT NULL")
        texts = query_mentions(client, "SELECT NULL AS author, channel, text FROM mentions WHERE text LIKE '%@%'")
        _HANDLES[key] = known_handles(pd.concat([authors, texts], ignore_index=True))
    return _HANDLES[key]


def reveal(pseudonyms, client, *, handles=None) -> dict:
    """``{pseudonym: name}`` for ``pseudonyms`` (ConfigError without the secret; see the module)."""
    from ..privacy import reveal_pseudonyms, reveal_secret

    secret = reveal_secret()  # first: without the secret nothing is read
    return reveal_pseudonyms(pseudonyms, raw_handles(client) if handles is None else handles, client, secret=secret)


def reveal_rows(rows: pd.DataFrame, client, *, columns=("author", "opening_author"), handles=None) -> pd.DataFrame:
    """``rows`` with the pseudonyms in ``columns`` replaced by the names they stand for (a new frame)."""
    present_columns = [column for column in columns if column in rows.columns]
    names = pd.concat([rows[column] for column in present_columns]).dropna().unique().tolist() if present_columns else []
    mapping = reveal(names, client, handles=handles)
    return rows.assign(**{column: rows[column].map(lambda value: mapping.get(value) or value)
                          for column in present_columns})


def reveal_names(names, client, *, headless: bool | None = None, handles=None):
    """Strategist only: each pseudonym among ``names`` beside the name it stands for, as a table.

    Headless (a handout) it returns None: the cell shows nothing and reads nothing. Without the
    secret the table is replaced by the reason."""
    from ..errors import ConfigError

    if is_headless() if headless is None else headless:
        return None
    language = client.language
    shown = [name for name in dict.fromkeys(names) if isinstance(name, str)]
    try:
        mapping = reveal(shown, client, handles=handles)
    except ConfigError as error:
        return present.note(str(error))
    from ..privacy import is_pseudonym

    frame = pd.DataFrame({"pseudonym": [name for name in shown if is_pseudonym(name)]})
    frame["name"] = [mapping.get(name) or label("explore.reveal.unknown", language) for name in frame["pseudonym"]]
    if frame.empty:
        return present.note(label("explore.reveal.none", language))
    return present.table(frame, language, columns={"pseudonym": "explore.reveal.pseudonym",
                                                   "name": "explore.reveal.name"}, max_rows=len(frame))
