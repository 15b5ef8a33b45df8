"""The notebooks' front door: one call turns a notebook's parameters into a client and its data.

Each stage notebook's setup cell is ``client, data = open_workbook(globals())``. It validates the
parameters (the same keys as ``clients/<slug>.yaml``), applies the house style for figures, loads
the client's data through the loaders, restricts it to the client's period, scores every mention's
language and sentiment once (Listen's scorer, so every stage reads the same tone), and pseudonymises
private persons (authors, and ``@handles`` in texts) before any stage sees them, so no figure or
table of a handout can show them. Pseudonyms are stable per client, so every analysis (rankings,
networks, threads) works the same on them. A strategist who needs the real handles while exploring
calls ``open_workbook(globals(), pseudonymise=False)``; never render a handout that way.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from .config import ClientConfig, client_from_parameters
from .listen import score_mentions
from .loaders import ClientData, ClientFolder, load_client
from .plots.style import apply_house_style
from .privacy import protect_personal_data
from .privacy import pseudonymise as pseudonymise_frame


def restrict_to_period(data: ClientData, client: ClientConfig) -> ClientData:
    """The same data with only the rows inside the client's period (local calendar days)."""
    start = pd.Timestamp(client.period_start)
    end = pd.Timestamp(client.period_end) + pd.Timedelta(days=1)

    def kept(frame: pd.DataFrame, inside: pd.Series) -> pd.DataFrame:
        # When every row is inside (the usual export), the frame is shared, not copied: a copy of
        # two million mentions is about 750 MB.
        return (frame if inside.all() else frame[inside]).reset_index(drop=True)

    def by_day(frame: pd.DataFrame) -> pd.DataFrame:
        return kept(frame, (frame["date"] >= start) & (frame["date"] < end))

    def by_time(frame: pd.DataFrame) -> pd.DataFrame:
        local = frame["published_at"].dt.tz_convert(client.timezone).dt.tz_localize(None)
        return kept(frame, (local >= start) & (local < end))

    return replace(data, channel_stats=by_day(data.channel_stats), posts=by_time(data.posts),
                   mentions=by_time(data.mentions), web_traffic=by_day(data.web_traffic))


def pseudonymise_data(data: ClientData, client: ClientConfig) -> ClientData:
    """The same data with private persons' names and handles replaced by stable pseudonyms."""
    return replace(data, mentions=pseudonymise_frame(data.mentions, client, columns=("author",),
                                                     text_columns=("text",)))


_PREPARED: dict[tuple, ClientData] = {}  # per kernel: an edition's four stages share one preparation


def _input_signature(client: ClientConfig) -> tuple:
    """What the prepared data depends on: the client's settings and every input file's size and time."""
    return repr(client), ClientFolder.for_client(client).signature()


def prepare_data(client: ClientConfig, *, pseudonymise: bool = True) -> ClientData:
    """Load, restrict to the period, score and (by default) pseudonymise the client's data.

    Within one kernel the result is kept and reused while the client's settings and input files are
    unchanged, so the four stages of an edition prepare the data once. Frames are copy-on-write
    (pandas 3): a stage that changes its frames never changes another stage's.
    """
    key = (*_input_signature(client), pseudonymise)
    if key not in _PREPARED:
        data = restrict_to_period(load_client(client), client)
        data = replace(data, mentions=score_mentions(data.mentions))
        if pseudonymise:
            data = protect_personal_data(data, client)  # masks, then pseudonymises (privacy.py)
        _PREPARED.clear()  # one client at a time: keep memory flat in long sessions
        _PREPARED[key] = data
    return replace(_PREPARED[key])


def open_workbook(namespace: dict, *, pseudonymise: bool = True) -> tuple[ClientConfig, ClientData]:
    """Validate the notebook's parameters, style the figures, load the client's data for its period.

    Raises ConfigError for invalid parameters, LoadError/SchemaError for unreadable data.
    """
    client = client_from_parameters(namespace)
    apply_house_style()
    return client, prepare_data(client, pseudonymise=pseudonymise)
