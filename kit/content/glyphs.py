"""Which characters the kit can print: the characters of the typeface files every artefact embeds, read from their
character maps with fontTools (no ReportLab here).

A name that a workshop prints on every artefact (the municipality) is checked with `unprintable` when the workshop
is created, so that it is refused then, with a sentence, instead of at the end of the workshop.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson

_FOLDER = Path(atkinson.ROOT) / "files"
FONT_FILES: tuple[Path, ...] = tuple(_FOLDER / f"AtkinsonHyperlegible-{style}.ttf"
                                     for style in ("Regular", "Bold", "Italic", "BoldItalic"))
_NOT_DRAWN = ("Zs", "Zl", "Zp", "Cc", "Cf")  # spaces and format characters: nothing to draw, nothing to miss


@cache
def _covered() -> frozenset[int]:
    """Every code point some font of the kit has a glyph for (read once per process)."""
    from fontTools.ttLib import TTFont

    found: set[int] = set()
    for path in FONT_FILES:
        with TTFont(str(path), lazy=True) as font:
            found.update(font.getBestCmap() or {})
    return frozenset(found)


def unprintable(text: str) -> list[str]:
    """The distinct characters of `text` that no font of the kit has, in the order they first appear; whitespace and
    format characters are not counted."""
    covered = _covered()
    missing: list[str] = []
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in _NOT_DRAWN or ord(ch) in covered or ch in missing:
            continue
        missing.append(ch)
    return missing
