"""Preflight: the checks a print shop runs, on any PDF (ours or not), page by page.

Fonts embedded; TrimBox present and inside BleedBox and MediaBox; the smallest text
size, and every text under the floor named with its page and place; every QR code
decodable at 150 dpi (and, given a manifest, every expected payload found); raster
images at 300 dpi or more at their printed size; the colour spaces used (with
`require_cmyk`, RGB is a failure). Where a file says what it is for, also:

- `safe_zone`: the glyphs of every card stay `safe_mm` inside its trim;
- `unprintable_mm`: nothing prints within that many mm of the sheet's edges (an office
  printer's border), read from the rendered page, strokes and all (kit.output.objects);
- `single_ink_below_pt`: text under that size prints in one solid ink (kit.output.inks);
- `total_ink_pct`: no CMYK colour lays down more ink than that (C + M + Y + K, in %).

Each problem is reported with its page, its place in mm and the text or object concerned.
"""

from __future__ import annotations

import bisect
import ctypes
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


@dataclass
class Rules:
    """What a file is held to beyond the checks every PDF gets (see the module's docstring)."""

    min_text_pt: float
    min_dpi: float = 300
    unprintable_mm: float | None = None
    safe_zone: dict | None = None  # {"safe_mm": 3.5, "front": [[x, y, w, h], ...], "back": [...]}; no trims: TrimBox
    single_ink_below_pt: float | None = None
    total_ink_pct: float | None = None


class _PageCheck:
    """The checks of one page that pdfium reads: text sizes, images, the safe zone and the border."""

    def __init__(self, page, index: int, rules: Rules):
        from kit.output.objects import objects

        self.page, self.number, self.rules = page, index + 1, rules
        # where the border is checked, also the shapes that may reach it (the suspects come from their boxes)
        border = rules.unprintable_mm
        if border:
            width, height = page.get_size()
            self.items = objects(page, printable=(border, border, width / MM - border, height / MM - border))
        else:
            self.items = objects(page, ("text", "image"))
        self._textpage = None

    @property
    def textpage(self):
        if self._textpage is None:
            self._textpage = self.page.get_textpage()
        return self._textpage

    def smallest(self, problems: dict) -> float | None:
        """The page's smallest text; every text under the floor is a problem."""
        from kit.output.objects import describe, text_size

        smallest = None
        for item in self.items:
            if item.kind != "text":
                continue
            size = text_size(item)
            if size <= 0:
                continue
            smallest = size if smallest is None else min(smallest, size)
            if size + 1e-6 < self.rules.min_text_pt:
                problems["text"].append((self.number, f"{describe(item, self.textpage)} is set at {size:.2f} pt, "
                                                      f"under the {self.rules.min_text_pt:g} pt floor"))
        return smallest

    def images(self, problems: dict) -> None:
        import pypdfium2.raw as raw

        for n, item in enumerate(i for i in self.items if i.kind == "image"):
            width_px, height_px = ctypes.c_uint(), ctypes.c_uint()
            raw.FPDFImageObj_GetImagePixelSize(item.handle, ctypes.byref(width_px), ctypes.byref(height_px))
            left, bottom, right, top = item.box
            if right - left <= 0 or top - bottom <= 0:
                continue
            dpi = min(width_px.value / ((right - left) / 25.4), height_px.value / ((top - bottom) / 25.4))
            if dpi + 0.5 < self.rules.min_dpi:
                problems["images"].append((self.number, f"image {n + 1} is {dpi:.0f} dpi at its printed size "
                                                        f"(x {left:.1f}, y {bottom:.1f} mm), under {self.rules.min_dpi:g} dpi"))

    def safe_zone(self, problems: dict) -> None:
        """Every text object that belongs to a card (its middle lies within a few mm of the card's trim) keeps the
        safe distance from that trim."""
        from kit.output.objects import describe, inside

        zone = self.rules.safe_zone
        trims = _trims(self.page, zone, self.number - 1)
        safe = zone["safe_mm"]
        for item in self.items:
            if item.kind != "text":
                continue
            trim, distance = _nearest(trims, item.box)
            if trim is None or distance > SAFE_ZONE_REACH_MM:
                continue  # not on a card: a sheet's own label
            area = (trim[0] + safe, trim[1] + safe, trim[2] - safe, trim[3] - safe)
            if not inside(item.box, area):
                gaps = {"left": item.box[0] - trim[0], "bottom": item.box[1] - trim[1], "right": trim[2] - item.box[2],
                        "top": trim[3] - item.box[3]}
                edge = min(gaps, key=gaps.get)
                problems["safe"].append((self.number, f"{describe(item, self.textpage)} comes {gaps[edge]:.2f} mm from "
                                                      f"the {edge} trim of its card (x {trim[0]:.1f}, y {trim[1]:.1f} mm), "
                                                      f"inside the {safe:g} mm safe zone"))

    def border(self, problems: dict) -> None:
        """Ink within the unprintable border, with the object that put it there."""
        from kit.output.objects import border_ink, border_suspects, describe, overlaps

        border = self.rules.unprintable_mm
        edges = border_suspects(self.items, self.page.get_size(), border)
        if not edges:
            return
        for ink in border_ink(self.page, border, sorted(edges)):
            near = [item for item in self.items if item.visible is not None and overlaps(item.visible, ink.box)]
            what = describe(min(near, key=_area), self.textpage) if near else "something drawn"
            problems["border"].append((self.number, f"ink {ink.distance:.2f} mm from the {ink.edge} edge, inside the "
                                                    f"{self.rules.unprintable_mm:g} mm unprintable border: {what}"))

    def close(self) -> None:
        if self._textpage is not None:
            self._textpage.close()


SAFE_ZONE_REACH_MM = 5.0  # text this far outside every card's trim is not a card's (a sheet's label)


def _area(item) -> float:
    left, bottom, right, top = item.box
    return (right - left) * (top - bottom)


def _trims(page, zone: dict, index: int) -> list[tuple]:
    """The card trims of a page, (left, bottom, right, top) in mm: from the manifest's list for its side (pages
    alternate front and back), or the page's TrimBox (one card per page)."""
    side = zone.get("back" if index % 2 else "front")
    if side:
        return [(x, y, x + w, y + h) for x, y, w, h in side]
    return [tuple(v / MM for v in page.get_trimbox())]


def _nearest(trims: list, box: tuple) -> tuple:
    """The trim nearest to a box's middle, and how far outside it that middle lies (0 inside)."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    best, distance = None, math.inf
    for trim in trims:
        d = math.hypot(max(trim[0] - x, 0.0, x - trim[2]), max(trim[1] - y, 0.0, y - trim[3]))
        if d < distance:
            best, distance = trim, d
    return best, distance


def _page_checks(report: Report, data: bytes, pages, rules: Rules, inks: dict) -> list[float]:
    """The checks pdfium reads, page by page: text sizes, images, and the safe zone and border where the rules
    ask for them; names the text of the ink problems found in the content streams (`inks`)."""
    import pypdfium2 as pdfium

    problems: dict = {"text": [], "images": [], "safe": [], "border": [], "ink": []}
    document = pdfium.PdfDocument(data)
    sizes = []
    try:
        for index in pages:
            check = _PageCheck(document[index], index, rules)
            smallest = check.smallest(problems)
            if smallest is not None:
                sizes.append(smallest)
            check.images(problems)
            if rules.safe_zone:
                check.safe_zone(problems)
            if rules.unprintable_mm:
                check.border(problems)
            for ink in inks.get(index, ()):
                problems["ink"].append((index + 1, _ink_problem(ink, check.textpage)))
            check.close()
    finally:
        document.close()
    for check, found in problems.items():
        _add_problems(report, check, found)
    return sizes


def _ink_problem(ink, textpage) -> str:
    from kit.output.inks import describe

    x, y = ink.x, ink.y
    words = textpage.get_text_bounded(left=x, bottom=y - 0.25 * ink.size, right=x + 50 * MM, top=y + 0.75 * ink.size).strip()
    shown = words if len(words) <= 40 else words[:40] + "\u2026"
    return (f"text '{shown}' at x {x / MM:.1f}, y {y / MM:.1f} mm, {ink.size:.2f} pt, in {describe(ink)}: text under "
            f"the single-ink size must be one solid ink (100 % K, or 100 % of one other ink)")


MAX_REPORTED = 8  # problems of one kind reported one by one; the rest are counted


def _add_problems(report: Report, check: str, found: list) -> None:
    for page, message in found[:MAX_REPORTED]:
        report.add(page, check, False, message)
    if len(found) > MAX_REPORTED:
        pages = sorted({page for page, _ in found[MAX_REPORTED:]})
        report.add(None, check, False, f"and {len(found) - MAX_REPORTED} more like these on pages "
                                       f"{', '.join(map(str, pages[:10]))}{' and more' if len(pages) > 10 else ''}")


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


def check_pdf(source, name: str | None = None, *, expected_qr=None, min_text_pt: float | None = None,
              min_dpi: float = 300, require_cmyk: bool = False, qr: bool = True, qr_dpi: int = 150, qr_pages=None,
              pages=None, own: bool = False, unprintable_mm: float | None = None, safe_zone: dict | None = None,
              single_ink_below_pt: float | None = None, total_ink_pct: float | None = None) -> Report:
    """Preflight one PDF given as a path or as bytes. `qr_pages` limits the QR decoding to those pages (0-based);
    `pages` limits the page-by-page checks (fonts, boxes, colours, text, images, safe zone, border) to those.
    `min_text_pt` is the smallest text allowed (the kit's floor, kit.layout.presets.MIN_TEXT_PT, by default).

    `own` says the kit has just written the file: its cross-reference table is then taken as
    it is, where pypdf would otherwise read every object's header to repair a damaged one
    (half a second for the 24,000 objects of a 6000-card print-shop file)."""
    if min_text_pt is None:
        from kit.layout.presets import MIN_TEXT_PT as min_text_pt
    rules = Rules(min_text_pt, min_dpi, unprintable_mm, safe_zone, single_ink_below_pt, total_ink_pct)
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
    report = Report(name or str(source))
    try:
        reader = PdfReader(io.BytesIO(data), strict=own)
        count, chosen = _pages(reader, pages)
    except (PdfReadError, ValueError, OSError, KeyError, AttributeError) as exc:
        report.add(None, "file", False, f"not a readable PDF ({exc})")
        return report
    fonts, inks = _check_pages(report, chosen, count, rules)
    sizes = _page_checks(report, data, [index for index, _ in chosen], rules, inks)
    missing = sorted(f for f, embedded in fonts.items() if not embedded)
    report.add(None, "fonts", not missing, "all fonts embedded" if not missing else f"fonts not embedded: {', '.join(missing)}")
    if sizes:
        report.smallest_text = min(sizes)
        small = report.smallest_text + 1e-6 < rules.min_text_pt
        under = f", under {rules.min_text_pt:g} pt" if small else ""
        report.add(None, "text", not small, f"smallest text {report.smallest_text:.2f} pt{under}")
    rgb = require_cmyk and any("RGB" in s for s in report.colour_spaces)
    report.add(None, "colour", not rgb, f"colour spaces: {', '.join(sorted(report.colour_spaces)) or 'none'}"
               + (" (RGB where CMYK is required)" if rgb else ""))
    _add_passes(report, rules)
    if qr:
        _check_qr(report, data, range(count) if qr_pages is None else qr_pages, expected_qr, qr_dpi)
    if not any(f.check == "boxes" for f in report.findings):
        report.add(None, "boxes", True, "TrimBox and BleedBox inside the MediaBox on every page")
    return report


def _add_passes(report: Report, rules: Rules) -> None:
    """Say which of the rules a file is held to it passes (those without a problem reported)."""
    failed = {f.check for f in report.findings if not f.ok}
    passes = {
        "safe": rules.safe_zone and f"every card's text keeps {rules.safe_zone['safe_mm']:g} mm inside its trim (safe zone)",
        "border": rules.unprintable_mm and f"nothing printed within {rules.unprintable_mm:g} mm of the sheet's edges",
        "ink": rules.single_ink_below_pt and f"text under {rules.single_ink_below_pt:g} pt is one solid ink",
        "total": rules.total_ink_pct and f"no colour over {rules.total_ink_pct:g} % total ink",
    }
    for check, message in passes.items():
        if message and check not in failed:
            report.add(None, check, True, message)


def _inside(inner: list, outer: list) -> bool:
    return (inner[0] >= outer[0] - 0.01 and inner[1] >= outer[1] - 0.01
            and inner[2] <= outer[2] + 0.01 and inner[3] <= outer[3] + 0.01)


def _check_pages(report: Report, chosen: list, count: int, rules: Rules) -> tuple[dict[str, bool], dict]:
    """Boxes and colour spaces per page; the fonts of the pages read (name -> embedded); and, where the rules hold
    small text to one solid ink, the text that is not (page index -> [kit.output.inks.TextInk])."""
    fonts: dict[str, bool] = {}
    no_trim: list[int] = []
    forms_seen: set = set()
    inks: dict = {}
    totals: list = []
    forms: dict = {}  # the forms whose text colours were read, for every page that draws them
    for index, page in chosen:
        _fonts(page.get("/Resources"), fonts)
        media = _box(page, "/MediaBox")
        trim, bleed = _box(page, "/TrimBox"), _box(page, "/BleedBox") or media
        if trim is None:
            no_trim.append(index + 1)
        elif not (_inside(trim, bleed) and _inside(bleed, media)):
            report.add(index + 1, "boxes", False, "TrimBox must lie inside BleedBox, and BleedBox inside MediaBox")
        content = _content(page)
        _colour_spaces(page.get("/Resources"), content, forms_seen, report.colour_spaces)
        if rules.single_ink_below_pt or rules.total_ink_pct:
            _check_inks(index, content, page.get("/Resources"), rules, forms, inks, totals)
    if no_trim:
        where = "every page" if len(no_trim) == count else "pages " + ", ".join(map(str, no_trim[:10]))
        report.add(None, "boxes", False, f"no TrimBox on {where}: a print shop cannot tell where to cut")
    _add_problems(report, "total", totals)
    return fonts, inks


def _check_inks(index: int, content: bytes, resources, rules: Rules, forms: dict, inks: dict, totals: list) -> None:
    """Text under the single-ink size that is not one solid ink goes into `inks` (named later, with pdfium); a CMYK
    colour over the total ink into `totals`."""
    from kit.output.inks import TextInk, describe, one_solid_ink, text_inks

    colours: set = set()
    found = text_inks(content, resources, forms=forms, cmyk=colours)
    if rules.single_ink_below_pt:
        wrong = [ink for ink in found if ink.size + 1e-6 < rules.single_ink_below_pt and not one_solid_ink(ink)]
        if wrong:
            inks[index] = wrong
    for cmyk in sorted(colours):
        total = 100 * sum(cmyk)
        if rules.total_ink_pct and total > rules.total_ink_pct + 1e-6:
            totals.append((index + 1, f"a colour of {describe(TextInk('DeviceCMYK', cmyk, 0, 0, 0))} lays down "
                                      f"{total:.0f} % ink, over the {rules.total_ink_pct:g} % the paper takes"))


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
