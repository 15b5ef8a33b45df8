"""Features shared by training and scoring, so a learned model sees at run time exactly what it saw
when it was fitted: lower-cased words, with words in the scope of a negation marked ``¬word``."""
from __future__ import annotations

from .tokens import TOKEN_PATTERN

NEGATORS = frozenset("""
ikke ikkje aldri ingen inga ikkje ingenting inkje verken uten utan ei itj ittj ikkje
not no never nobody nothing none neither nor cannot without don't doesn't didn't isn't aren't wasn't
weren't won't can't couldn't shouldn't wouldn't haven't hasn't hadn't dont doesnt didnt isnt cant wont
""".split())
NEGATION_SCOPE = 3
SCOPE_BREAKS = frozenset({"men", "but", "!", "?", "selv", "sjølv"})
NEGATED = "\u00ac"
NEGATED_LEXICON_FACTOR = -0.5  # a negated sentiment word counts half, with the sign flipped
AFFIX_MIN_LENGTH = 6  # chosen by 3-fold cross-validation on NoReC 3class train


def negation_features(text) -> list[str]:
    """Tokens of ``text`` (links dropped); up to three words after a negator get the ``¬`` prefix."""
    if not isinstance(text, str) or not text:
        return []
    out = []
    scope = 0
    for token in TOKEN_PATTERN.findall(text.lower()):
        if token.startswith(("http", "www.")):
            continue
        if token in NEGATORS:
            out.append(token)
            scope = NEGATION_SCOPE
        elif token in SCOPE_BREAKS or token[0] in "!?":
            out.append(token)
            scope = 0
        elif scope and token[0].isalpha():
            out.append(NEGATED + token)
            scope -= 1
        else:
            out.append(token)
    return out


def affix_features(token: str) -> list[str]:
    """Prefix and suffix features of a long token (Norwegian compounds share them: kjempe-, -fullt)."""
    if len(token) < AFFIX_MIN_LENGTH:
        return []
    affixes = ["p:" + token[:4], "s:" + token[-4:]]
    if len(token) >= AFFIX_MIN_LENGTH + 2:
        affixes.append("q:" + token[:6])
    return affixes


def sentiment_features(text) -> list[str]:
    """Features the linear sentiment models learn from: negation-marked tokens plus their affixes."""
    tokens = negation_features(text)
    return tokens + [affix for token in tokens for affix in affix_features(token)]
