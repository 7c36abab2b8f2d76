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
        return _char_boxes(document[index])
    finally:
        document.close()


def _char_boxes(page) -> list:
    textpage = page.get_textpage()
    boxes = []
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        if char.strip():
            left, bottom, right, top = textpage.get_charbox(i)
            boxes.append((char, left / MM, bottom / MM, right / MM, top / MM))
    return boxes


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



def drawn_paths(path, index: int):
    """(fill, stroke, [(x, y) in mm, ...]) for every path on a page, in drawing order: its fill and stroke colours
    as (r, g, b) in 0..255 (None where it is not filled or not stroked) and the points of its outline on the page."""
    import ctypes

    import pypdfium2.raw as raw

    def colour(getter, obj):
        channels = [ctypes.c_uint() for _ in range(4)]
        getter(obj.raw, *(ctypes.byref(c) for c in channels))
        return tuple(c.value for c in channels[:3])

    document = pdfium.PdfDocument(str(path))
    try:
        found = []
        for obj in document[index].get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
            mode, stroke = ctypes.c_int(), ctypes.c_int()
            raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(mode), ctypes.byref(stroke))
            m, points = obj.get_matrix(), []
            for i in range(raw.FPDFPath_CountSegments(obj.raw)):
                x, y = ctypes.c_float(), ctypes.c_float()
                raw.FPDFPathSegment_GetPoint(raw.FPDFPath_GetPathSegment(obj.raw, i), ctypes.byref(x), ctypes.byref(y))
                points.append(((m.a * x.value + m.c * y.value + m.e) / MM, (m.b * x.value + m.d * y.value + m.f) / MM))
            found.append((colour(raw.FPDFPageObj_GetFillColor, obj) if mode.value != raw.FPDF_FILLMODE_NONE else None,
                          colour(raw.FPDFPageObj_GetStrokeColor, obj) if stroke.value else None, points))
        return found
    finally:
        document.close()


def text_sizes(path, index: int):
    """(size in points as printed, text) of every text object on a page, forms included."""
    import ctypes

    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(path))
    try:
        page = document[index]
        textpage = page.get_textpage()
        found, size = [], ctypes.c_float()
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=8):
            raw.FPDFTextObj_GetFontSize(obj.raw, ctypes.byref(size))
            m = obj.get_matrix()
            length = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
            buffer = ctypes.create_string_buffer(length)
            raw.FPDFTextObj_GetText(obj.raw, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), length)
            text = buffer.raw.decode("utf-16-le", errors="replace").rstrip("\x00")
            found.append((size.value * (m.c ** 2 + m.d ** 2) ** 0.5, text))
        return found
    finally:
        document.close()


def every_glyph_box(path):
    """Per page: its TrimBox and the glyph box of every visible character on it, all in mm:
    (trim (left, bottom, right, top), [(char, left, bottom, right, top), ...])."""
    document = pdfium.PdfDocument(str(path))
    try:
        return [(tuple(v / MM for v in page.get_trimbox()), _char_boxes(page)) for page in document]
    finally:
        document.close()


def text_colours(path, index: int) -> list:
    """(colour operator, its operands) in force at every text-showing operator of a page, forms included:
    e.g. ("k", (0, 0, 0, 1)) for solid black in CMYK, ("rg", (0.1, 0.1, 0.1)) for a dark grey in RGB."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    page = reader.pages[index]
    found: list = []
    _walk_text_colours(page.get_contents(), page.get("/Resources"), reader, ("g", (0.0,)), found)
    return found


def _walk_text_colours(contents, resources, reader, colour, found) -> None:
    resources = resources.get_object() if resources is not None else {}
    stack = []
    for operands, op in ContentStream(contents, reader).operations:
        name = op.decode("latin-1")
        if name == "q":
            stack.append(colour)
        elif name == "Q":
            colour = stack.pop()
        elif name in ("k", "rg", "g", "sc", "scn"):
            colour = (name, tuple(round(float(v), 4) for v in operands if isinstance(v, (int, float))))
        elif name in ("Tj", "TJ", "'", '"'):
            found.append(colour)
        elif name == "Do":
            xobject = resources["/XObject"][operands[0]].get_object()
            if xobject.get("/Subtype") == "/Form":
                _walk_text_colours(xobject, xobject.get("/Resources", resources), reader, colour, found)


def border_ink(path, unprintable: float, dpi: int = 300) -> list[str]:
    """Pages with ink in the border an office printer cannot reach: every pixel that lies wholly inside the
    `unprintable` mm along an edge must be white (a stroke half across the edge greys the pixels beside it)."""
    found = []
    document = pdfium.PdfDocument(str(path))
    try:
        for index, page in enumerate(document):
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            w, h = image.size
            band = int(unprintable / 25.4 * dpi)  # whole pixels inside the border
            for edge, box in {"left": (0, 0, band, h), "right": (w - band, 0, w, h), "top": (0, 0, w, band),
                              "bottom": (0, h - band, w, h)}.items():
                if image.crop(box).getextrema()[0] < 250:
                    found.append(f"page {index + 1}, {edge}")
    finally:
        document.close()
    return found


def drawn_text(path, index: int) -> str:
    """The characters a page's text operators draw, in order, decoded with each font's ToUnicode map exactly: what
    the PDF says it prints (text extraction tools turn a narrow no-break space into a plain one)."""
    import re

    reader = PdfReader(str(path))
    page = reader.pages[index]
    fonts = page["/Resources"]["/Font"]
    maps = {}
    for name, font in fonts.items():
        stream = font.get_object().get("/ToUnicode")
        pairs = re.findall(rb"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4,})>", stream.get_object().get_data()) if stream else []
        maps[name] = {int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for code, text in pairs}
    shown, font = [], {}
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"Tf":
            font = maps.get(operands[0], {})
        elif op in (b"Tj", b"TJ"):
            for item in operands[0] if op == b"TJ" else [operands[0]]:
                if isinstance(item, bytes | str) and not isinstance(item, int | float):
                    data = item if isinstance(item, bytes) else item.get_original_bytes()
                    shown.append("".join(font.get(b, "\ufffd") for b in data))
        elif op in (b"Td", b"TD", b"Tm", b"T*"):
            shown.append("\n")
    return "".join(shown)
