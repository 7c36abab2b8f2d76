"""Which characters the kit can print: the font files it prints with, and the characters of a text that none of them has.

The kit sets its texts in Atkinson Hyperlegible and falls back, character by
character, on Noto Sans (Latin with Vietnamese, Greek, Cyrillic) and Noto Sans
Arabic for what a participant types in another script. A text with characters
no font has (Chinese, Japanese, emoji) prints the kit's visible placeholder for
them; `unprintable` names those characters beforehand, so a command can warn,
and a form can refuse a municipality name the kit could not print.

Pure: reads the fonts' character maps with fontTools, never ReportLab.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson
import fontpkg_noto_sans as noto
import fontpkg_noto_sans_arabic as noto_arabic

PRIMARY = tuple(Path(atkinson.ROOT) / "files" / name for name in (
    "AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf",
    "AtkinsonHyperlegible-Italic.ttf", "AtkinsonHyperlegible-BoldItalic.ttf"))
NOTO_SANS = Path(noto.ROOT) / "files" / "NotoSans[wdth,wght].ttf"  # variable: regular and bold from one file
NOTO_SANS_ITALIC = Path(noto.ROOT) / "files" / "NotoSans-Italic[wdth,wght].ttf"
NOTO_SANS_ARABIC = Path(noto_arabic.ROOT) / "files" / "NotoSansArabic[wdth,wght].ttf"
FALLBACKS = (NOTO_SANS, NOTO_SANS_ITALIC, NOTO_SANS_ARABIC)

FONT_FILES: tuple[Path, ...] = PRIMARY + FALLBACKS  # every font file the kit prints with, primary first, fallbacks after
SILENT = frozenset({"Cf", "Zl", "Zp"})  # format characters (direction marks, joiners) print nothing, and need no glyph


@cache
def charset(path: Path) -> frozenset[int]:
    """The code points a font file has a glyph for (its best Unicode character map)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def silent(char: str) -> bool:
    """White space and format characters: nothing to print, so no font needs them."""
    return char.isspace() or unicodedata.category(char) in SILENT


def unprintable(text: str) -> list[str]:
    """The distinct characters of `text` that no font of the kit has, in order of appearance (white space and
    format characters, which print nothing, are never among them). Text is compared in its composed form (NFC),
    as the kit prints it: "e" with a combining accent counts as "é"."""
    text = unicodedata.normalize("NFC", text)
    wanted = {ord(char) for char in text}
    for path in FONT_FILES:  # the primary typeface has nearly every name: the big fallbacks are read only when needed
        if not wanted:
            return []
        wanted -= charset(path)
    found = []
    for char in text:
        if ord(char) in wanted and not silent(char) and char not in found:
            found.append(char)
    return found


__all__ = ["FONT_FILES", "charset", "unprintable"]
