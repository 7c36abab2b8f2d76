"""A ReportLab canvas set up the same way for every artefact: embedded fonts, metadata, page boxes, reproducible bytes.

A print-shop canvas writes every colour as CMYK from the catalog's palette (each
category's `cmyk`), greys as pure K, so nothing is rich black. Text there is one
solid ink (text_cmyk_of): 100 % K, never a screened tint of black or a mix of two
or three inks, whose dots and plates roughen and fringe small letters on press.
"""

from __future__ import annotations

import io
from functools import lru_cache
from html import escape

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, Color, toColor
from reportlab.pdfgen.canvas import Canvas

import kit
from kit import NAME
from kit.layout.geometry import MM, Rect, Segment
from kit.render import internals
from kit.typeset import fonts

# Binary (compressed) streams: ASCII85 would make files a quarter larger and builds slower.
rl_config.useA85 = 0

FOGRA39 = {  # the print condition the CMYK colours are meant for: coated paper, ISO 12647-2
    "Type": "/OutputIntent", "S": "/GTS_PDFX", "OutputConditionIdentifier": "FOGRA39",
    "OutputCondition": "Coated FOGRA39 (ISO 12647-2:2004)", "RegistryName": "http://www.color.org", "Info": "Coated FOGRA39",
}


def cmyk_of(rgb, palette: dict) -> tuple:
    """The print colour for a screen colour: the palette's own CMYK, a tint of it, pure K for greys
    (so text is never rich black), else a plain conversion."""
    r, g, b = rgb
    key = (round(r, 4), round(g, 4), round(b, 4))
    if key in palette:
        return palette[key]
    if abs(r - g) < 1e-4 and abs(g - b) < 1e-4:
        return (0.0, 0.0, 0.0, 1.0 - r)
    for base, cmyk in palette.items():  # tint(base, a) = 1 - a * (1 - base), channel by channel
        amounts = [(1 - c) / (1 - p) for c, p in zip(key, base) if p < 0.999]
        if amounts and max(amounts) - min(amounts) < 2e-3 and 0 < amounts[0] <= 1:
            return tuple(amounts[0] * v for v in cmyk)
    k = 1 - max(rgb)
    if k >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    return ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)


def text_cmyk_of(rgb, palette: dict) -> tuple:
    """The print colour of text: paper white stays white (no ink), a colour that is one solid ink stays, and every
    other colour becomes solid black (100 % K): the near-black of the kit's text, and the category colours of a
    card's small labels and bullets, which would otherwise print as a tint or in two or three inks."""
    if min(rgb) >= 0.999:
        return (0.0, 0.0, 0.0, 0.0)
    cmyk = cmyk_of(rgb, palette)
    inks = [value for value in cmyk if value > 1e-4]
    if len(inks) == 1 and inks[0] >= 0.999:
        return tuple(cmyk)
    return (0.0, 0.0, 0.0, 1.0)


class Palette:
    """Converts every colour a print-shop canvas is given into the palette's CMYK (see cmyk_of)."""

    def __init__(self, pairs):
        self.colours = {tuple(round(c, 4) for c in rgb): tuple(cmyk) for rgb, cmyk in pairs}
        self.key = tuple(sorted(self.colours.items()))

    def __call__(self, colour):
        if isinstance(colour, tuple):  # what the kit passes: the same few colours, over and over
            return _cmyk_colour(self.key, colour)
        colour = toColor(colour)
        if isinstance(colour, Color) and not isinstance(colour, CMYKColor):
            return CMYKColor(*cmyk_of((colour.red, colour.green, colour.blue), self.colours), alpha=colour.alpha)
        return colour


@lru_cache(maxsize=2048)
def _cmyk_colour(palette_key: tuple, rgb: tuple) -> CMYKColor:
    return CMYKColor(*cmyk_of(rgb, dict(palette_key)))


def new_canvas(width_mm: float, height_mm: float, *, title: str, subject: str, lang: str, author: str,
               creator: str = NAME, palette=None, canvas_class=Canvas) -> tuple[Canvas, io.BytesIO]:
    """A canvas writing to memory; `invariant` fixes dates and ids so a rebuild gives the same bytes.

    `creator` says what made the file (`made_by(catalog)`: the tool's version and the content's hash, so that a
    printed kit can be traced). With a `palette` ((sRGB, CMYK) pairs), every colour is written as CMYK (for print shops).
    """
    fonts.register()
    buffer = io.BytesIO()
    canvas = canvas_class(buffer, pagesize=(width_mm * MM, height_mm * MM), invariant=1, pageCompression=1, lang=lang,
                          initialFontName=fonts.REGULAR,  # else every page names an unembedded Helvetica
                          pdfVersion=(1, 4),  # what drawing the icons asks for; set here, as their drawing may come from a cache
                          enforceColorSpace="cmyk" if palette is not None else None)
    if palette is not None:
        internals.convert_colours(canvas, Palette(palette))  # convert through the palette instead of refusing RGB
        internals.declare_output_intent(canvas, FOGRA39)
    # pages without bleed still say where they are cut: TrimBox and BleedBox are the page itself
    page = Rect(0, 0, width_mm, height_mm)
    set_boxes(canvas, page, page)
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor(author)
    canvas.setCreator(creator)
    # a viewer shows the title, not the file name; its print dialog starts at 100 %, never "fit to page"
    canvas.setViewerPreference("DisplayDocTitle", "true")
    canvas.setViewerPreference("PrintScaling", "None")
    internals.attach_xmp(canvas, xmp_packet(title=title, author=author, subject=subject, lang=lang, creator=creator))
    return canvas, buffer


def xml_text(value: str) -> str:
    """`value` as XML text: & < > escaped, as xml.sax.saxutils.escape does, without its imports (urllib and http,
    15 to 30 ms of a process)."""
    return escape(value, quote=False)


def xmp_packet(*, title: str, author: str, subject: str, lang: str, creator: str = NAME) -> str:
    """The XMP metadata a PDF/A or PDF/UA reader looks for: title, author, description and language (Dublin Core),
    what made it; no dates, so a rebuild gives the same bytes."""
    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="{xml_text(lang)}">{xml_text(value)}</rdf:li></rdf:Alt>'

    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
            f'<dc:format>application/pdf</dc:format><dc:title>{alt(title)}</dc:title>'
            f'<dc:creator><rdf:Seq><rdf:li>{xml_text(author)}</rdf:li></rdf:Seq></dc:creator>'
            f'<dc:description>{alt(subject)}</dc:description><dc:language><rdf:Bag><rdf:li>{xml_text(lang)}</rdf:li></rdf:Bag></dc:language>'
            f'<pdf:Producer>{xml_text(creator)}</pdf:Producer></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def made_by(catalog) -> str:
    """The Creator of every PDF made from this catalog: the tool, its version and the content's hash."""
    return kit.made_by(catalog.content_hash)


def _palette(canvas) -> Palette | None:
    converter = internals.colour_converter(canvas)
    return converter if isinstance(converter, Palette) else None


def fill_operator(canvas: Canvas, rgb) -> str:
    """The operator that sets a fill colour inside a text object, byte for byte as ReportLab's
    PDFTextObject.setFillColorRGB writes it: `r g b rg`, or `c m y k k` from the palette on a CMYK canvas."""
    palette = _palette(canvas)
    return _fill_operator(tuple(rgb), palette.key if palette else None)


def text_fill_operator(canvas: Canvas, rgb) -> str:
    """Like fill_operator, for the colour of text: on a CMYK canvas one solid ink (text_cmyk_of)."""
    palette = _palette(canvas)
    if palette is None:
        return _fill_operator(tuple(rgb), None)
    return _text_fill_operator(tuple(rgb), palette.key)


@lru_cache(maxsize=1024)
def _text_fill_operator(rgb: tuple, palette_key: tuple) -> str:
    return "%s k" % internals.number(*text_cmyk_of(rgb, dict(palette_key)))


def stroke_operator(canvas: Canvas, rgb) -> str:
    """Like fill_operator, for the stroke colour: `r g b RG` or `c m y k K`."""
    return fill_operator(canvas, rgb).upper()


def colour_space(canvas: Canvas) -> tuple:
    """How the canvas writes colours: ("rgb",), or ("cmyk", the palette) for a print-shop file."""
    palette = _palette(canvas)
    return ("cmyk", palette.key) if palette else ("rgb",)


@lru_cache(maxsize=1024)
def _fill_operator(rgb: tuple, palette_key: tuple | None) -> str:
    if palette_key is None:
        return "%s rg" % internals.number(rgb)
    colour = _cmyk_colour(palette_key, rgb)
    d = colour.density
    return "%s k" % internals.number(d * colour.cyan, d * colour.magenta, d * colour.yellow, d * colour.black)


def finish(canvas: Canvas, buffer: io.BytesIO) -> bytes:
    canvas.save()
    return buffer.getvalue()


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
