"""The scorecard: the twelve traits of the best, each judged from indicators against editable thresholds.

The rules live in ``data/reference/scorecard.yaml`` (the file explains every field). The engine is
declarative: :func:`evaluate_indicator` compares one value with a rule's thresholds in the rule's
direction; :func:`score_indicators` does it for every rule; :func:`score_traits` combines a trait's
indicators into one status with one evidence sentence, and takes the traits that data cannot show from
the client file's ``judgement``.

Status values: strong, developing, weak, not_measurable (the data given cannot show it; for a judgement
trait without a judgement, the strategist's judgement is needed).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..config import read_yaml
from ..errors import AnalysisError, ConfigError
from ..i18n import (format_duration, format_number, format_percent, format_share, label, organisation_nouns,
                    organisation_words)

STATUSES = ("strong", "developing", "weak", "not_measurable")
POINTS = {"strong": 2, "developing": 1, "weak": 0}
DIRECTIONS = ("higher", "lower")
COMBINE = ("mean", "worst")
LANGUAGES = ("nb", "en")
INDICATOR_STATUS_COLUMNS = ["trait", "indicator", "value", "unit", "basis", "direction", "strong", "developing",
                            "status"]
TRAIT_COLUMNS = ["trait", "status", "source", "indicator", "value", "unit", "basis", "note"]


@dataclass(frozen=True)
class Rule:
    """One indicator of a trait with its thresholds and evidence sentences."""

    trait: str
    indicator: str
    direction: str
    strong: float
    developing: float
    evidence: dict[str, str]


@dataclass(frozen=True)
class Scorecard:
    """The traits in handout order, the rules per indicator, and the channel-mix settings."""

    traits: tuple[str, ...]
    judgement_traits: tuple[str, ...]
    rules: tuple[Rule, ...]
    channel_mix: dict
    combine: dict = None  # trait -> "mean" or "worst"; traits not named use "mean"


def default_scorecard_path() -> Path:
    return paths.reference_dir() / "scorecard.yaml"


def load_scorecard(path: str | Path | None = None) -> Scorecard:
    """Read and check the scorecard rules (default ``data/reference/scorecard.yaml``).

    Raises ConfigError naming the file and listing every problem (unknown direction, thresholds in the
    wrong order, missing evidence in a language, a trait with neither indicators nor judgement).
    """
    path = Path(path) if path is not None else default_scorecard_path()
    raw = read_yaml(path, what="scorecard rules")
    problems: list[str] = []
    if not isinstance(raw, dict) or not isinstance(raw.get("traits"), list):
        raise ConfigError(f"{path}: expected a mapping with a list under 'traits'.", path=str(path),
                          problems=["no traits list"])
    traits, judgement, rules, combine = [], [], [], {}
    for position, entry in enumerate(raw["traits"], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
            problems.append(f"trait {position}: expected a mapping with a key")
            continue
        key = entry["key"]
        if key in traits:
            problems.append(f"trait {key!r} appears twice")
        traits.append(key)
        if entry.get("judgement"):
            judgement.append(key)
            continue
        combine[key] = entry.get("combine", "mean")
        if combine[key] not in COMBINE:
            problems.append(f"{key}: combine must be mean or worst, found {combine[key]!r}")
        indicators = entry.get("indicators")
        if not isinstance(indicators, list) or not indicators:
            problems.append(f"{key}: expected indicators or 'judgement: true'")
            continue
        for item in indicators:
            rule, problem = _rule(key, item)
            if problem:
                problems.append(problem)
            else:
                rules.append(rule)
    if problems:
        raise ConfigError(f"Scorecard rules {path} are invalid:\n" + "\n".join(f"  - {p}" for p in problems),
                          path=str(path), problems=problems)
    return Scorecard(tuple(traits), tuple(judgement), tuple(rules), dict(raw.get("channel_mix") or {}), combine)


def _rule(trait: str, item) -> tuple[Rule | None, str | None]:
    if not isinstance(item, dict) or not isinstance(item.get("indicator"), str):
        return None, f"{trait}: every indicator needs an 'indicator' name, found {item!r}"
    name = f"{trait}/{item['indicator']}"
    direction = item.get("direction")
    if direction not in DIRECTIONS:
        return None, f"{name}: direction must be higher or lower, found {direction!r}"
    try:
        strong, developing = float(item["strong"]), float(item["developing"])
    except (KeyError, TypeError, ValueError):
        return None, f"{name}: strong and developing must be numbers, found {item.get('strong')!r}, " \
                     f"{item.get('developing')!r}"
    if (direction == "higher" and strong < developing) or (direction == "lower" and strong > developing):
        return None, (f"{name}: for direction {direction}, strong ({strong:g}) must be "
                      f"{'at least' if direction == 'higher' else 'at most'} developing ({developing:g})")
    evidence = item.get("evidence") or {}
    missing = [language for language in LANGUAGES if not isinstance(evidence.get(language), str)]
    if missing:
        return None, f"{name}: evidence sentence missing in {', '.join(missing)}"
    return Rule(trait, item["indicator"], direction, strong, developing, dict(evidence)), None


def evaluate_indicator(value, *, strong: float, developing: float, direction: str) -> str:
    """The status of one value: strong, developing or weak by the thresholds (inclusive), or not_measurable.

    ``direction`` higher: strong when value >= strong, developing when value >= developing, else weak;
    lower: strong when value <= strong, developing when value <= developing, else weak. A missing value
    (None or NaN) is not_measurable. Raises AnalysisError for another direction.
    """
    if direction not in DIRECTIONS:
        raise AnalysisError(f"direction must be higher or lower, found {direction!r}", argument="direction",
                            expected="higher or lower", found=repr(direction))
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "not_measurable"
    if direction == "higher":
        return "strong" if value >= strong else "developing" if value >= developing else "weak"
    return "strong" if value <= strong else "developing" if value <= developing else "weak"


def combine_statuses(statuses, *, how: str = "mean") -> str:
    """One trait status from its indicators'. ``how`` mean: mean points (strong 2, developing 1, weak 0),
    strong from 1.5, developing from 0.5, else weak; worst: the lowest status. not_measurable when no
    indicator is measurable. Raises AnalysisError for another ``how``."""
    if how not in COMBINE:
        raise AnalysisError(f"how must be mean or worst, found {how!r}", argument="how", expected="mean or worst",
                            found=repr(how))
    points = [POINTS[status] for status in statuses if status in POINTS]
    if not points:
        return "not_measurable"
    if how == "worst":
        return {2: "strong", 1: "developing", 0: "weak"}[min(points)]
    mean = sum(points) / len(points)
    return "strong" if mean >= 1.5 else "developing" if mean >= 0.5 else "weak"


def score_indicators(indicators: pd.DataFrame, scorecard: Scorecard) -> pd.DataFrame:
    """Every rule of the scorecard with its indicator's value and status (INDICATOR_STATUS_COLUMNS).

    ``indicators`` is :func:`sermo_helpers.strategy.indicators.compute_indicators`' frame; an indicator
    absent from it is not measurable.
    """
    by_name = indicators.set_index("indicator")
    rows = []
    for rule in scorecard.rules:
        known = rule.indicator in by_name.index
        value = float(by_name.at[rule.indicator, "value"]) if known else float("nan")
        rows.append({
            "trait": rule.trait, "indicator": rule.indicator, "value": value,
            "unit": str(by_name.at[rule.indicator, "unit"]) if known else "",
            "basis": int(by_name.at[rule.indicator, "basis"]) if known else 0,
            "direction": rule.direction, "strong": rule.strong, "developing": rule.developing,
            "status": evaluate_indicator(value, strong=rule.strong, developing=rule.developing,
                                         direction=rule.direction),
        })
    frame = pd.DataFrame(rows, columns=INDICATOR_STATUS_COLUMNS)
    for column in ("trait", "indicator", "unit", "direction", "status"):
        frame[column] = frame[column].astype("str")
    return frame


def format_value(value, unit: str, language: str) -> str:
    """An indicator value as the handout writes it everywhere: shares by :func:`~sermo_helpers.i18n.format_share`,
    minutes by :func:`~sermo_helpers.i18n.format_duration`, rates per thousand with one decimal, counts whole."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "share":
        return format_share(value, language)
    if unit == "minutes":
        return format_duration(value, language)
    if unit == "per_thousand":
        return format_number(value, language, decimals=1)
    return format_number(value, language, decimals=0)


def score_traits(indicators: pd.DataFrame, *, scorecard: Scorecard | None = None,
                 judgement: dict | None = None) -> pd.DataFrame:
    """The scorecard: one row per trait with status, where it comes from, and the indicator that decides it.

    Parameters
    ----------
    indicators : the frame from ``compute_indicators``.
    scorecard : the rules (default: :func:`load_scorecard`).
    judgement : the client file's ``judgement`` ({trait: {status, note}}) for the traits data cannot show.

    Returns TRAIT_COLUMNS: ``source`` is data, judgement, or needs_judgement; ``indicator``, ``value``,
    ``unit`` and ``basis`` name the decisive indicator (the lowest status; empty for judgement traits);
    ``note`` is the strategist's judgement note as written. :func:`word_evidence` writes the evidence
    sentence of each row in the handout language.
    """
    scorecard = scorecard or load_scorecard()
    judgement = judgement or {}
    scored = score_indicators(indicators, scorecard)
    order = {status: rank for rank, status in enumerate(("weak", "developing", "strong"))}
    empty = {"indicator": "", "value": float("nan"), "unit": "", "basis": 0, "note": ""}
    rows = []
    for trait in scorecard.traits:
        if trait in scorecard.judgement_traits:
            given = judgement.get(trait)
            if given:
                rows.append({"trait": trait, "status": given["status"], "source": "judgement",
                             **empty, "note": given.get("note", "")})
            else:
                rows.append({"trait": trait, "status": "not_measurable", "source": "needs_judgement", **empty})
            continue
        part = scored[scored["trait"] == trait]
        measurable = part[part["status"] != "not_measurable"]
        status = combine_statuses(part["status"], how=(scorecard.combine or {}).get(trait, "mean"))
        if not len(measurable):
            rows.append({"trait": trait, "status": status, "source": "data", **empty})
            continue
        decisive = measurable.assign(_rank=measurable["status"].map(order)).sort_values("_rank", kind="stable").iloc[0]
        rows.append({"trait": trait, "status": status, "source": "data", "indicator": decisive["indicator"],
                     "value": float(decisive["value"]), "unit": decisive["unit"], "basis": int(decisive["basis"]),
                     "note": ""})
    frame = pd.DataFrame(rows, columns=TRAIT_COLUMNS)
    for column in ("trait", "status", "source", "indicator", "unit", "note"):
        frame[column] = frame[column].astype("str")
    frame["value"] = frame["value"].astype("float64")
    frame["basis"] = frame["basis"].astype("int64")
    return frame


def word_evidence(traits: pd.DataFrame, *, language: str, scorecard: Scorecard | None = None,
                  target_minutes: int = 60, organisation: dict | None = None) -> pd.Series:
    """The evidence sentence of every row of :func:`score_traits`' frame, in ``language`` (same index).

    Data traits: the decisive indicator's sentence from the scorecard file, with {value} written by
    :func:`format_value`, {basis}, {target} (the response target) and {organisation} /
    {organisation_s} (what the handout calls the client, ``organisation``: nouns per language as
    :meth:`ClientConfig.organisation_nouns`; default the noun of an organisation of type "other"); judgement traits: the
    strategist's note; traits without data or judgement: the label saying so.
    """
    scorecard = scorecard or load_scorecard()
    rules = {(rule.trait, rule.indicator): rule for rule in scorecard.rules}
    target = format_duration(float(target_minutes), language)
    nouns = organisation_words(organisation or organisation_nouns("other"), language)
    sentences = []
    for row in traits.itertuples():
        if row.source == "judgement":
            sentences.append(row.note)
        elif row.source == "needs_judgement":
            sentences.append(label("strategy.evidence.needs_judgement", language, trait=row.trait))
        elif not row.indicator:
            sentences.append(label("strategy.evidence.not_measurable", language))
        else:
            rule = rules[(row.trait, row.indicator)]
            shown = format_against(row.value, row.unit, language, (rule.strong, rule.developing))
            sentences.append(rule.evidence[language].format(value=shown,
                                                            basis=format_number(row.basis, language),
                                                            target=target, **nouns))
    return pd.Series(sentences, index=traits.index, dtype="str", name="evidence")


def format_against(value, unit: str, language: str, others=()) -> str:
    """``value`` as :func:`format_value` writes it, with more decimals where that rounding would make it read
    as equal to one of ``others`` (a threshold or target) it is not equal to: 0.1457 against 0.15 is
    "14,6 %", not "15 %", so the reader sees why it falls short."""
    text = format_value(value, unit, language)
    if value is None or (isinstance(value, float) and math.isnan(value)) or unit not in ("share", "per_thousand", "count"):
        return text
    clashes = [other for other in others if other is not None and not (isinstance(other, float) and math.isnan(other))
               and float(other) != float(value) and format_value(other, unit, language) == text]
    if not clashes:
        return text
    scale = 100 if unit == "share" else 1
    base = (1 if abs(value) < 0.1 else 0) if unit == "share" else (1 if unit == "per_thousand" else 0)
    if abs(round(float(value) * scale, base) - float(value) * scale) < 1e-9:
        return text  # exact as written (a threshold such as 15 %): the other value gets the digits
    for decimals in range(base + 1, base + 4):
        shown = [round(float(v) * scale, decimals) for v in (value, *clashes)]
        if all(shown[0] != other for other in shown[1:]):
            break
    else:  # still equal at three more decimals: cut towards the side the value is on
        step = 10 ** decimals
        nearest = min(clashes, key=lambda other: abs(float(other) - float(value)))
        cut = math.floor if float(value) < float(nearest) else math.ceil
        value = cut(float(value) * scale * step) / step / scale
    if unit == "share":
        return format_percent(value, language, decimals=decimals)
    return format_number(value, language, decimals=decimals)
