"""Every use of ReportLab's private or undocumented parts, in one place, so an upgrade has one module to check.

The kit reaches into a canvas for four reasons, each measured to matter:
- text and recorded cards are written straight into the page's operator list
  (`_code`) with fonts encoded through the document's subset state (`_doc`,
  `font.state[doc]`), a fraction of the cost of PDFTextObject (kit.render.text, .record);
- a page of a big card file ends through `end_page`, which compresses the page at
  once and writes its dictionary from a template instead of ReportLab's generic
  objects (12,000 pages saved in seconds instead of minutes, and far less memory);
- a print-shop file converts colours through the palette (`_enforceColorSpace`)
  and declares its output intent in the document catalogue;
- an icon's drawing is kept when its form uses nothing but operators;
- XMP metadata goes into the document catalogue (ReportLab has the stream class, but no public way to attach it).

ReportLab is pinned (pyproject.toml); tests/test_render_internals.py holds the
contract: it fails loudly when an upgrade renames or changes any of these.
"""

from __future__ import annotations

import zlib

import reportlab
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import XMP, BasicFonts, PDFArray, PDFCatalog, PDFDictionary, PDFName, PDFObject, PDFString, xObjectName

PINNED = "5.1.0"  # the ReportLab these internals were read from; the contract test compares
PROCSET = b"/ProcSet [ /PDF /Text /ImageB /ImageC /ImageI ]"  # what ReportLab declares for every page

__all__ = [
    "PINNED",
    "attach_xmp",
    "colour_converter",
    "content",
    "convert_colours",
    "declare_output_intent",
    "document",
    "end_page",
    "escape_pdf",
    "font_codes",
    "form_is_plain",
    "forms_in_use",
    "memo",
    "number",
    "reportlab_version",
    "set_colour_object",
]

escape_pdf = escapePDF  # a string as a PDF literal's bytes, ReportLab's own C escaping
number = fp_str  # numbers as ReportLab writes them in operators, so ours match byte for byte


def reportlab_version() -> str:
    return reportlab.Version


# -- the canvas's operators and document -----------------------------------------------------------


def content(canvas) -> list:
    """The operator list of the page (or form) being drawn: strings joined by newlines when it ends."""
    return canvas._code


def document(canvas):
    """The PDFDocument a canvas writes into; font subsets are kept per document."""
    return canvas._doc


def font_codes(font_name: str, doc) -> dict:
    """Character -> code in a TrueType font's subsets for one document (what splitString has assigned)."""
    return pdfmetrics.getFont(font_name).state[doc].assignments


def forms_in_use(canvas) -> list:
    """The names of the forms the current page or form uses."""
    return canvas._formsinuse


def memo(canvas) -> dict:
    """The kit's own per-canvas notes (forms defined, encoding tables); kept on the canvas, which lives as long."""
    return canvas.__dict__.setdefault("_kit_memo", {})


def set_colour_object(canvas, which: str, colour) -> None:
    """What the canvas remembers as its current fill or stroke colour, for a canvas that writes its own operator."""
    setattr(canvas, "_fillColorObj" if which == "fill" else "_strokeColorObj", colour)


# -- colours of a print-shop file ------------------------------------------------------------------


def convert_colours(canvas, convert) -> None:
    """Every colour set on the canvas goes through `convert` (colour -> CMYKColor): the palette, not a refusal."""
    canvas._enforceColorSpace = convert


def colour_converter(canvas):
    return canvas._enforceColorSpace


def declare_output_intent(canvas, intent: dict) -> None:
    """An /OutputIntents entry in the document catalogue (ReportLab writes only the keys it knows of)."""
    catalog = document(canvas).Catalog
    catalog.__NoDefault__ = PDFCatalog.__NoDefault__ + ["OutputIntents"]
    entries = {key: PDFName(value[1:]) if value.startswith("/") else PDFString(value) for key, value in intent.items()}
    catalog.OutputIntents = PDFArray([PDFDictionary(entries)])


def attach_xmp(canvas, packet: str) -> None:
    """The document's XMP metadata packet as the catalogue's /Metadata stream."""
    data = packet.encode("utf-8")  # XMP is UTF-8; a str would be written as Latin-1
    document(canvas).Catalog.Metadata = XMP(creator=lambda _doc: data)


# -- forms -----------------------------------------------------------------------------------------


def form_is_plain(canvas) -> bool:
    """Whether the form being drawn needs nothing but its operators (no fonts, images, transparency or other
    forms), so that replaying the operators gives the same form."""
    code = "\n".join(canvas._code)
    return not (canvas._formsinuse or canvas._colorsUsed or canvas._shadingUsed or canvas._extgstate.getState()
                or " Tf" in code or " Do" in code or "BI " in code)


# -- ending a page with little work ----------------------------------------------------------------


class _Written(PDFObject):
    """An object whose bytes are final: a page's compressed content stream."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


class _Page(PDFObject):
    """A page dictionary; the numbers of its parent, fonts and forms are known only when the file is saved."""

    __RefOnly__ = 1

    def __init__(self, boxes: bytes, forms: tuple, contents: str):
        self.boxes = boxes
        self.forms = forms
        self.contents = contents

    def format(self, document) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        parent = document.Reference(document.Pages).name
        xobjects = b""
        if self.forms:
            xobjects = b" /XObject << " + b" ".join(b"/%s %d 0 R" % (name.encode(), numbers[name][0]) for name in self.forms) + b" >>"
        return b"<<\n/Type /Page /Parent %d 0 R %s\n/Resources << /Font %d 0 R %s%s >>\n/Contents %d 0 R\n>>" % (
            numbers[parent][0], self.boxes, numbers[BasicFonts][0], PROCSET, xobjects, numbers[self.contents][0])


def _plain_page(canvas) -> bool:
    """Whether the page holds nothing but content and forms (what the template writes)."""
    return not (canvas._annotationrefs or canvas._psCommandsBeforePage or canvas._psCommandsAfterPage
                or canvas._pageTransition or canvas._pageDuration is not None or canvas._cropMarks
                or canvas._pageRotation or canvas._colorsUsed or canvas._shadingUsed or canvas._extgstate.getState())


def end_page(canvas) -> None:
    """End the page like canvas.showPage(), but compress its content now and write its dictionary from a template.

    A page that uses anything else (links, transparency, transitions) ends through showPage.
    """
    if not _plain_page(canvas):
        canvas.showPage()
        return
    doc = canvas._doc
    code = canvas._code
    code.append(" ")
    data = zlib.compress(("\n".join([canvas._preamble, *code]) + "\n").encode("utf8"))
    contents = doc.Reference(_Written(b"<< /Filter [ /FlateDecode ] /Length %d >>\nstream\n%s\nendstream" % (len(data), data)))
    width, height = canvas._pagesize
    boxes = [b"/MediaBox [ 0 0 %s ]" % fp_str(width, height).encode()]
    for box in ("Crop", "Art", "Bleed", "Trim"):
        size = getattr(canvas, f"_{box.lower()}Box", None)
        if size:
            boxes.append(b"/%sBox [ %s ]" % (box.encode(), fp_str(*size).encode()))
    forms = tuple(dict.fromkeys(xObjectName(name) for name in canvas._formsinuse))
    doc.addPage(_Page(b" ".join(boxes), forms, contents.name))
    canvas._startPage()
