"""Card sheets for a home or office printer (kind `cards-home`).

Cards sit N-up on A4 or Letter, each with its own 3 mm bleed, and crop marks in
the margin outside the bleed. Pages alternate front, back, front, back. How to
print: choose duplex ("two-sided") with the flip edge set in kit.yaml (long edge
by default), print at 100 % / "actual size", never "fit to page", then cut along
the marks.
"""

from __future__ import annotations

from kit.layout.geometry import Rect, Sheet, back_shift, back_slots, groups, mirror_bleeds, mirror_marks
from kit.layout.presets import CardLayout
from kit.content.model import Catalog
from kit.render import pdf
from kit.render.card import RecordedCard, place_back, place_front
from kit.render.fastpage import show_page
from kit.render.record import seed_fonts

KIND = "cards-home"


def render(cards: list[RecordedCard], seed: str, catalog: Catalog, layout: CardLayout, sheet: Sheet, flip: str, icon_file,
           back_offset: tuple = (0.0, 0.0)) -> tuple[bytes, int]:
    """The sheets as PDF bytes and the number of pages, from cards recorded with fonts seeded by `seed`.

    `back_offset` is the correction read from the calibration sheet, in mm as seen
    from the front: every back moves by it (turned with the sheet).
    """
    canvas, buffer = pdf.new_canvas(
        sheet.width, sheet.height, title=catalog.text("kit_name"), subject=KIND, lang=catalog.lang, author=catalog.text("kit_name")
    )
    seed_fonts(canvas, seed)
    dx, dy = back_shift(back_offset, sheet.width, sheet.height, flip)
    backs = [Rect(r.x + dx, r.y + dy, r.w, r.h) for r in back_slots(sheet, flip)]
    back_bleeds = [mirror_bleeds(b, sheet.width, sheet.height, flip) for b in sheet.bleeds]
    pages = 0
    for group in groups(cards, len(sheet.slots)):
        for card, slot, bleeds in zip(group, sheet.slots, sheet.bleeds):
            place_front(canvas, card, layout, slot.x, slot.y, bleeds)
        pdf.draw_marks(canvas, sheet.marks_for(len(group)))
        show_page(canvas)
        for card, slot, bleeds in zip(group, backs, back_bleeds):
            place_back(canvas, card, catalog, layout, icon_file(card.category), slot.x, slot.y, bleeds)
        pdf.draw_marks(canvas, mirror_marks(sheet.marks_for(len(group)), sheet, flip))
        show_page(canvas)
        pages += 2
    return pdf.finish(canvas, buffer), pages
