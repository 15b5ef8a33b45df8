"""The handout's "Språk og målbruk" / "Language policy" section, from a LanguagePolicyResult.

Wording comes from ``templates/labels/language_policy.yaml`` and the rule's own explanation from
``data/reference/language_policy.yaml``; every number from the result (no computing here). Every text
is escaped.
"""
from __future__ import annotations

import html

import pandas as pd

from ..i18n import format_number, format_percent, label, organisation_nouns, organisation_words, value_label
from ..present import Html
from .language_policy import LanguagePolicyResult

_COLUMNS = ["texts", "bokmål", "nynorsk", "counted", "nynorsk_share", "too_short", "english", "other_language"]


def _percent(share, language: str) -> str:
    return format_percent(share, language, decimals=1 if 0 < share < 1 and round(share * 100) != share * 100 else 0)


def language_policy_summary(result: LanguagePolicyResult, *, language: str, client=None) -> Html:
    """The rule, what was read, the verdict, replies in the citizen's standard, peers, the scorecard
    indicator and, when the requirement is missed, the recommendation with where to start.

    ``client`` (bound by :class:`~sermo_helpers.present.Handout`) gives what the text calls the client
    (``kommunen``, :meth:`~sermo_helpers.config.ClientConfig.organisation_nouns`); without it, the
    default noun of the result's organisation type."""
    nouns = organisation_words(client.organisation_nouns() if client is not None
                               else organisation_nouns(result.organisation_type), language)
    rule = result.rule
    parts = ['<div class="sermo-language-policy">']
    explanation = rule.explanation[language]
    parts.append(_p(label("language_policy.rule", language, explanation=explanation, reference=rule.legal_reference)))
    overall = result.overall.iloc[0]
    kinds = result.by_kind.set_index("kind")["texts"]
    parts.append(_p(label(
        "language_policy.basis", language, texts=_n(overall["texts"], language),
        posts=_n(kinds.get("posts", 0), language), replies=_n(kinds.get("replies", 0), language),
        counted=_n(overall["counted"], language), bokmal=_n(overall["bokmål"], language),
        nynorsk=_n(overall["nynorsk"], language), bokmal_share=_share(overall["bokmål_share"], language),
        nynorsk_share=_share(overall["nynorsk_share"], language), too_short=_n(overall["too_short"], language),
        english=_n(overall["english"], language), other=_n(overall["other_language"], language),
        min_words=result.min_words, **nouns)))
    if set(rule.counts) == {"posts"}:
        parts.append(_p(label("language_policy.counts_posts_only", language)))
    elif set(rule.counts) == {"replies"}:
        parts.append(_p(label("language_policy.counts_replies_only", language)))
    shares = "; ".join(label("language_policy.share_against_minimum", language,
                             standard=label(f"language_policy.standard.{standard}", language).capitalize(),
                             share=_share(overall[f"{standard}_share"], language),
                             minimum=format_percent(minimum, language))
                       for standard, minimum in rule.minimum.items())
    parts.append(f'<p class="sermo-verdict"><strong>'
                 f'{html.escape(label(f"language_policy.verdict.{result.verdict}", language, shares=shares, **nouns))}'
                 f'</strong></p>')
    answered = [label("language_policy.citizen_replies_standard", language, same=_n(row.same, language),
                      told=_n(row.told, language), share=_share(row.share, language),
                      standard=label(f"language_policy.standard.{row.citizen_standard}", language))
                for row in result.citizen_replies.itertuples() if row.told > 0]
    parts.append(_p(label("language_policy.citizen_replies", language, replies="; ".join(answered))
                    if answered else label("language_policy.no_citizen_replies", language)))
    if len(result.peers):
        peers = ", ".join(label("language_policy.peer", language, account=row.account,
                                share=_share(row.nynorsk_share, language), counted=_n(row.counted, language))
                          for row in result.peers.itertuples())
        parts.append(_p(label("language_policy.peers", language, peers=peers)))
    else:
        parts.append(_p(label("language_policy.no_peers", language)))
    parts.append(_p(label("language_policy.indicator", language,
                          status=label(f"strategy.status.{result.indicator_status}", language).lower())))
    if result.verdict == "missed":
        parts.append(f'<p class="sermo-recommendation"><strong>'
                     f'{html.escape(label("language_policy.recommendation_lead", language))}</strong> '
                     f'{html.escape(language_policy_recommendation(result, language=language))}</p>')
    parts.append("</div>")
    return Html("".join(parts))


def language_policy_fill(result: LanguagePolicyResult, *, language: str) -> dict[str, str]:
    """The placeholders of the recommendation and its plan steps: {every} (how often to write the lacking
    standard), {standard} (its name), {needed} (how many more texts it lacked) and {start_with} (the channels
    and post types to start with). Dashes when nothing is missed."""
    if not result.shortfalls:
        return {"every": "–", "standard": "–", "needed": "–", "start_with": "–"}
    standard, (_, minimum) = next(iter(result.shortfalls.items()))
    every = (label("language_policy.every.4", language) if minimum == 0.25
             else label("language_policy.every.other", language, percent=format_percent(minimum, language)))
    start = ", ".join(label("language_policy.start_with_item", language,
                            post_type=value_label("post_type", row.post_type, language),
                            channel=value_label("channel", row.channel, language), posts=_n(row.posts, language))
                      for row in result.start_with.itertuples()) or "–"
    return {"every": every, "standard": label(f"language_policy.standard.{standard}", language),
            "needed": _n(result.posts_needed[standard], language), "start_with": start}


def language_policy_recommendation(result: LanguagePolicyResult, *, language: str) -> str:
    """The recommendation when the requirement is missed: how often to write the lacking standard, how many
    texts it lacked, and which channels and post types to start with. Empty when nothing is missed."""
    if not result.shortfalls:
        return ""
    return label("language_policy.recommendation", language, **language_policy_fill(result, language=language))


def language_policy_table(result: LanguagePolicyResult, *, language: str) -> pd.DataFrame:
    """All counted texts, posts, replies and each channel: texts, bokmål, nynorsk, counted, nynorsk share,
    and the texts counted apart, with headers in the handout language."""
    rows = [result.overall.assign(what=label("language_policy.row.overall", language))]
    kinds = result.by_kind.copy()
    kinds["what"] = [label(f"language_policy.row.{kind}", language) for kind in kinds["kind"]]
    rows.append(kinds)
    channels = result.by_channel.copy()
    channels["what"] = [value_label("channel", channel, language) for channel in channels["channel"]]
    rows.append(channels)
    frame = pd.concat([row[["what", *_COLUMNS]] for row in rows], ignore_index=True)
    return _shown(frame, "what", language)


def language_policy_month_table(result: LanguagePolicyResult, *, language: str) -> pd.DataFrame:
    """The counted texts per month (YYYY-MM), as :func:`language_policy_table`."""
    return _shown(result.by_month[["month", *_COLUMNS]], "month", language)


def _shown(frame: pd.DataFrame, first: str, language: str) -> pd.DataFrame:
    shown = frame.copy()
    shown["nynorsk_share"] = [_share(value, language) for value in shown["nynorsk_share"]]
    for column in _COLUMNS:
        if column != "nynorsk_share":
            shown[column] = shown[column].astype("int64")
    return shown.rename(columns={column: label(f"language_policy.column.{column}", language)
                                 for column in [first, *_COLUMNS]})


def _n(value, language: str) -> str:
    return format_number(float(value), language)


def _share(value, language: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    return _percent(float(value), language)


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


__all__ = ["language_policy_fill", "language_policy_month_table", "language_policy_recommendation", "language_policy_summary",
           "language_policy_table"]
