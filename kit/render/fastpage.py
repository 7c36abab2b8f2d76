"""Ends a page of the card files with far less work than ReportLab's showPage, for the thousands of pages of a big deck.

ReportLab keeps every page as a tree of generic objects until the file is saved and
then formats them one by one: for the print-shop file of 6000 cards (12,000 pages)
that took longer than drawing the cards, and held every page's uncompressed content
in memory. Here a page's content is compressed as soon as the page ends, and its page
dictionary is written from a template when the file is saved: the same PDF structure
(a page with its MediaBox, TrimBox and BleedBox, resources and one compressed content
stream). A page that uses anything else (links, transparency, transitions) ends
through ReportLab's own showPage.

This uses ReportLab internals (the canvas's code list, page boxes and form list, the
document's object table); ReportLab is pinned, and the card tests read every kind of
page back with pypdf and pdfium.
"""

from __future__ import annotations

import zlib

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import BasicFonts, PDFObject, xObjectName

PROCSET = b"/ProcSet [ /PDF /Text /ImageB /ImageC /ImageI ]"  # what ReportLab declares for every page


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
        number = document.idToObjectNumberAndVersion
        parent = document.Reference(document.Pages).name
        xobjects = b""
        if self.forms:
            xobjects = b" /XObject << " + b" ".join(b"/%s %d 0 R" % (name.encode(), number[name][0]) for name in self.forms) + b" >>"
        return b"<<\n/Type /Page /Parent %d 0 R %s\n/Resources << /Font %d 0 R %s%s >>\n/Contents %d 0 R\n>>" % (
            number[parent][0], self.boxes, number[BasicFonts][0], PROCSET, xobjects, number[self.contents][0])


def _plain(canvas) -> bool:
    """Whether the page holds nothing but content and forms (what the template writes)."""
    return not (canvas._annotationrefs or canvas._psCommandsBeforePage or canvas._psCommandsAfterPage
                or canvas._pageTransition or canvas._pageDuration is not None or canvas._cropMarks
                or canvas._pageRotation or canvas._colorsUsed or canvas._shadingUsed or canvas._extgstate.getState())


def show_page(canvas) -> None:
    """End the page like canvas.showPage(), compressing its content now."""
    if not _plain(canvas):
        canvas.showPage()
        return
    doc = canvas._doc
    code = canvas._code
    code.append(" ")
    content = zlib.compress(("\n".join([canvas._preamble, *code]) + "\n").encode("utf8"))
    contents = doc.Reference(_Written(b"<< /Filter [ /FlateDecode ] /Length %d >>\nstream\n%s\nendstream" % (len(content), content)))
    width, height = canvas._pagesize
    boxes = [b"/MediaBox [ 0 0 %s ]" % fp_str(width, height).encode()]
    for box in ("Crop", "Art", "Bleed", "Trim"):
        size = getattr(canvas, f"_{box.lower()}Box", None)
        if size:
            boxes.append(b"/%sBox [ %s ]" % (box.encode(), fp_str(*size).encode()))
    forms = tuple(dict.fromkeys(xObjectName(name) for name in canvas._formsinuse))
    doc.addPage(_Page(b" ".join(boxes), forms, contents.name))
    canvas._startPage()
