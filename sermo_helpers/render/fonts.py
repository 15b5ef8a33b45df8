"""The house fonts, embedded in the handout so it needs no font service."""
from __future__ import annotations

import base64
from pathlib import Path

FONT_FACES = (("DejaVuSans.woff", "normal", "normal"), ("DejaVuSans-Bold.woff", "bold", "normal"),
              ("DejaVuSans-Oblique.woff", "normal", "italic"))


def embedded_fonts(style_dir: Path) -> str:
    """``@font-face`` rules with the house fonts as data URIs."""
    rules = []
    for name, weight, style in FONT_FACES:
        data = base64.b64encode((style_dir / "fonts" / name).read_bytes()).decode("ascii")
        rules.append(f'@font-face {{ font-family: "Sermo Sans"; font-weight: {weight}; font-style: {style}; '
                     f'src: url(data:font/woff;base64,{data}) format("woff"); }}')
    return "\n".join(rules)
