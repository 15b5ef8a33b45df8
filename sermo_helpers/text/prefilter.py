"""Pre-filters in C: which texts of an Arrow column an exact Python rule could change.

The privacy step (masking, names and handles of private persons) and the criticism detector read
each text with Python regular expressions; most texts hold nothing they look for. These filters
run Arrow's RE2 engine over a whole text column at once and return the rows worth reading in
Python; every other row gets the result the exact rule gives a text without a match. A filter is a
*superset* of its exact rule: a row it leaves out cannot match, by construction:

- Only texts made wholly of :data:`SAFE_RANGES` (Latin-1, general punctuation, arrows, technical
  and miscellaneous symbols, dingbats, emoji) are filtered; a text with any other character is
  always read by the exact rule. Within the safe characters, Python's and Arrow's rules agree where
  the filters rely on them (checked character by character in ``tests/text/test_prefilter.py``):
  Python's ``\\d`` matches exactly ``0-9``; Arrow's lower-casing gives what ``str.lower`` gives;
  a character that Python's case-insensitive matching pairs with a plain lower-case letter
  (:data:`PLAIN`) lower-cases to that letter in Arrow.
- White space (Python's ``\\s``, Unicode) is spelled out as the safe characters Python counts as
  white space, not as RE2's ``\\s`` (ASCII only).
- The filters drop the exact rules' look-arounds (word boundaries), which only ever remove matches.

Only ``pyarrow.compute`` is used (no import beyond what the loaders already need).
"""
from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Characters whose texts the filters decide (see the module docstring); any other character in a
# text sends it to the exact rule.
SAFE_RANGES = ((0x00, 0xFF), (0x2010, 0x2027), (0x2030, 0x205E), (0x20AC, 0x20AC), (0x2190, 0x21FF),
               (0x2300, 0x23FF), (0x2600, 0x27BF), (0xFE0F, 0xFE0F), (0x1F000, 0x1FAFF))
# Lower-case letters, digits and punctuation written literally into a name filter (a name's other
# characters become "any one character").
PLAIN = frozenset(chr(code) for code in range(0x21, 0x100)
                  if chr(code) == chr(code).lower() and not chr(code).isspace() and code not in range(0x7F, 0xA1))
# Keys (names, cue stems) per RE2 expression: a larger alternation overflows RE2's DFA memory in
# Arrow and runs many times slower (measured: 2,500 names of about 15 characters per expression
# 0.09 s over 250,000 texts, 3,600 names 1.5 s).
CHARACTERS_PER_PASS = 30_000


def _class_of(codes) -> str:
    return "".join(rf"\x{{{start:x}}}" if start == end else rf"\x{{{start:x}}}-\x{{{end:x}}}" for start, end in codes)


UNSAFE_PATTERN = "[^" + _class_of(SAFE_RANGES) + "]"


def safe_characters() -> list[str]:
    """Every character of :data:`SAFE_RANGES`."""
    return [chr(code) for start, end in SAFE_RANGES for code in range(start, end + 1)]


@functools.cache
def white_space_class() -> str:
    """An RE2 character class of the safe characters Python's ``\\s`` matches."""
    space = re.compile(r"\s")
    return "[" + "".join(rf"\x{{{ord(character):x}}}" for character in safe_characters()
                         if space.match(character)) + "]"


def escape(character: str) -> str:
    """``character`` as an RE2 literal."""
    return character if character.isascii() and character.isalnum() else rf"\x{{{ord(character):x}}}"


def trie_expressions(keys, *, spell) -> list[str]:
    """RE2 expressions (a few, see :data:`CHARACTERS_PER_PASS`) that together match any of ``keys``;
    ``spell(character)`` gives each character's expression. Each expression is a trie, so keys that
    share a beginning are tried once."""
    keys = sorted(set(keys))
    groups, group, size = [], [], 0
    for key in keys:
        if group and size + len(key) > CHARACTERS_PER_PASS:
            groups.append(group)
            group, size = [], 0
        group.append(key)
        size += len(key)
    if group:
        groups.append(group)
    return [_trie(group, spell) for group in groups]


def prefix_tree(keys) -> dict:
    """``keys`` as nested dictionaries, one level per character; ``""`` marks where a key ends."""
    tree: dict = {}
    for key in keys:
        node = tree
        for character in key:
            node = node.setdefault(character, {})
        node[""] = {}
    return tree


def _trie(keys: list[str], spell) -> str:
    trie = prefix_tree(keys)

    def build(node: dict) -> str:
        if "" in node:  # a key ends here: anything may follow (a superset)
            return ""
        branches = [spell(character) + build(child) for character, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return build(trie)


def as_arrow(values) -> pa.ChunkedArray | None:
    """The Arrow text behind a pandas text column, as it is stored (its chunks are not combined: no
    copy), or None for a column that is not Arrow-backed text (read by the exact rules alone)."""
    array = values.array if isinstance(values, pd.Series) else values
    if not isinstance(array, pd.arrays.ArrowStringArray):
        return None
    arrow = array.__arrow_array__()
    if isinstance(arrow, pa.Array):
        arrow = pa.chunked_array([arrow])
    return arrow if pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type) else None


def matches_any(texts: pa.ChunkedArray | pa.Array, expressions, *, lowered: bool = False) -> np.ndarray:
    """Whether each text matches any of the RE2 ``expressions`` (missing texts: False); with
    ``lowered``, in Arrow's lower-cased text (what ``str.lower`` gives for texts of safe characters),
    made one piece at a time."""
    def found(part) -> np.ndarray:
        if lowered and expressions:
            part = pc.utf8_lower(part)
        flags = np.zeros(len(part), dtype=bool)
        for expression in expressions:
            flags |= _flags(pc.match_substring_regex(part, expression))
        return flags

    return per_piece(texts, found)


PIECE_ROWS = 200_000  # texts per piece that per_piece hands to a thread


def per_piece(texts: pa.ChunkedArray | pa.Array, function) -> np.ndarray:
    """``function(piece) -> flags`` over pieces of at most PIECE_ROWS texts (zero-copy slices of the
    column's chunks), joined in order. Arrow's kernels release the GIL, so a large column's pieces are
    shared between the cores (:func:`sermo_helpers.parallel.thread_map`); the result is the same as
    one call over the whole column."""
    from ..parallel import thread_map

    chunks = texts.chunks if isinstance(texts, pa.ChunkedArray) else [texts]
    pieces = [chunk.slice(start, PIECE_ROWS) for chunk in chunks for start in range(0, len(chunk), PIECE_ROWS)]
    if not pieces:
        return np.zeros(0, dtype=bool)
    return np.concatenate(thread_map(function, pieces, rows=len(texts)))


def take(texts: pa.ChunkedArray, positions: np.ndarray) -> pa.ChunkedArray:
    """The texts at ``positions`` (ascending), taken chunk by chunk (Arrow's take of a chunked array
    first joins every chunk: a copy of the whole column)."""
    positions = np.asarray(positions, dtype=np.int64)
    pieces, offset = [], 0
    for chunk in texts.chunks:
        low, high = np.searchsorted(positions, [offset, offset + len(chunk)])
        if high > low:
            pieces.append(chunk.take(pa.array(positions[low:high] - offset)))
        offset += len(chunk)
    return pa.chunked_array(pieces, type=texts.type)


def unsafe(texts: pa.ChunkedArray) -> np.ndarray:
    """Whether each text holds a character outside :data:`SAFE_RANGES` (such texts are never filtered)."""
    return per_piece(texts, lambda piece: _flags(pc.match_substring_regex(piece, UNSAFE_PATTERN)))


def _flags(found) -> np.ndarray:
    return np.asarray(found.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
