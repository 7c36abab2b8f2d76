"""Registers the kit's typeface, Atkinson Hyperlegible (designed for readers with low vision), and the fonts it falls
back on for characters it lacks, for embedding.

Atkinson covers Western European Latin. A character it has no glyph for is set in
Noto Sans (Latin with Vietnamese, Greek, Cyrillic, and typographic spaces such as
the narrow no-break space of French) or Noto Sans Arabic, which is shaped with
harfbuzz and set right to left (kit.render.text). The Noto files are variable
fonts: their default instance is the regular weight, and the bold one is made
from them once with fontTools and kept in the user's cache (kit.usercache).
ReportLab embeds a subset of each TrueType font it uses, so every PDF carries its fonts.
"""

from __future__ import annotations

import itertools
import struct
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kit import usercache
from kit.content import glyphs

REGULAR = "Atkinson"
BOLD = "Atkinson-Bold"
ITALIC = "Atkinson-Italic"
BOLD_ITALIC = "Atkinson-BoldItalic"

SANS = "NotoSans"
SANS_BOLD = "NotoSans-Bold"
SANS_ITALIC = "NotoSans-Italic"
ARABIC = "NotoSansArabic"
ARABIC_BOLD = "NotoSansArabic-Bold"

_FILES = dict(zip((REGULAR, BOLD, ITALIC, BOLD_ITALIC), glyphs.PRIMARY))
# each fallback: its file, and the weight to make from it (None: the file's default instance, the regular weight)
_FALLBACK_FILES = {SANS: (glyphs.NOTO_SANS, None), SANS_BOLD: (glyphs.NOTO_SANS, 700),
                   SANS_ITALIC: (glyphs.NOTO_SANS_ITALIC, None),
                   ARABIC: (glyphs.NOTO_SANS_ARABIC, None), ARABIC_BOLD: (glyphs.NOTO_SANS_ARABIC, 700)}
FALLBACK = {REGULAR: (SANS, ARABIC), BOLD: (SANS_BOLD, ARABIC_BOLD), ITALIC: (SANS_ITALIC, ARABIC),
            BOLD_ITALIC: (SANS_BOLD, ARABIC_BOLD)}
SHAPED = frozenset({ARABIC, ARABIC_BOLD})  # set with harfbuzz (joined letters), right to left


def folder() -> Path:
    """Where the typeface's files are (the PyPI font package)."""
    return glyphs.PRIMARY[0].parent


def folders() -> list[Path]:
    """Every folder with a font the kit prints with, the typeface's first (for Typst, which falls back on its own)."""
    return list(dict.fromkeys(path.parent for path in glyphs.FONT_FILES))


@cache
def register() -> None:
    """Register the four styles once per process, with bold/italic mapping for paragraph markup."""
    for name, path in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD_ITALIC)


@cache
def _register_fallback(name: str) -> None:
    """Register a fallback font when a text first needs it: most builds never do."""
    made = TTFont(name, str(path_of(name)))
    _COVERS[name] = frozenset(made.face.charToGlyph)  # what the font's own map has (not the codes given below)
    if name in SHAPED:
        _name_every_glyph(made.face)
    pdfmetrics.registerFont(made)


_COVERS: dict[str, frozenset] = {}


def _name_every_glyph(face) -> None:
    """Give each glyph that no character maps to (an Arabic letter's joined forms, its dots) a private-use code point,
    in glyph order, before any text is shaped. ReportLab would otherwise hand them out in the order texts are
    shaped, which differs between processes: a card recorded in one process and played in another must mean the
    same glyphs by the same codes (kit.render.record)."""
    code = 0xE000
    for glyph in range(1, face.numGlyphs):
        if glyph in face.glyphToChar:
            continue
        while code in face.charToGlyph:
            code += 1
        if code > 0xF8FF:
            return
        face.charToGlyph[code] = glyph
        face.glyphToChar[glyph] = [code]
        face.charWidths[code] = face.hmetrics[glyph][0]
        code += 1
        if code > 0xF8FF:
            return
        face.charToGlyph[code] = glyph
        face.glyphToChar[glyph] = [code]
        face.charWidths[code] = face.getGlyphWidth(glyph) if hasattr(face, "getGlyphWidth") else 0
        code += 1


@cache
def path_of(name: str) -> Path:
    """The file a registered font is read from (a bold fallback is made on first use, see _instance)."""
    if name in _FILES:
        return _FILES[name]
    source, weight = _FALLBACK_FILES[name]
    return source if weight is None else _instance(source, weight, name)


def _instance(source: Path, weight: int, name: str) -> Path:
    """A static instance of a variable font at `weight`, made once with fontTools and kept in the user's cache
    (it takes seconds); in a temporary file where the cache cannot be written."""
    from io import BytesIO

    cached = f"{source.stem}-{weight}-{source.stat().st_size}.ttf"
    path = usercache.folder() / cached
    if usercache.read(cached) is None:
        from fontTools.ttLib import TTFont as Font
        from fontTools.varLib import instancer

        font = instancer.instantiateVariableFont(Font(source), {"wght": weight, "wdth": 100})
        for record in font["name"].names:  # ReportLab tells faces apart by their PostScript name
            if record.nameID == 6:
                record.string = name
        out = BytesIO()
        font.save(out)
        usercache.write(cached, out.getvalue())
        if usercache.read(cached) is None:
            import tempfile

            path = Path(tempfile.mkdtemp(prefix="kit-font-")) / cached
            path.write_bytes(out.getvalue())
    return path


def chain(name: str) -> tuple[str, ...]:
    """The font and the fonts it falls back on, in order."""
    return (name, *FALLBACK.get(name, ()))


_REGULAR_OF = {SANS_BOLD: SANS, ARABIC_BOLD: ARABIC}  # an instance has its variable font's characters


@cache
def _has(name: str) -> frozenset:
    """The code points a font (the typeface or a fallback) has a glyph for: read by ReportLab, which is quicker than
    fontTools (kit.content.glyphs reads the same maps without ReportLab); a bold instance is not made for this."""
    if name in _FILES:
        register()
        return frozenset(pdfmetrics.getFont(name).face.charToGlyph)
    regular = _REGULAR_OF.get(name, name)
    _register_fallback(regular)
    return _COVERS[regular]


def font_for(name: str, char: str) -> str | None:
    """The font of `name`'s chain that prints `char`, or None when none has it. A space has no ink, so the regular
    fallback sets it in every style (a French bold title needs no bold Noto for its narrow no-break space)."""
    code = ord(char)
    if code in _has(name):
        return name
    for fallback in (FALLBACK[REGULAR] if char.isspace() else FALLBACK.get(name, ())):
        if code in _has(fallback):
            return fallback
    return None


def text_width(text: str, font: str, size: float) -> float:
    """Width in points of a single line of text."""
    register()
    return pdfmetrics.stringWidth(text, font, size)


def font(name: str):
    """The registered font object (its metrics, glyphs and subset state)."""
    register()
    if name not in _FILES:
        _register_fallback(name)
    return pdfmetrics.getFont(name)


@cache
def _glyph_boxes(name: str) -> tuple[dict, float]:
    """The outline box (x_min, y_min, x_max, y_max) of every glyph that has an outline, by glyph index, read from
    the font file's `head`, `loca` and `glyf` tables; and the font's units per em.

    ReportLab reads advance widths but not outlines; where ink lands (the safe zone of
    a card) needs the outlines' boxes, which every TrueType font keeps per glyph.
    """
    data = path_of(name).read_bytes()
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
