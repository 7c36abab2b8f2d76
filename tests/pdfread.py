"""Reading our PDFs back for tests: page boxes, card positions from the content stream, glyph boxes, QR codes."""

from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp
from pypdf import PdfReader
from pypdf.generic import ContentStream

MM = 72 / 25.4


def card_placements(reader: PdfReader, index: int):
    """(x_mm, y_mm, form name or None) of every card drawn on a page: each card is a top-level `q` block whose
    first `cm` moves to the card (after a clipping path, where the card's art is clipped)."""
    page = reader.pages[index]
    ops = ContentStream(page.get_contents(), reader).operations
    depth, placements, moved = 0, [], False
    for operands, op in ops:
        if op == b"q":
            depth += 1
            moved = moved if depth > 1 else False
        elif op == b"Q":
            depth -= 1
        elif op == b"cm" and depth == 1 and not moved:
            placements.append([float(operands[4]) / MM, float(operands[5]) / MM, None])
            moved = True
        elif op == b"Do" and depth == 1 and placements and placements[-1][2] is None:
            placements[-1][2] = str(operands[0])
    return [tuple(p) for p in placements]


def glyph_boxes(path, index: int):
    """(char, left, bottom, right, top) in mm for every visible character on a page."""
    document = pdfium.PdfDocument(str(path))
    try:
        textpage = document[index].get_textpage()
        boxes = []
        for i in range(textpage.count_chars()):
            char = textpage.get_text_range(i, 1)
            if char.strip():
                left, bottom, right, top = textpage.get_charbox(i)
                boxes.append((char, left / MM, bottom / MM, right / MM, top / MM))
        return boxes
    finally:
        document.close()


def decode_qr(path, index: int, dpi: int):
    """Every QR code on a rendered page: (text, width of the symbol in mm)."""
    document = pdfium.PdfDocument(str(path))
    try:
        image = document[index].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    found = []
    for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        pos = result.position
        width_px = ((pos.top_right.x - pos.top_left.x) ** 2 + (pos.top_right.y - pos.top_left.y) ** 2) ** 0.5
        found.append((result.text, width_px / dpi * 25.4))
    return found


def render(path, index: int, dpi: int):
    document = pdfium.PdfDocument(str(path))
    try:
        return document[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def text_in(path, index: int, rect_mm) -> str:
    """The text a viewer finds inside a rectangle (x, y, w, h in mm) of a page, forms included."""
    document = pdfium.PdfDocument(str(path))
    try:
        textpage = document[index].get_textpage()
        x, y, w, h = rect_mm
        return textpage.get_text_bounded(left=x * MM, bottom=y * MM, right=(x + w) * MM, top=(y + h) * MM)
    finally:
        document.close()
