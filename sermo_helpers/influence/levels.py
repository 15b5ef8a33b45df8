"""Ecosystem levels: place every mention's source in one of the four rings, and measure search.

Levels (the consultancy's model): 1 the client's own web, blog and accounts; 2 insight and content
(news, podcasts, video, experts, public bodies); 3 digital and social influencers (social accounts,
blogs, forums); 4 search, measured from web-analytics referrals with an organic search medium.

Inputs: a canonical MENTIONS frame and the client configuration (own accounts); WEB_TRAFFIC for
level 4. Rules: :mod:`.rules` (``data/reference/ecosystem.csv``). Output: tidy frames, no files.
"""
from __future__ import annotations

import pandas as pd

from ..config import ClientConfig
from ..errors import AnalysisError
from ..ecosystem import RuleMatcher, load_ecosystem_rules, normalise_domain, normalise_handle

LEVEL_COLUMNS = ["level", "kind", "source_name", "matched_by"]
OWN_KINDS = {"web": "own_web", "blog": "own_blog"}
DEFAULT_LEVEL, DEFAULT_KIND = 3, "other"
SEARCH_COLUMNS = ["source", "name", "kind", "sessions", "share_of_search", "share_of_sessions"]
LEVEL_SUMMARY_COLUMNS = ["level", "kind", "mentions", "posts", "actors", "reach", "engagement", "sessions", "views"]
VIDEO_SEARCH_METRIC = "video_views_from_youtube_search"  # YouTube Studio's traffic-source export (loaders)


def _require(frame: pd.DataFrame, columns, argument: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise AnalysisError(f"{argument} lacks the column(s) {', '.join(missing)}; pass the canonical frame "
                            "from load_client (see sermo_helpers.schema).", argument=argument,
                            expected=", ".join(columns), found=", ".join(map(str, frame.columns)))


def own_domains(client: ClientConfig) -> dict[str, str]:
    """The client's own web and blog domains (normalised) -> kind (own_web or own_blog)."""
    out = {}
    for channel, kind in OWN_KINDS.items():
        for name in client.own_accounts.get(channel, ()):
            domain = normalise_domain(name)
            if domain:
                out[domain] = kind
    return out


def own_handles(client: ClientConfig) -> set[str]:
    """The client's own account names, normalised (lower case, no @)."""
    return {normalise_handle(name) for names in client.own_accounts.values() for name in names} - {None}


def _own_kind(domain, domains: dict[str, str]):
    if domain is None:
        return None
    for own, kind in domains.items():
        if domain == own or domain.endswith("." + own):
            return kind
    return None


def classify_sources(mentions: pd.DataFrame, client: ClientConfig, *, rules: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """The mentions with their ecosystem ``level`` (1-4), ``kind``, ``source_name`` and ``matched_by``.

    Order of precedence: the client's own messages, accounts and web/blog domains (level 1, from the
    client file); then account rules, domain rules, channel rules; anything else is level 3, kind
    ``other``. ``source_name`` is the rule's name, else the domain, else the channel. ``matched_by`` says
    which applied: own (the client's own messages and accounts), own_domain (others writing on the
    client's web or blog), account, domain, channel or default.
    Raises AnalysisError when a required column is missing. The input frame is not modified.
    """
    _require(mentions, ["channel", "author", "source_domain"], "mentions")
    rules = load_ecosystem_rules() if rules is None else rules
    matcher = RuleMatcher(rules)
    domains = own_domains(client)
    handles = own_handles(client)
    is_own = mentions["is_own"].fillna(False).astype(bool) if "is_own" in mentions else \
        pd.Series(False, index=mentions.index)

    # Each distinct (own, author, domain, channel) is classified once: a long archive repeats them.
    keys = pd.DataFrame({"own": is_own.to_numpy(), "author": mentions["author"].reset_index(drop=True),
                         "domain": mentions["source_domain"].reset_index(drop=True),
                         "channel": mentions["channel"].reset_index(drop=True)})
    codes = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup().to_numpy()
    distinct = keys.drop_duplicates()
    records = [_classify_one(bool(own_flag), author, domain, channel, matcher, domains, handles)
               for own_flag, author, domain, channel in zip(distinct["own"], distinct["author"],
                                                            distinct["domain"], distinct["channel"])]
    # a shallow copy: with copy-on-write the mentions' columns are shared, not copied (only the four
    # columns added here are new memory; the prepared frame's texts are not held twice)
    result = mentions.copy(deep=False)
    placed = pd.DataFrame.from_records(records, columns=LEVEL_COLUMNS).take(codes).set_axis(mentions.index)
    result["level"] = placed["level"].astype("int64")
    for column in ("kind", "source_name", "matched_by"):
        result[column] = placed[column].astype("str")
    return result


def _classify_one(own_flag, author, domain, channel, matcher, domains, handles):
    domain_key = normalise_domain(domain)
    channel_key = channel.strip().lower() if isinstance(channel, str) else None
    own_kind = _own_kind(domain_key, domains)
    if own_flag or normalise_handle(author) in handles:
        kind = own_kind or OWN_KINDS.get(channel_key, "own_account")
        name = domain_key if own_kind else (author if isinstance(author, str) else domain_key or channel_key)
        return 1, kind, name or "own", "own"
    if own_kind is not None:  # someone else writing on the client's own web or blog
        return 1, own_kind, domain_key, "own_domain"
    for match_on, value in (("account", author), ("domain", domain), ("channel", channel)):
        rule = matcher.match(match_on, value)
        if rule is not None and rule["level"] in (1, 2, 3):
            name = rule["name"] or (domain_key if match_on != "account" else None) or value
            if match_on == "channel":
                name = domain_key or channel_key
            return int(rule["level"]), rule["kind"], name, match_on
    return DEFAULT_LEVEL, DEFAULT_KIND, domain_key or channel_key or "unknown", "default"


def measure_search(web_traffic: pd.DataFrame, *, rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """Level 4: sessions that came from search, by referring source, largest first.

    A web_traffic row counts as search when its medium matches a ``medium`` rule (``organic``); its
    name and kind come from the first matching ``source`` rule (google -> Google, search_engine),
    else the medium rule and the source itself. Shares: of search sessions, and of all sessions.
    Returns an empty frame with the same columns when there is no web traffic.
    """
    _require(web_traffic, ["source", "medium", "sessions"], "web_traffic")
    rules = load_ecosystem_rules() if rules is None else rules
    matcher = RuleMatcher(rules)
    total = float(web_traffic["sessions"].sum())
    medium_rules = web_traffic["medium"].map(lambda medium: matcher.match("medium", medium))
    is_search = medium_rules.map(lambda rule: rule is not None and rule["level"] == 4).astype(bool)
    search = web_traffic.loc[is_search, ["source", "medium", "sessions"]]
    if search.empty:
        return pd.DataFrame({"source": pd.Series(dtype="str"), "name": pd.Series(dtype="str"),
                             "kind": pd.Series(dtype="str"), "sessions": pd.Series(dtype="float64"),
                             "share_of_search": pd.Series(dtype="float64"),
                             "share_of_sessions": pd.Series(dtype="float64")})
    by_source = (search.assign(source=search["source"].str.strip().str.lower())
                 .groupby("source", as_index=False)["sessions"].sum())
    names, kinds = [], []
    for source in by_source["source"]:
        rule = matcher.match("source", source)
        names.append(rule["name"] if rule and rule["name"] else source)
        kinds.append(rule["kind"] if rule else "search_engine")
    by_source["name"] = pd.Series(names, dtype="str", index=by_source.index)
    by_source["kind"] = pd.Series(kinds, dtype="str", index=by_source.index)
    search_total = float(by_source["sessions"].sum())
    by_source["share_of_search"] = by_source["sessions"] / search_total if search_total else float("nan")
    by_source["share_of_sessions"] = by_source["sessions"] / total if total else float("nan")
    by_source = by_source.sort_values(["sessions", "source"], ascending=[False, True], kind="stable")
    return by_source[SEARCH_COLUMNS].reset_index(drop=True)


def measure_video_search(channel_stats: pd.DataFrame | None) -> float:
    """Level 4 on YouTube: the views that came from YouTube's own search (the traffic-source export's
    ``video_views_from_youtube_search`` rows, summed); NaN when the client's data has none."""
    if channel_stats is None or not len(channel_stats) or "metric" not in channel_stats:
        return float("nan")
    rows = channel_stats.loc[channel_stats["metric"] == VIDEO_SEARCH_METRIC, "value"]
    return float(rows.sum(min_count=1)) if len(rows) else float("nan")


def summarise_levels(classified: pd.DataFrame, search: pd.DataFrame | None = None, *,
                     posts: pd.DataFrame | None = None, web_traffic: pd.DataFrame | None = None,
                     channel_stats: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mentions, posts, distinct actors, reach, engagement, sessions and views per level and kind.

    Levels 2 and 3: the mentions of others (``classified``, the output of :func:`classify_sources`).
    Level 1 is the client's own web and channels, not its replies in others' conversations:

    - ``own_web``: the website's sessions (every session in ``web_traffic``), with the mentions others
      wrote on the client's own domain (``matched_by`` own_domain); ``own_blog`` likewise for the blog;
    - ``own_account``: the client's own channels from ``posts``: posts, accounts, reach and engagements
      as Engage counts them (:func:`sermo_helpers.engage.content.summarise_channels`, the one count).
      The client's own messages among the mentions (``matched_by`` own: replies and shared posts) are
      left out of the summary; the network and the ranking still see them.

    Level 4 comes from ``search`` (:func:`measure_search`: website sessions per kind of search) and, when
    ``channel_stats`` holds YouTube's traffic sources, a ``video_search`` row with the views that came
    from YouTube search (:func:`measure_video_search`). Sorted by level, then mentions, posts, sessions
    and views (largest first).
    """
    _require(classified, ["level", "kind", "author", "source_name"], "classified")
    # only the columns read, and only the rows of others (not a copy of every column of every mention)
    read = [column for column in ("level", "kind", "author", "source_name", "reach", "engagement")
            if column in classified.columns]
    others = classified.loc[classified["matched_by"] != "own", read] if "matched_by" in classified \
        else classified[read]
    actors = others["author"].fillna(others["source_name"])
    frame = others.assign(_actor=actors,
                          _reach=others["reach"] if "reach" in others else float("nan"),
                          _engagement=others["engagement"] if "engagement" in others else float("nan"))
    summary = (frame.groupby(["level", "kind"], as_index=False)
               .agg(mentions=("kind", "size"), actors=("_actor", "nunique"),
                    reach=("_reach", lambda s: s.sum(min_count=1)),
                    engagement=("_engagement", lambda s: s.sum(min_count=1))))
    summary["posts"] = float("nan")
    summary["sessions"] = float("nan")
    summary["views"] = float("nan")
    summary = _with_own_channels(summary, posts=posts, web_traffic=web_traffic)
    if search is not None and len(search):
        level4 = search.groupby("kind", as_index=False).agg(sessions=("sessions", "sum"),
                                                             actors=("source", "nunique"))
        level4 = level4.assign(level=4, mentions=float("nan"), posts=float("nan"), reach=float("nan"),
                               engagement=float("nan"), views=float("nan"))
        summary = pd.concat([summary, level4[LEVEL_SUMMARY_COLUMNS]], ignore_index=True)
    video_views = measure_video_search(channel_stats)
    if not pd.isna(video_views):
        video = _summary_row(level=4, kind="video_search", actors=1.0, views=video_views)
        summary = pd.concat([summary, pd.DataFrame([video], columns=LEVEL_SUMMARY_COLUMNS)], ignore_index=True)
    summary["level"] = summary["level"].astype("int64")
    for column in LEVEL_SUMMARY_COLUMNS[2:]:
        summary[column] = summary[column].astype("float64")
    summary = summary.sort_values(["level", "mentions", "posts", "sessions", "views", "kind"],
                                  ascending=[True, False, False, False, False, True], kind="stable",
                                  na_position="last")
    return summary[LEVEL_SUMMARY_COLUMNS].reset_index(drop=True)


def _summary_row(**values) -> dict:
    """One row of the level summary: the given values, every other column missing."""
    return dict.fromkeys(LEVEL_SUMMARY_COLUMNS, float("nan")) | values


def _with_own_channels(summary: pd.DataFrame, *, posts, web_traffic) -> pd.DataFrame:
    """Level 1's own web (sessions) and own channels (posts) added to the summary of others' mentions."""
    rows = []
    sessions = float(web_traffic["sessions"].sum(min_count=1)) if web_traffic is not None and len(web_traffic) \
        else float("nan")
    if not pd.isna(sessions):
        own_web = (summary["level"] == 1) & (summary["kind"] == "own_web")
        if own_web.any():
            summary.loc[own_web, "sessions"] = sessions
        else:
            rows.append(_summary_row(level=1, kind="own_web", sessions=sessions))
    if posts is not None and len(posts):
        from ..engage.content import summarise_channels

        channels = summarise_channels(posts)
        rows.append(_summary_row(level=1, kind="own_account", posts=float(channels["posts"].sum()),
                                 actors=float(posts[["channel", "account"]].drop_duplicates().shape[0]),
                                 reach=float(channels["reach"].sum(min_count=1)),
                                 engagement=float(channels["engagements"].sum(min_count=1))))
    if not rows:
        return summary
    return pd.concat([summary, pd.DataFrame(rows, columns=LEVEL_SUMMARY_COLUMNS)], ignore_index=True)
