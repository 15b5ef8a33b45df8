"""Client-facing tables of the Listen stage: the analyses' frames, labelled in the handout language.

Each function returns a :class:`~sermo_helpers.present.Html` table (escaped, numbers in local format),
so a notebook cell is one call.
"""
from __future__ import annotations

import pandas as pd

from ..i18n import label, value_label
from ..present import Html, no_data, paragraph, table


def show_tone_by_subject(summary: pd.DataFrame, *, language: str, names: dict[str, str] | None = None) -> Html:
    """Mentions, shares of each tone and net sentiment per subject (from ``sentiment_summary``)."""
    frame = summary.assign(subject=summary["subject"].map(lambda slug: (names or {}).get(slug, slug)))
    frame = frame[["subject", "mentions", "negative_share", "neutral_share", "positive_share", "net_sentiment"]]
    return table(frame, language, columns={
        "subject": "listen.subject", "mentions": "listen.mentions", "negative_share": "sentiment.negative",
        "neutral_share": "sentiment.neutral", "positive_share": "sentiment.positive",
        "net_sentiment": "listen.net_sentiment"},
        formats={name: "percent" for name in ("negative_share", "neutral_share", "positive_share", "net_sentiment")})


def show_spikes(explained: pd.DataFrame, *, language: str, mentions: int | None = None) -> Html:
    """The spikes with what changed (from ``explain_spikes``), or a sentence saying there were none.

    ``mentions``: how many mentions the spikes were looked for in; when 0, the "no data" note is
    shown instead of "no spikes".
    """
    if mentions == 0:
        return no_data(language)
    if explained.empty:
        return paragraph("listen.no_spikes", language)
    columns = ["start", "end", "mentions", "ratio", "new_terms", "top_channels", "top_authors"]
    if "negative_share" in explained.columns:
        columns += ["negative_share", "negative_share_before"]
    explained = explained.assign(top_channels=[_counted_values(text, "channel", language)
                                               for text in explained["top_channels"]])
    return table(explained[columns], language, columns={name: f"listen.{name}" for name in columns},
                 formats={"start": "date", "end": "date", "ratio": "decimal", "negative_share": "percent",
                          "negative_share_before": "percent"})


def _counted_values(text, kind: str, language: str) -> str:
    """``"news (12), x (4)"`` with each value in the reader's words: ``"nyheter (12), X (Twitter) (4)"``."""
    if not isinstance(text, str) or not text:
        return text
    parts = []
    for part in text.split(", "):
        value, _, count = part.rpartition(" (")
        parts.append(f"{value_label(kind, value, language)} ({count}" if value else part)
    return ", ".join(parts)


def show_criticism(ranked: pd.DataFrame, *, language: str, timezone: str, top: int = 15) -> Html:
    """The top negative mentions with answered status (from ``rank_criticism``), local times; a
    sentence saying there were none when ``ranked`` is empty."""
    if ranked.empty:
        return paragraph("listen.no_criticism", language)
    frame = ranked.head(top).assign(
        published_at=ranked["published_at"].head(top).dt.tz_convert(timezone).dt.tz_localize(None),
        answered=ranked["answered"].head(top).map(lambda yes: label("listen.yes" if yes else "listen.no", language)),
    )[["published_at", "channel", "author", "text", "reach", "engagement", "answered", "minutes_to_reply"]]
    lead = paragraph("listen.criticism_explained", language, unanswered=int((~ranked["answered"]).sum()),
                     total=len(ranked))
    body = table(frame, language, columns={"published_at": "listen.published", "channel": "common.channel",
                                           "author": "listen.author", "text": "listen.text", "reach": "listen.reach",
                                           "engagement": "listen.engagement", "answered": "listen.answered",
                                           "minutes_to_reply": "listen.minutes_to_reply"},
                 formats={"published_at": "datetime", "minutes_to_reply": "number"}, max_rows=top)
    return Html(lead.markup + body.markup)


def subjects_of(client) -> dict:
    """``client``, ``peers`` and ``names`` for :func:`~sermo_helpers.listen.share_of_voice` from a
    client configuration (display names for the client and each peer)."""
    names = {client.slug: client.display_name, **{peer.slug: peer.name for peer in client.peers}}
    return {"client": client.slug, "peers": [peer.slug for peer in client.peers], "names": names}
