"""Meltwater-style mentions export -> mentions.

Header ``Date, Headline, URL, Opening Text, Hit Sentence, Source, Influencer, Country, Language,
Reach, Engagement, Sentiment, Keywords, …`` (UTF-8 CSV, or UTF-16 tab-separated as Meltwater
writes it). ``Date`` is ``01-Apr-2026 08:15AM``, ISO or ``01.04.2026 08:15``, in the client's time
zone unless it carries an offset; a separate ``Time`` column is joined to it. The mention id is the
``Tweet Id`` when there is one, else the URL. The channel comes from a ``Source Type``/``Media
Type`` column when present, else from the URL's domain (news when the domain is not a platform).
The text is the hit sentence, else the opening text, else the headline.
"""
from __future__ import annotations

import pandas as pd

from .. import parsing
from ..base import Context, Format, Result, Source
from ..sniff import Head
from ..tables import column, read_text_table

PLATFORMS = {
    "twitter.com": "x", "x.com": "x", "facebook.com": "facebook", "fb.com": "facebook",
    "instagram.com": "instagram", "youtube.com": "youtube", "youtu.be": "youtube",
    "linkedin.com": "linkedin", "reddit.com": "forum", "tiktok.com": "tiktok",
}
MEDIA_TYPES = {"twitter": "x", "x": "x", "facebook": "facebook", "instagram": "instagram",
               "youtube": "youtube", "linkedin": "linkedin", "reddit": "forum", "forums": "forum",
               "forum": "forum", "blogs": "blog", "blog": "blog", "news": "news", "online news": "news",
               "print": "news", "broadcast": "news", "podcasts": "podcast", "podcast": "podcast",
               "tiktok": "tiktok"}
LANGUAGES = {"norwegian": "nb", "no": "nb", "nb": "nb", "bokmål": "nb", "norsk": "nb", "nn": "nn",
             "nynorsk": "nn", "norwegian nynorsk": "nn", "english": "en", "en": "en", "engelsk": "en"}


def _is_meltwater(head: Head) -> bool:
    return head.has_columns("date", "headline", "url", "hit sentence") or head.has_columns(
        "date", "headline", "url", "opening text", "influencer")


def domain_of(urls: pd.Series) -> pd.Series:
    host = urls.str.extract(r"^[a-z]+://([^/:?#]+)", expand=False).str.lower()
    return host.str.replace(r"^(?:www|m|mobile)\.", "", regex=True)


def read_meltwater(source: Source, head: Head, context: Context) -> Result:
    raw = read_text_table(source, head)
    warnings: list[str] = []
    dates = column(raw, "date", required=source.name)
    time = column(raw, "time")
    if time is not None and not dates.str.contains(":", regex=False).fillna(False).any():
        dates = dates + " " + time.fillna("00:00")
    urls = column(raw, "url")
    tweet_id = column(raw, "tweet id")
    mention_id = urls.copy()
    if tweet_id is not None:
        mention_id = tweet_id.fillna(mention_id)
    domain = domain_of(urls)
    media = column(raw, "source type", "media type")
    channel = domain.map(PLATFORMS).fillna("news")
    if media is not None:
        channel = media.str.strip().str.lower().map(MEDIA_TYPES).fillna(channel)
    text = column(raw, "hit sentence")
    for name in ("opening text", "headline"):
        fallback = column(raw, name)
        if fallback is not None:
            text = fallback if text is None else text.fillna(fallback)
    language = column(raw, "language")
    if language is not None:
        known = language.str.strip().str.lower().map(LANGUAGES)
        language = known.where(known.notna(), language.where(language.isna(), "other"))
    frame = pd.DataFrame({
        "mention_id": mention_id,
        "published_at": parsing.parse_times(dates, source=source.name, column="date", tz=context.timezone,
                                            warnings=warnings),
        "channel": channel,
        "source_domain": domain,
        "url": urls,
        "author": column(raw, "influencer", "author"),
        "text": text,
        "language": language,
        "source_sentiment": column(raw, "sentiment"),
    })
    for target, names in {"reach": ("reach",), "engagement": ("engagement",),
                          "author_followers": ("twitter followers", "followers")}.items():
        values = column(raw, *names)
        if values is not None:
            frame[target] = parsing.parse_numbers(values, source=source.name, column=names[0],
                                                  decimal_comma=head.delimiter == ";")
    missing_ids = frame["mention_id"].isna()
    if missing_ids.any():
        row = int(missing_ids.to_numpy().nonzero()[0][0]) + 1
        raise parsing.fail(source.name, "a mention has neither a URL nor a tweet id, so it cannot be told "
                           "apart from others.", column="url", row=row, expected="a URL in every row",
                           found="an empty cell")
    return Result({"mentions": frame}, warnings)


MELTWATER = Format("meltwater_mentions", "Meltwater-style media-monitoring mentions export (CSV or UTF-16 TSV).",
                ("mentions",), _is_meltwater, read_meltwater,
                   signature=("date", "headline", "url", "hit sentence", "influencer"))
