"""Tokenising social-media text: one compiled regular expression, lower-cased words, hashtags,
mentions, emoji and emoticons. Shared by language detection, sentiment and the listen analyses."""
from __future__ import annotations

import re

# Order matters: links first (dropped), then handles/hashtags, words (with inner - or '), emoticons,
# emoji (one token each), runs of ! or ?.
TOKEN_PATTERN = re.compile(
    r"https?://\S+|www\.\S+"
    r"|[@#][\w_]+"
    r"|\w+(?:['’]\w+)*"
    r"|[:;=8xX][\-o'^]?[)\](\[dDpP/\\|*3]|<3|\)\)"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764]"
    r"|!+|\?+",
)
LINK_PREFIXES = ("http://", "https://", "www.")


def tokenize(text) -> list[str]:
    """Lower-cased tokens of ``text`` without links; empty list for missing or empty text."""
    if not isinstance(text, str) or not text:
        return []
    return [token for token in TOKEN_PATTERN.findall(text.lower()) if not token.startswith(LINK_PREFIXES)]


def is_word(token: str) -> bool:
    """True for alphabetic word tokens (not handles, hashtags, numbers, emoji or punctuation)."""
    return token[:1].isalpha()
