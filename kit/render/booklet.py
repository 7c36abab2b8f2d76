"""The manual as an A5 booklet imposed on A4 landscape sheets (kind `manual-booklet`).

Each A5 page becomes a form XObject, placed left or right on a sheet side in
saddle-stitch order (kit.imposition). How to print: duplex, flip on the short
edge, at 100 %; stack the sheets in order, fold them in the middle together
and staple on the fold.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, NumberObject,
                           TextStringObject)

from kit.layout.geometry import MM
from kit.layout.imposition import booklet_sheets

KIND = "manual-booklet"


def impose(a5_pdf: bytes, sheet_w_mm: float, sheet_h_mm: float, title: str, lang: str) -> tuple[bytes, int]:
    reader = PdfReader(io.BytesIO(a5_pdf))
    writer = PdfWriter()
    page_w = float(reader.pages[0].mediabox.width)
    page_h = float(reader.pages[0].mediabox.height)
    sheet_w, sheet_h = sheet_w_mm * MM, sheet_h_mm * MM
    x0, y0 = (sheet_w - 2 * page_w) / 2, (sheet_h - page_h) / 2
    forms = [_as_form(writer, page) for page in reader.pages]
    for front, back in booklet_sheets(len(reader.pages)):
        for left, right in (front, back):
            side = writer.add_blank_page(sheet_w, sheet_h)
            box = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(sheet_w), FloatObject(sheet_h)])
            side[NameObject("/TrimBox")] = box
            side[NameObject("/BleedBox")] = box
            side[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): DictionaryObject({
                NameObject("/L"): forms[left - 1], NameObject("/R"): forms[right - 1]})})
            content = DecodedStreamObject()
            content.set_data(f"q 1 0 0 1 {x0:.3f} {y0:.3f} cm /L Do Q q 1 0 0 1 {x0 + page_w:.3f} {y0:.3f} cm /R Do Q".encode())
            side[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    writer.add_metadata({"/Title": title, "/Subject": KIND, "/Creator": "beleidstool-kit"})
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def _as_form(writer: PdfWriter, page):
    """A page's content and resources as a form XObject of the writer (no parsing of its content)."""
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())
    box = page.mediabox
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/FormType"): NumberObject(1),
        NameObject("/BBox"): ArrayObject([FloatObject(box.left), FloatObject(box.bottom), FloatObject(box.right), FloatObject(box.top)]),
        NameObject("/Resources"): page["/Resources"].clone(writer),
    })
    return writer._add_object(form.flate_encode())
