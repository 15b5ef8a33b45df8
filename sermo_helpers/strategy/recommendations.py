"""Recommendations, the 90-day plan and KPI targets: picked from an editable catalogue, never written by code.

The catalogue lives in ``data/reference/recommendations.yaml`` (phrasing in bokmål and English, impact,
effort, trigger and plan steps). :func:`recommend` picks every recommendation whose trigger holds,
ties it to the evidence that triggered it (trait, indicator, value and status, or the channel-mix
verdicts), and orders them by priority = impact x (4 - effort), then weak traits first, then
catalogue order. :func:`plan_90_days` lists the plan steps of the top recommendations by phase;
:func:`set_kpi_targets` sets a target for the next edition per indicator: one level up (a weak
indicator to its developing threshold, a developing one to its strong threshold), and a strong one
kept at least where it is. These return keys and values only; the ``word_*`` functions write them in
the handout language at the edge (:func:`word_recommendations`, :func:`word_plan`, :func:`word_kpis`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..config import read_yaml
from ..errors import ConfigError
from ..i18n import format_number, label, value_label
from .scorecard import LANGUAGES, STATUSES, format_against, format_value

RECOMMENDATION_COLUMNS = ["priority", "key", "trait", "indicator", "value", "status", "impact", "effort", "score"]
WORDED_RECOMMENDATION_COLUMNS = ["priority", "key", "title", "action", "trait", "indicator", "value", "status",
                                 "evidence", "impact", "effort", "score"]
PLAN_COLUMNS = ["phase", "recommendation", "step"]
WORDED_PLAN_COLUMNS = ["phase", "days", "recommendation", "step"]
KPI_COLUMNS = ["indicator", "trait", "unit", "current", "target"]
WORDED_KPI_COLUMNS = ["indicator", "trait", "current", "target", "kpi"]
STATUS_ORDER = {"weak": 0, "developing": 1, "strong": 2, "not_measurable": 3}


@dataclass(frozen=True)
class Catalogue:
    """The recommendations in file order, the channel-mix evidence sentence and the KPI sentences."""

    recommendations: tuple[dict, ...]
    channel_evidence: dict[str, str]
    kpis: dict[str, dict[str, str]]


def default_catalogue_path() -> Path:
    return paths.reference_dir() / "recommendations.yaml"


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and check the catalogue; raise ConfigError naming the file and every problem."""
    path = Path(path) if path is not None else default_catalogue_path()
    raw = read_yaml(path, what="recommendations")
    problems = []
    entries = raw.get("recommendations") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a list under 'recommendations'.", path=str(path),
                          problems=["no recommendations list"])
    for position, entry in enumerate(entries, start=1):
        name = entry.get("key", f"recommendation {position}") if isinstance(entry, dict) else f"entry {position}"
        if not isinstance(entry, dict):
            problems.append(f"{name}: expected a mapping")
            continue
        for field in ("title", "action"):
            missing = [language for language in LANGUAGES if not isinstance((entry.get(field) or {}).get(language), str)]
            if missing:
                problems.append(f"{name}: {field} missing in {', '.join(missing)}")
        for field in ("impact", "effort"):
            if entry.get(field) not in (1, 2, 3):
                problems.append(f"{name}: {field} must be 1, 2 or 3, found {entry.get(field)!r}")
        when = entry.get("when") or {}
        if not (when.get("channel_mix") or when.get("language_policy") == "missed"
                or (isinstance(when.get("trait"), str) and set(when.get("status") or []) <= set(STATUSES)
                    and when.get("status"))):
            problems.append(f"{name}: 'when' needs channel_mix: true, language_policy: missed, or a trait and a "
                            f"list of statuses ({', '.join(STATUSES)}); found {when!r}")
        for step in entry.get("steps") or []:
            if step.get("phase") not in (1, 2, 3) or any(not isinstance(step.get(lang), str) for lang in LANGUAGES):
                problems.append(f"{name}: every step needs phase 1, 2 or 3 and text in nb and en; found {step!r}")
    evidence = raw.get("channel_evidence") or {}
    if any(not isinstance(evidence.get(language), str) for language in LANGUAGES):
        problems.append("channel_evidence: expected a sentence in nb and en")
    if problems:
        raise ConfigError(f"Recommendations {path} are invalid:\n" + "\n".join(f"  - {p}" for p in problems),
                          path=str(path), problems=problems)
    return Catalogue(tuple(entries), dict(evidence), dict(raw.get("kpis") or {}))


def _channels(names, language: str) -> str:
    shown = [value_label("channel", name, language) for name in names]
    joiner = label("strategy.and", language)
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" {joiner} " + shown[-1]


def recommend(traits: pd.DataFrame, *, channel_mix: pd.DataFrame | None = None, catalogue: Catalogue | None = None,
              language_policy=None) -> pd.DataFrame:
    """The recommendations whose triggers hold, best first, each tied to the evidence behind it (no words:
    :func:`word_recommendations` writes title, action and evidence in the handout language).

    Parameters
    ----------
    traits : the scorecard (``score_traits``).
    channel_mix : ``compare_channel_mix``'s frame; channel-mix recommendations need a channel over or under.
    language_policy : ``analyse_language_policy``'s result; its recommendation needs the requirement missed.
    catalogue : the recommendations (default: :func:`load_catalogue`).

    Returns RECOMMENDATION_COLUMNS, ``priority`` 1 for the first.
    """
    catalogue = catalogue or load_catalogue()
    over, under = _over_under(channel_mix)
    by_trait = traits.set_index("trait")
    rows = []
    for order, entry in enumerate(catalogue.recommendations):
        when = entry["when"]
        if when.get("language_policy"):
            if language_policy is None or language_policy.verdict != when["language_policy"]:
                continue
            standard = next(iter(language_policy.shortfalls))
            trait, indicator, status = "language_policy", "language_policy", language_policy.indicator_status
            value = float(language_policy.overall[f"{standard}_share"].iloc[0])
        elif when.get("channel_mix"):
            if not (over or under):
                continue
            trait, indicator, value, status = "takes_part_where_people_are", "channel_mix", float("nan"), ""
        else:
            trait = when["trait"]
            if trait not in by_trait.index or by_trait.at[trait, "status"] not in when["status"]:
                continue
            status = by_trait.at[trait, "status"]
            indicator = by_trait.at[trait, "indicator"]
            value = float(by_trait.at[trait, "value"])
        rows.append({
            "key": entry["key"], "trait": trait, "indicator": indicator, "value": value, "status": status,
            "impact": int(entry["impact"]), "effort": int(entry["effort"]),
            "score": int(entry["impact"]) * (4 - int(entry["effort"])),
            "_status_rank": STATUS_ORDER.get(status, 1), "_order": order,
        })
    frame = pd.DataFrame(rows, columns=RECOMMENDATION_COLUMNS[1:] + ["_status_rank", "_order"])
    frame = frame.sort_values(["score", "_status_rank", "_order"], ascending=[False, True, True], kind="stable")
    frame = frame.drop(columns=["_status_rank", "_order"]).reset_index(drop=True)
    frame.insert(0, "priority", range(1, len(frame) + 1))
    for column in ("key", "trait", "indicator", "status"):
        frame[column] = frame[column].astype("str")
    for column in ("priority", "impact", "effort", "score"):
        frame[column] = frame[column].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    return frame


def _over_under(channel_mix: pd.DataFrame | None) -> tuple[list, list]:
    if channel_mix is None or not len(channel_mix):
        return [], []
    return (channel_mix.loc[channel_mix["verdict"] == "over", "channel"].tolist(),
            channel_mix.loc[channel_mix["verdict"] == "under", "channel"].tolist())


def _fill(channel_mix: pd.DataFrame | None, language: str, client_name: str, language_policy=None, *,
          listening_gaps=None, indicator_statuses=None, months=None) -> dict:
    """The placeholder values of the catalogue's sentences in ``language`` (with :func:`judgement_fill`'s)."""
    over, under = _over_under(channel_mix)
    fill = {"client": client_name, "over": _channels(over, language) if over else "–",
            "under": _channels(under, language) if under else "–"}
    if language_policy is not None:
        from .language_policy_handout import language_policy_fill

        fill |= language_policy_fill(language_policy, language=language)
    return fill | judgement_fill(language, listening_gaps=listening_gaps, indicator_statuses=indicator_statuses,
                                 months=months)


def word_recommendations(recommendations: pd.DataFrame, *, evidence: dict, language: str,
                         channel_mix: pd.DataFrame | None = None, catalogue: Catalogue | None = None,
                         client_name: str = "", language_policy=None, listening_gaps=None,
                         indicator_statuses=None, months=None) -> pd.DataFrame:
    """:func:`recommend`'s frame with ``title``, ``action`` and ``evidence`` written in ``language``.

    ``evidence`` maps a trait to its scorecard sentence (:func:`~.scorecard.word_evidence`); channel-mix
    and language-policy recommendations get their own sentences. Returns WORDED_RECOMMENDATION_COLUMNS.
    """
    catalogue = catalogue or load_catalogue()
    entries = {entry["key"]: entry for entry in catalogue.recommendations}
    fill = _fill(channel_mix, language, client_name, language_policy, listening_gaps=listening_gaps,
                 indicator_statuses=indicator_statuses, months=months)
    titles, actions, sentences = [], [], []
    for row in recommendations.itertuples():
        entry = entries[row.key]
        titles.append(entry["title"][language])
        actions.append(entry["action"][language].format(**fill))
        if entry["when"].get("language_policy"):
            from .language_policy_handout import language_policy_recommendation

            sentences.append(language_policy_recommendation(language_policy, language=language))
        elif entry["when"].get("channel_mix"):
            sentences.append(catalogue.channel_evidence[language].format(**fill))
        else:
            sentences.append(evidence.get(row.trait, ""))
    worded = recommendations.assign(title=pd.Series(titles, index=recommendations.index, dtype="str"),
                                    action=pd.Series(actions, index=recommendations.index, dtype="str"),
                                    evidence=pd.Series(sentences, index=recommendations.index, dtype="str"))
    return worded[WORDED_RECOMMENDATION_COLUMNS]


def plan_90_days(recommendations: pd.DataFrame, *, catalogue: Catalogue | None = None, top: int = 5) -> pd.DataFrame:
    """The 90-day plan: the steps of the ``top`` recommendations, by phase (1: days 1-30, 2: 31-60, 3: 61-90)
    and then by priority, plus the language-policy recommendation's steps when it is below the top (a legal
    duty is never left out). Returns PLAN_COLUMNS: ``recommendation`` is its key, ``step`` the step's
    position in the catalogue entry; :func:`word_plan` writes them."""
    catalogue = catalogue or load_catalogue()
    entries = {entry["key"]: entry for entry in catalogue.recommendations}
    rows = []
    # a legal duty is never left out of the plan: the language-policy steps join the top ones when it is missed
    chosen = recommendations.head(top)
    duty = recommendations[(recommendations["trait"] == "language_policy") & ~recommendations.index.isin(chosen.index)]
    for _, recommendation in pd.concat([chosen, duty]).iterrows():
        for position, step in enumerate(entries[recommendation["key"]].get("steps") or []):
            rows.append({"phase": int(step["phase"]), "recommendation": recommendation["key"], "step": position,
                         "_priority": int(recommendation["priority"])})
    frame = pd.DataFrame(rows, columns=PLAN_COLUMNS + ["_priority"])
    frame = frame.sort_values(["phase", "_priority"], kind="stable").drop(columns="_priority").reset_index(drop=True)
    for column in ("phase", "step"):
        frame[column] = frame[column].astype("int64")
    frame["recommendation"] = frame["recommendation"].astype("str")
    return frame


def word_plan(plan: pd.DataFrame, *, language: str, channel_mix: pd.DataFrame | None = None,
              catalogue: Catalogue | None = None, client_name: str = "", language_policy=None, listening_gaps=None,
              indicator_statuses=None, months=None) -> pd.DataFrame:
    """:func:`plan_90_days`' frame written in ``language``: WORDED_PLAN_COLUMNS (days, the recommendation's
    title, the step with its placeholders filled)."""
    catalogue = catalogue or load_catalogue()
    entries = {entry["key"]: entry for entry in catalogue.recommendations}
    fill = _fill(channel_mix, language, client_name, language_policy, listening_gaps=listening_gaps,
                 indicator_statuses=indicator_statuses, months=months)
    frame = pd.DataFrame({
        "phase": plan["phase"].tolist(),
        "days": [label(f"strategy.phase.{phase}", language) for phase in plan["phase"]],
        "recommendation": [entries[key]["title"][language] for key in plan["recommendation"]],
        "step": [entries[key]["steps"][position][language].format(**fill)
                 for key, position in zip(plan["recommendation"], plan["step"])],
    }, columns=WORDED_PLAN_COLUMNS)
    frame["phase"] = frame["phase"].astype("int64")
    for column in ("days", "recommendation", "step"):
        frame[column] = frame[column].astype("str")
    return frame


def judgement_fill(language: str, *, listening_gaps=None, indicator_statuses: pd.DataFrame | None = None,
                   months: float | None = None) -> dict[str, str]:
    """The figures a recommendation or plan step is stated against, so it never contradicts the data.

    ``{missing}``: the kinds of source with no mention (the real listening gaps), not a fixed list.
    ``{videos_now}`` and ``{videos_target}``: video posts a month today and the number that reaches the
    video-share KPI target (:func:`choose_target`), never fewer than today's plus one. Without the
    figures the texts name today's level in words (labels ``strategy.fill.*``).
    """
    import math

    fill = {"missing": (_channels(listening_gaps, language) if listening_gaps
                        else label("strategy.fill.missing_sources", language)),
            "videos_now": label("strategy.fill.today", language),
            "videos_target": label("strategy.fill.more", language)}
    if indicator_statuses is not None and months and months > 0:
        rows = indicator_statuses[indicator_statuses["indicator"] == "video_share_of_posts"]
        if len(rows) and rows.iloc[0]["status"] != "not_measurable":
            row = rows.iloc[0]
            per_month = float(row["basis"]) / months
            now = float(row["value"]) * per_month
            target_share = choose_target(row["value"], status=row["status"], direction=row["direction"],
                                         strong=row["strong"], developing=row["developing"])
            if math.isnan(target_share) or target_share <= row["value"]:
                target_share = float(row["value"])
            target = max(math.ceil(target_share * per_month - 1e-9), math.floor(now) + 1)
            fill["videos_now"] = format_number(now, language, decimals=1 if now < 20 else 0)
            fill["videos_target"] = format_number(target, language)
    return fill


def choose_target(value: float, *, status: str, direction: str, strong: float, developing: float) -> float:
    """The next edition's target: weak -> developing threshold, developing -> strong threshold,
    strong -> the current value (hold it); NaN when not measurable."""
    if status == "weak":
        return float(developing)
    if status == "developing":
        return float(strong)
    if status == "strong":
        return float(value)
    return float("nan")


def set_kpi_targets(indicator_statuses: pd.DataFrame, *, catalogue: Catalogue | None = None,
                    traits: tuple[str, ...] | None = None) -> pd.DataFrame:
    """KPI targets for the next edition, one row per measurable indicator with a KPI sentence in the catalogue.

    ``indicator_statuses`` is ``score_indicators``' frame; ``traits`` limits the rows to those traits
    (e.g. the traits of the top recommendations), in that order. Returns KPI_COLUMNS with the values as
    numbers (``unit`` says how to write them); :func:`word_kpis` writes them.
    """
    catalogue = catalogue or load_catalogue()
    frame = indicator_statuses[indicator_statuses["status"] != "not_measurable"]
    frame = frame[frame["indicator"].isin(list(catalogue.kpis))]
    if traits is not None:
        order = {trait: position for position, trait in enumerate(traits)}
        frame = frame[frame["trait"].isin(order)]
        frame = frame.assign(_order=frame["trait"].map(order)).sort_values("_order", kind="stable")
    rows = [{"indicator": row["indicator"], "trait": row["trait"], "unit": row["unit"], "current": float(row["value"]),
             "target": choose_target(row["value"], status=row["status"], direction=row["direction"],
                                     strong=row["strong"], developing=row["developing"])}
            for _, row in frame.iterrows()]
    # a target is always strictly better than today (a strong indicator is kept, not targeted)
    directions = dict(zip(frame["indicator"], frame["direction"]))
    rows = [row for row in rows if is_better(row["target"], row["current"], direction=directions[row["indicator"]])]
    out = pd.DataFrame(rows, columns=KPI_COLUMNS)
    for column in ("indicator", "trait", "unit"):
        out[column] = out[column].astype("str")
    for column in ("current", "target"):
        out[column] = out[column].astype("float64")
    return out


def word_kpis(kpis: pd.DataFrame, *, language: str, catalogue: Catalogue | None = None) -> pd.DataFrame:
    """:func:`set_kpi_targets`' frame written in ``language``: WORDED_KPI_COLUMNS, the values by
    :func:`~.scorecard.format_value` (the one writer of indicator values) and the KPI sentence."""
    catalogue = catalogue or load_catalogue()
    rows = []
    for row in kpis.itertuples():
        current = format_against(row.current, row.unit, language, (row.target,))
        target = format_against(row.target, row.unit, language, (row.current,))
        rows.append({"indicator": row.indicator, "trait": row.trait, "current": current, "target": target,
                     "kpi": catalogue.kpis[row.indicator][language].format(target=target, current=current)})
    out = pd.DataFrame(rows, columns=WORDED_KPI_COLUMNS)
    return out.astype("str") if len(out) else out


def is_better(target, current, *, direction: str) -> bool:
    """True when ``target`` is strictly better than ``current`` in ``direction`` (``higher``/``lower``)."""
    import math

    if target is None or current is None or math.isnan(float(target)) or math.isnan(float(current)):
        return False
    return float(target) > float(current) if direction == "higher" else float(target) < float(current)
