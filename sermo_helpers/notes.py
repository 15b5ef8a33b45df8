"""The strategist's voice: a per-client commentary file shown in the handout as "Sermo's assessment".

``clients/<slug>.notes.md`` holds Markdown, one section per handout section::

    # Notes for Fjordvik kommune          (an optional title line, not shown)

    ## listen.spikes
    The boil-water notice of 8 June ...

    ## strategy.summary
    ...

A section key is a handout heading's key without ``heading.`` (``listen.heading.spikes`` ->
``listen.spikes``; a stage's ``stage.listen`` -> ``listen``): :func:`section_key`. Its text is shown
right after that heading in a marked block (:func:`assessment_block`). The file is checked whole:
an unknown key, a key given twice, text before the first key and any raw HTML, or a link or image
that is not http(s)/mailto, are refused together in one :class:`~sermo_helpers.errors.ConfigError`
listing every problem with its line. Without a notes file the handout is unchanged.

Markdown cells of a stage notebook tagged ``handout`` are the strategist's voice too: they are
rendered with the same rules (:func:`render_markdown`) into the same block.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .errors import ConfigError

NOTES_SUFFIX = ".notes.md"
BLOCK_CLASS = "sermo-assessment"
SAFE_SCHEMES = ("http://", "https://", "mailto:")
_SECTION = re.compile(r"^##\s+(\S+)\s*$")
_TITLE = re.compile(r"^#\s+\S")


def notes_path(slug: str) -> Path:
    """Where a client's notes live: ``clients/<slug>.notes.md``."""
    return paths.clients_dir() / f"{slug}{NOTES_SUFFIX}"


def section_key(heading_key: str) -> str:
    """The notes key of a handout heading: ``listen.heading.spikes`` -> ``listen.spikes``,
    ``stage.listen`` -> ``listen``."""
    if heading_key.startswith("stage."):
        return heading_key.removeprefix("stage.")
    return heading_key.replace(".heading.", ".", 1)


_HEADING_CALL = re.compile(r"""heading\(\s*["']([\w.]+)["']""")


def known_sections() -> frozenset[str]:
    """Every section key a notes file may use: the headings the stage notebooks show (their keys)."""
    import json

    from .render.notebooks import STAGES, stage_notebook_path

    found = set()
    for stage in STAGES:
        notebook = json.loads(stage_notebook_path(stage).read_text(encoding="utf-8"))
        for cell in notebook.get("cells", []):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            if cell.get("cell_type") == "code":
                found.update(section_key(key) for key in _HEADING_CALL.findall(source))
    return frozenset(found)


@dataclass(frozen=True)
class Notes:
    """A client's checked notes: section key -> safe HTML, and where they came from."""

    sections: dict[str, str]
    path: Path | None = None

    def get(self, key: str) -> str | None:
        return self.sections.get(key)


def load_notes(slug: str, *, path: str | Path | None = None) -> Notes:
    """The client's notes (``clients/<slug>.notes.md``), checked and rendered; empty without a file.

    Raises ConfigError listing every problem (unknown or repeated key, text before the first key,
    raw HTML, unsafe link) with its line number.
    """
    path = Path(path) if path is not None else notes_path(slug)
    if not path.exists():
        return Notes({}, None)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the notes file: {error}", path=str(path),
                          problems=[str(error)]) from None
    return parse_notes(text, path=path)


def parse_notes(text: str, *, path: str | Path | None = None, known: frozenset[str] | None = None) -> Notes:
    """Check and render a notes file's text (see the module's docstring for the rules)."""
    known = known_sections() if known is None else known
    problems: list[str] = []
    sections: dict[str, list[str]] = {}
    starts: dict[str, int] = {}
    current = None
    skipping = False  # inside a refused section: its lines are not reported again
    first = _first(text)
    for number, line in enumerate(text.splitlines(), start=1):
        match = _SECTION.match(line)
        if match:
            key = match.group(1)
            current, skipping = None, True
            if key not in known:
                problems.append(f"line {number}: unknown section '{key}' (expected one of the handout's "
                                f"sections: {', '.join(sorted(known))})")
            elif key in sections:
                problems.append(f"line {number}: section '{key}' given twice (first on line {starts[key]})")
            else:
                sections[key], starts[key], current, skipping = [], number, key, False
            continue
        if current is not None:
            sections[current].append(line)
        elif not skipping and line.strip() and not (number == first and _TITLE.match(line)):
            problems.append(f"line {number}: text outside a section (start each section with '## <section>')")
    rendered = {}
    for key, lines in sections.items():
        body, found = _render(lines, first_line=starts[key] + 1)
        problems += found
        if body.strip():
            rendered[key] = body
    if problems:
        problems.sort(key=lambda problem: int(problem.split(":")[0].removeprefix("line ") or 0)
                      if problem.startswith("line ") else 10**9)
        where = str(path) if path is not None else "the notes"
        raise ConfigError(f"{where}: {len(problems)} problem(s) in the strategist's notes:\n  "
                          + "\n  ".join(problems), path=where, problems=problems)
    return Notes(rendered, Path(path) if path is not None else None)


def _first(text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            return number
    return 0


def render_markdown(text: str, *, where: str = "Markdown") -> str:
    """Safe HTML from the strategist's Markdown; raises ConfigError listing every unsafe part."""
    body, problems = _render(text.splitlines(), first_line=1)
    if problems:
        raise ConfigError(f"{where}: {len(problems)} problem(s):\n  " + "\n  ".join(problems), path=where,
                          problems=problems)
    return body


def _render(lines: list[str], *, first_line: int) -> tuple[str, list[str]]:
    """Markdown -> HTML with raw HTML refused and links/images limited to :data:`SAFE_SCHEMES`."""
    import mistune

    problems = []
    # Raw HTML is refused, not stripped: the strategist sees what to change.
    for offset, line in enumerate(lines):
        for tag in re.findall(r"</?[A-Za-z][^>]*>|<!--", _without_code(line)):
            problems.append(f"line {first_line + offset}: HTML is not allowed in the notes ({tag[:40]!r}); "
                            f"write Markdown")
    markdown = mistune.create_markdown(escape=True, plugins=["strikethrough", "table"], renderer="ast")
    tokens = markdown("\n".join(lines))
    for url in _urls(tokens):
        if not url.lower().startswith(SAFE_SCHEMES) and not url.startswith("#"):
            problems.append(f"link or image '{url[:60]}' is not allowed (expected http(s):// or mailto:)")
    rendered = mistune.create_markdown(escape=True, plugins=["strikethrough", "table"])("\n".join(lines))
    return rendered, problems


def _without_code(line: str) -> str:
    return re.sub(r"`[^`]*`", "", line)


def _urls(tokens) -> list[str]:
    found = []
    for token in tokens or []:
        attrs = token.get("attrs") or {}
        if token.get("type") in ("link", "image") and "url" in attrs:
            found.append(str(attrs["url"]))
        found += _urls(token.get("children"))
    return found


def assessment_block(body_html: str, language: str) -> str:
    """The marked block that holds the strategist's words ("Sermos vurdering" / "Sermo's assessment")."""
    from .i18n import label

    title = html.escape(label("notes.assessment", language))
    return (f'<aside class="{BLOCK_CLASS}" role="note" aria-label="{title}">'
            f'<p class="{BLOCK_CLASS}-title">{title}</p>{body_html}</aside>')
