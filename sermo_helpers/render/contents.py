"""The handout's contents list: the section headings the stages' cells display."""
from __future__ import annotations

import html
import re

HEADING_PATTERN = re.compile(r'<h([12]) class="sermo-section" id="([^"]+)">(.*?)</h\1>', re.S)


def table_of_contents(markup: str) -> list[dict]:
    """Headings (levels 1–2) marked ``sermo-section`` in ``markup``, in order."""
    return [{"level": int(level), "id": anchor, "text": html.unescape(re.sub(r"<[^>]+>", "", text))}
            for level, anchor, text in HEADING_PATTERN.findall(markup)]
