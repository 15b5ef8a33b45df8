"""The demo generator: the four canonical frames of a demo client from a seeded random generator.

The texts it fills in come from ``texts.yaml`` and the facts it plants from ``planted.yaml`` (both
read through :mod:`.tables`); what varies between the two clients in numbers is in :mod:`.spec`.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..schema import SCHEMAS
from .spec import DEMO_SLUGS, INFLUENCERS, SPECS
from .tables import planted as _planted
from .tables import texts as _texts

FRAME_NAMES = ("channel_stats", "posts", "mentions", "web_traffic")
DEFAULT_SEEDS = {"fjordvik": 20260401, "coastline": 20260701}
_WORD = re.compile(r"[^\W_]+")
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "é": "e", "ü": "u"})
_SENTENCE_START_THING = re.compile(r"(^|[.!?:]\s+|☀️\s+)\{thing\}")
TRUTH_COLUMNS = ["mention_id", "subject", "kind", "role", "tone", "language", "topic", "is_episode"]


# ---------------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------------
def generate_demo(slug: str, *, seed: int | None = None) -> dict[str, pd.DataFrame]:
    """Generate the four canonical frames of a demo client.

    Parameters
    ----------
    slug : ``fjordvik`` or ``coastline``.
    seed : seed of the random generator; None uses the committed data's seed.

    Returns a dict ``{"channel_stats", "posts", "mentions", "web_traffic"}`` of frames validated
    against :mod:`sermo_helpers.schema`. Raises ConfigError for an unknown slug.
    """
    frames, _ = _generate_cached(slug, DEFAULT_SEEDS.get(slug) if seed is None else int(seed))
    return {name: frame.copy() for name, frame in frames.items()}


def demo_truth(slug: str, *, seed: int | None = None) -> pd.DataFrame:
    """What each demo mention was meant to be: one row per mention_id.

    Columns: mention_id, subject, kind (general, episode, influencer, reply, question, complaint,
    own_reply, follow_up), role (citizen, own, or the influencer role), tone (positive, neutral,
    negative; missing for own replies), language (nb, nn, en), topic, is_episode.
    Raises ConfigError for an unknown slug.
    """
    _, truth = _generate_cached(slug, DEFAULT_SEEDS.get(slug) if seed is None else int(seed))
    return truth.copy()


# ---------------------------------------------------------------------------------------------
# Internals
# ---------------------------------------------------------------------------------------------
def _check_slug(slug: str) -> dict:
    if slug not in SPECS:
        raise ConfigError(f"Unknown demo client {slug!r}: expected one of {', '.join(DEMO_SLUGS)}.",
                          path=str(slug), problems=[f"unknown demo slug {slug!r}"])
    return SPECS[slug]


class _Builder:
    """Holds the random generator and the client's calendar while one demo is generated."""

    def __init__(self, slug: str, seed: int):
        self.slug = slug
        self.spec = _check_slug(slug)
        self.rng = np.random.default_rng(seed)
        self.tz = ZoneInfo(_planted()[slug]["timezone"])
        start, end = self.spec["start"], self.spec["end"]
        self.days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        self.episode = self.spec["episode"]
        self.used_ids: set[str] = set()
        self._cumulative: dict = {}
        self.mentions: list[dict] = []
        self.truth: list[dict] = []
        self.people = self._make_people()
        self._activity = {language: np.cumsum([p["activity"] for p in group]).tolist()
                          for language, group in self.people.items()}

    # -- small helpers -----------------------------------------------------------------------
    def below(self, n: int) -> int:
        """A whole number in 0..n-1 (cheaper than ``rng.integers`` for single draws)."""
        return min(int(self.rng.random() * n), n - 1)

    def pick(self, options):
        return options[self.below(len(options))]

    def choose(self, weights: dict):
        """A key of ``weights`` drawn with probability proportional to its value."""
        cache_key = tuple(weights.items())
        if cache_key not in self._cumulative:
            self._cumulative[cache_key] = (list(weights), np.cumsum([float(v) for v in weights.values()]).tolist())
        keys, cumulative = self._cumulative[cache_key]
        return keys[min(bisect.bisect_right(cumulative, self.rng.random() * cumulative[-1]), len(keys) - 1)]

    def in_episode(self, day: dt.date) -> bool:
        return self.episode[0] <= day <= self.episode[1]

    def local(self, day: dt.date, hour: int, minute: int | None = None) -> dt.datetime:
        minute = self.below(60) if minute is None else minute
        second = self.below(60)
        return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=self.tz).astimezone(dt.timezone.utc)

    def citizen_time(self, day: dt.date) -> dt.datetime:
        weights = [0.2, 0.1, 0.05, 0.05, 0.1, 0.3, 1.0, 2.2, 3.0, 3.0, 2.8, 2.8, 3.2, 3.0, 2.8, 3.0, 3.4, 3.2,
                   3.4, 4.0, 4.2, 3.8, 2.4, 1.0]
        hour = self.choose(dict(enumerate(weights)))
        return self.local(day, hour)

    def new_id(self, channel: str) -> str:
        while True:
            if channel == "x":
                candidate = str(int(self.rng.integers(1_780_000_000_000_000_000, 1_850_000_000_000_000_000)))
            elif channel == "facebook":
                candidate = f"{int(self.rng.integers(10**14, 10**15))}_{int(self.rng.integers(10**15, 10**16))}"
            elif channel == "instagram":
                candidate = str(int(self.rng.integers(17_800_000_000_000_000, 18_400_000_000_000_000)))
            elif channel == "linkedin":
                candidate = f"urn:li:activity:{int(self.rng.integers(7_300_000_000_000_000_000, 7_400_000_000_000_000_000))}"
            elif channel == "youtube":
                alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                candidate = "".join(alphabet[int(i)] for i in self.rng.integers(len(alphabet), size=11))
            else:
                candidate = f"{channel}-{int(self.rng.integers(10**9, 10**10))}"
            if candidate not in self.used_ids:
                self.used_ids.add(candidate)
                return candidate

    def fill(self, template: str, subject: str, language: str, **extra) -> str:
        topic = _texts()["topic_of_client"][subject]
        things = _texts()["things"][topic].get(language) or _texts()["things"][topic]["en"]
        place = self.pick(_places(subject, language))
        thing = self.pick(things).format(place=place)
        names = _texts()["names"][subject].get(language) or _texts()["names"][subject]["en"]
        values = {"name": self.pick(names), "thing": thing, "Thing": thing[0].upper() + thing[1:], "place": place,
                  "day": int(self.rng.integers(2, 7)), **extra}
        text = _SENTENCE_START_THING.sub(r"\1{Thing}", template).format(**values)
        return text[0].upper() + text[1:]

    def _make_people(self) -> dict[str, list[dict]]:
        people = {}
        languages = sorted({lang for spec_lang in (self.spec["languages"], self.spec["episode_languages"])
                            for lang in spec_lang})
        for language in languages:
            group = []
            handles = set()
            for _ in range(260 if language == "nb" else 110):
                first, last = self.pick(_texts()["first_names"][language]), self.pick(_texts()["last_names"][language])
                handle = f"@{first.lower()}{self.pick(['', '_', '.'])}{last.lower()[:int(self.rng.integers(1, len(last) + 1))]}" \
                         f"{self.pick(_texts()['handle_tails'])}"
                handle = handle.replace("å", "aa").replace("ø", "o").replace("æ", "ae").replace(".", "_")
                if handle in handles:
                    continue
                handles.add(handle)
                followers = float(min(25_000, round(np.exp(self.rng.normal(np.log(160), 1.1)))))
                group.append({"handle": handle, "name": f"{first} {last}", "followers": followers,
                              "activity": float(self.rng.pareto(1.6) + 0.2)})
            people[language] = group
        return people

    def person(self, language: str) -> dict:
        """A citizen writing in ``language``; a few very active people write much of the volume."""
        group, cumulative = self.people[language], self._activity[language]
        return group[min(bisect.bisect_right(cumulative, self.rng.random() * cumulative[-1]), len(group) - 1)]

    def add_mention(self, *, published_at, channel, author, followers, text, subject, kind, role, tone, language,
                    topic, domain=None, in_reply_to=None, thread_id=None, is_own=False, responder=None,
                    reach=None, engagement=None, mention_id=None) -> str:
        mention_id = mention_id or self.new_id(channel)
        domain = domain or {"x": "x.com", "facebook": "facebook.com", "instagram": "instagram.com",
                            "linkedin": "linkedin.com", "youtube": "youtube.com"}.get(channel)
        if reach is None:
            reach = float(round(max(1.0, followers * self.rng.uniform(0.15, 0.9)))) if followers else np.nan
        if engagement is None:
            engagement = float(round(reach * self.rng.uniform(0.002, 0.03))) if reach == reach else np.nan
        self.mentions.append({
            "mention_id": mention_id, "published_at": published_at, "channel": channel, "source_domain": domain,
            "url": _url(channel, domain, author, mention_id, text), "author": author, "author_followers": followers,
            "text": text, "language": None, "reach": reach, "engagement": engagement, "in_reply_to": in_reply_to,
            "thread_id": thread_id, "is_own": is_own, "responder": responder, "subject": subject,
            "source_sentiment": None,
        })
        self.truth.append({"mention_id": mention_id, "subject": subject, "kind": kind, "role": role, "tone": tone,
                           "language": language, "topic": topic,
                           "is_episode": self.in_episode(published_at.astimezone(self.tz).date())})
        return mention_id

    def author_on(self, channel: str, person: dict) -> str:
        if channel == "facebook":
            return person["name"]
        if channel == "linkedin":
            return person["name"]
        if channel == "forum":
            return person["handle"].lstrip("@")
        return person["handle"]


def _places(subject: str, language: str) -> list[str]:
    places = _texts()["places"][subject]
    if isinstance(places, dict):
        return places.get(language) or places["en"]
    return places


def _url(channel, domain, author, mention_id, text) -> str:
    handle = (author or "user").lstrip("@").replace(" ", ".").lower()
    tail = mention_id.split("-")[-1].split("_")[-1].split(":")[-1]
    slug = "-".join(_WORD.findall((text or "").lower())[:6]).translate(_ASCII) or "sak"
    if channel == "x":
        return f"https://x.com/{handle}/status/{mention_id}"
    if channel == "facebook":
        return f"https://www.facebook.com/{mention_id.replace('_', '/posts/')}"
    if channel == "instagram":
        return f"https://www.instagram.com/p/{tail}/"
    if channel == "linkedin":
        return f"https://www.linkedin.com/feed/update/{mention_id}/"
    if channel == "news":
        if domain == "nrk.no":
            return f"https://www.nrk.no/vestland/{slug}-1.{tail[:8]}"
        return f"https://www.{domain}/nyheter/{slug}/{tail}"
    if channel == "blog":
        return f"https://{domain}/{slug}-{tail[-5:]}.html"
    return f"https://{domain}/thread/{tail}"


@functools.lru_cache(maxsize=4)
def _generate_cached(slug: str, seed: int | None) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Generate once per (slug, seed); callers receive copies, so the cache is never mutated."""
    _check_slug(slug)
    builder = _Builder(slug, seed)
    posts = _make_posts(builder)
    channel_stats = _make_channel_stats(builder, posts)
    _make_general_mentions(builder)
    _make_influencer_mentions(builder, posts)
    _make_conversations(builder)
    _make_peer_mentions(builder)
    web_traffic = _make_web_traffic(builder)
    mentions = pd.DataFrame(builder.mentions)
    mentions["published_at"] = pd.to_datetime(mentions["published_at"], utc=True)
    truth = pd.DataFrame(builder.truth, columns=TRUTH_COLUMNS)
    frames = {
        "channel_stats": SCHEMAS["channel_stats"].validate(channel_stats),
        "posts": SCHEMAS["posts"].validate(posts),
        "mentions": SCHEMAS["mentions"].validate(mentions),
        "web_traffic": SCHEMAS["web_traffic"].validate(web_traffic),
    }
    keys = {"channel_stats": ["date", "channel", "account", "metric"], "posts": ["published_at", "channel", "post_id"],
            "mentions": ["published_at", "mention_id"], "web_traffic": ["date", "source", "medium"]}
    frames = {name: frame.sort_values(keys[name], kind="mergesort").reset_index(drop=True)
              for name, frame in frames.items()}
    truth = truth.set_index("mention_id").loc[frames["mentions"]["mention_id"]].reset_index()
    truth = truth.astype({"mention_id": "str", "subject": "str", "kind": "str", "role": "str", "tone": "str",
                          "language": "str", "topic": "str", "is_episode": "bool"})
    return frames, truth


def _topic_for_day(builder: _Builder, day: dt.date) -> str:
    if builder.in_episode(day):
        return "episode"
    if dt.date(2026, 5, 12) <= day <= dt.date(2026, 5, 18) and _texts()["post_texts"][builder.slug]["17mai"]:
        return "17mai" if builder.rng.random() < 0.7 else "general"
    if dt.date(2026, 6, 18) <= day <= dt.date(2026, 8, 10):
        return "summer" if builder.rng.random() < 0.5 else "general"
    if dt.date(2026, 8, 11) <= day <= dt.date(2026, 8, 31):
        return "autumn" if builder.rng.random() < 0.4 else "general"
    return "general"


def _make_posts(builder: _Builder) -> pd.DataFrame:
    """The client's own posts with consistent metrics and the planted type and hour effects."""
    rng, spec = builder.rng, builder.spec
    rows = []
    texts = _texts()["post_texts"][builder.slug]
    language = "nb"  # both clients post in Norwegian (coastline: an English handout, Norwegian posts)
    slot_hours = {"morning": [7, 8, 9, 10, 11], "midday": [12, 13, 14, 15], "evening": [19, 20, 21]}
    slot_weights = {"morning": 0.42, "midday": 0.33, "evening": 0.25}
    slot_boost = {"morning": 1.0, "midday": 1.12, "evening": 1.75}
    for channel, (account, per_week, types, median_reach, rate, followers, _gain, _base) in spec["channels"].items():
        for day in builder.days:
            weekday_factor = 1.2 if day.weekday() < 5 else 0.5
            expected = per_week / 7 * weekday_factor / (5 * 1.2 + 2 * 0.5) * 7
            episode = builder.in_episode(day)
            if episode and channel in ("facebook", "x", "instagram"):
                expected = {"facebook": 2.0, "x": 3.0, "instagram": 0.6}[channel]
            for _ in range(int(rng.poisson(expected))):
                topic = "episode" if episode else _topic_for_day(builder, day)
                slot = builder.choose(slot_weights)
                hour = builder.pick(slot_hours[slot])
                post_type = builder.choose(types)
                if episode and channel != "youtube":
                    post_type = builder.pick(["link", "status"]) if channel in ("facebook", "x") else "photo"
                template = builder.pick(texts[topic] or texts["general"])
                text = template.format(place=builder.pick(_places(builder.slug, language)), job=builder.pick(_texts()["jobs"][builder.slug]),
                                       event=builder.pick(_texts()["events"][builder.slug]), month=builder.pick(_texts()["months"][language]))
                if channel == "x" and len(text) > 200:
                    text = text[:197] + "…"
                reach = median_reach * np.exp(rng.normal(0, 0.35)) * (4.0 if episode else 1.0)
                reach = float(max(20, round(reach)))
                engagement_rate = rate * spec["type_boost"][post_type] * slot_boost[slot] * np.exp(rng.normal(0, 0.22))
                if episode:
                    engagement_rate *= 1.3
                engagement_rate = min(engagement_rate, 0.3)
                engagements = int(round(reach * engagement_rate))
                shares_of = [0.58, 0.3, 0.12] if episode else [0.74, 0.1, 0.16]
                reactions, comments, shares = (float(v) for v in rng.multinomial(engagements, shares_of))
                clicks = float(round(reach * (0.05 if post_type in ("link", "article") else 0.012) * np.exp(rng.normal(0, 0.2))))
                if channel == "instagram":
                    clicks = np.nan
                is_video = post_type in ("video", "reel")
                video_views = float(round(reach * rng.uniform(0.45, 0.8))) if is_video else np.nan
                saves = float(round(reach * rng.uniform(0.005, 0.02))) if channel == "instagram" else np.nan
                impressions = float(round(reach * rng.uniform(1.1, 1.7)))
                published = builder.local(day, hour)
                post_id = builder.new_id(channel)
                rows.append({"post_id": post_id, "channel": channel, "account": account, "published_at": published,
                             "text": text, "post_type": post_type, "permalink": _permalink(channel, account, post_id),
                             "reach": reach, "impressions": impressions, "reactions": reactions,
                             "comments": comments, "shares": shares, "clicks": clicks, "video_views": video_views,
                             "saves": saves})
    frame = pd.DataFrame(rows)
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True)
    return frame


def _permalink(channel: str, account: str, post_id: str) -> str:
    if channel == "facebook":
        return f"https://www.facebook.com/{account}/posts/{post_id.split('_')[1]}"
    if channel == "x":
        return f"https://x.com/{account}/status/{post_id}"
    if channel == "instagram":
        return f"https://www.instagram.com/p/{post_id[-11:]}/"
    if channel == "youtube":
        return f"https://www.youtube.com/watch?v={post_id}"
    return f"https://www.linkedin.com/feed/update/{post_id}/"


def _make_channel_stats(builder: _Builder, posts: pd.DataFrame) -> pd.DataFrame:
    """Daily account statistics: slowly growing followers, weekday rhythm, episode peak on facebook."""
    rng, spec = builder.rng, builder.spec
    local_day = posts["published_at"].dt.tz_convert(builder.tz).dt.date
    post_reach = posts.assign(day=local_day).groupby(["channel", "day"])["reach"].sum()
    rows = []
    for channel, (account, _per_week, _types, _median, rate, followers, gain, base_reach) in spec["channels"].items():
        count = float(followers)
        for day in builder.days:
            episode = builder.in_episode(day)
            daily_gain = rng.poisson(gain * (12 if episode and channel == "facebook" else 1))
            daily_loss = rng.poisson(0.12 if channel != "x" else 0.14)
            count = max(0.0, count + daily_gain - daily_loss)
            weekday = 1.0 if day.weekday() < 5 else 0.62
            summer = 0.85 if day.month == 7 else 1.0
            organic = base_reach * weekday * summer * np.exp(rng.normal(0, 0.15))
            if episode and channel == "facebook":
                organic *= 3.5
            from_posts = 0.7 * float(post_reach.get((channel, day), 0.0))
            reach = float(round(organic + from_posts))
            impressions = float(round(reach * rng.uniform(1.35, 1.8)))
            engagements = float(round(reach * rate * np.exp(rng.normal(0, 0.2))))
            metrics = {"followers": count, "reach": reach, "impressions": impressions, "engagements": engagements}
            if channel == "youtube":
                views = float(round((35 + from_posts * 0.5) * weekday * np.exp(rng.normal(0, 0.25))))
                metrics["video_views"] = views
                metrics["watch_time_minutes"] = float(round(views * rng.uniform(1.8, 3.2)))
            for metric, value in metrics.items():
                rows.append({"date": pd.Timestamp(day), "channel": channel, "account": account, "metric": metric,
                             "value": value})
    return pd.DataFrame(rows)


def _general_mention(builder: _Builder, *, day, subject, tone_weights, languages, episode: bool, kind: str) -> str:
    """One mention by a citizen or an outlet, with text in the drawn language and tone."""
    rng = builder.rng
    language = builder.choose(languages)
    channel = builder.choose(builder.spec["mention_channels"])
    while channel == "news" and language not in builder.spec["news_domains"]:
        channel = builder.choose(builder.spec["mention_channels"])
    tone = builder.choose(tone_weights)
    family = _texts()["topic_of_client"][subject]
    if episode:
        bank = _texts()["episode"][builder.slug][language]
        if not bank[tone]:
            tone = "negative"
        template, topic = builder.pick(bank[tone]), "episode"
    elif channel == "news":
        template, topic = builder.pick(_texts()["headlines"][family][language][tone]), family
    else:
        template, topic = builder.pick(_texts()["general"][family][language][tone]), family
    text = builder.fill(template, subject, language)
    domain, followers, reach, engagement = None, np.nan, None, None
    if channel == "news":
        domain = builder.choose(builder.spec["news_domains"][language])
        author = _texts()["outlets"].get(domain, domain)
        reach = float(round(np.exp(rng.normal(np.log(2500), 0.6))))
        engagement = float(round(reach * rng.uniform(0.002, 0.01)))
    else:
        if channel == "blog":
            domain = builder.choose(builder.spec["blog_domains"])
        elif channel == "forum":
            domain = builder.choose(builder.spec["forum_domains"])
        person = builder.person(language)
        author = builder.author_on(channel, person)
        if channel in ("forum", "blog"):
            reach = float(round(np.exp(rng.normal(np.log(300), 0.7))))
            engagement = float(rng.poisson(3))
        else:
            followers = person["followers"]
        if episode and tone == "negative":
            base = followers if followers == followers else 300.0
            reach = float(round(base * rng.uniform(0.5, 2.5)))
            engagement = float(round(reach * rng.uniform(0.01, 0.06)))
    when = builder.citizen_time(day)
    return builder.add_mention(published_at=when, channel=channel, author=author, followers=followers, text=text,
                               subject=subject, kind=kind, role="citizen", tone=tone, language=language, topic=topic,
                               domain=domain, reach=reach, engagement=engagement)


def _make_general_mentions(builder: _Builder) -> None:
    """Citizens' and outlets' mentions of the client, and the episode's surge."""
    rng, spec = builder.rng, builder.spec
    client = builder.slug
    positive, neutral, negative = spec["tones"][client]
    tones = {"positive": positive, "neutral": neutral, "negative": negative}
    episode_tones = {"positive": 0.04, "neutral": 0.2, "negative": 0.76}
    for day in builder.days:
        weekday = 1.15 if day.weekday() < 5 else 0.65
        count = int(rng.poisson(spec["base_daily_mentions"] * weekday))
        for _ in range(count):
            _general_mention(builder, day=day, subject=client, tone_weights=tones, languages=spec["languages"],
                             episode=False, kind="general")
        if builder.in_episode(day):
            extra = spec["episode_extra"][(day - builder.episode[0]).days]
            for _ in range(extra):
                _general_mention(builder, day=day, subject=client, tone_weights=episode_tones,
                                 languages=spec["episode_languages"], episode=True, kind="episode")


def _make_influencer_mentions(builder: _Builder, posts: pd.DataFrame) -> None:
    """The planted influencers' messages, and citizens' replies to them."""
    rng = builder.rng
    slug = builder.slug
    own_x = _planted()[slug]["own_accounts"]["x"]
    own_texts = posts.loc[posts["channel"].isin(["x", "instagram", "facebook"]), ["published_at", "text"]]
    for author, (role, channel, domain, followers, per_week, episode_posts) in INFLUENCERS[slug].items():
        language = "nb" if slug == "fjordvik" else "en"
        schedule = []
        for day in builder.days[:-1]:  # replies to the last day's posts would fall outside the period
            if builder.in_episode(day):
                continue
            for _ in range(int(rng.poisson(per_week / 7))):
                schedule.append((day, False))
        episode_days = [builder.episode[0] + dt.timedelta(days=int(d)) for d in
                        rng.integers(0, (builder.episode[1] - builder.episode[0]).days + 1, size=episode_posts)]
        schedule += [(day, True) for day in sorted(episode_days)]
        for day, episode in schedule:
            when = builder.citizen_time(day)
            this_channel, this_domain = channel, domain
            if role == "amplifier":
                earlier = own_texts[own_texts["published_at"] <= pd.Timestamp(when)]
                if len(earlier) and rng.random() < 0.8:
                    shared = earlier.iloc[-1 - int(rng.integers(min(5, len(earlier))))]["text"]
                    text = f"RT @{own_x}: {shared}" if rng.random() < 0.5 else f"Deler: {shared}"
                else:
                    text = builder.fill(builder.pick(_texts()["general"][_texts()["topic_of_client"][slug]][language]["positive"]), slug, language)
                tone, topic = ("neutral" if episode else "positive"), ("episode" if episode else "share")
            else:
                bank = _texts()["influencer_texts"][slug][role]
                templates = bank["episode"] if episode and bank["episode"] else bank[language]
                text = builder.fill(builder.pick(templates), slug, language)
                tone = {"journalist": "neutral", "advocate": "positive", "expert": "neutral", "critic": "negative"}[role]
                if role == "journalist" and episode:
                    tone = "negative" if rng.random() < 0.5 else "neutral"
                topic = "episode" if episode else _texts()["topic_of_client"][slug]
                if role == "critic" and rng.random() < 0.35:
                    this_channel, this_domain = "facebook", "facebook.com"
                if role == "advocate" and slug == "fjordvik" and rng.random() < 0.4:
                    this_channel, this_domain = "instagram", "instagram.com"
            if role == "journalist":
                reach = float(round(followers * rng.uniform(0.3, 0.8) * (2.5 if episode else 1.0)))
                engagement = float(round(reach * rng.uniform(0.004, 0.012)))
            elif role == "critic" and episode:
                reach = float(round(followers * rng.uniform(4.0, 14.0)))
                engagement = float(round(reach * rng.uniform(0.04, 0.09)))
            elif role == "amplifier":
                reach = float(round(followers * rng.uniform(0.2, 0.5)))
                engagement = float(round(reach * rng.uniform(0.005, 0.015)))
            else:
                reach = float(round(followers * rng.uniform(0.5, 1.2)))
                engagement = float(round(reach * rng.uniform(0.03, 0.07)))
            root = builder.add_mention(published_at=when, channel=this_channel, author=author,
                                       followers=float(followers), text=text, subject=slug, kind="influencer",
                                       role=role, tone=tone, language=_written_standard(text, language),
                                       topic=topic, domain=this_domain, reach=reach, engagement=engagement)
            replies = {"critic": 4.5 if episode else 1.0, "journalist": 2.2, "expert": 1.6, "advocate": 1.0,
                       "amplifier": 0.3}[role]
            for _ in range(int(rng.poisson(replies))):
                reply_language = builder.choose({"nb": 0.78, "nn": 0.17, "en": 0.05} if slug == "fjordvik"
                                                else {"en": 0.85, "nb": 0.15})
                bank = _texts()["replies_to"][role]
                template = builder.pick(bank.get(reply_language) or bank["en"])
                reply_text = template.format(author=author if author.startswith("@") else author)
                person = builder.person(reply_language)
                reply_channel = this_channel if this_channel not in ("news", "blog") else "facebook"
                reply_when = when + dt.timedelta(minutes=float(rng.exponential(150)) + 2)
                reply_tone = "negative" if role == "critic" and "hard" not in reply_text else (
                    "positive" if role in ("advocate", "amplifier", "expert") else "neutral")
                builder.add_mention(published_at=reply_when, channel=reply_channel,
                                    author=builder.author_on(reply_channel, person), followers=person["followers"],
                                    text=reply_text, subject=slug, kind="reply", role="citizen", tone=reply_tone,
                                    language=reply_language, topic=topic, in_reply_to=root, thread_id=root)


_NYNORSK_MARKERS = re.compile(r"\b(eg|kvifor|ikkje|vart|ein|kva|korleis|drikkevatn)\b", re.IGNORECASE)


def _written_standard(text: str, default: str) -> str:
    """nn for the few nynorsk influencer templates, else ``default`` (the generator knows its own texts)."""
    return "nn" if default == "nb" and _NYNORSK_MARKERS.search(text) else default


def _business_open(local: dt.datetime) -> bool:
    return local.weekday() < 5 and dt.time(8, 0) <= local.time() < dt.time(15, 30)


def _next_opening(local: dt.datetime) -> dt.datetime:
    candidate = local
    if candidate.weekday() < 5 and candidate.time() < dt.time(8, 0):
        return candidate.replace(hour=8, minute=0, second=0)
    candidate = (candidate + dt.timedelta(days=1)).replace(hour=8, minute=0, second=0)
    while candidate.weekday() >= 5:
        candidate += dt.timedelta(days=1)
    return candidate


def _answered_flags(builder: _Builder, count: int, rate: float) -> list[bool]:
    flags = np.zeros(count, dtype=bool)
    flags[: int(round(rate * count))] = True
    return [bool(flag) for flag in builder.rng.permutation(flags)]


def _make_conversations(builder: _Builder) -> None:
    """Questions and complaints to the client's accounts, and the client's own replies."""
    rng, spec, slug = builder.rng, builder.spec, builder.slug
    own = _planted()[slug]["own_accounts"]
    languages = {"nb": 0.86, "nn": 0.09, "en": 0.05} if slug == "fjordvik" else {"en": 0.8, "nb": 0.2}
    days = [d for d in builder.days[:-5] if not builder.in_episode(d)]  # replies stay inside the period
    plan = []
    for channel, count in spec["conversation_channels"].items():
        for _ in range(count):
            plan.append((channel, builder.pick(days), False))
    episode_days = [d for d in builder.days if builder.in_episode(d)]
    for channel, count in spec["episode_complaints"].items():
        for _ in range(count):
            plan.append((channel, builder.pick(episode_days), True))
    answered_plan = {}  # exactly round(rate * n) answered threads per channel, in random order
    for channel, count in spec["conversation_channels"].items():
        answered_plan[(channel, False)] = _answered_flags(builder, count, spec["response"][channel][0])
    for channel, count in spec["episode_complaints"].items():
        answered_plan[(channel, True)] = _answered_flags(builder, count, spec["episode_response"][0])
    for channel, day, episode in plan:
        language = builder.choose(languages)
        if episode:
            bank = _texts()["episode_complaints"][slug]
            language = language if language in bank else next(iter(bank))
            text, tone, kind = builder.fill(builder.pick(bank[language]), slug, language), "negative", "complaint"
        else:
            tone = builder.choose({"neutral": 0.68, "negative": 0.26, "positive": 0.06})
            text, kind = builder.fill(builder.pick(_texts()["questions"][language][tone]), slug, language), "question"
        if rng.random() < 0.3:  # evenings and weekends
            if rng.random() < 0.5:
                day = day + dt.timedelta(days=(5 - day.weekday()) % 7)  # move to the next Saturday
                asked = builder.local(day, int(rng.integers(9, 22)))
            else:
                asked = builder.local(day, int(rng.choice([16, 17, 18, 19, 20, 21, 22])))
        else:
            weekday_day = day - dt.timedelta(days=max(0, day.weekday() - 4))
            asked = builder.local(weekday_day, int(rng.integers(8, 15)))
        person = builder.person(language if language in builder.people else "nb")
        root = builder.add_mention(published_at=asked, channel=channel, author=builder.author_on(channel, person),
                                   followers=person["followers"], text=text, subject=slug, kind=kind, role="citizen",
                                   tone=tone, language=language, topic="episode" if episode else "service",
                                   thread_id=None)
        builder.mentions[-1]["thread_id"] = root
        rate, median, sigma = spec["episode_response"] if episode else spec["response"][channel]
        if not answered_plan[(channel, episode)].pop():
            continue
        delay = float(np.exp(rng.normal(np.log(median), sigma)))
        local_asked = asked.astimezone(builder.tz)
        if channel == "facebook" and not episode and not _business_open(local_asked):
            if rng.random() < 0.12:  # someone on call answers in the evening
                answered_local = local_asked + dt.timedelta(minutes=delay)
            else:
                answered_local = _next_opening(local_asked) + dt.timedelta(minutes=float(np.exp(rng.normal(np.log(45), 0.5))))
        else:
            answered_local = local_asked + dt.timedelta(minutes=delay)
            if answered_local.hour < 7:
                answered_local = answered_local.replace(hour=8) + dt.timedelta(minutes=float(rng.integers(0, 90)))
        answered = answered_local.astimezone(dt.timezone.utc)
        reply_language = "en" if language == "en" else ("nb" if slug == "fjordvik" else "en")
        responder = builder.choose(spec["responders"])
        answer = builder.pick(_texts()["answers"][reply_language]).format(dept=builder.pick(_texts()["depts"][slug]),
                                                               month=builder.pick(_texts()["months"][reply_language]))
        answer = f"{answer} Hilsen {responder}" if reply_language == "nb" else f"{answer} ^{responder}"
        own_reply = builder.add_mention(published_at=answered, channel=channel, author=own[channel], followers=np.nan,
                                        text=answer, subject=slug, kind="own_reply", role="own", tone=None,
                                        language=reply_language, topic="service", in_reply_to=root, thread_id=root,
                                        is_own=True, responder=responder, reach=np.nan, engagement=float(rng.poisson(1)))
        if rng.random() < 0.25:
            thanks = builder.pick(_texts()["follow_ups"][language])
            builder.add_mention(published_at=answered + dt.timedelta(minutes=float(rng.exponential(90)) + 1),
                                channel=channel, author=builder.author_on(channel, person),
                                followers=person["followers"], text=thanks, subject=slug, kind="follow_up",
                                role="citizen", tone="positive", language=language, topic="service",
                                in_reply_to=own_reply, thread_id=root)


def _make_peer_mentions(builder: _Builder) -> None:
    """Peers' mentions, sized so the client's share of voice is the planted one."""
    rng, spec, slug = builder.rng, builder.spec, builder.slug
    client_count = sum(1 for row in builder.truth if row["subject"] == slug and row["role"] != "own")
    shares = spec["subjects"]
    weights = np.array([1.15 if d.weekday() < 5 else 0.65 for d in builder.days])
    for peer, share in shares.items():
        if peer == slug:
            continue
        total = int(round(client_count * share / shares[slug]))
        per_day = rng.multinomial(total, weights / weights.sum())
        positive, neutral, negative = spec["tones"][peer]
        tones = {"positive": positive, "neutral": neutral, "negative": negative}
        for day, count in zip(builder.days, per_day):
            for _ in range(int(count)):
                _general_mention(builder, day=day, subject=peer, tone_weights=tones, languages=spec["languages"],
                                 episode=False, kind="general")


def _make_web_traffic(builder: _Builder) -> pd.DataFrame:
    rng = builder.rng
    rows = []
    for day in builder.days:
        for (source, medium), (weekday_sessions, weekend_factor, episode_factor) in builder.spec["web"].items():
            level = weekday_sessions * (1.0 if day.weekday() < 5 else weekend_factor)
            level *= 0.78 if day.month == 7 else 1.0
            if builder.in_episode(day):
                level *= episode_factor
            sessions = float(rng.poisson(max(level * np.exp(rng.normal(0, 0.08)), 0.1)))
            rows.append({"date": pd.Timestamp(day), "source": source, "medium": medium, "sessions": sessions})
    return pd.DataFrame(rows)
