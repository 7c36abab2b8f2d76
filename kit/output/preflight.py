"""Preflight: the checks a print shop runs, on any PDF (ours or not), page by page.

Fonts embedded; TrimBox present and inside BleedBox and MediaBox; the smallest
text size; every QR code decodable at 150 dpi (and, given a manifest, every
expected payload found); raster images at 300 dpi or more at their printed size;
the colour spaces used (with `require_cmyk`, RGB is a failure).
"""

from __future__ import annotations

import bisect
import io
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject

MM = 72 / 25.4
logging.getLogger("pypdf").setLevel(logging.ERROR)  # findings are reported as sentences, not pypdf warnings


@dataclass
class Finding:
    page: int | None  # 1-based, None for the whole file
    check: str
    ok: bool
    message: str


@dataclass
class Report:
    name: str
    findings: list = field(default_factory=list)
    smallest_text: float | None = None
    colour_spaces: set = field(default_factory=set)
    qr_codes: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    def add(self, page, check, ok, message):
        self.findings.append(Finding(page, check, ok, message))

    def failures(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]


_COLOUR_OPS = re.compile(rb"(?<![A-Za-z])(rg|RG|k|K|g|G|cs|CS)(?![A-Za-z])")
_SPACE_NAMES = {b"rg": "DeviceRGB", b"RG": "DeviceRGB", b"k": "DeviceCMYK", b"K": "DeviceCMYK", b"g": "DeviceGray", b"G": "DeviceGray"}


def _colour_spaces(resources, data: bytes, seen: set, found: set) -> None:
    """Colour operators in a content stream and in the forms it uses (each form once)."""
    if data:
        for match in _COLOUR_OPS.finditer(data):
            op = match.group(1)
            if op in _SPACE_NAMES:
                found.add(_SPACE_NAMES[op])
            else:  # a named colour space: the name before the operator
                name = data[max(0, match.start() - 40) : match.start()].split(b"/")[-1].strip()
                found.add(name.decode("latin-1", "replace") or "named")
    if resources is None:
        return
    resources = resources.get_object()
    for ref in (resources.get("/XObject") or {}).values():
        key = getattr(ref, "idnum", id(ref))
        if key in seen:
            continue
        seen.add(key)
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            _colour_spaces(xobject.get("/Resources"), xobject.get_data(), seen, found)
        elif xobject.get("/Subtype") == "/Image" and xobject.get("/ColorSpace") is not None:
            space = xobject["/ColorSpace"]
            space = space.get_object() if hasattr(space, "get_object") else space
            found.add(str(space[0] if isinstance(space, list) else space).lstrip("/"))


def _text_and_images(data: bytes, pages, min_dpi: float):
    """Per page of `pages` (0-based): the smallest text size (points, from each text object's size and
    matrix) and images under min_dpi, via pdfium."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(data)
    size = ctypes.c_float()
    try:
        for index in pages:
            page = document[index]
            smallest = None
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=8):
                raw.FPDFTextObj_GetFontSize(obj.raw, ctypes.byref(size))
                m = obj.get_matrix()
                effective = size.value * (math.hypot(m.c, m.d) or 1.0)
                if effective > 0:
                    smallest = effective if smallest is None else min(smallest, effective)
            low = []
            for n, image in enumerate(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=8)):
                width_px, height_px = image.get_px_size()
                left, bottom, right, top = image.get_bounds()
                if right - left <= 0 or top - bottom <= 0:
                    continue
                dpi = min(width_px / ((right - left) / 72), height_px / ((top - bottom) / 72))
                if dpi + 0.5 < min_dpi:
                    low.append(f"image {n + 1} at {dpi:.0f} dpi")
            yield index + 1, smallest, low
    finally:
        document.close()


def _fonts(resources, found, seen=None):
    seen = seen if seen is not None else set()
    if resources is None:
        return
    resources = resources.get_object()
    for name, font in (resources.get("/Font") or {}).items():
        font = font.get_object()
        base = str(font.get("/BaseFont", name))
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        found[base] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    for xobject in (resources.get("/XObject") or {}).values():
        ref = id(xobject)
        xobject = xobject.get_object()
        if ref in seen or "/Resources" not in xobject:
            continue
        seen.add(ref)
        _fonts(xobject["/Resources"], found, seen)


def _box(page, name):
    value = page.get(name)
    return [float(v) for v in value] if value is not None else None


_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


def _pages(reader: PdfReader, wanted=None) -> tuple[int, list]:
    """The number of pages and, in order, (index, dictionary) of the wanted pages (0-based; None: all).

    Only the wanted pages are read: pypdf's reader.pages reads every page object first,
    25 s for a 12000-page print-shop file of which the build checks a sample. Keys a page
    inherits from the page tree are copied onto it.
    """
    root = reader.trailer["/Root"].get_object()["/Pages"].get_object()
    total = int(root.get("/Count", 0))
    wanted = range(total) if wanted is None else sorted(i for i in set(wanted) if 0 <= i < total)
    found: list = []
    _walk(root, wanted, 0, {}, found)
    return total, found


def _walk(node, wanted, first: int, inherited: dict, found: list) -> None:
    """Add the wanted pages under a page tree node whose first page has index `first`."""
    kids = node.get("/Kids")
    if node.get("/Type") == "/Page" or kids is None:
        found.append((first, DictionaryObject({**inherited, **node})))
        return
    inherited = {**inherited, **{key: node[key] for key in _INHERITED if key in node}}
    if int(node.get("/Count", -1)) == len(kids):  # a node of pages only: read just the wanted kids
        pages = [kids[i - first].get_object() for i in wanted if first <= i < first + len(kids)]
        if all(page.get("/Kids") is None for page in pages):
            found += [(i, DictionaryObject({**inherited, **page}))
                      for i, page in zip([i for i in wanted if first <= i < first + len(kids)], pages)]
            return
    start = first
    for kid in kids:
        kid = kid.get_object()
        count = int(kid.get("/Count", 0)) if kid.get("/Kids") is not None else 1
        low = bisect.bisect_left(wanted, start)
        if low < len(wanted) and wanted[low] < start + count:
            _walk(kid, wanted, start, inherited, found)
        start += count


def _content(page) -> bytes:
    """A page's content stream(s), decoded."""
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    if isinstance(contents, ArrayObject):
        return b"\n".join(part.get_object().get_data() for part in contents)
    return contents.get_data()


def check_pdf(source, name: str | None = None, *, expected_qr=None, min_text_pt: float = 5.0, min_dpi: float = 300,
              require_cmyk: bool = False, qr: bool = True, qr_dpi: int = 150, qr_pages=None, pages=None,
              own: bool = False) -> Report:
    """Preflight one PDF given as a path or as bytes. `qr_pages` limits the QR decoding to those pages (0-based);
    `pages` limits the page-by-page checks (fonts, boxes, colours, text size, images) to those.

    `own` says the kit has just written the file: its cross-reference table is then taken as
    it is, where pypdf would otherwise read every object's header to repair a damaged one
    (half a second for the 24,000 objects of a 6000-card print-shop file)."""
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
    report = Report(name or str(source))
    try:
        reader = PdfReader(io.BytesIO(data), strict=own)
        count, chosen = _pages(reader, pages)
    except (PdfReadError, ValueError, OSError, KeyError, AttributeError) as exc:
        report.add(None, "file", False, f"not a readable PDF ({exc})")
        return report
    fonts = _check_pages(report, chosen, count)
    sizes = _check_text_and_images(report, data, [index for index, _ in chosen], min_dpi)
    missing = sorted(f for f, embedded in fonts.items() if not embedded)
    report.add(None, "fonts", not missing, "all fonts embedded" if not missing else f"fonts not embedded: {', '.join(missing)}")
    if sizes:
        report.smallest_text = min(sizes)
        small = report.smallest_text + 1e-6 < min_text_pt
        under = f", under {min_text_pt:g} pt" if small else ""
        report.add(None, "text", not small, f"smallest text {report.smallest_text:.2f} pt{under}")
    rgb = require_cmyk and any("RGB" in s for s in report.colour_spaces)
    report.add(None, "colour", not rgb, f"colour spaces: {', '.join(sorted(report.colour_spaces)) or 'none'}"
               + (" (RGB where CMYK is required)" if rgb else ""))
    if qr:
        _check_qr(report, data, range(count) if qr_pages is None else qr_pages, expected_qr, qr_dpi)
    if not any(f.check == "boxes" for f in report.findings):
        report.add(None, "boxes", True, "TrimBox and BleedBox inside the MediaBox on every page")
    return report


def _inside(inner: list, outer: list) -> bool:
    return (inner[0] >= outer[0] - 0.01 and inner[1] >= outer[1] - 0.01
            and inner[2] <= outer[2] + 0.01 and inner[3] <= outer[3] + 0.01)


def _check_pages(report: Report, chosen: list, count: int) -> dict[str, bool]:
    """Boxes and colour spaces per page; the fonts of the pages read (name -> embedded)."""
    fonts: dict[str, bool] = {}
    no_trim: list[int] = []
    forms_seen: set = set()
    for index, page in chosen:
        _fonts(page.get("/Resources"), fonts)
        media = _box(page, "/MediaBox")
        trim, bleed = _box(page, "/TrimBox"), _box(page, "/BleedBox") or media
        if trim is None:
            no_trim.append(index + 1)
        elif not (_inside(trim, bleed) and _inside(bleed, media)):
            report.add(index + 1, "boxes", False, "TrimBox must lie inside BleedBox, and BleedBox inside MediaBox")
        _colour_spaces(page.get("/Resources"), _content(page), forms_seen, report.colour_spaces)
    if no_trim:
        where = "every page" if len(no_trim) == count else "pages " + ", ".join(map(str, no_trim[:10]))
        report.add(None, "boxes", False, f"no TrimBox on {where}: a print shop cannot tell where to cut")
    return fonts


def _check_text_and_images(report: Report, data: bytes, pages: list, min_dpi: float) -> list[float]:
    """The smallest text of every page read; raster images under `min_dpi` are failures."""
    sizes = []
    for number, smallest, low in _text_and_images(data, pages, min_dpi):
        if smallest is not None:
            sizes.append(smallest)
        if low:
            report.add(number, "images", False, f"raster images under {min_dpi:g} dpi at print size: {', '.join(low)}")
    return sizes


def _corners(position) -> list[tuple[float, float]]:
    return [(p.x, p.y) for p in (position.top_left, position.top_right, position.bottom_right, position.bottom_left)]


def plausible_symbol(corners: list[tuple[float, float]]) -> bool:
    """Whether an undecodable detection looks like one of our QR codes: a square, not a skewed quadrilateral
    that the detector pieced together from bullets and bold letters (seen on a text page of the manual)."""
    sides = [((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1])]
    diagonals = [((corners[2][0] - corners[0][0]) ** 2 + (corners[2][1] - corners[0][1]) ** 2) ** 0.5,
                 ((corners[3][0] - corners[1][0]) ** 2 + (corners[3][1] - corners[1][1]) ** 2) ** 0.5]
    if min(sides) <= 0 or min(diagonals) <= 0:
        return False
    return max(sides) / min(sides) < 1.2 and max(diagonals) / min(diagonals) < 1.2


def _check_qr(report: Report, data: bytes, pages, expected, dpi: int) -> None:
    import pypdfium2 as pdfium
    import zxingcpp

    document = pdfium.PdfDocument(data)
    bad = []
    try:
        for index in pages:
            image = document[index].render(scale=dpi / 72, grayscale=True).to_pil()
            for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, return_errors=True):
                if code.valid:
                    report.qr_codes.append(code.text)
                elif plausible_symbol(_corners(code.position)):
                    bad.append(f"page {index + 1}")
    finally:
        document.close()
    if bad:
        pages_bad = sorted(set(bad), key=lambda p: int(p.split()[1]))
        report.add(None, "qr", False, f"{len(bad)} QR codes found but not decodable at {dpi} dpi on {', '.join(pages_bad[:8])}"
                   + (" and more" if len(pages_bad) > 8 else "") + "; is the form URL too long for the code's size?")
    if expected is not None:
        lost = [p for p in expected if p not in set(report.qr_codes)]
        if lost:
            report.add(None, "qr", False, f"{len(lost)} expected QR codes not found at {dpi} dpi, e.g. {lost[0]}")
    if not bad and (expected is None or not lost):
        report.add(None, "qr", True, f"{len(report.qr_codes)} QR codes decoded at {dpi} dpi")
