"""Right-to-left text on a line: the order in which the pieces of a set line are drawn (the Unicode bidirectional
algorithm, through python-bidi).

A line is broken in logical order, the order it is typed in. Where it holds Arabic
(or Hebrew) the pieces are reordered for drawing: each character's embedding level
comes from python-bidi's implementation of the algorithm (rules P2 to I2), and
rule L2 reverses the runs from the highest level down. Text in a shaped font stays
in logical order inside its piece, as harfbuzz sets it right to left itself
(kit.render.text); a right-to-left piece in another font (a space, a "!") is
reversed here, its brackets mirrored.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_STRONG_RTL = frozenset({"R", "AL", "AN"})


def has_rtl(text: str) -> bool:
    """Whether the text has a right-to-left character (Arabic, Hebrew) and so may need reordering."""
    return any(unicodedata.bidirectional(ch) in _STRONG_RTL for ch in text)


@lru_cache(maxsize=4096)
def levels(text: str) -> tuple[int, ...]:
    """The embedding level of each character of a paragraph's line (even: left to right, odd: right to left)."""
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"] = algorithm.get_base_level(text)
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    algorithm.get_embedding_levels(text, storage)
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    return tuple(char["level"] for char in storage["chars"])


def visual(pieces: list, shaped: frozenset) -> list:
    """The pieces (text, font, ...) of a line in the order they are drawn, left to right, each with its level's
    direction applied: a piece split where its level changes; a right-to-left piece not in a `shaped` font reversed
    and mirrored. Returns (text, font, ..., rtl) tuples."""
    line = "".join(piece[0] for piece in pieces)
    if not has_rtl(line):
        return [(*piece, False) for piece in pieces]
    found, at = [], 0
    for piece in pieces:
        text, rest = piece[0], piece[1:]
        marks = levels(line)[at:at + len(text)]
        at += len(text)
        start = 0
        for index in range(1, len(text) + 1):
            if index == len(text) or marks[index] != marks[start]:
                found.append([marks[start], text[start:index], rest])
                start = index
    highest = max(level for level, _, _ in found)
    lowest_odd = min((level for level, _, _ in found if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):  # rule L2
        index = 0
        while index < len(found):
            if found[index][0] >= level:
                end = index
                while end < len(found) and found[end][0] >= level:
                    end += 1
                found[index:end] = found[index:end][::-1]
                index = end
            else:
                index += 1
    return [(text if level % 2 == 0 or rest[0] in shaped else _mirrored(text[::-1]), *rest, bool(level % 2))
            for level, text, rest in found]


def _mirrored(text: str) -> str:
    from bidi.mirror import MIRRORED

    return "".join(MIRRORED.get(ch, ch) for ch in text)
