"""Single cards for a print shop (kind `cards-printshop`).

One card face per page: front of the first card, its back, front of the next.
All colours are CMYK from the palette (categories.yaml `cmyk`); text and QR codes
are pure black (K), never rich black.
Each page is the trimmed card plus 3 mm bleed on every side; TrimBox and
BleedBox are set and the art runs into the bleed. Hand the file over as is.
"""

from __future__ import annotations

from ..geometry import single_card_page
from ..layouts import CardLayout
from ..model import Catalog
from . import pdf
from .card import CardArt, draw_back, draw_front

KIND = "cards-printshop"


def render(arts: list[CardArt], catalog: Catalog, layout: CardLayout, icon_file) -> tuple[bytes, int]:
    media, trim = single_card_page(layout.width_mm, layout.height_mm, layout.bleed_mm)
    canvas, buffer = pdf.new_canvas(
        media.w, media.h, title=catalog.text("kit_name"), subject=KIND, lang=catalog.lang, author=catalog.text("kit_name"),
        cmyk=True,
    )
    pages = 0
    for art in arts:
        for face in ("front", "back"):
            pdf.set_boxes(canvas, trim, media)
            if face == "front":
                draw_front(canvas, art, layout, icon_file(art.category), trim.x, trim.y)
            else:
                draw_back(canvas, art.category, catalog, layout, icon_file(art.category), trim.x, trim.y, art=art)
            canvas.showPage()
            pages += 1
    return pdf.finish(canvas, buffer), pages
