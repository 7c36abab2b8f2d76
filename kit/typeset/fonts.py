"""Registers the kit's typeface, Atkinson Hyperlegible (designed for readers with low vision), for embedding.

ReportLab embeds a subset of each TrueType font it uses, so every PDF carries its fonts.
"""

from __future__ import annotations

import itertools
import struct
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


@cache
def _glyph_boxes(name: str) -> tuple[dict, float]:
    """The outline box (x_min, y_min, x_max, y_max) of every glyph that has an outline, by glyph index, read from
    the font file's `head`, `loca` and `glyf` tables; and the font's units per em.

    ReportLab reads advance widths but not outlines; where ink lands (the safe zone of
    a card) needs the outlines' boxes, which every TrueType font keeps per glyph.
    """
    data = (Path(atkinson.ROOT) / "files" / _FILES[name]).read_bytes()
    tables = {}
    for i in range(struct.unpack_from(">H", data, 4)[0]):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag] = (offset, length)
    head, loca, glyf = tables[b"head"][0], tables[b"loca"], tables[b"glyf"][0]
    units_per_em = struct.unpack_from(">H", data, head + 18)[0]
    if struct.unpack_from(">h", data, head + 50)[0]:  # long offsets
        starts = struct.unpack_from(f">{loca[1] // 4}I", data, loca[0])
    else:  # short offsets, in words
        starts = [2 * v for v in struct.unpack_from(f">{loca[1] // 2}H", data, loca[0])]
    boxes = {glyph: struct.unpack_from(">4h", data, glyf + start + 2)
             for glyph, (start, end) in enumerate(itertools.pairwise(starts)) if end > start}
    return boxes, float(units_per_em)


@cache
def ink(name: str, char: str) -> tuple[float, float, float, float] | None:
    """Where a character's glyph puts ink, relative to its origin on the baseline, in ems: (left, bottom, right,
    top); None for a character without ink (a space)."""
    face = font(name).face
    boxes, units = _glyph_boxes(name)
    box = boxes.get(face.charToGlyph.get(ord(char), 0))
    return None if box is None else tuple(v / units for v in box)
