"""Draws a card face once and plays it into several PDFs: the home sheets (RGB) and the print-shop file (CMYK).

A Recorder is a canvas that keeps what is drawn as a display list instead of a
page: PDF operators as text, and marks for what differs between documents:
fill and stroke colours (RGB on screen, the palette's CMYK for print; text
colours apart, as print turns them into one solid ink) and
icons (a form each document defines for itself). Text is encoded with font
subsets that every card document seeds with the same characters in the same
order (seed_fonts), so the encoded text is valid in each of them.
A big deck is drawn in several processes this way and each file is assembled
from the recordings, instead of every file drawing every card again.
"""

from __future__ import annotations

import unicodedata

from reportlab.pdfgen.canvas import Canvas

from kit.errors import KitError
from kit.render import canvas as pdf
from kit.render import internals
from kit.typeset import fonts

CARD_FONTS = (fonts.REGULAR, fonts.BOLD, fonts.ITALIC)  # in this order in every card document
FILL, STROKE, TEXT, ICON = "fill", "stroke", "text", "icon"


class Recorder(Canvas):
    """A canvas whose colours and icons become marks in the display list (see play)."""

    def setFillColor(self, colour, alpha=None):
        internals.set_colour_object(self, "fill", colour)
        internals.content(self).append((FILL, tuple(colour)))

    def setStrokeColor(self, colour, alpha=None):
        internals.set_colour_object(self, "stroke", colour)
        internals.content(self).append((STROKE, tuple(colour)))

    def mark(self, item: tuple) -> None:
        internals.content(self).append(item)


def recorder(seed: str, lang: str = "") -> Recorder:
    """A recorder whose fonts are seeded like every card document's (see seed_fonts)."""
    canvas, _ = pdf.new_canvas(10, 10, title="", subject="", lang=lang, author="", canvas_class=Recorder)
    seed_fonts(canvas, seed)
    internals.memo(canvas).update(seeded=_assigned(canvas), lang=lang)
    return canvas


def seed_fonts(canvas: Canvas, characters: str) -> None:
    """Give the card fonts' first subsets the same codes for `characters` in every document, in one order; then the
    fonts they fall back on (kit.typeset.fonts) the characters they set, font by font in one order."""
    doc = internals.document(canvas)  # the font state ReportLab keeps per document
    seeded = _seeded_fonts(characters)
    for name in seeded:
        font = fonts.font(name)
        font.splitString(_characters_of(name, characters), doc)
        font.getSubsetInternalName(0, doc)
    internals.memo(canvas)["seeded fonts"] = seeded


def _characters_of(name: str, characters: str) -> str:
    """The characters a font sets: a card font those it has (all, but for a space French needs narrower), a fallback
    those a card font hands to it, and a shaped font also the private codes of its joined forms (kit.typeset.fonts)."""
    if name in CARD_FONTS:
        has = fonts.font(name).face.charToGlyph
        return "".join(ch for ch in characters if ord(ch) in has or unicodedata.category(ch) == "Cc")
    own = fonts.font(name).face.charToGlyph if name in fonts.SHAPED else {}
    return "".join(ch for ch in characters if any(fonts.font_for(style, ch) == name for style in CARD_FONTS)
                   or (0xE000 <= ord(ch) <= 0xF8FF and ord(ch) in own))


def _seeded_fonts(characters: str) -> tuple:
    """The card fonts, then each fallback font that sets one of the characters, in a fixed order."""
    extra = {fonts.font_for(name, ch) for name in CARD_FONTS for ch in characters} - set(CARD_FONTS) - {None}
    return CARD_FONTS + tuple(sorted(extra))


def seed_characters(texts, lang: str = "") -> str:
    """Every character of the texts as they are set (with the language's spaces, kit.content.typography), with the
    plain letters of accented ones (hyphenation may change "ë" into "e" at a break), the hyphen, the bullet and the
    ellipsis, and the glyphs of words in a shaped script (Arabic) as harfbuzz sets them; sorted."""
    from kit.content import typography
    from kit.typeset import direction
    from kit.typeset.fit import by_font, shaped

    spaced = typography.rules(lang).spaced if lang else str
    found = set("-\u2022\u2026 ")
    for text in texts:
        found.update(text)
        found.update(spaced(text))
        if direction.has_rtl(text):
            for style in CARD_FONTS:
                for word in text.split():
                    found.update(*(shaped(name, piece) for piece, name in by_font(word, style) if name in fonts.SHAPED))
    for char in list(found):
        base = unicodedata.normalize("NFD", char)[0]
        found.update(base, base.upper(), base.lower())  # "ß".upper() is "SS": every character of each
    return "".join(sorted(char for char in found if unicodedata.category(char) != "Cc"))  # a soft hyphen stays


def _assigned(canvas: Canvas) -> tuple:
    doc = internals.document(canvas)
    return tuple(len(internals.font_codes(name, doc)) for name in internals.memo(canvas).get("seeded fonts", CARD_FONTS))


def record(canvas: Recorder, draw, what: str) -> tuple:
    """What `draw()` put on the recorder, as a display list: operator strings and marks.

    Raises KitError (naming `what`) if the drawing used a character the fonts were not seeded
    with: its code would mean another character in the documents the list is played into.
    """
    code = internals.content(canvas)
    start = len(code)
    draw()
    items, text = [], []
    for item in code[start:]:
        if item.__class__ is str:
            text.append(item)
        else:
            if text:
                items.append("\n".join(text))
                text = []
            items.append(item)
    if text:
        items.append("\n".join(text))
    del code[start:]
    notes = internals.memo(canvas)
    if _assigned(canvas) != notes["seeded"]:
        raise KitError(f"language {notes['lang']}, {what}: a character was drawn that the card fonts were not "
                       "prepared for; please report this with the card's text.")
    return tuple(items)


def play(canvas: Canvas, items: tuple) -> None:
    """Draw a recorded display list on a card document (RGB or CMYK)."""
    from kit.render.icons import draw_icon

    for item in items:
        if item.__class__ is str:
            canvas.addLiteral(item)
        elif item[0] == FILL:
            canvas.addLiteral(pdf.fill_operator(canvas, item[1]))
        elif item[0] == STROKE:
            canvas.addLiteral(pdf.stroke_operator(canvas, item[1]))
        elif item[0] == TEXT:
            canvas.addLiteral(pdf.text_fill_operator(canvas, item[1]))
        else:
            draw_icon(canvas, *item[1:])
