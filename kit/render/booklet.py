"""The manual as an A5 booklet imposed on A4 landscape sheets (kind `manual-booklet`).

How to print: duplex, flip on the short edge, at 100 %; stack the sheets in
order, fold them in the middle together and staple on the fold.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter, Transformation

from ..geometry import MM
from ..imposition import booklet_sheets

KIND = "manual-booklet"


def impose(a5_pdf: bytes, sheet_w_mm: float, sheet_h_mm: float, title: str, lang: str) -> tuple[bytes, int]:
    reader = PdfReader(io.BytesIO(a5_pdf))
    pages = len(reader.pages)
    page_w = float(reader.pages[0].mediabox.width)
    page_h = float(reader.pages[0].mediabox.height)
    sheet_w, sheet_h = sheet_w_mm * MM, sheet_h_mm * MM
    x0 = (sheet_w - 2 * page_w) / 2
    y0 = (sheet_h - page_h) / 2
    writer = PdfWriter()
    for front, back in booklet_sheets(pages):
        for left, right in (front, back):
            side = writer.add_blank_page(sheet_w, sheet_h)
            for number, x in ((left, x0), (right, x0 + page_w)):
                side.merge_transformed_page(reader.pages[number - 1], Transformation().translate(x, y0))
    writer.add_metadata({"/Title": title, "/Subject": KIND, "/Creator": "beleidstool-kit"})
    writer._root_object[__import__("pypdf").generic.NameObject("/Lang")] = __import__("pypdf").generic.TextStringObject(lang)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)
