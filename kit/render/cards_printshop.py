"""Single cards for a print shop (kind `cards-printshop`).

One card face per page: front of the first card, its back, front of the next.
All colours are CMYK from the palette (categories.yaml `cmyk`); text and QR codes
are pure black (K), never rich black. Each page is the trimmed card plus 3 mm
bleed on every side; TrimBox and BleedBox are set and the art runs into the bleed.
Hand the file over as is.
"""

from __future__ import annotations

from kit.content.model import Catalog
from kit.layout.imposition import single_card_sides
from kit.layout.presets import CardLayout
from kit.render import canvas as pdf
from kit.render import internals
from kit.render.card import draw_face
from kit.render.impose import impose
from kit.render.record import seed_fonts

KIND = "cards-printshop"


def render(cards, seed: str, catalog: Catalog, layout: CardLayout, icon_file, palette) -> tuple[bytes, int]:
    """The file as PDF bytes and the number of pages, from cards recorded with fonts seeded by `seed`;
    `palette` holds the (sRGB, CMYK) pairs every colour is converted with."""
    width, height = layout.width_mm + 2 * layout.bleed_mm, layout.height_mm + 2 * layout.bleed_mm
    canvas, buffer = pdf.new_canvas(width, height, title=catalog.text("kit_name"), subject=KIND, lang=catalog.lang,
                                    author=catalog.text("kit_name"), palette=palette,
                                    creator=pdf.made_by(catalog))
    seed_fonts(canvas, seed)
    pages = 0
    for card in cards:
        def draw(placement, card=card):
            draw_face(canvas, card, placement.face, catalog, layout, icon_file(card.category))

        pages += impose(canvas, single_card_sides(layout.width_mm, layout.height_mm, layout.bleed_mm, 0), draw,
                        end_page=internals.end_page)
    return pdf.finish(canvas, buffer), pages
