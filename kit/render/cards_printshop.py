"""Single cards for a print shop (kind `cards-printshop`).

One card face per page: front of the first card, its back, front of the next.
All colours are CMYK from the palette (categories.yaml `cmyk`); text and QR codes
are pure black (K), never rich black.
Each page is the trimmed card plus 3 mm bleed on every side; TrimBox and
BleedBox are set and the art runs into the bleed. Hand the file over as is.
"""

from __future__ import annotations

from kit.layout.geometry import single_card_page
from kit.layout.presets import CardLayout
from kit.content.model import Catalog
from kit.render import pdf
from kit.render.card import RecordedCard, place_back, place_front
from kit.render.fastpage import show_page
from kit.render.record import seed_fonts

KIND = "cards-printshop"


def render(cards: list[RecordedCard], seed: str, catalog: Catalog, layout: CardLayout, icon_file) -> tuple[bytes, int]:
    """The file as PDF bytes and the number of pages, from cards recorded with fonts seeded by `seed`."""
    media, trim = single_card_page(layout.width_mm, layout.height_mm, layout.bleed_mm)
    canvas, buffer = pdf.new_canvas(
        media.w, media.h, title=catalog.text("kit_name"), subject=KIND, lang=catalog.lang, author=catalog.text("kit_name"),
        cmyk=True,
    )
    seed_fonts(canvas, seed)
    pdf.set_boxes(canvas, trim, media)  # for every page that follows
    pages = 0
    for card in cards:
        place_front(canvas, card, layout, trim.x, trim.y)
        show_page(canvas)
        place_back(canvas, card, catalog, layout, icon_file(card.category), trim.x, trim.y)
        show_page(canvas)
        pages += 2
    return pdf.finish(canvas, buffer), pages
