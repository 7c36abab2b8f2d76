"""Card sheets for a home or office printer (kind `cards-home`).

Cards sit N-up on A4 or Letter, each with its own 3 mm bleed, and crop marks in
the margin outside the bleed. Pages alternate front, back, front, back. How to
print: choose duplex ("two-sided") with the flip edge set in kit.yaml (long edge
by default), print at 100 % / "actual size", never "fit to page", then cut along
the marks.
"""

from __future__ import annotations

from kit.content.model import Catalog
from kit.layout.geometry import Sheet, groups
from kit.layout.imposition import card_sheet_sides
from kit.layout.presets import CardLayout
from kit.render import canvas as pdf
from kit.render import internals
from kit.render.card import RecordedCard, draw_face
from kit.render.impose import impose
from kit.render.record import seed_fonts

KIND = "cards-home"


def render(cards, seed: str, catalog: Catalog, layout: CardLayout, sheet: Sheet, flip: str, icon_file,
           back_offset: tuple = (0.0, 0.0)) -> tuple[bytes, int]:
    """The sheets as PDF bytes and the number of pages, from cards (any iterable of RecordedCard, as they come)
    recorded with fonts seeded by `seed`. `back_offset` is the correction read from the calibration sheet."""
    canvas, buffer = pdf.new_canvas(sheet.width, sheet.height, title=catalog.text("kit_name"), subject=KIND,
                                    lang=catalog.lang, author=catalog.text("kit_name"), creator=pdf.made_by(catalog))
    seed_fonts(canvas, seed)
    pages = 0
    for group in groups(cards, len(sheet.slots)):
        def draw(placement, group: list[RecordedCard] = group):
            card = group[placement.item]
            draw_face(canvas, card, placement.face, catalog, layout, icon_file(card.category))

        pages += impose(canvas, card_sheet_sides(sheet, len(group), flip, back_offset), draw, end_page=internals.end_page)
    return pdf.finish(canvas, buffer), pages
