"""Client-facing tables of the Listen stage: the Listen result's frames, labelled in the handout language.

Each function takes the :class:`~sermo_helpers.listen.ListenResult` and returns a
:class:`~sermo_helpers.present.Html` table (escaped, numbers in local format), so a notebook cell is
one call: ``show(show_spikes, listen)`` (:class:`~sermo_helpers.present.Handout` binds the language).
"""
from __future__ import annotations

import pandas as pd

from ..i18n import format_number, label, value_label
from ..present import Html, no_data, paragraph, table
from .criticism import SHOWN_GROUPS


def show_tone_by_subject(listen, *, client, language: str) -> Html:
    """Mentions, shares of each tone and net sentiment per subject (``ListenResult.tone_by_subject``)."""
    names = subjects_of(client)["names"]
    summary = listen.tone_by_subject
    frame = summary.assign(subject=summary["subject"].map(lambda slug: names.get(slug, slug)))
    frame = frame[["subject", "mentions", "negative_share", "neutral_share", "positive_share", "net_sentiment"]]
    return table(frame, language, columns={
        "subject": "listen.subject", "mentions": "listen.mentions", "negative_share": "sentiment.negative",
        "neutral_share": "sentiment.neutral", "positive_share": "sentiment.positive",
        "net_sentiment": "listen.net_sentiment"},
        formats={name: "share" for name in ("negative_share", "neutral_share", "positive_share", "net_sentiment")})


def show_spikes(listen, *, language: str) -> Html:
    """The spikes with what changed (``ListenResult.spikes``), or a sentence saying there were none;
    the "no data" note when the client had no mentions at all."""
    explained = listen.spikes
    if listen.mentions == 0:
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


def show_criticism(listen, *, client, language: str, top: int = SHOWN_GROUPS) -> Html:
    """The top critical texts (``ListenResult.criticism``, identical and near-identical texts as one row
    with their count: :func:`~sermo_helpers.listen.criticism.group_criticism`), local times, each with
    where it was said: on the client's own channels (answered or not) or in the media (criticism in the
    media, which cannot be answered in the thread); a sentence saying there were none when there were none."""
    from .criticism import group_criticism

    ranked = listen.criticism
    if ranked.empty:
        return paragraph("listen.no_criticism", language)
    shown = group_criticism(ranked, top=top)
    own = shown["venue"] == "own_channels"
    answered = [("–" if not on_own else
                 label("listen.yes" if done else "listen.no", language) if count == 1 else
                 label("listen.answered_of", language, answered=format_number(done, language),
                       count=format_number(count, language)))
                for done, count, on_own in zip(shown["answered_count"], shown["count"], own)]
    authors = [author if others <= 1 else
               label("listen.author_and_others", language, author=author, others=format_number(others - 1, language))
               for author, others in zip(shown["author"], shown["authors"])]
    channels = [", ".join(value_label("channel", part, language) for part in text.split(", "))
                for text in shown["channels"]]
    frame = shown.assign(
        published_at=shown["first_published_at"].dt.tz_convert(client.timezone).dt.tz_localize(None),
        channel=channels, author=authors,
        venue=[label(f"listen.venue.{venue}", language) for venue in shown["venue"]],
        answered=answered,
        minutes_to_reply=shown["minutes_to_reply"].where(own & (shown["count"] == 1)),
    )[["published_at", "channel", "venue", "author", "text", "count", "reach", "engagement", "answered",
       "minutes_to_reply"]]
    lead = paragraph("listen.criticism_explained", language, client=client.display_name,
                     total=format_number(len(ranked), language),
                     own=format_number(listen.criticism_on_own_channels, language),
                     media=format_number(listen.criticism_in_media, language))
    grouped = paragraph("listen.criticism_grouped", language)
    body = table(frame, language, columns={"published_at": "listen.published", "channel": "common.channel",
                                           "venue": "listen.venue", "author": "listen.author", "text": "listen.text",
                                           "count": "listen.count", "reach": "listen.reach",
                                           "engagement": "listen.engagement", "answered": "listen.answered",
                                           "minutes_to_reply": "listen.minutes_to_reply"},
                 formats={"published_at": "datetime", "minutes_to_reply": "number"},
                 values={"channel": None}, max_rows=top)  # the channels are already in the reader's words
    return Html(lead.markup + grouped.markup + body.markup)


def subjects_of(client) -> dict:
    """``client``, ``peers`` and ``names`` for :func:`~sermo_helpers.listen.share_of_voice` from a
    client configuration (display names for the client and each peer)."""
    names = {client.slug: client.display_name, **{peer.slug: peer.name for peer in client.peers}}
    return {"client": client.slug, "peers": [peer.slug for peer in client.peers], "names": names}
