"""Imposition as pure functions: which source goes where on every side of every sheet the kit prints.

A side is a page of a file: its size, its boxes, and the placements on it, each
"draw source N with its origin here, painting only inside this rectangle".
One loop (kit.render.impose) draws any list of sides; these functions describe them:

- card sheets for a home printer: N-up fronts, then the backs mirrored for the duplex flip;
- single card pages for a print shop: trim plus bleed, front then back;
- legplan tiles: a region of a board sheet on an office-printer page;
- booklet sheets: two pages of the A5 manual side by side, in saddle-stitch order.

How to print the booklet: duplex, flip on the SHORT edge, at 100 %. Stack the
sheets in order, fold the stack in the middle and staple on the fold.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.layout.board import Tile
from kit.layout.geometry import Rect, Segment, Sheet, back_shift, back_slots, mirror_bleeds, mirror_marks, single_card_page


@dataclass(frozen=True)
class Placement:
    """One source drawn on a side: which (`item`, `face`), where its origin lands, and what it may paint."""

    item: int  # the card on the sheet, the board sheet, or the booklet page (0-based)
    face: str  # "front", "back" or "page"
    x: float  # mm on the side
    y: float
    clip: Rect | None = None  # the part of the side the source may paint (None: all of it)


@dataclass(frozen=True)
class Side:
    """One page of an imposed file."""

    width: float
    height: float
    placements: tuple[Placement, ...]
    trim: Rect | None = None  # the TrimBox; None: the page itself
    bleed: Rect | None = None  # the BleedBox; None: the page itself
    marks: tuple[Segment, ...] = ()  # crop marks, drawn over everything


def _art_clip(slot: Rect, bleeds: tuple, full: float) -> Rect | None:
    """The card's trim plus the bleed on each side that has one; None when every side has the full bleed."""
    left, right, bottom, top = bleeds
    if min(bleeds) >= full:
        return None
    return Rect(slot.x - left, slot.y - bottom, slot.w + left + right, slot.h + bottom + top)


def card_sheet_sides(sheet: Sheet, count: int, flip: str, back_offset: tuple = (0.0, 0.0)) -> tuple[Side, Side]:
    """The front and the back of a home-printer sheet holding `count` cards.

    Each back lands behind its own front after the printer turns the sheet over
    `flip`; `back_offset` (mm, as seen from the front) moves every back, to correct a
    printer whose duplex does not line up (read from the calibration sheet).
    """
    dx, dy = back_shift(back_offset, sheet.width, sheet.height, flip)
    fronts = tuple(Placement(i, "front", slot.x, slot.y, _art_clip(slot, bleeds, sheet.bleed))
                   for i, (slot, bleeds) in enumerate(zip(sheet.slots[:count], sheet.bleeds)))
    backs = []
    for i, (slot, bleeds) in enumerate(zip(back_slots(sheet, flip)[:count], sheet.bleeds)):
        moved = Rect(slot.x + dx, slot.y + dy, slot.w, slot.h)
        backs.append(Placement(i, "back", moved.x, moved.y,
                               _art_clip(moved, mirror_bleeds(bleeds, sheet.width, sheet.height, flip), sheet.bleed)))
    marks = sheet.marks_for(count)
    return (Side(sheet.width, sheet.height, fronts, marks=marks),
            Side(sheet.width, sheet.height, tuple(backs), marks=mirror_marks(marks, sheet, flip)))


def single_card_sides(card_w: float, card_h: float, bleed: float, item: int) -> tuple[Side, Side]:
    """A print shop's two pages for one card: front, then back, each the trim plus bleed all round."""
    media, trim = single_card_page(card_w, card_h, bleed)
    return tuple(Side(media.w, media.h, (Placement(item, face, trim.x, trim.y),), trim=trim, bleed=media)
                 for face in ("front", "back"))


def tile_sides(tiles: list[Tile], sheet: int) -> list[Side]:
    """Office-printer pages that each show a region of board sheet `sheet`, from the top-left of the printable area."""
    sides = []
    for tile in tiles:
        ox, oy = tile.origin
        region = Rect(ox, oy, tile.region.w, tile.region.h)
        sides.append(Side(tile.page_w, tile.page_h, (Placement(sheet, "page", ox - tile.region.x, oy - tile.region.y, region),)))
    return sides


def padded(pages: int) -> int:
    """The page count rounded up to a multiple of 4, as a folded sheet carries four pages."""
    return pages + (-pages) % 4


def booklet_sheets(pages: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """For each sheet: (front left, front right), (back left, back right), as 1-based page numbers.

    The outermost sheet comes first: its front holds the last and the first page.
    """
    if pages < 4 or pages % 4:
        raise ValueError(f"a booklet needs a multiple of 4 pages, not {pages}")
    return [((pages - 2 * s, 2 * s + 1), (2 * s + 2, pages - 2 * s - 1)) for s in range(pages // 4)]


def booklet_sides(pages: int, page_w: float, page_h: float, sheet_w: float, sheet_h: float) -> list[Side]:
    """The booklet's sheet sides in print order, two pages each, centred on the sheet."""
    x0, y0 = (sheet_w - 2 * page_w) / 2, (sheet_h - page_h) / 2
    return [Side(sheet_w, sheet_h, (Placement(left - 1, "page", x0, y0), Placement(right - 1, "page", x0 + page_w, y0)))
            for front, back in booklet_sheets(pages) for left, right in (front, back)]
