"""Language policy (målbruk): the client's own posts and replies in bokmål and nynorsk against its rule.

The rules are reference data (``data/reference/language_policy.yaml``, read by
:func:`load_language_policy`); the client file's ``organisation_type`` and ``written_standard`` choose
one (:meth:`LanguagePolicy.rule_for`). :func:`analyse_language_policy` classifies every own text with
the workbook's language detector (:func:`sermo_helpers.text.language.detect_languages`) and returns a
:class:`LanguagePolicyResult`: frames and numbers, no language of presentation.

Definitions (the handout quotes these numbers and no others):

* **own texts**: the client's posts (``posts`` on its own accounts) and its own replies
  (``mentions.is_own``); the rule's ``counts`` says which of the two the verdict rests on.
* **written standard of a text**: ``bokmål`` or ``nynorsk`` as the detector says; texts with fewer than
  the rules file's ``min_words`` words are ``too_short``; English is ``english``; anything else
  (another language, or no verdict) is ``other_language``. Only bokmål and nynorsk texts are
  **counted**: the share of nynorsk is nynorsk / (bokmål + nynorsk), and the texts counted apart are
  shown with their number beside it.
* **reply in the citizen's standard**: an own reply to a citizen's message written in bokmål or
  nynorsk (by the same definition) that is itself in that standard; its share is over the replies to
  such messages that are long enough to judge (a reply in English to a nynorsk writer is not in the
  citizen's standard; a reply too short to tell is left out).
* **verdict**: ``met`` when every minimum share of the rule holds on the counted texts of the whole
  period, ``missed`` when one does not, ``no_rule`` when the rule sets no share, ``no_basis`` when no
  text could be counted.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths
from ..arrow_text import is_in
from ..config import ORGANISATION_TYPES, WRITTEN_STANDARDS, ClientConfig, read_yaml
from ..errors import ConfigError
from ..text.language import language_of_tokens
from ..text.tokens import TOKEN_PATTERN

STANDARDS = ("bokmål", "nynorsk")
CATEGORIES = ("bokmål", "nynorsk", "too_short", "english", "other_language")
_CATEGORY_OF_CODE = {"nb": "bokmål", "nn": "nynorsk", "en": "english", "other": "other_language",
                     "unknown": "other_language"}
TEXT_KINDS = ("posts", "replies")
VERDICTS = ("met", "missed", "no_rule", "no_basis")
# The verdict as the scorecard's own language-policy indicator (apart from the twelve traits).
INDICATOR_STATUS = {"met": "strong", "missed": "weak", "no_rule": "not_measurable", "no_basis": "not_measurable"}
LANGUAGES = ("nb", "nn", "en")
SHARE_COLUMNS = ["texts", *CATEGORIES, "counted", "bokmål_share", "nynorsk_share"]


@dataclass(frozen=True)
class Rule:
    """One rule of the rules file: who it binds, the least share of each standard, and its grounds."""

    key: str
    organisation_type: str
    written_standard: str | None
    minimum: dict[str, float]
    counts: tuple[str, ...]
    scope: str
    legal_reference: str
    explanation: dict[str, str]


@dataclass(frozen=True)
class LanguagePolicy:
    """The rules file: the shortest text that counts and the rules."""

    min_words: int
    rules: tuple[Rule, ...]
    path: str = ""

    def rule_for(self, organisation_type: str, written_standard: str | None = None) -> Rule:
        """The rule for an organisation type (and, for municipalities and counties, its written standard).

        A rule naming the written standard wins over one for the whole type. Raises ConfigError naming the
        rules file when none applies.
        """
        for rule in self.rules:
            if rule.organisation_type == organisation_type and rule.written_standard == written_standard:
                return rule
        for rule in self.rules:
            if rule.organisation_type == organisation_type and rule.written_standard is None:
                return rule
        raise ConfigError(f"{self.path}: no rule for organisation_type {organisation_type!r}"
                          + (f" and written_standard {written_standard!r}" if written_standard else "")
                          + "; add one under 'rules'.", path=self.path, problems=["no rule for the client"])


def default_language_policy_path() -> Path:
    return paths.reference_dir() / "language_policy.yaml"


def load_language_policy(path: str | Path | None = None) -> LanguagePolicy:
    """Read and check the rules file; raise ConfigError naming the file and listing every problem."""
    path = Path(path) if path is not None else default_language_policy_path()
    raw = read_yaml(path, what="language policy")
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list):
        raise ConfigError(f"{path}: expected a mapping with min_words and a list under 'rules'.", path=str(path),
                          problems=["no rules list"])
    problems = []
    min_words = raw.get("min_words")
    if not isinstance(min_words, int) or isinstance(min_words, bool) or min_words < 1:
        problems.append(f"min_words: expected a whole number of at least 1, found {min_words!r}")
    rules = []
    for position, entry in enumerate(raw["rules"], start=1):
        name = entry.get("key", f"rule {position}") if isinstance(entry, dict) else f"rule {position}"
        if not isinstance(entry, dict):
            problems.append(f"{name}: expected a mapping, found {entry!r}")
            continue
        found = _check_rule(name, entry)
        problems.extend(found)
        if not found:
            rules.append(Rule(str(entry["key"]), entry["organisation_type"], entry.get("written_standard"),
                              {standard: float(share) for standard, share in (entry.get("minimum") or {}).items()},
                              tuple(entry["counts"]), entry.get("scope", "overall"), str(entry["legal_reference"]),
                              {language: entry["explanation"][language] for language in LANGUAGES}))
    seen = [(rule.organisation_type, rule.written_standard) for rule in rules]
    for pair in sorted({pair for pair in seen if seen.count(pair) > 1}, key=str):
        problems.append(f"two rules for organisation_type {pair[0]!r} and written_standard {pair[1]!r}")
    if problems:
        raise ConfigError(f"Language policy {path} is invalid:\n" + "\n".join(f"  - {p}" for p in problems),
                          path=str(path), problems=problems)
    return LanguagePolicy(int(min_words), tuple(rules), str(path))


def _check_rule(name: str, entry: dict) -> list[str]:
    problems = []
    if not isinstance(entry.get("key"), str):
        problems.append(f"{name}: expected a key (text), found {entry.get('key')!r}")
    if entry.get("organisation_type") not in ORGANISATION_TYPES:
        problems.append(f"{name}: organisation_type must be one of {', '.join(ORGANISATION_TYPES)}, "
                        f"found {entry.get('organisation_type')!r}")
    if entry.get("written_standard") not in (None, *WRITTEN_STANDARDS):
        problems.append(f"{name}: written_standard must be one of {', '.join(WRITTEN_STANDARDS)} or left out, "
                        f"found {entry.get('written_standard')!r}")
    minimum = entry.get("minimum")
    if (not isinstance(minimum, dict) or set(minimum) - set(STANDARDS)
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1 for v in minimum.values())
            or sum(minimum.values()) > 1):
        problems.append(f"{name}: minimum must map bokmål and/or nynorsk to shares between 0 and 1 that add up "
                        f"to at most 1, e.g. {{nynorsk: 0.25, bokmål: 0.25}}; found {minimum!r}")
    counts = entry.get("counts")
    if not isinstance(counts, list) or not counts or set(counts) - set(TEXT_KINDS):
        problems.append(f"{name}: counts must list posts and/or replies, found {counts!r}")
    if entry.get("scope", "overall") != "overall":
        problems.append(f"{name}: scope must be overall, found {entry.get('scope')!r}")
    if not isinstance(entry.get("legal_reference"), str) or not entry["legal_reference"].strip():
        problems.append(f"{name}: legal_reference must name the section of the law, found {entry.get('legal_reference')!r}")
    explanation = entry.get("explanation")
    missing = [language for language in LANGUAGES
               if not isinstance(explanation, dict) or not isinstance(explanation.get(language), str)]
    if missing:
        problems.append(f"{name}: explanation missing in {', '.join(missing)} (one sentence each in nb, nn and en)")
    return problems


# --- classifying texts ------------------------------------------------------------------------------------

def count_words(text) -> int:
    """Words of a text as the rules count them: links, @handles and #hashtags are not words."""
    if not isinstance(text, str):
        return 0
    return _count_word_tokens(TOKEN_PATTERN.findall(text.lower()))


def _count_word_tokens(tokens: list[str]) -> int:
    return sum(1 for token in tokens if token[0].isalpha() and not token.startswith(("http", "www")))


def _language_and_words(text) -> tuple[str, int]:
    """(:func:`~sermo_helpers.text.language.detect_language`, :func:`count_words`) from one tokenisation."""
    if not isinstance(text, str):
        return "unknown", 0
    lowered = text.lower()
    tokens = TOKEN_PATTERN.findall(lowered)
    return language_of_tokens(tokens, lowered), _count_word_tokens(tokens)


def classify_written_standard(texts: pd.Series, *, min_words: int, meanwhile=None) -> pd.Series:
    """Each text's category: bokmål, nynorsk, too_short, english or other_language (same index).

    ``meanwhile`` (no arguments), when given, is called once while the texts are read (by forked
    workers when there are many: :func:`_languages_and_words`)."""
    return _categories(_languages_and_words(texts, meanwhile=meanwhile), min_words).set_axis(texts.index)


#: From this many distinct texts they are read by forked workers (about 25 µs of Python each; a fork
#: of the kernel costs about a tenth of a second).
PARALLEL_TEXTS = 20_000
#: With the caller's own work beside the worker (``meanwhile``), the share of the texts the caller reads
#: after it: the Strategy stage's other steps take about half the time of the reading (1,000,000 mentions).
OWN_SHARE = 0.25


def _languages_and_words(texts: pd.Series, *, meanwhile=None) -> list[tuple[str, int]]:
    """:func:`_language_and_words` per text, each distinct text read once.

    With :data:`PARALLEL_TEXTS` distinct texts or more, they are read by forked worker processes
    (:func:`~sermo_helpers.parallel.process_map`; only the texts' (language, words) come back): by one
    while ``meanwhile`` runs in this process (which then reads :data:`OWN_SHARE` of them), else in a
    piece per core. Otherwise ``meanwhile`` runs after the texts."""
    from ..parallel import PROCESS_ROWS, core_budget, process_map

    values = texts.tolist()
    distinct = list(dict.fromkeys(value for value in values if isinstance(value, str)))
    many = len(distinct) >= PARALLEL_TEXTS
    own_part: list = []
    if meanwhile is not None and many:  # this process reads the last texts after its own work
        cut = len(distinct) - int(len(distinct) * OWN_SHARE)
        distinct, own_part = distinct[:cut], distinct[cut:]
    count = max(1, min(1 if meanwhile is not None else core_budget(), len(distinct)))
    size = -(-len(distinct) // count) if distinct else 1
    pieces = [distinct[start:start + size] for start in range(0, len(distinct), size)] + [own_part]
    own_read: list = []

    def own_work():
        if meanwhile is not None:
            meanwhile()
        own_read.extend(_language_and_words(text) for text in own_part)

    read = process_map(lambda piece: [_language_and_words(text) for text in piece], pieces[:-1],
                       rows=max(len(distinct), PROCESS_ROWS) if many else len(distinct), workers=count,
                       meanwhile=own_work)
    seen = {text: value for piece, values_read in zip(pieces, [*read, own_read])
            for text, value in zip(piece, values_read)}
    return [seen[value] if isinstance(value, str) else _language_and_words(value) for value in values]


def _categories(found: list[tuple[str, int]], min_words: int) -> pd.Series:
    return pd.Series(["too_short" if count < min_words else _CATEGORY_OF_CODE.get(code, "other_language")
                      for code, count in found], dtype="str", name="category")


def measure_shares(texts: pd.DataFrame, *, by: list[str] | None = None) -> pd.DataFrame:
    """Counts per category and the shares of bokmål and nynorsk among the counted texts.

    ``texts`` has a ``category`` column (:func:`classify_written_standard`); ``by`` the columns to group
    by (none: one row for all). Returns ``by`` + SHARE_COLUMNS; a share is NaN where nothing was counted.
    """
    by = list(by or [])
    if by:
        counts = pd.crosstab([texts[column] for column in by], texts["category"]) if len(texts) else None
    else:
        counts = texts["category"].value_counts().to_frame().T.reset_index(drop=True)
    if counts is None:
        counts = pd.DataFrame(columns=by + list(CATEGORIES))
    else:
        counts = counts.reindex(columns=list(CATEGORIES), fill_value=0)
        if by:
            counts = counts.reset_index()
        counts.columns.name = None
    frame = counts.copy()
    for category in CATEGORIES:
        frame[category] = frame[category].fillna(0).astype("int64")
    frame["texts"] = frame[list(CATEGORIES)].sum(axis=1).astype("int64")
    frame["counted"] = (frame["bokmål"] + frame["nynorsk"]).astype("int64")
    counted = frame["counted"].where(frame["counted"] > 0)
    frame["bokmål_share"] = (frame["bokmål"] / counted).astype("float64")
    frame["nynorsk_share"] = (frame["nynorsk"] / counted).astype("float64")
    return frame[by + SHARE_COLUMNS].reset_index(drop=True)


# --- the stage ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LanguagePolicyResult:
    """The client's written standards against its rule; frames and numbers only.

    texts            one row per own text: kind (posts/replies), channel, month (YYYY-MM, local time),
                     words, category; ``counts`` says whether the rule counts it
    overall          measure_shares of the texts the rule counts (one row)
    by_kind          measure_shares per kind (posts, replies), whether the rule counts them or not
    by_channel       measure_shares of the counted kinds per channel
    by_month         measure_shares of the counted kinds per month
    citizen_replies  per citizen standard (bokmål, nynorsk): own replies to such messages, how many are
                     long enough to judge, how many are in the citizen's standard, and the share
    peers            measure_shares per account of posts on accounts that are not the client's (empty when
                     the data hold none)
    verdict          met, missed, no_rule or no_basis
    shortfalls       per standard below its minimum: (share, minimum)
    posts_needed     per standard below its minimum: how many more counted texts in it would have met the
                     minimum over the same number of texts (the others written in it instead)
    start_with       the channel and post type with most counted posts in the other standard, at most three
                     rows: where to start writing the missing standard
    """

    organisation_type: str
    written_standard: str | None
    rule: Rule
    min_words: int
    texts: pd.DataFrame
    overall: pd.DataFrame
    by_kind: pd.DataFrame
    by_channel: pd.DataFrame
    by_month: pd.DataFrame
    citizen_replies: pd.DataFrame
    peers: pd.DataFrame
    verdict: str
    shortfalls: dict[str, tuple[float, float]] = field(default_factory=dict)
    posts_needed: dict[str, int] = field(default_factory=dict)
    start_with: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def nynorsk_share(self) -> float:
        return float(self.overall["nynorsk_share"].iloc[0])

    @property
    def bokmål_share(self) -> float:
        return float(self.overall["bokmål_share"].iloc[0])

    @property
    def counted(self) -> int:
        return int(self.overall["counted"].iloc[0])

    @property
    def indicator_status(self) -> str:
        """The scorecard status of the language-policy indicator: strong, weak or not_measurable."""
        return INDICATOR_STATUS[self.verdict]


TEXT_COLUMNS = ["kind", "id", "channel", "account", "post_type", "month", "words", "category", "counts"]


def collect_own_texts(data, client: ClientConfig, *, min_words: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(own texts, other accounts' posts), each one row per text with TEXT_COLUMNS (``counts`` False).

    Own posts are posts on an account listed in the client file's ``own_accounts`` for that channel;
    own replies are mentions marked ``is_own``.
    """
    posts = data.posts
    own = {(channel, name.lower()) for channel, names in client.own_accounts.items() for name in names}
    is_own_post = pd.Series([(channel, str(account).lower()) in own
                             for channel, account in zip(posts["channel"], posts["account"])],
                            index=posts.index, dtype="bool")
    mentions = data.mentions
    read = [column for column in ("published_at", "mention_id", "channel", "account", "author", "post_type", "text")
            if column in mentions.columns]
    replies = mentions.loc[mentions["is_own"].fillna(False).astype("bool"), read]  # the columns read, not every one
    frames = [_texts(posts[is_own_post], "posts", "post_id", client, min_words),
              _texts(replies, "replies", "mention_id", client, min_words)]
    return pd.concat(frames, ignore_index=True), _texts(posts[~is_own_post], "posts", "post_id", client, min_words)


def _texts(frame: pd.DataFrame, kind: str, id_column: str, client: ClientConfig, min_words: int) -> pd.DataFrame:
    local = frame["published_at"].dt.tz_convert(client.tz)
    found = _languages_and_words(frame["text"])  # one reading of each text: words and category
    out = pd.DataFrame({
        "kind": pd.Series([kind] * len(frame), index=frame.index, dtype="str"),
        "id": frame[id_column].astype("str"),
        "channel": frame["channel"].astype("str"),
        "account": (frame["account"] if "account" in frame.columns else frame["author"]).astype("str"),
        "post_type": (frame["post_type"] if "post_type" in frame.columns
                      else pd.Series(pd.NA, index=frame.index)).astype("str"),
        "month": local.dt.strftime("%Y-%m").astype("str"),
        "words": pd.Series([count for _, count in found], index=frame.index, dtype="int64"),
        "category": _categories(found, min_words).set_axis(frame.index),
        "counts": pd.Series(False, index=frame.index, dtype="bool"),
    })
    return out.reset_index(drop=True)


def measure_citizen_replies(mentions: pd.DataFrame, *, min_words: int, meanwhile=None) -> pd.DataFrame:
    """Own replies to citizens' messages in bokmål or nynorsk, and how many answer in that standard.

    Returns one row per citizen standard (bokmål, nynorsk): ``replies`` (own replies to such messages),
    ``told`` (of them, long enough to judge: not too short), ``same`` (in the citizen's standard),
    ``share`` (same / told, NaN when none could be judged). ``meanwhile`` (no arguments) is called once,
    while the citizens' messages are read (:func:`classify_written_standard`).
    """
    is_own = mentions["is_own"].fillna(False).astype("bool")
    replies = mentions.loc[is_own & mentions["in_reply_to"].notna(), ["in_reply_to", "text"]]
    parents = replies["in_reply_to"].astype("str")
    # only the citizens' messages replied to, and only their ids and texts (not a copy of every mention)
    answered = ~is_own & is_in(mentions["mention_id"], parents)
    citizens = mentions.loc[answered, ["mention_id", "text"]].drop_duplicates("mention_id").set_index("mention_id")
    known = is_in(parents, citizens.index)
    replies, parents = replies[known], parents[known]
    citizen_standard = classify_written_standard(citizens.loc[parents, "text"].set_axis(replies.index),
                                                 min_words=min_words, meanwhile=meanwhile)
    reply_standard = classify_written_standard(replies["text"], min_words=min_words)
    rows = []
    for standard in STANDARDS:
        mine = citizen_standard == standard
        told = mine & (reply_standard != "too_short")
        same = mine & (reply_standard == standard)
        share = same.sum() / told.sum() if told.sum() else math.nan
        rows.append({"citizen_standard": standard, "replies": int(mine.sum()), "told": int(told.sum()),
                     "same": int(same.sum()), "share": float(share)})
    frame = pd.DataFrame(rows)
    frame["citizen_standard"] = frame["citizen_standard"].astype("str")
    return frame


def judge(overall: pd.DataFrame, rule: Rule) -> tuple[str, dict[str, tuple[float, float]], dict[str, int]]:
    """(verdict, shortfalls, texts needed) of the counted texts against the rule's minimum shares."""
    counted = int(overall["counted"].iloc[0])
    if not rule.minimum:
        return "no_rule", {}, {}
    if counted == 0:
        return "no_basis", {}, {}
    shortfalls, needed = {}, {}
    for standard, minimum in rule.minimum.items():
        have = int(overall[standard].iloc[0])
        share = have / counted
        if share < minimum:
            shortfalls[standard] = (share, minimum)
            needed[standard] = max(1, math.ceil(minimum * counted - 1e-9) - have)
    return ("missed" if shortfalls else "met"), shortfalls, needed


def analyse_language_policy(data, client: ClientConfig, *, policy: LanguagePolicy | None = None,
                            meanwhile=None) -> LanguagePolicyResult:
    """The client's posts and replies in bokmål and nynorsk against the rule for its kind of body.

    ``data`` is the client's prepared data (``posts`` and ``mentions`` frames); ``policy`` the rules
    (default: :func:`load_language_policy`). ``meanwhile`` (no arguments; the Strategy stage's other
    steps) is called once, while the citizens' messages are read by forked workers when they are many.
    Raises ConfigError when the rules file is invalid or has no rule for the client.
    """
    policy = policy or load_language_policy()
    rule = policy.rule_for(client.organisation_type, client.written_standard)
    citizen_replies = measure_citizen_replies(data.mentions, min_words=policy.min_words, meanwhile=meanwhile)
    texts, others = collect_own_texts(data, client, min_words=policy.min_words)
    texts["counts"] = texts["kind"].isin(rule.counts).astype("bool")
    counted = texts[texts["counts"]]
    overall = measure_shares(counted)
    verdict, shortfalls, needed = judge(overall, rule)
    return LanguagePolicyResult(
        organisation_type=client.organisation_type, written_standard=client.written_standard, rule=rule,
        min_words=policy.min_words, texts=texts, overall=overall,
        by_kind=measure_shares(texts, by=["kind"]),
        by_channel=measure_shares(counted, by=["channel"]),
        by_month=measure_shares(counted, by=["month"]),
        citizen_replies=citizen_replies,
        peers=measure_shares(others, by=["account"]),
        verdict=verdict, shortfalls=shortfalls, posts_needed=needed,
        start_with=_start_with(counted, shortfalls),
    )


def _start_with(counted: pd.DataFrame, shortfalls: dict) -> pd.DataFrame:
    """The channel and post type with most counted posts not in the lacking standard (at most three)."""
    columns = ["channel", "post_type", "posts"]
    if not shortfalls:
        return pd.DataFrame({"channel": pd.Series(dtype="str"), "post_type": pd.Series(dtype="str"),
                             "posts": pd.Series(dtype="int64")})[columns]
    lacking = next(iter(shortfalls))
    posts = counted[(counted["kind"] == "posts") & counted["category"].isin(STANDARDS)
                    & (counted["category"] != lacking)]
    if not len(posts):
        posts = counted[counted["category"].isin(STANDARDS) & (counted["category"] != lacking)]
    top = (posts.groupby(["channel", "post_type"], dropna=False).size().rename("posts").reset_index()
           .sort_values(["posts", "channel", "post_type"], ascending=[False, True, True], kind="stable").head(3))
    top["posts"] = top["posts"].astype("int64")
    return top[columns].reset_index(drop=True)
