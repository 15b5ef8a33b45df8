"""The notebooks' front door and the one owner of the prepared data and of the stage results.

Each stage notebook's setup cell is ``client, data = open_workbook(globals())``. It validates the
parameters (the same keys as ``clients/<slug>.yaml``), applies the house style for figures, and
returns the client's **prepared data** (:class:`PreparedData`), made once per edition by
:func:`prepare`:

1. the client's data loaded through the loaders and cut to the client's period;
2. every mention's language and tone scored once (``language``, ``polarity``, ``sentiment``,
   ``scorer``), and the criticism flag ``critical`` set by :func:`mark_critical`; the columns are
   declared in :data:`sermo_helpers.schema.PREPARED_MENTIONS`;
3. personal data in texts masked and private persons (authors, ``@handles`` and names in texts)
   pseudonymised before any stage sees them (:func:`sermo_helpers.privacy.protect_personal_data`), so
   no figure or table of a handout can show them. Pseudonyms are stable per client, so every
   analysis (rankings, networks, threads) works the same on them.

No stage scores or pseudonymises again: each requires prepared data (:func:`require_prepared`).
A strategist who needs the real handles while exploring calls
``open_workbook(globals(), pseudonymise=False)``; never render a handout that way.

Within one kernel the prepared data and every stage result are kept per edition
(:func:`shared_result`): the four notebooks of an edition, which the renderer runs in one kernel,
share one preparation and compute each stage once.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, replace
from typing import Callable

import pandas as pd

from .config import ClientConfig, client_from_parameters
from .errors import AnalysisError
from .loaders import ClientData, ClientFolder, load_client
from .schema import PREPARED_MENTIONS, SCORE_COLUMNS, FrameSchema


@dataclass
class PreparedData(ClientData):
    """A client's canonical frames for its period, as every stage reads them.

    ``mentions`` follows :data:`~sermo_helpers.schema.PREPARED_MENTIONS` (scored, with ``critical``);
    ``pseudonymised`` says whether private persons were replaced by pseudonyms; ``key`` identifies the
    edition's inputs (the client's settings and every input file's size and time) within a kernel.
    """

    pseudonymised: bool = True
    key: tuple = field(default=(), compare=False, repr=False)


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


def mark_critical(mentions: pd.DataFrame, client: ClientConfig | None = None) -> pd.Series:
    """The one definition of a *critical* message: True where a message criticises its subject.

    A message is critical when it blames, accuses or reports a failure of its subject (the client,
    or a peer for share of voice): an apology, failure, delay, complaint, demand, resignation,
    investigation or unanswered question about it, also in a neutral-toned headline, or a negative
    tone aimed at it; criticism aimed at someone else in the same message does not count, and the
    client's own messages never do (:func:`sermo_helpers.text.criticism.critical_mentions`; the
    labelling guide and measured precision and recall are in ``sermo_helpers/text/``). The
    subject's names (for the client: display name, slug, keywords, own accounts; for a peer: its
    name and keywords) come from ``client``; without one, the subject's slug alone names it.
    Every criticism metric of the workbook (Listen's criticism in the media, Engage's answers to
    criticism, Strategy's scorecard and KPI) reads this flag, so changing the definition here
    changes them all.
    """
    from .text.criticism import critical_mentions

    return critical_mentions(mentions, client).rename("critical")


def score_mentions(mentions: pd.DataFrame, *, scorer=None, client: ClientConfig | None = None) -> pd.DataFrame:
    """A copy of ``mentions`` with ``language``, ``polarity``, ``sentiment``, ``scorer`` and ``critical``.

    A language given by the source is kept; missing ones are detected. ``scorer`` is a
    :class:`~sermo_helpers.text.sentiment.MultilingualScorer` (default: the workbook's). Called once per
    edition by :func:`prepare`; a strategist who fitted a custom scorer passes it to
    ``open_workbook(globals(), scorer=...)`` rather than scoring again. ``client`` names the
    subjects for :func:`mark_critical`.
    """
    from .listen.sentiment import score_tone
    from .parallel import process_map
    from .text.sentiment import default_scorer

    scorer = scorer or default_scorer()  # made before the workers are forked: they inherit it

    def scored(part: pd.DataFrame) -> pd.DataFrame:
        part = score_tone(part, scorer=scorer)
        return part.assign(critical=mark_critical(part, client))

    # Each mention's scores and flag depend on that mention alone, so the mentions are scored in
    # pieces, shared between the cores (sermo_helpers.parallel); each piece returns only its new columns.
    starts = range(0, len(mentions), PREPARE_CHUNK)
    if len(starts) < 2:
        return scored(mentions)
    parts = process_map(lambda start: scored(mentions.iloc[start:start + PREPARE_CHUNK])[list(SCORED_COLUMNS)],
                        starts, rows=len(mentions))
    new = pd.concat(parts, ignore_index=True)
    new.index = mentions.index
    return mentions.assign(**{name: new[name] for name in SCORED_COLUMNS})


# mentions scored and flagged at a time by score_mentions (one piece per worker); a multiple of
# listen.sentiment.SCORE_CHUNK, so the scorer sees the same pieces as when it scores the whole frame
PREPARE_CHUNK = 20_000
SCORED_COLUMNS = ("language", "polarity", "sentiment", "scorer", "critical")  # what score_mentions adds or fills


def prepare(data: ClientData, client: ClientConfig, *, pseudonymise: bool = True, scorer=None,
            key: tuple = ()) -> PreparedData:
    """Prepare loaded data for the stages: cut to the period, score once, flag criticism, pseudonymise.

    ``data`` is what :func:`~sermo_helpers.loaders.load_client` returns (or frames built in memory).
    Returns a :class:`PreparedData` whose mentions satisfy ``PREPARED_MENTIONS``.
    """
    from .processes import give_back_freed_memory

    data = restrict_to_period(data, client)
    data = replace(data, mentions=_check_scores(score_mentions(data.mentions, scorer=scorer, client=client)))
    give_back_freed_memory()  # the per-text work's freed strings and lists: the kernel keeps its memory otherwise
    if pseudonymise:
        data = _protect(data, client)  # masks personal data, then pseudonymises (privacy.py)
        give_back_freed_memory()
    data = replace(data, mentions=_compact(data.mentions))
    fields = {item.name: getattr(data, item.name) for item in dataclasses.fields(ClientData)}
    return PreparedData(**fields, pseudonymised=pseudonymise, key=key)


# Columns of the prepared mentions with a handful of distinct values (channels, domains, languages,
# labels): kept as categories, one byte per mention instead of a text (8 bytes of offsets and the
# letters): about 70 MB less per million mentions, for as long as the edition's kernel lives.
# Not ``subject``: a missing subject means the client, and the stages fill it with the client's slug,
# which need not be one of the column's values (a categorical refuses a value it does not hold); nor
# ``responder``, which Engage fills with the author.
CATEGORY_COLUMNS = ("channel", "source_domain", "language", "source_sentiment", "sentiment", "scorer")
CATEGORY_LIMIT = 10_000  # a column with more distinct values stays text (a category per value saves nothing)


def _compact(mentions: pd.DataFrame) -> pd.DataFrame:
    """``mentions`` with :data:`CATEGORY_COLUMNS` as categories (the same values; the other columns shared).

    Code reading these columns counts with ``observed=True`` or as text: ``value_counts`` of a category
    lists its absent values with 0."""
    compact = {}
    for name in CATEGORY_COLUMNS:
        if name in mentions.columns and pd.api.types.is_string_dtype(mentions[name].dtype) \
                and not isinstance(mentions[name].dtype, pd.CategoricalDtype):
            values = mentions[name].astype("category")
            if len(values.cat.categories) <= CATEGORY_LIMIT:
                compact[name] = values
    return mentions.assign(**compact) if compact else mentions


def _protect(data: ClientData, client: ClientConfig) -> ClientData:
    """:func:`~sermo_helpers.privacy.protect_personal_data` given the mentions' text columns only,
    their protected columns put back: the numbers, times and flags (about 45 MB per million
    mentions) are not copied while the texts are rewritten. Text columns cost nothing to pass (Arrow
    data are shared)."""
    from .privacy import protect_personal_data

    mentions = data.mentions
    texts = [name for name in mentions.columns if pd.api.types.is_string_dtype(mentions[name].dtype)]
    protected = protect_personal_data(replace(data, mentions=mentions[texts]), client)
    return replace(protected, mentions=mentions.assign(**{name: protected.mentions[name]
                                                          for name in protected.mentions.columns}))


TONE_POLARITY = {"negative": -0.6, "neutral": 0.0, "positive": 0.6}


def with_tone(data: PreparedData, sentiment: pd.Series, *, scorer: str = "given",
              client: ClientConfig | None = None) -> PreparedData:
    """The same prepared data with every mention's tone replaced by known labels.

    ``sentiment`` holds negative/neutral/positive per mention (aligned with ``data.mentions``); the
    polarity becomes -0.6/0/+0.6 and ``critical`` follows :func:`mark_critical`. For measuring what a
    perfect scorer would give (the demo's intended tone) and for tests with hand-labelled mentions.
    ``client`` names the subjects for :func:`mark_critical`.
    """
    labels = pd.Series(sentiment, index=data.mentions.index).astype("str")
    mentions = data.mentions.assign(sentiment=labels, polarity=labels.map(TONE_POLARITY).astype("float64"),
                                    scorer=pd.Series(scorer, index=labels.index, dtype="str"))
    mentions = _check_scores(mentions.assign(critical=mark_critical(mentions, client)))
    return replace(data, mentions=mentions, key=())


def _check_scores(mentions: pd.DataFrame) -> pd.DataFrame:
    """Validate only the columns the preparation adds (the input columns were validated at load)."""
    scores = FrameSchema("prepared_mentions", SCORE_COLUMNS)
    checked = scores.validate(mentions[[column.name for column in SCORE_COLUMNS]])
    checked.index = mentions.index
    return mentions.assign(**{name: checked[name] for name in checked.columns})


def require_prepared(data, *, step: str) -> None:
    """Raise AnalysisError unless ``data`` holds prepared mentions (see :func:`prepare`)."""
    missing = [name for name in PREPARED_MENTIONS.names if name not in data.mentions.columns]
    if missing:
        raise AnalysisError(
            f"{step} needs prepared data (scored mentions with {', '.join(missing)}); open the data with "
            "open_workbook(globals()) or sermo_helpers.workbook.prepare(data, client).",
            argument="data", expected="prepared data (PREPARED_MENTIONS)", found="missing " + ", ".join(missing))


_PREPARED: dict[tuple, PreparedData] = {}  # per kernel: an edition's four stages share one preparation
_RESULTS: dict[tuple, object] = {}  # per kernel: (stage, edition key) -> the stage's result


def _input_signature(client: ClientConfig) -> tuple:
    """What the prepared data depends on: the client's settings and every input file's size and time."""
    return repr(client), ClientFolder.for_client(client).signature()


def prepare_data(client: ClientConfig, *, pseudonymise: bool = True, scorer=None) -> PreparedData:
    """Load the client's data and :func:`prepare` it, once per kernel while its inputs are unchanged.

    Within one kernel the result is kept and reused while the client's settings and input files are
    unchanged, so the four stages of an edition prepare the data once. A custom ``scorer`` is never
    kept (every call with one prepares afresh).
    """
    key = (*_input_signature(client), pseudonymise)
    if scorer is not None:
        return _load_and_prepare(client, pseudonymise=pseudonymise, scorer=scorer)
    if key not in _PREPARED:
        _PREPARED.clear()  # one client at a time: keep memory flat in long sessions
        _RESULTS.clear()
        _PREPARED[key] = _load_and_prepare(client, pseudonymise=pseudonymise, key=key)
    return _PREPARED[key]


def _load_and_prepare(client: ClientConfig, *, pseudonymise: bool, scorer=None, key: tuple = ()) -> PreparedData:
    """:func:`prepare` of the loaded data. The loaded data are handed over, not kept here: once
    :func:`prepare` has cut them to the period they are freed (a client whose export reaches beyond
    its period would otherwise hold two frames of its mentions while the texts are scored)."""
    return prepare(_loaded(client), client, pseudonymise=pseudonymise, scorer=scorer, key=key)


def _loaded(client: ClientConfig) -> ClientData:
    from .processes import give_back_freed_memory

    data = load_client(client)
    give_back_freed_memory()  # reading a CSV leaves hundreds of MB of freed parser memory behind
    return data


def shared_result(stage: str, data, client: ClientConfig, compute: Callable[[], object], *,
                  then: Callable[[object], object] | None = None):
    """``compute()`` once per stage and edition within a kernel; later calls return the same result.

    Only prepared data with an edition key (from :func:`prepare_data`) is shared; other data is
    computed each time. The four notebooks of an edition therefore run ``analyse_influence`` once,
    whether Influence or Strategy asks first. ``then(result)`` is called once, right after the result
    is first computed and kept (Listen's look-ahead: :func:`analyse_ahead`).
    """
    from .processes import given_back

    key = getattr(data, "key", ())
    if not key:
        return given_back(compute())
    slot = (stage, key, repr(client))
    if slot not in _RESULTS:
        _RESULTS[slot] = given_back(compute())  # a stage's freed copies are not kept in the kernel
        if then is not None:
            then(_RESULTS[slot])
    return _RESULTS[slot]


EDITION_STAGES_VARIABLE = "SERMO_EDITION_STAGES"  # the stage notebooks of the edition a kernel renders


def edition_stages() -> frozenset[str]:
    """The stages (``listen``, ``influence``, ...) of the edition this kernel renders: ``sermo render``
    names its notebooks in ``SERMO_EDITION_STAGES`` (``01_listen,02_influence``); empty elsewhere
    (JupyterLab: nothing is computed before a notebook asks for it)."""
    names = os.environ.get(EDITION_STAGES_VARIABLE, "")
    return frozenset(name.strip().split("_", 1)[-1] for name in names.split(",") if name.strip())


# Look-ahead: what an edition computes right after Listen, in this order (Strategy reads the other
# two), each stage's analysis by module and name (imported when needed: the stages import this module)
AHEAD_STAGES = {"influence": ("sermo_helpers.influence", "analyse_influence"),
                "engage": ("sermo_helpers.engage", "analyse_engage"),
                "strategy": ("sermo_helpers.strategy", "analyse_strategy")}


def _stage_analysis(stage: str) -> Callable:
    import importlib

    module, name = AHEAD_STAGES[stage]
    return getattr(importlib.import_module(module), name)


def analyse_ahead(data, client: ClientConfig, *, beside: Callable[[], bool] | None = None) -> list[str]:
    """In an edition render on two cores or more, the later stages' results (:data:`AHEAD_STAGES` that
    the edition renders) right after Listen's, kept (:func:`shared_result`) for the stages' notebooks.
    ``beside()`` is called first when there is anything to compute: it may start work in a forked
    process (Listen's criticism list, one core) and says whether it did; the analyses here then keep
    to the rest of the core budget. A stage whose analysis fails here is left to its own notebook,
    which computes it again and shows the error in its own cell. Returns the stages computed (none
    outside an edition render, for data without an edition key, or with one core)."""
    from .parallel import budget_while, core_budget

    stages = [name for name in AHEAD_STAGES if name in edition_stages()]
    budget = core_budget()
    if not stages or budget < 2 or not getattr(data, "key", ()):
        return []
    started = bool(beside()) if beside is not None else False
    done = []
    with budget_while(budget - 1 if started else budget):
        for stage in stages:
            try:
                _stage_analysis(stage)(data, client)
            except Exception:  # noqa: BLE001 - the stage's own cell raises it (see the docstring)
                continue
            done.append(stage)
    return done


def open_workbook(namespace: dict, *, pseudonymise: bool = True,
                  scorer=None) -> tuple[ClientConfig, PreparedData]:
    """Validate the notebook's parameters, style the figures, return the client and its prepared data.

    Raises ConfigError for invalid parameters, LoadError/SchemaError for unreadable data.
    """
    from .plots.style import apply_house_style

    client = client_from_parameters(namespace)
    apply_house_style()
    return client, prepare_data(client, pseudonymise=pseudonymise, scorer=scorer)
