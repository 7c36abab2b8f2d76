"""Legplan geometry in millimetres, as pure functions: zones of card slots packed onto sheets, and tiles.

The board holds a field for the core values, one zone per category where the
cards and actions that already exist are laid, and the two priority zones.
Every slot is the printed card's trim plus a small margin. Zones are packed in
rows onto the chosen sheet (landscape); what does not fit goes on a next sheet,
so A0 holds the whole board and smaller sheets make a set.

Tiling cuts one board sheet into office-printer pages with a glue overlap: the
printable part of each page shows a region of the board; neighbouring regions
share `overlap` mm. How to assemble: cut away the white margin at the top and
left of every tile (not on the first row or column) and glue it over the grey
glue margin of its neighbours, crosses on crosses. Every mark a tile carries keeps
its whole stroke inside the printable area (tile_marks): nothing prints in the border
an office printer cannot reach.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kit.layout.geometry import Rect, Segment


@dataclass(frozen=True)
class SlotCard:
    """A chosen card written into a priority slot of the filled-in legplan: its id, title and category colour."""

    card_id: str
    title: str
    colour: tuple


@dataclass(frozen=True)
class ZoneRequest:
    key: str  # "values", "category:<id>", "short", "long"
    slots: int  # how many card slots it needs (0 for a writing field)
    min_cols: int = 2
    fixed: tuple | None = None  # (cols, rows) for a field of a fixed size in slot units


@dataclass(frozen=True)
class Zone:
    key: str
    rect: Rect  # the whole zone, label included
    label: Rect
    body: Rect
    slots: tuple[Rect, ...]
    first: int = 0  # index of its first slot in the whole zone, when a zone is split over sheets
    part: int = 1
    parts: int = 1


@dataclass(frozen=True)
class BoardSheet:
    width: float
    height: float
    header: Rect
    footer: Rect
    zones: tuple[Zone, ...]


@dataclass(frozen=True)
class BoardSpec:
    slot_w: float
    slot_h: float
    margin: float
    header: float
    footer: float
    gap: float
    label: float


def _limits(spec: BoardSpec, content: Rect) -> tuple[int, int]:
    max_cols = int((content.w + 1e-9) // spec.slot_w)
    max_rows = int((content.h - spec.label + 1e-9) // spec.slot_h)
    if max_cols < 1 or max_rows < 1:
        raise ValueError("the sheet is smaller than one card slot")
    return max_cols, max_rows


def _shape(request: ZoneRequest, slots: int, max_cols: int, max_rows: int) -> tuple[int, int]:
    """Columns and rows of a zone: as few columns as the sheet's height allows."""
    if request.fixed:
        cols, rows = request.fixed
        return min(cols, max_cols), min(rows, max_rows)
    cols = min(max_cols, max(request.min_cols, math.ceil(slots / max_rows)))
    return cols, math.ceil(slots / cols)


def _parts(request: ZoneRequest, max_cols: int, max_rows: int) -> list[tuple[int, int]]:
    """(first slot, slot count) of each part: a zone larger than a whole sheet is split over sheets."""
    capacity = max_cols * max_rows
    if request.fixed or request.slots <= capacity:
        return [(0, request.slots)]
    return [(first, min(capacity, request.slots - first)) for first in range(0, request.slots, capacity)]


def plan_board(page_w: float, page_h: float, requests: list[ZoneRequest], spec: BoardSpec) -> list[BoardSheet]:
    """Pack the zones in order onto as many sheets as needed, left to right in rows."""
    content = Rect(spec.margin, spec.margin + spec.footer, page_w - 2 * spec.margin,
                   page_h - 2 * spec.margin - spec.header - spec.footer)
    sheets, zones = [], []
    x, shelf_top, shelf_h = content.x, content.top, 0.0

    def close_sheet():
        header = Rect(spec.margin, page_h - spec.margin - spec.header, page_w - 2 * spec.margin, spec.header - spec.gap / 2)
        footer = Rect(spec.margin, spec.margin, page_w - 2 * spec.margin, spec.footer)
        sheets.append(BoardSheet(page_w, page_h, header, footer, tuple(zones)))

    max_cols, max_rows = _limits(spec, content)
    for request in requests:
        parts = _parts(request, max_cols, max_rows)
        for part, (first, count) in enumerate(parts, 1):
            cols, rows = _shape(request, count, max_cols, max_rows)
            w = cols * spec.slot_w
            h = spec.label + rows * spec.slot_h
            if x + w > content.right + 1e-9:  # next row
                x, shelf_top, shelf_h = content.x, shelf_top - shelf_h - spec.gap, 0.0
            if shelf_top - h < content.y - 1e-9:  # next sheet
                close_sheet()
                zones = []
                x, shelf_top, shelf_h = content.x, content.top, 0.0
            rect = Rect(x, shelf_top - h, w, h)
            label = Rect(rect.x, rect.top - spec.label, w, spec.label)
            body = Rect(rect.x, rect.y, w, rows * spec.slot_h)
            slots = tuple(
                Rect(body.x + (i % cols) * spec.slot_w, body.top - (i // cols + 1) * spec.slot_h, spec.slot_w, spec.slot_h)
                for i in range(0 if request.fixed else count)
            )
            zones.append(Zone(request.key, rect, label, body, slots, first=first, part=part, parts=len(parts)))
            x += w + spec.gap
            shelf_h = max(shelf_h, h)
    close_sheet()
    return sheets


@dataclass(frozen=True)
class Tile:
    """One office-printer page of a tiled board sheet."""

    row: int  # from the top, 1-based
    col: int  # from the left, 1-based
    rows: int
    cols: int
    region: Rect  # the part of the board it shows, board coordinates
    origin: tuple[float, float]  # where the region's bottom-left corner lands on the page
    page_w: float
    page_h: float

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        return self.origin[0] + x - self.region.x, self.origin[1] + y - self.region.y


def tile_board(board_w: float, board_h: float, paper_w: float, paper_h: float, *,
               unprintable: float, overlap: float, label: float) -> list[Tile]:
    """Cover the board with pages in the orientation that needs fewest; regions overlap by `overlap` mm.

    Each page shows its region from the top-left of its printable area; a strip
    of `label` mm at the bottom of the printable area holds the tile's label.
    """
    best = None
    for w, h in ((paper_w, paper_h), (paper_h, paper_w)):
        region_w, region_h = w - 2 * unprintable, h - 2 * unprintable - label
        if region_w <= overlap or region_h <= overlap:
            continue
        cols = max(1, math.ceil((board_w - overlap) / (region_w - overlap)))
        rows = max(1, math.ceil((board_h - overlap) / (region_h - overlap)))
        if best is None or rows * cols < best[0]:
            best = (rows * cols, w, h, region_w, region_h, rows, cols)
    if best is None:
        raise ValueError("the paper is too small to tile with this overlap")
    _, w, h, region_w, region_h, rows, cols = best
    tiles = []
    for r in range(rows):
        for c in range(cols):
            x0 = c * (region_w - overlap)
            top = board_h - r * (region_h - overlap)
            width = min(region_w, board_w - x0)
            height = min(region_h, top)
            region = Rect(x0, top - height, width, height)
            origin = (unprintable, h - unprintable - height)
            tiles.append(Tile(r + 1, c + 1, rows, cols, region, origin, w, h))
    return tiles


def alignment_marks(tile: Tile, overlap: float) -> list[tuple[float, float]]:
    """Board points where a tile carries a cross: the middle of each glue strip it shares, at a quarter
    and three quarters of the shared edge. A neighbour computes the same points, so crosses meet."""
    r = tile.region
    points = []
    if tile.col < tile.cols:  # strip shared with the right neighbour
        points += [(r.right - overlap / 2, r.y + r.h * f) for f in (0.25, 0.75)]
    if tile.col > 1:
        points += [(r.x + overlap / 2, r.y + r.h * f) for f in (0.25, 0.75)]
    if tile.row < tile.rows:  # strip shared with the neighbour below
        points += [(r.x + r.w * f, r.y + overlap / 2) for f in (0.25, 0.75)]
    if tile.row > 1:
        points += [(r.x + r.w * f, r.top - overlap / 2) for f in (0.25, 0.75)]
    return points


@dataclass(frozen=True)
class TileMarks:
    """What a tile carries beside its region of the board, in page millimetres."""

    glue: tuple[Rect, ...]  # the grey glue margins that the neighbours cover
    glue_lines: tuple[Segment, ...]  # the dashed inner edge of each glue margin
    cut_lines: tuple[Segment, ...]  # the edges to cut along, where the white margin goes


def tile_marks(tile: Tile, overlap: float, *, cut_line_mm: float, glue_line_mm: float) -> TileMarks:
    """The glue margins of the tile's right and bottom edges (where neighbours are glued on), their dashed inner
    edges, and cut lines on its left and top edges (cut away before gluing).

    The region reaches the edge of the printable area, so a line on one of its edges
    would have half its stroke in the unprintable border: cut lines lie their own width
    inside the region, and glue lines stop their own width short of its ends. A stroke
    then stays in the printable area whatever its caps, and the cut still leaves all but
    a fraction of a millimetre of the glue overlap.
    """
    x, y = tile.origin
    w, h = tile.region.w, tile.region.h
    glue, lines, cuts = [], [], []
    if tile.col < tile.cols:
        glue.append(Rect(x + w - overlap, y, overlap, h))
        lines.append(Segment(x + w - overlap, y + glue_line_mm, x + w - overlap, y + h - glue_line_mm))
    if tile.row < tile.rows:
        glue.append(Rect(x, y, w, overlap))
        lines.append(Segment(x + glue_line_mm, y + overlap, x + w - glue_line_mm, y + overlap))
    if tile.col > 1:
        cuts.append(Segment(x + cut_line_mm, y + cut_line_mm, x + cut_line_mm, y + h - cut_line_mm))
    if tile.row > 1:
        cuts.append(Segment(x + cut_line_mm, y + h - cut_line_mm, x + w - cut_line_mm, y + h - cut_line_mm))
    return TileMarks(tuple(glue), tuple(lines), tuple(cuts))
