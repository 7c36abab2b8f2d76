"""Sheet geometry in millimetres, as pure functions: card grids, bleed, crop marks, duplex mirroring.

Nothing here draws: renderers take these rectangles and segments and put them on
paper. Coordinates have their origin at the bottom-left of the page, as in PDF.

How to print a sheet from this geometry: fronts and backs alternate page by page.
Print duplex with the flip edge given in kit.yaml ("long" is the usual printer
default); the back slots are mirrored so each back lands behind its own front.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def expand(self, d: float) -> Rect:
        return Rect(self.x - d, self.y - d, self.w + 2 * d, self.h + 2 * d)

    def inset(self, d: float) -> Rect:
        return self.expand(-d)

    def contains(self, other: Rect, tol: float = 1e-6) -> bool:
        return (
            other.x >= self.x - tol
            and other.y >= self.y - tol
            and other.right <= self.right + tol
            and other.top <= self.top + tol
        )


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Sheet:
    """One N-up sheet: page size, the trim rectangle of each card slot (reading order) and crop marks."""

    width: float
    height: float
    bleed: float
    slots: tuple[Rect, ...]
    marks: tuple[Segment, ...]
    block: Rect
    unprintable: float
    mark_gap: float
    mark_length: float
    bleeds: tuple = ()  # per slot: bleed on (left, right, bottom, top)
    cols: int = 0
    rows: int = 0

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def marks_for(self, count: int) -> tuple[Segment, ...]:
        """Crop marks for a sheet holding only its first `count` cards: no marks where no card is."""
        if count >= len(self.slots):
            return self.marks
        return crop_marks(self.slots[:count], self.block, self.width, self.height,
                          gap=self.mark_gap, length=self.mark_length, unprintable=self.unprintable)


def grid_sheet(
    paper_w: float,
    paper_h: float,
    card_w: float,
    card_h: float,
    *,
    bleed: float,
    unprintable: float,
    mark_gap: float,
    mark_length: float,
    min_mark: float = 2.0,
    shared: bool = False,
) -> Sheet:
    """Place as many cards as fit, centred on the paper in its best orientation.

    Separate (default): each card has its own bleed all round, so cards sit
    2 x bleed apart. Shared: cards touch and share their cut lines; only the
    outer edges of the block have bleed, which fits more cards on a sheet.
    The block must leave room for crop marks that start `mark_gap` outside the
    bleed and end before the `unprintable` border.
    """
    margin = unprintable + mark_gap + min_mark
    gap = 0.0 if shared else 2 * bleed  # between neighbouring trims
    best = None
    for w, h in ((paper_w, paper_h), (paper_h, paper_w)):
        cols = int((w - 2 * margin - 2 * bleed + gap + 1e-9) // (card_w + gap))
        rows = int((h - 2 * margin - 2 * bleed + gap + 1e-9) // (card_h + gap))
        if cols > 0 and rows > 0 and (best is None or cols * rows > best[2] * best[3]):
            best = (w, h, cols, rows)
    if best is None:
        raise ValueError(f"a {card_w}x{card_h} mm card with {bleed} mm bleed does not fit on {paper_w}x{paper_h} mm paper")
    w, h, cols, rows = best
    block_w = cols * card_w + (cols - 1) * gap + 2 * bleed
    block_h = rows * card_h + (rows - 1) * gap + 2 * bleed
    x0, y0 = (w - block_w) / 2, (h - block_h) / 2
    slots = tuple(
        Rect(x0 + bleed + c * (card_w + gap), y0 + bleed + (rows - 1 - r) * (card_h + gap), card_w, card_h)
        for r in range(rows)
        for c in range(cols)
    )
    if shared:  # bleed only where a card meets the outside of the block: (left, right, bottom, top)
        bleeds = tuple((bleed if c == 0 else 0.0, bleed if c == cols - 1 else 0.0,
                        bleed if r == rows - 1 else 0.0, bleed if r == 0 else 0.0)
                       for r in range(rows) for c in range(cols))
    else:
        bleeds = tuple((bleed,) * 4 for _ in slots)
    block = Rect(x0, y0, block_w, block_h)
    marks = crop_marks(slots, block, w, h, gap=mark_gap, length=mark_length, unprintable=unprintable)
    return Sheet(width=w, height=h, bleed=bleed, slots=slots, marks=marks, block=block, unprintable=unprintable,
                 mark_gap=mark_gap, mark_length=mark_length, bleeds=bleeds, cols=cols, rows=rows)


def mirror_bleeds(bleeds: tuple, page_w: float, page_h: float, flip: str) -> tuple:
    """A card's bleed sides after turning the sheet: left and right swap, or bottom and top."""
    left, right, bottom, top = bleeds
    return (left, right, top, bottom) if _swaps_vertical(page_w, page_h, flip) else (right, left, bottom, top)


def crop_marks(slots, block: Rect, page_w: float, page_h: float, *, gap: float, length: float, unprintable: float):
    """Trim lines extended outside the bleed block: short segments in the margin, never over any art."""
    xs = sorted({round(v, 6) for s in slots for v in (s.x, s.right)})
    ys = sorted({round(v, 6) for s in slots for v in (s.y, s.top)})
    below = (block.y - gap, max(unprintable, block.y - gap - length))
    above = (block.top + gap, min(page_h - unprintable, block.top + gap + length))
    left = (block.x - gap, max(unprintable, block.x - gap - length))
    right = (block.right + gap, min(page_w - unprintable, block.right + gap + length))
    marks = []
    for x in xs:
        marks.append(Segment(x, below[0], x, below[1]))
        marks.append(Segment(x, above[0], x, above[1]))
    for y in ys:
        marks.append(Segment(left[0], y, left[1], y))
        marks.append(Segment(right[0], y, right[1], y))
    return tuple(marks)


def _swaps_vertical(page_w: float, page_h: float, flip: str) -> bool:
    """Whether turning the sheet over `flip` swaps top and bottom (else left and right).

    Turning the sheet over its long edge swaps positions across the axis parallel
    to that edge; on a landscape page the long edge is horizontal, so top and
    bottom swap, on a portrait page left and right swap. Short edge: the other way.
    """
    if flip not in ("long", "short"):
        raise ValueError(f"flip must be 'long' or 'short', not {flip!r}")
    return (page_w > page_h) == (flip == "long")


def mirror_point(x: float, y: float, page_w: float, page_h: float, flip: str) -> tuple[float, float]:
    """Where a point of one side of a sheet lies on the other side after a duplex flip (the same in both directions)."""
    return (x, page_h - y) if _swaps_vertical(page_w, page_h, flip) else (page_w - x, y)


def mirror_for_back(rect: Rect, page_w: float, page_h: float, flip: str) -> Rect:
    """Where the back of a card goes so that it lands behind its front after a duplex flip (see _swaps_vertical)."""
    if _swaps_vertical(page_w, page_h, flip):
        return Rect(rect.x, page_h - rect.top, rect.w, rect.h)
    return Rect(page_w - rect.right, rect.y, rect.w, rect.h)


def cut_rects(sheet: Sheet, count: int | None = None) -> tuple[Rect, ...]:
    """The trim rectangles to cut, for a cutting plotter: one per card on the sheet."""
    return sheet.slots[: len(sheet.slots) if count is None else count]


def mirror_marks(marks, sheet: Sheet, flip: str) -> tuple[Segment, ...]:
    """Crop marks of a back page: the front's marks turned with the sheet."""
    out = []
    for m in marks:
        a = mirror_for_back(Rect(m.x1, m.y1, 0, 0), sheet.width, sheet.height, flip)
        b = mirror_for_back(Rect(m.x2, m.y2, 0, 0), sheet.width, sheet.height, flip)
        out.append(Segment(a.x, a.y, b.x, b.y))
    return tuple(out)


def back_shift(offset: tuple, page_w: float, page_h: float, flip: str) -> tuple[float, float]:
    """A correction measured from the front (x right, y up) as a move on the back page.

    The axis that the flip turns over runs the other way on the back.
    """
    dx, dy = offset
    return (dx, -dy) if _swaps_vertical(page_w, page_h, flip) else (-dx, dy)


def back_slots(sheet: Sheet, flip: str) -> tuple[Rect, ...]:
    return tuple(mirror_for_back(slot, sheet.width, sheet.height, flip) for slot in sheet.slots)


def single_card_page(card_w: float, card_h: float, bleed: float) -> tuple[Rect, Rect]:
    """Print-shop page for one card face: (media = bleed box, trim box)."""
    media = Rect(0, 0, card_w + 2 * bleed, card_h + 2 * bleed)
    return media, Rect(bleed, bleed, card_w, card_h)


def groups(items, size: int):
    """Consecutive lists of at most `size` items from any iterable, as they come."""
    items = iter(items)
    while group := list(islice(items, size)):
        yield group


def chunks(items, size: int):
    """Split a sequence into consecutive groups of at most `size` items."""
    return [items[i : i + size] for i in range(0, len(items), size)]
