"""Write ``resources/vader_lexicon.tsv`` from the installed vaderSentiment package (MIT licence).

    pip install -e ".[train]"     # vaderSentiment, for this script only
    python -m sermo_helpers.text.build_english_lexicon

Each line is ``token<TAB>valence`` (VADER's mean human rating, -4..4): VADER's word and emoticon
lexicon lower-cased (the first spelling wins), plus one line per emoji of VADER's emoji lexicon
whose description words carry valence (the sum of those words' valences: VADER replaces an emoji
by its description before scoring). The licence is copied to ``resources/VADER-LICENSE.txt``.
"""
from __future__ import annotations

from pathlib import Path

from ..paths import RESOURCES_DIR

LEXICON_PATH = RESOURCES_DIR / "vader_lexicon.tsv"
LICENCE_PATH = RESOURCES_DIR / "VADER-LICENSE.txt"


def build(output: Path = LEXICON_PATH) -> Path:
    import vaderSentiment

    folder = Path(vaderSentiment.__file__).parent
    lexicon: dict[str, float] = {}
    for line in (folder / "vader_lexicon.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].strip():
            lexicon.setdefault(parts[0].strip().lower(), float(parts[1]))
    emoji: dict[str, float] = {}
    for line in (folder / "emoji_utf8_lexicon.txt").read_text(encoding="utf-8").splitlines():
        symbol, _, description = line.partition("\t")
        value = sum(lexicon.get(word, 0.0) for word in description.lower().split())
        if symbol and value:
            emoji[symbol] = round(value, 3)
    lines = [f"{token}\t{value:g}" for token, value in sorted({**lexicon, **emoji}.items())]
    output.write_text("# VADER lexicon (C.J. Hutto, MIT licence: VADER-LICENSE.txt); token<TAB>valence -4..4\n"
                      + "\n".join(lines) + "\n", encoding="utf-8")
    licence = next(folder.parent.glob("vaderSentiment-*.dist-info")) / "LICENSE.txt"
    LICENCE_PATH.write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")
    return output


if __name__ == "__main__":
    path = build()
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")
