"""Registers the kit's typeface, Atkinson Hyperlegible (designed for readers with low vision), for embedding.

ReportLab embeds a subset of each TrueType font it uses, so every PDF carries its fonts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "Atkinson"
BOLD = "Atkinson-Bold"
ITALIC = "Atkinson-Italic"
BOLD_ITALIC = "Atkinson-BoldItalic"

_FILES = {
    REGULAR: "AtkinsonHyperlegible-Regular.ttf",
    BOLD: "AtkinsonHyperlegible-Bold.ttf",
    ITALIC: "AtkinsonHyperlegible-Italic.ttf",
    BOLD_ITALIC: "AtkinsonHyperlegible-BoldItalic.ttf",
}


def folder() -> Path:
    """Where the typeface's files are (the PyPI font package)."""
    return Path(atkinson.ROOT) / "files"


@cache
def register() -> None:
    """Register the four styles once per process, with bold/italic mapping for paragraph markup."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder() / filename)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD_ITALIC)


def text_width(text: str, font: str, size: float) -> float:
    """Width in points of a single line of text."""
    register()
    return pdfmetrics.stringWidth(text, font, size)


def font(name: str):
    """The registered font object (its metrics, glyphs and subset state)."""
    register()
    return pdfmetrics.getFont(name)
