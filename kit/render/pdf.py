"""A ReportLab canvas set up the same way for every artefact: embedded fonts, metadata, reproducible bytes."""

from __future__ import annotations

import io
from functools import lru_cache

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, Color, toColor
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from kit.layout.geometry import MM, Rect, Segment
from kit.typeset import fonts


# Binary (compressed) streams: ASCII85 would make files a quarter larger and builds slower.
rl_config.useA85 = 0


# Print colours of the palette: sRGB triple -> CMYK (0..1), from the categories' `cmyk`.
PALETTE: dict = {}


def set_palette(pairs) -> None:
    PALETTE.clear()
    for rgb, cmyk in pairs:
        PALETTE[tuple(round(c, 4) for c in rgb)] = tuple(cmyk)
    _cmyk_colour.cache_clear()
    _fill_operator.cache_clear()


def cmyk_of(rgb) -> tuple:
    """The print colour for a screen colour: the palette's own CMYK, a tint of it, pure K for greys
    (so text is never rich black), else a plain conversion."""
    r, g, b = rgb
    key = (round(r, 4), round(g, 4), round(b, 4))
    if key in PALETTE:
        return PALETTE[key]
    if abs(r - g) < 1e-4 and abs(g - b) < 1e-4:
        return (0.0, 0.0, 0.0, 1.0 - r)
    for base, cmyk in PALETTE.items():  # tint(base, a) = 1 - a * (1 - base), channel by channel
        amounts = [(1 - c) / (1 - p) for c, p in zip(key, base) if p < 0.999]
        if amounts and max(amounts) - min(amounts) < 2e-3 and 0 < amounts[0] <= 1:
            return tuple(amounts[0] * v for v in cmyk)
    k = 1 - max(rgb)
    if k >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    return ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)


def _to_cmyk(colour):
    if isinstance(colour, tuple):  # what the kit passes: the same few colours, over and over
        return _cmyk_colour(colour)
    return _convert_to_cmyk(colour)


@lru_cache(maxsize=1024)
def _cmyk_colour(rgb: tuple):
    return _convert_to_cmyk(rgb)


def _convert_to_cmyk(colour):
    colour = toColor(colour)
    if isinstance(colour, CMYKColor):
        return colour
    if isinstance(colour, Color):
        return CMYKColor(*cmyk_of((colour.red, colour.green, colour.blue)), alpha=colour.alpha)
    return colour


def new_canvas(width_mm: float, height_mm: float, *, title: str, subject: str, lang: str, author: str,
               cmyk: bool = False, canvas_class=Canvas) -> tuple[Canvas, io.BytesIO]:
    """A canvas writing to memory; `invariant` fixes dates and ids so a rebuild gives the same bytes.

    With `cmyk`, every colour is written as CMYK from the palette (for print shops).
    """
    fonts.register()
    buffer = io.BytesIO()
    canvas = canvas_class(buffer, pagesize=(width_mm * MM, height_mm * MM), invariant=1, pageCompression=1, lang=lang,
                    initialFontName=fonts.REGULAR,  # else every page names an unembedded Helvetica
                    pdfVersion=(1, 4),  # what drawing the icons asks for; set here, as their drawing may come from a cache
                    enforceColorSpace="cmyk" if cmyk else None)
    if cmyk:
        canvas._enforceColorSpace = _to_cmyk  # convert through the palette instead of refusing RGB
        _output_intent(canvas)
    # pages without bleed still say where they are cut: TrimBox and BleedBox are the page itself
    page = Rect(0, 0, width_mm, height_mm)
    set_boxes(canvas, page, page)
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor(author)
    canvas.setCreator("beleidstool-kit")
    return canvas, buffer


def fill_operator(canvas: Canvas, rgb) -> str:
    """The operator that sets a fill colour inside a text object, byte for byte as ReportLab's
    PDFTextObject.setFillColorRGB writes it: `r g b rg`, or `c m y k k` from the palette on a CMYK canvas."""
    return _fill_operator(tuple(rgb), canvas._enforceColorSpace is _to_cmyk)


def colour_space(canvas: Canvas) -> tuple:
    """How the canvas writes colours: ("rgb",), or ("cmyk", the palette) for a print-shop file."""
    return ("cmyk", tuple(sorted(PALETTE.items()))) if canvas._enforceColorSpace is _to_cmyk else ("rgb",)


def stroke_operator(canvas: Canvas, rgb) -> str:
    """Like fill_operator, for the stroke colour: `r g b RG` or `c m y k K`."""
    return _fill_operator(tuple(rgb), canvas._enforceColorSpace is _to_cmyk).upper()


@lru_cache(maxsize=1024)
def _fill_operator(rgb: tuple, cmyk: bool) -> str:
    if not cmyk:
        return "%s rg" % fp_str(rgb)
    colour = _to_cmyk(rgb)
    d = colour.density
    return "%s k" % fp_str(d * colour.cyan, d * colour.magenta, d * colour.yellow, d * colour.black)


def finish(canvas: Canvas, buffer: io.BytesIO) -> bytes:
    canvas.save()
    return buffer.getvalue()


def _output_intent(canvas: Canvas) -> None:
    """Declare the CMYK print condition the colours are meant for: FOGRA39, coated paper (ISO 12647-2).

    The condition is a registered characterization, referred to by name; ReportLab
    writes no ICC profile, which print shops' preflight accepts for a named condition.
    """
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFCatalog, PDFDictionary, PDFName, PDFString

    catalog = canvas._doc.Catalog
    catalog.__NoDefault__ = PDFCatalog.__NoDefault__ + ["OutputIntents"]  # the keys ReportLab writes
    catalog.OutputIntents = PDFArray([PDFDictionary({
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString("FOGRA39"),
        "OutputCondition": PDFString("Coated FOGRA39 (ISO 12647-2:2004)"),
        "RegistryName": PDFString("http://www.color.org"),
        "Info": PDFString("Coated FOGRA39"),
    })])


def set_boxes(canvas: Canvas, trim: Rect, bleed: Rect) -> None:
    """TrimBox and BleedBox for this and following pages, as print shops expect."""
    canvas.setTrimBox((trim.x * MM, trim.y * MM, trim.right * MM, trim.top * MM))
    canvas.setBleedBox((bleed.x * MM, bleed.y * MM, bleed.right * MM, bleed.top * MM))


def draw_marks(canvas: Canvas, marks: tuple[Segment, ...], width_pt: float = 0.25) -> None:
    """Crop marks in registration-free black hairlines."""
    canvas.saveState()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(width_pt)
    for m in marks:
        canvas.line(m.x1 * MM, m.y1 * MM, m.x2 * MM, m.y2 * MM)
    canvas.restoreState()
