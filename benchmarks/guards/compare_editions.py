"""Are two renders of the same editions the same for a reader? (The guard for speed and memory work.)

Render the editions twice, from the commit before and the commit after a change, with the same hash
seed (the conversation network's layout depends on it), then compare the two output folders:

    PYTHONHASHSEED=0 .venv/bin/python -m sermo_helpers.cli render fjordvik coastline --workers 1 --out /tmp/before
    # ... change the code ...
    PYTHONHASHSEED=0 .venv/bin/python -m sermo_helpers.cli render fjordvik coastline --workers 1 --out /tmp/after
    .venv/bin/python benchmarks/guards/compare_editions.py /tmp/before /tmp/after

For every ``handout.html`` found under the first folder (matched by its path under the second), it
compares the visible text (every text node in document order, scripts and styles left out), every
embedded image (data URIs, by SHA-256) and every value of the edition's ``results.json``. It prints
the counts compared and each difference, and exits 1 when anything differs or a handout is missing.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

_IMAGE = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")


class _Text(HTMLParser):
    """Visible text nodes in document order (stripped, empty ones dropped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data) -> None:
        if not self._skip and data.strip():
            self.nodes.append(data.strip())


def _flatten(value, path: str = "") -> dict[str, object]:
    """Every leaf of a JSON document by its path (``a.b[2].c``)."""
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{path}.{key}" if path else str(key)))
        return out
    if isinstance(value, list):
        out = {}
        for index, item in enumerate(value):
            out.update(_flatten(item, f"{path}[{index}]"))
        return out
    return {path: value}


def _results_values(folder: Path) -> dict[str, object]:
    path = folder / "results.json"
    if not path.exists():
        return {}
    values = _flatten(json.loads(path.read_text(encoding="utf-8")))
    # when and by which commit an edition was rendered is not part of what it says
    return {key: value for key, value in values.items()
            if not re.search(r"(rendered|generated|created|commit|version|seconds|duration)", key, re.I)}


def compare(before: Path, after: Path) -> list[str]:
    """The differences between two output folders, one line each (empty when they agree)."""
    differences: list[str] = []
    handouts = sorted(before.rglob("handout.html"))
    handouts = [path for path in handouts if ".editions" not in path.parts]
    if not handouts:
        return [f"{before}: no handout.html found"]
    for old_path in handouts:
        relative = old_path.relative_to(before)
        new_path = after / relative
        if not new_path.exists():
            differences.append(f"{relative}: missing in {after}")
            continue
        old_html = old_path.read_text(encoding="utf-8")
        new_html = new_path.read_text(encoding="utf-8")
        old_text, new_text = _Text(), _Text()
        old_text.feed(_IMAGE.sub("", old_html))
        new_text.feed(_IMAGE.sub("", new_html))
        if old_text.nodes != new_text.nodes:
            for index, (a, b) in enumerate(zip(old_text.nodes, new_text.nodes)):
                if a != b:
                    differences.append(f"{relative}: text node {index}: {a!r} -> {b!r}")
                    break
            if len(old_text.nodes) != len(new_text.nodes):
                differences.append(f"{relative}: {len(old_text.nodes)} text nodes -> {len(new_text.nodes)}")
        old_images = [hashlib.sha256(m.encode()).hexdigest() for m in _IMAGE.findall(old_html)]
        new_images = [hashlib.sha256(m.encode()).hexdigest() for m in _IMAGE.findall(new_html)]
        changed = [i for i, (a, b) in enumerate(zip(old_images, new_images)) if a != b]
        if changed or len(old_images) != len(new_images):
            differences.append(f"{relative}: images {len(old_images)} -> {len(new_images)}, "
                               f"differing at positions {changed}")
        old_values, new_values = _results_values(old_path.parent), _results_values(new_path.parent)
        for key in sorted(set(old_values) | set(new_values)):
            if old_values.get(key, "<absent>") != new_values.get(key, "<absent>"):
                differences.append(f"{relative.parent / 'results.json'}: {key}: "
                                   f"{old_values.get(key, '<absent>')!r} -> {new_values.get(key, '<absent>')!r}")
        print(f"{relative}: {len(old_text.nodes)} text nodes, {len(old_images)} images, "
              f"{len(old_values)} results.json values compared")
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    differences = compare(args.before, args.after)
    for line in differences:
        print(line)
    print("identical" if not differences else f"{len(differences)} difference(s)")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
