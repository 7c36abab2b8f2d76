"""The one imposition loop: draws the sides described by kit.layout.imposition, each placement clipped and moved.

Home card sheets, print-shop pages, legplan tiles and booklet sheets all go through
`impose`; each artefact says only how to draw one source (a recorded card face, a
board sheet, a booklet page) and what else a side carries (labels, glue margins).
"""

from __future__ import annotations

from kit.layout.geometry import MM, Rect
from kit.layout.imposition import Side
from kit.render import canvas as pdf


def impose(canvas, sides, draw, *, decorate=None, end_page=None) -> int:
    """Draw every side as one page: set its size and boxes, then each placement (`draw(placement)` with the
    placement's origin at the canvas origin, clipped to its rectangle), `decorate(side)`, the marks, and end the
    page (`end_page(canvas)`, showPage by default). Returns the number of pages."""
    pages = 0
    for side in sides:
        _start(canvas, side)
        for placement in side.placements:
            canvas.saveState()
            if placement.clip is not None:
                clip = placement.clip
                path = canvas.beginPath()
                path.rect(clip.x * MM, clip.y * MM, clip.w * MM, clip.h * MM)
                canvas.clipPath(path, stroke=0, fill=0)
            canvas.translate(placement.x * MM, placement.y * MM)
            draw(placement)
            canvas.restoreState()
        if decorate is not None:
            decorate(side)
        if side.marks:
            pdf.draw_marks(canvas, side.marks)
        (end_page or type(canvas).showPage)(canvas)
        pages += 1
    return pages


def _start(canvas, side: Side) -> None:
    """The side's page size and its TrimBox and BleedBox (the page itself where the side names none)."""
    canvas.setPageSize((side.width * MM, side.height * MM))
    page = Rect(0, 0, side.width, side.height)
    pdf.set_boxes(canvas, side.trim or page, side.bleed or side.trim or page)
