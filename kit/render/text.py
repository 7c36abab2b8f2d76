"""Draws fitted text (kit.typeset.fit) as PDF text objects, straight into a canvas's content stream.

The text writer is our own because it writes the same operators as ReportLab's
PDFTextObject at a fraction of the cost (text drawing was the largest part of
rendering a big deck); it reaches the canvas only through kit.render.internals.
"""

from __future__ import annotations

from functools import lru_cache

from kit.layout.geometry import MM
from kit.layout.presets import MIN_TEXT_PT
from kit.render import canvas as pdf
from kit.render import internals
from kit.render.record import TEXT, Recorder
from kit.typeset import direction, fonts
from kit.typeset.fit import LEADING, Fitted, Run, SetRun, Span, fit_or_fail, metrics, printable, shaped, shortened, units

__all__ = ["Run", "Span", "draw", "draw_lines", "place", "printable", "shortened"]  # runs are built and drawn from here


def draw(canvas, fitted: Fitted, frame_x_pt: float, frame_top_pt: float, valign_bottom_pt: float | None = None) -> None:
    """Draw a fitted frame from its top edge down; with valign_bottom_pt, bottom-aligned instead."""
    top = frame_top_pt if valign_bottom_pt is None else valign_bottom_pt + fitted.height
    for set_run, gap in zip(fitted.runs, fitted.gaps):
        top -= gap
        draw_lines(canvas, set_run, fitted.width, frame_x_pt, top)
        top -= set_run.height


class TextObject:
    """One PDF text object (BT ... ET), written straight into the canvas's content stream.

    It writes the same operators, byte for byte, as ReportLab's PDFTextObject with
    setFont, setFillColorRGB, setTextOrigin and textOut, at a fraction of the cost
    (that class tracks a cursor, converts each colour through colour objects and
    measures every string again): text drawing was the largest part of rendering
    a big deck. TrueType text is encoded with the font's own splitString and
    getSubsetInternalName, the public methods PDFTextObject uses, so subsets and
    font resources are shared with everything else drawn on the canvas.
    """

    def __init__(self, canvas):
        self.canvas = canvas
        self.doc = internals.document(canvas)  # the document the font subsets belong to; ReportLab's own text code passes it too
        self.code = ["BT", "1 0 0 1 0 0 Tm"]  # what canvas.beginText() starts with
        self.font = None
        self.font_ops = ""
        self.subset = -1
        self.recording = isinstance(canvas, Recorder)  # colours become marks (kit.render.record)

    def set_font(self, name: str, size: float) -> None:
        """Like PDFTextObject.setFont (leading 1.2 x size): the Tf operator follows with the next text."""
        self.font = fonts.font(name)
        self.font_ops = _font_operators(size)
        self.subset = -1

    def set_fill(self, rgb) -> None:
        """The colour of the text that follows: in a print-shop file one solid ink (kit.render.canvas.text_cmyk_of)."""
        self.code.append((TEXT, tuple(rgb)) if self.recording else pdf.text_fill_operator(self.canvas, rgb))

    def origin(self, x: float, y: float) -> None:
        self.code.append("1 0 0 1 %s Tm" % internals.number(x, y))

    def show(self, text: str) -> None:
        font, doc, shown = self.font, self.doc, []
        for subset, data in _split(font, doc, text, self.canvas):
            if subset != self.subset:
                shown.append(f"{font.getSubsetInternalName(subset, doc)} {self.font_ops}")
                self.subset = subset
            shown.append(f"({internals.escape_pdf(data)}) Tj")
        self.code.append(" ".join(shown))

    def show_shaped(self, text: str, font: str, size: float, x: float, y: float, rtl: bool) -> float:
        """Text in a shaped font (Arabic) as harfbuzz sets it, glyph by glyph from (x, y), inside a span whose
        ActualText is the text as typed, so it is read and copied in its own order; returns where it ends."""
        self.code.append(f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC")
        # harfbuzz guesses the direction from the script: digits on a left-to-right level go one at a time
        for part in ([text] if rtl else list(text)):
            glyphs = shaped(font, part)
            data = getattr(glyphs, "__shapeData__", None) or [None] * len(glyphs)
            for char, placed in zip(glyphs, data):
                dx, dy, advance = (0, 0, units(font, char)) if placed is None else \
                    (placed.x_offset / 1000, placed.y_offset / 1000, placed.x_advance / 1000)
                self.origin(x + dx * size, y + dy * size)
                self.show(char)
                x += advance * size
        self.code.append("EMC")
        return x

    def end(self) -> None:
        self.code.append("ET")
        if not self.recording:
            self.canvas.addLiteral(" ".join(self.code))
            return
        text = []
        for piece in self.code:
            if piece.__class__ is str:
                text.append(piece)
            else:
                if text:
                    self.canvas.addLiteral(" ".join(text))
                    text = []
                self.canvas.mark(piece)
        self.canvas.addLiteral(" ".join(text))


@lru_cache(maxsize=1024)
def _font_operators(size: float) -> str:
    return f"{internals.number(size)} Tf {internals.number(size * 1.2)} TL"


class _Unassigned(Exception):
    """A character that has no code in the font's first subset yet."""


class _Codes(dict):
    """Character -> its one-byte code in a font's first subset; a character without one stops str.translate."""

    def __missing__(self, char):
        raise _Unassigned


def _split(font, doc, text: str, canvas) -> list:
    """font.splitString(text, doc): the text as (subset, bytes) pieces, for a TrueType font.

    splitString looks at every character in Python. Once a character has its code in the
    first subset that code never changes, so a line made only of such characters is
    encoded with one str.translate; any other line goes through splitString, which
    assigns the new codes, and the table is brought up to date from the font's state
    for this document (TTFont.state[doc].assignments: character -> code).
    """
    tables = internals.memo(canvas).setdefault("text codes", {})
    table = tables.get(font.fontName)
    if table is not None:
        try:
            return [(0, text.translate(table).encode("latin-1"))] if text else []
        except _Unassigned:
            pass
    pieces = font.splitString(text, doc)
    assigned = internals.font_codes(font.fontName, doc)
    table = _Codes((char, chr(code)) for char, code in assigned.items() if code < 256)
    if 32 in table:
        table[0xA0] = table[32]  # splitString prints a no-break space as a space
    tables[font.fontName] = table
    return pieces


def draw_lines(canvas, set_run: SetRun, width: float, x_pt: float, top_pt: float, first: int = 0, count: int | None = None,
               bullet: bool = True) -> None:
    """Draw lines first..first+count of a set run with their top at top_pt (whole run by default)."""
    run = set_run.run
    ascent, _ = metrics(run.font)
    baseline = top_pt - ascent * set_run.size
    lines = set_run.lines[first : None if count is None else first + count]
    text = TextObject(canvas)
    if run.bullet and bullet and first == 0:
        text.set_font(fonts.BOLD, set_run.size)
        text.set_fill(run.bullet_colour or run.colour)
        text.origin(x_pt, baseline)
        text.show(run.bullet)
    text.set_font(run.font, set_run.size)
    text.set_fill(run.colour)
    room = width - set_run.indent
    links = []
    for line, line_width in lines:
        offset = {"left": 0.0, "center": (room - line_width) / 2, "right": room - line_width}[run.align]
        x = x_pt + set_run.indent + offset
        text.origin(x, baseline)
        if run.spans:
            for piece, font, colour, link, rtl in direction.visual(line, fonts.SHAPED):
                text.set_font(font, set_run.size)
                text.set_fill(colour or run.colour)
                if font in fonts.SHAPED:
                    text.show_shaped(piece, font, set_run.size, x, baseline, rtl)
                    text.origin(x + units(font, piece) * set_run.size, baseline)
                else:
                    text.show(piece)
                advance = units(font, piece) * set_run.size
                if link:
                    lead = len(piece) - len(piece.lstrip(" "))
                    start = x + units(font, " ") * set_run.size * lead
                    links.append((link, start, baseline, x + advance, colour or run.colour))
                x += advance
        else:
            text.show(line)
        baseline -= LEADING * set_run.size
    text.end()
    for link, x1, y, x2, colour in links:
        canvas.saveState()
        canvas.setStrokeColorRGB(*colour)
        canvas.setLineWidth(0.5)
        canvas.line(x1, y - 0.12 * set_run.size, x2, y - 0.12 * set_run.size)
        canvas.restoreState()
        canvas.linkURL(link, (x1, y - 0.25 * set_run.size, x2, y + 0.8 * set_run.size), relative=1)


def place(canvas, runs, frame, base: float, *, lang: str, piece: str, field: str, minimum: float = MIN_TEXT_PT,
          valign: str = "top") -> Fitted:
    """Fit runs into a frame (mm) and draw them, top-aligned or centred vertically; returns the fit."""
    fitted = fit_or_fail(runs, frame, base, minimum, lang=lang, card=piece, field=field)
    if valign == "middle":
        draw(canvas, fitted, frame.x * MM, 0, valign_bottom_pt=(frame.y + frame.h / 2) * MM - fitted.height / 2)
    elif valign == "bottom":
        draw(canvas, fitted, frame.x * MM, 0, valign_bottom_pt=frame.y * MM)
    else:
        draw(canvas, fitted, frame.x * MM, frame.top * MM)
    return fitted
