"""What is on a page and where, as pdfium reads it: every object with its box on the page, and ink near the edges.

pdfium gives each object's bounds: for text the union of its glyphs' outline boxes,
for a stroked path its outline grown by the stroke's width. Objects inside a form
(a card back, a board sheet on a tile, a booklet page) are given in the form's own
space; objects() opens every form and maps what is in it onto the page.

Whether ink reaches into the border an office printer cannot print is read from the
page itself, rendered strip by strip along its edges (border_ink): only a rendering
knows what clipping hides, where a stroke's caps end and what is white on white.
Rendering every edge of every page cost more than the rest of the preflight, so the
objects' boxes come first (border_suspects): only an edge that some object may reach
is rendered, and a straight line (a crop mark) is measured exactly, caps and all.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

import pypdfium2.raw as raw

from kit.output.inks import multiply

MM = 72 / 25.4
INK_BELOW = 250  # a grey level (of 255) under which a rendered pixel carries ink
BORDER_DPI = 300  # a pixel is 0.085 mm: a stroke that enters the border by more shows
_KINDS = {1: "text", 2: "path", 3: "image", 4: "shading", 5: "form"}


class PageObject:
    """One object of a page: its kind, its box on the page in mm (left, bottom, right, top) and its pdfium handle;
    its matrix to the page (for the size of text) and the box it is clipped to are read when asked for, as most
    objects never need them."""

    __slots__ = ("_clip", "_matrix", "_outer", "box", "handle", "kind")

    def __init__(self, kind: str, box: tuple, handle, outer: tuple | None, clip):
        self.kind, self.box, self.handle = kind, box, handle
        self._outer, self._clip, self._matrix = outer, clip, None

    @property
    def matrix(self) -> tuple:
        """From the object's own space to the page."""
        if self._matrix is None:
            own = _matrix(self.handle)
            self._matrix = own if self._outer is None else multiply(own, self._outer)
        return self._matrix

    @property
    def clip(self) -> tuple | None:
        """The box (mm on the page) the object is clipped to; None: it is not."""
        if self._clip is _UNREAD:
            self._clip = _clip_box(self.handle)
        return self._clip

    @property
    def visible(self) -> tuple | None:
        """The part of its box that its clipping leaves (None: nothing)."""
        clip = self.clip
        if clip is None:
            return self.box
        box = (max(self.box[0], clip[0]), max(self.box[1], clip[1]), min(self.box[2], clip[2]), min(self.box[3], clip[3]))
        return box if box[0] < box[2] and box[1] < box[3] else None


_UNREAD = object()  # a clip not read yet


def _matrix(handle) -> tuple:
    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(handle, ctypes.byref(m))
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _box(handle, outer: tuple) -> tuple:
    """The object's bounds mapped through `outer` onto the page, in mm."""
    edges = [ctypes.c_float() for _ in range(4)]
    raw.FPDFPageObj_GetBounds(handle, *(ctypes.byref(v) for v in edges))
    left, bottom, right, top = (v.value for v in edges)
    if outer is None:
        return left / MM, bottom / MM, right / MM, top / MM
    a, b, c, d, e, f = outer
    xs, ys = [], []
    for x, y in ((left, bottom), (left, top), (right, bottom), (right, top)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs) / MM, min(ys) / MM, max(xs) / MM, max(ys) / MM


def objects(page, kinds=("text", "path", "image", "shading"), printable: tuple | None = None) -> list[PageObject]:
    """Every object of the wanted kinds on a pypdfium2 page, forms opened (to a depth of 8).

    With `printable` (an area of the page in mm: left, bottom, right, top) the shapes are
    only those that may print outside it, which is all the border check looks at: shapes
    inside it, and every shape in a form that lies inside it, are left out (most of a page).
    """
    found: list[PageObject] = []
    handles = [raw.FPDFPage_GetObject(page.raw, i) for i in range(raw.FPDFPage_CountObjects(page.raw))]
    _collect(handles, (None, None, printable), kinds, found, 0)
    return found


_SHAPES = ("path", "shading")


def _collect(handles, where: tuple, kinds, found: list, depth: int) -> None:
    """Add the wanted objects among `handles`. `where` is (the matrix of the form they lie in, None on the page;
    the box on the page that form is clipped to, or None; the printable area, see objects())."""
    outer, clip, printable = where
    for handle in handles:
        kind = _KINDS.get(raw.FPDFPageObj_GetType(handle), "other")
        if kind == "form" and depth < 8:
            _open_form(handle, where, kinds, found, depth)
        elif kind in kinds:
            box = _box(handle, outer)
            if kind in _SHAPES and printable is not None and inside(box, printable):
                continue  # a shape well inside the printable area: nothing to check
            # on the page an object's own clip is read when needed; in a form, the form's clip holds
            found.append(PageObject(kind, box, handle, outer, _UNREAD if outer is None else clip))


def _open_form(handle, where: tuple, kinds, found: list, depth: int) -> None:
    """Collect what a form draws; of a form that lies inside the printable area, only its text and images."""
    outer, clip, printable = where
    inner = _matrix(handle) if outer is None else multiply(_matrix(handle), outer)
    clip = _within(clip, _clip_box(handle) if outer is None else None)
    if printable is not None:
        visible = PageObject("form", _box(handle, outer), handle, outer, clip).visible
        if visible is None or inside(visible, printable):
            kinds = tuple(kind for kind in kinds if kind not in _SHAPES)
    children = [raw.FPDFFormObj_GetObject(handle, i) for i in range(raw.FPDFFormObj_CountObjects(handle))]
    _collect(children, (inner, clip, printable), kinds, found, depth + 1)


def _clip_box(handle) -> tuple | None:
    """The box (mm on the page) of the clipping path an object on the page is drawn with; None: it has none.
    (Inside a form pdfium gives clipping in the form's own space: those are left out, which only widens a box.)"""
    clip = raw.FPDFPageObj_GetClipPath(handle)
    paths = raw.FPDFClipPath_CountPaths(clip) if clip else 0
    box = None
    for p in range(max(paths, 0)):
        xs, ys = [], []
        for s in range(raw.FPDFClipPath_CountPathSegments(clip, p)):
            x, y = ctypes.c_float(), ctypes.c_float()
            raw.FPDFPathSegment_GetPoint(raw.FPDFClipPath_GetPathSegment(clip, p, s), ctypes.byref(x), ctypes.byref(y))
            xs.append(x.value / MM)
            ys.append(y.value / MM)
        if xs:
            box = _within(box, (min(xs), min(ys), max(xs), max(ys)))  # the clip is where all its paths overlap
    return box


def _within(a: tuple | None, b: tuple | None) -> tuple | None:
    """Where two clipping boxes overlap (None stands for no clipping)."""
    if a is None or b is None:
        return a if b is None else b
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def text_size(item: PageObject) -> float:
    """The size of a text object as printed, in points: its font size scaled by its matrix to the page."""
    size = ctypes.c_float()
    raw.FPDFTextObj_GetFontSize(item.handle, ctypes.byref(size))
    _a, _b, c, d, _e, _f = item.matrix
    return size.value * (math.hypot(c, d) or 1.0)


def text_of(item: PageObject, textpage) -> str:
    """The characters of a text object, for a report."""
    length = raw.FPDFTextObj_GetText(item.handle, textpage.raw, None, 0)
    if length <= 0:
        return ""
    buffer = ctypes.create_string_buffer(2 * length)
    raw.FPDFTextObj_GetText(item.handle, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), length)
    words = buffer.raw.decode("utf-16-le", errors="replace").split("\x00", 1)[0]
    return words.replace("\x02", "-").strip()  # pdfium marks a hyphen that ends a line as \x02


def describe(item: PageObject, textpage) -> str:
    """An object as a report names it: "text 'Rij 1, kolom 2'", "a line 0.40 pt wide", "an image"."""
    left, bottom, right, top = item.box
    where = f"x {left:.2f}\u2013{right:.2f} mm, y {bottom:.2f}\u2013{top:.2f} mm"
    if item.kind == "text":
        words = text_of(item, textpage)
        shown = words if len(words) <= 40 else words[:40] + "\u2026"
        return f"text '{shown}' ({where})"
    if item.kind == "path":
        mode, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(item.handle, ctypes.byref(mode), ctypes.byref(stroke))
        if stroke.value:
            width = ctypes.c_float()
            raw.FPDFPageObj_GetStrokeWidth(item.handle, ctypes.byref(width))
            return f"a line {width.value:.2f} pt wide ({where})"
        return f"a filled shape ({where})"
    return f"{'an' if item.kind == 'image' else 'a'} {item.kind} ({where})"


@dataclass(frozen=True)
class BorderInk:
    """Ink found in the border along one edge: how close it comes to the edge and the part of the border it covers
    (mm on the page: left, bottom, right, top)."""

    edge: str
    distance: float
    box: tuple


def border_suspects(items: list[PageObject], size: tuple, border: float) -> set[str]:
    """The edges of a page (left, right, bottom, top) that some object may print within `border` mm of: its
    visible box reaches there, and it is no straight line whose stroke, measured with its caps, stays out."""
    width, height = size[0] / MM, size[1] / MM
    edges: set[str] = set()
    for item in items:
        box = item.visible
        if box is None or inside(box, (border, border, width - border, height - border)):
            continue
        if item.kind == "path":
            box = _line_ink(item) or box
        reach = {"left": box[0] < border - 1e-3, "right": box[2] > width - border + 1e-3,
                 "bottom": box[1] < border - 1e-3, "top": box[3] > height - border + 1e-3}
        edges |= {edge for edge, near in reach.items() if near}
    return edges


def _line_ink(item: PageObject) -> tuple | None:
    """Where a straight stroked line puts ink, in mm on the page: its two ends and its stroke's half width across
    them (and along them too, unless its caps are butt); None for any other path."""
    handle = item.handle
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(handle, ctypes.byref(mode), ctypes.byref(stroke))
    if raw.FPDFPath_CountSegments(handle) != 2 or mode.value != raw.FPDF_FILLMODE_NONE or not stroke.value:
        return None
    a, b, c, d, e, f = item.matrix
    ends = []
    for i in range(2):
        x, y = ctypes.c_float(), ctypes.c_float()
        raw.FPDFPathSegment_GetPoint(raw.FPDFPath_GetPathSegment(handle, i), ctypes.byref(x), ctypes.byref(y))
        ends.append(((a * x.value + c * y.value + e) / MM, (b * x.value + d * y.value + f) / MM))
    width = ctypes.c_float()
    raw.FPDFPageObj_GetStrokeWidth(handle, ctypes.byref(width))
    half = width.value * math.sqrt(abs(a * d - b * c)) / MM / 2
    (x1, y1), (x2, y2) = ends
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    across_x, across_y = half * abs(y2 - y1) / length, half * abs(x2 - x1) / length
    along = half if raw.FPDFPageObj_GetLineCap(handle) != 0 else 0.0  # round and square caps reach past the ends
    return (min(x1, x2) - across_x - along, min(y1, y2) - across_y - along, max(x1, x2) + across_x + along,
            max(y1, y2) + across_y + along)


def border_ink(page, border: float, edges=("left", "right", "top", "bottom"), dpi: int = BORDER_DPI) -> list[BorderInk]:
    """Ink within `border` mm of the page's `edges`, one strip per edge rendered at `dpi`. A pixel counts when it
    lies wholly inside the border: a stroke that only touches the border's inner line greys no such pixel."""
    width, height = page.get_size()
    scale, band = dpi / 72, border * MM
    strips = {  # what to cut off the page (left, bottom, right, top) to keep the strip along each edge
        "left": (0, 0, width - band, 0), "right": (width - band, 0, 0, 0),
        "top": (0, height - band, 0, 0), "bottom": (0, 0, 0, height - band),
    }
    found = []
    for edge in edges:
        crop = strips[edge]
        image = page.render(scale=scale, grayscale=True, crop=crop).to_pil()
        whole = int(band * scale)  # pixels wholly inside the border, counted from the page's edge
        if edge == "left":
            image = image.crop((0, 0, min(whole, image.width), image.height))
        elif edge == "top":
            image = image.crop((0, 0, image.width, min(whole, image.height)))
        if image.getextrema()[0] >= INK_BELOW:
            continue
        found.append(_located(edge, image.point([255] * INK_BELOW + [0] * (256 - INK_BELOW)).getbbox(), crop,
                              (width, height), scale))
    return found


def _located(edge: str, bbox: tuple, crop: tuple, size: tuple, scale: float) -> BorderInk:
    """Where the inked pixels of a strip lie on the page, in mm, and how close they come to the edge."""
    x0, y0, x1, y1 = bbox
    width, height = size
    left, top = crop[0], height - crop[3]  # the strip's top-left corner on the page, in points
    box = ((left + x0 / scale) / MM, (top - y1 / scale) / MM, (left + x1 / scale) / MM, (top - y0 / scale) / MM)
    distance = {"left": box[0], "right": width / MM - box[2], "bottom": box[1], "top": height / MM - box[3]}[edge]
    return BorderInk(edge, max(0.0, distance), box)


def inside(box: tuple, area: tuple, tolerance: float = 1e-3) -> bool:
    """Whether a box (left, bottom, right, top) lies within an area given the same way."""
    return (box[0] >= area[0] - tolerance and box[1] >= area[1] - tolerance and box[2] <= area[2] + tolerance
            and box[3] <= area[3] + tolerance)


def overlaps(box: tuple, area: tuple) -> bool:
    return box[0] < area[2] and area[0] < box[2] and box[1] < area[3] and area[1] < box[3]
