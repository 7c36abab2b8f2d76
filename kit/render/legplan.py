"""The legplan, the board the cards are laid on (kinds `legplan` and `legplan-tiled`).

`legplan`: whole sheets (A0 holds the board on one sheet; A1, A2 and A3 make a
set of sheets) for a plotter or print shop: print at 100 %, no scaling.
`legplan-tiled`: the same sheets cut into A4 or A3 pages for an office printer,
each with its label, a grey glue margin and crosses to line up; cut the white
margin away at the top and left (not on the first row or column) and glue each
page over its neighbours' glue margin, crosses on crosses.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.utils import ImageReader

from kit.content import placeholders
from kit.layout.board import BoardSheet, Tile, Zone, alignment_marks
from kit.content.colour import INK, text_colour_on, tint
from kit.errors import KitError
from kit.content.customize import Customization, format_date
from kit.layout.geometry import MM, Rect
from kit.content.model import Catalog
from kit.typeset import fonts
from kit.render import pdf
from kit.typeset import fit as text
from kit.render.icons import draw_icon

KIND = "legplan"
KIND_TILED = "legplan-tiled"
KIND_FILLED = "legplan-filled"
KIND_FILLED_TILED = "legplan-filled-tiled"


@dataclass(frozen=True)
class FilledSlot:
    """A chosen card written into a priority slot of the filled-in legplan."""

    card_id: str
    title: str
    colour: tuple
LABEL_GREY = (0.27, 0.27, 0.3)


def render(sheets: list[BoardSheet], catalog: Catalog, custom: Customization, slot_labels: dict, icon_file,
           size_name: str) -> tuple[bytes, int]:
    first = sheets[0]
    canvas, buffer = pdf.new_canvas(first.width, first.height, title=_title(catalog, custom), subject=KIND,
                                    lang=catalog.lang, author=catalog.text("kit_name"))
    for number, sheet in enumerate(sheets, 1):
        draw_sheet(canvas, sheet, number, len(sheets), catalog, custom, slot_labels, icon_file, size_name)
        canvas.showPage()
    return pdf.finish(canvas, buffer), len(sheets)


def render_tiled(sheets: list[BoardSheet], tiles_per_sheet: list[list[Tile]], catalog: Catalog, custom: Customization,
                 slot_labels: dict, icon_file, size_name: str, overlap: float, label_h: float) -> tuple[bytes, int]:
    first_tile = tiles_per_sheet[0][0]
    canvas, buffer = pdf.new_canvas(first_tile.page_w, first_tile.page_h, title=_title(catalog, custom),
                                    subject=KIND_TILED, lang=catalog.lang, author=catalog.text("kit_name"))
    pages = 0
    for number, (sheet, tiles) in enumerate(zip(sheets, tiles_per_sheet), 1):
        name = f"board-{number}"
        canvas.beginForm(name, 0, 0, sheet.width * MM, sheet.height * MM)
        draw_sheet(canvas, sheet, number, len(sheets), catalog, custom, slot_labels, icon_file, size_name)
        canvas.endForm()
        for tile in tiles:
            canvas.setPageSize((tile.page_w * MM, tile.page_h * MM))
            _draw_tile(canvas, tile, name, number, len(sheets), catalog, overlap, label_h)
            canvas.showPage()
            pages += 1
    return pdf.finish(canvas, buffer), pages


def _title(catalog: Catalog, custom: Customization) -> str:
    name = f" {custom.municipality}" if custom.municipality else ""
    return f"{catalog.text('legplan.title')}{name}"


def draw_sheet(canvas, sheet: BoardSheet, number: int, total: int, catalog: Catalog, custom: Customization,
               slot_labels: dict, icon_file, size_name: str) -> None:
    lang = catalog.lang
    _draw_header(canvas, sheet.header, catalog, custom)
    for zone in sheet.zones:
        part = f" ({zone.part}/{zone.parts})" if zone.parts > 1 else ""
        labels = slot_labels.get(zone.key, ())[zone.first:]
        if zone.key == "values":
            _draw_values(canvas, zone, catalog, custom)
        elif zone.key.startswith("category:"):
            category = catalog.category(zone.key.split(":", 1)[1])
            _label_bar(canvas, zone.label, category.colour, f"{category.name} \u00b7 {catalog.text('legplan.existing')}{part}",
                       lang, icon_file(category))
            _slots(canvas, zone, tint(category.colour, 0.08), tint(category.colour, 0.55), labels, lang)
        else:
            title = catalog.text("legplan.short_term" if zone.key == "short" else "legplan.long_term")
            _label_bar(canvas, zone.label, LABEL_GREY, title + part, lang, None)
            _slots(canvas, zone, (0.95, 0.95, 0.96), (0.6, 0.6, 0.64), labels, lang)
    footer = " \u00b7 ".join([catalog.text("kit_name"), catalog.text("legplan.title"),
                              placeholders.fill(catalog.text("legplan.sheet"), {"n": number, "total": total}), size_name])
    text.place(canvas, [text.Run(footer, colour=LABEL_GREY)], sheet.footer, 10, lang=lang, piece="legplan", field="footer",
               valign="middle")


def _draw_header(canvas, header: Rect, catalog: Catalog, custom: Customization) -> None:
    lang = catalog.lang
    logo_box = Rect(header.right - 80, header.y, 80, header.h) if custom.logo else None
    width = header.w - (logo_box.w + 10 if logo_box else 0)
    kit = Rect(header.x, header.top - 9, width, 9)
    text.place(canvas, [text.Run(catalog.text("kit_name"), colour=LABEL_GREY)], kit, 16, lang=lang, piece="legplan", field="kit name")
    title = catalog.text("legplan.title")
    if custom.municipality:
        title = f"{title} {custom.municipality}"
    when = format_date(custom.date, catalog.strings["months"]) if custom.date else ""
    date_h = 8 if when else 0  # the date has its own line, so a long name can still shrink to 12 pt
    main = Rect(header.x, header.y + date_h, width, header.h - 10 - date_h)
    text.place(canvas, [text.Run(title, fonts.BOLD, colour=INK)], main, 44, lang=lang, piece="legplan",
               field="municipality name", minimum=12, valign="middle")
    if when:
        text.place(canvas, [text.Run(when, colour=LABEL_GREY)], Rect(header.x, header.y, width, date_h), 18, lang=lang,
                   piece="legplan", field="date", minimum=10, valign="middle")
    if logo_box:
        _draw_logo(canvas, custom, logo_box)


def _draw_logo(canvas, custom: Customization, box: Rect) -> None:
    logo = custom.logo
    if logo.kind == "svg":
        from reportlab.graphics import renderPDF
        from svglib.svglib import svg2rlg

        drawing = svg2rlg(str(logo.path))
        drawing.initialFontName = fonts.REGULAR
        _embed_fonts(drawing)
        scale = min(box.w * MM / drawing.width, box.h * MM / drawing.height)
        canvas.saveState()
        canvas.translate(box.right * MM - drawing.width * scale, box.y * MM + (box.h * MM - drawing.height * scale) / 2)
        canvas.scale(scale, scale)
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.restoreState()
    else:
        # never larger than 300 dpi allows, so the print stays sharp (and preflight passes)
        scale = min(box.w / (logo.width_px / 300 * 25.4), box.h / (logo.height_px / 300 * 25.4), 1.0)
        w, h = logo.width_px / 300 * 25.4 * scale, logo.height_px / 300 * 25.4 * scale
        canvas.drawImage(ImageReader(str(logo.path)), (box.right - w) * MM, (box.y + (box.h - h) / 2) * MM, w * MM, h * MM,
                         mask="auto")


def _embed_fonts(node) -> None:
    """Text in an SVG logo is set in the kit's embedded typeface, not in an unembedded Helvetica."""
    name = getattr(node, "fontName", None)
    if isinstance(name, str):
        node.fontName = fonts.BOLD if "bold" in name.lower() else fonts.REGULAR
    for child in getattr(node, "contents", []) or []:
        _embed_fonts(child)


def _label_bar(canvas, rect: Rect, colour, label: str, lang: str, icon) -> None:
    canvas.setFillColorRGB(*colour)
    canvas.roundRect(rect.x * MM, (rect.y + 1) * MM, rect.w * MM, (rect.h - 1) * MM, 2 * MM, stroke=0, fill=1)
    on = text_colour_on(colour)
    left = rect.x + 3
    if icon:
        draw_icon(canvas, icon, Rect(left, rect.y + 2.5, rect.h - 4, rect.h - 4), on, colour)
        left += rect.h - 1
    frame = Rect(left, rect.y + 1.5, rect.right - left - 3, rect.h - 2)
    text.place(canvas, [text.Run(label, fonts.BOLD, colour=on)], frame, 18, lang=lang, piece="legplan", field="zone label",
               valign="middle")


def _slots(canvas, zone: Zone, background, line, labels, lang: str) -> None:
    canvas.setFillColorRGB(*background)
    canvas.rect(zone.body.x * MM, zone.body.y * MM, zone.body.w * MM, zone.body.h * MM, stroke=0, fill=1)
    canvas.saveState()
    canvas.setStrokeColorRGB(*line)
    canvas.setLineWidth(0.8)
    canvas.setDash(4, 3)
    for slot in zone.slots:
        inner = slot.inset(1)
        canvas.roundRect(inner.x * MM, inner.y * MM, inner.w * MM, inner.h * MM, 2 * MM, stroke=1, fill=0)
    canvas.restoreState()
    for slot, label in zip(zone.slots, labels):
        if isinstance(label, FilledSlot):
            _filled(canvas, slot, label, lang)
            continue
        text.place(canvas, [text.Run(label, fonts.BOLD, colour=line, align="center")], Rect(slot.x, slot.y + slot.h / 2 - 6, slot.w, 12),
                   20, lang=lang, piece="legplan", field="slot label", valign="middle")


def _filled(canvas, slot: Rect, filled: FilledSlot, lang: str) -> None:
    """The chosen card's number on its category colour and its title, large enough to read from the table."""
    card = slot.inset(2.5)
    band = Rect(card.x, card.top - 14, card.w, 14)
    body = Rect(card.x + 4, card.y + 4, card.w - 8, card.h - 14 - 8)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setStrokeColorRGB(*filled.colour)
    canvas.setLineWidth(1.2)
    canvas.roundRect(card.x * MM, card.y * MM, card.w * MM, card.h * MM, 2 * MM, stroke=1, fill=1)
    canvas.setFillColorRGB(*filled.colour)
    canvas.roundRect(band.x * MM, band.y * MM, band.w * MM, band.h * MM, 2 * MM, stroke=0, fill=1)
    text.place(canvas, [text.Run(filled.card_id, fonts.BOLD, colour=text_colour_on(filled.colour), align="center")],
               band.inset(2), 22, lang=lang, piece="legplan", field="chosen card number", valign="middle")
    # a blank card's name is typed by the group: what does not fit is shortened, never a failed print
    for title in text.shortened(text.printable(filled.title, fonts.BOLD)):
        try:
            text.place(canvas, [text.Run(title, fonts.BOLD, colour=INK, align="center")], body, 20, lang=lang,
                       piece="legplan", field=f"title of chosen card {filled.card_id}", minimum=8, valign="middle")
            return
        except KitError:
            continue


def _draw_values(canvas, zone: Zone, catalog: Catalog, custom: Customization) -> None:
    lang = catalog.lang
    _label_bar(canvas, zone.label, LABEL_GREY, catalog.text("legplan.values"), lang, None)
    body = zone.body
    canvas.setFillColorRGB(0.95, 0.95, 0.96)
    canvas.rect(body.x * MM, body.y * MM, body.w * MM, body.h * MM, stroke=0, fill=1)
    inner = body.inset(6)
    hint = text.place(canvas, [text.Run(catalog.text("legplan.values_hint"), fonts.ITALIC, colour=LABEL_GREY)],
                      Rect(inner.x, inner.top - 16, inner.w, 16), 13, lang=lang, piece="legplan", field="values hint")
    top = inner.top - hint.height / MM - 6
    if custom.values:
        runs = [text.Run(v, fonts.BOLD, colour=INK, bullet="\u2022", space_before=0.3) for v in custom.values]
        fitted = text.place(canvas, runs, Rect(inner.x, inner.y, inner.w, top - inner.y), 22, lang=lang,
                            piece="legplan", field="core values", minimum=10)
        top -= fitted.height / MM + 6
    canvas.setStrokeColorRGB(0.7, 0.7, 0.74)
    canvas.setLineWidth(0.6)
    y = top - 10
    while y >= inner.y:
        canvas.line(inner.x * MM, y * MM, inner.right * MM, y * MM)
        y -= 12


def _draw_tile(canvas, tile: Tile, form: str, number: int, total: int, catalog: Catalog, overlap: float, label_h: float) -> None:
    r = tile.region
    ox, oy = tile.origin
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(ox * MM, oy * MM, r.w * MM, r.h * MM)
    canvas.clipPath(path, stroke=0, fill=0)
    canvas.translate((ox - r.x) * MM, (oy - r.y) * MM)
    canvas.doForm(form)
    canvas.restoreState()
    # glue margins: the strips the next tile to the right and below will cover
    canvas.saveState()
    canvas.setFillColorRGB(0.5, 0.5, 0.5)
    canvas.setFillAlpha(0.28)
    canvas.setStrokeColorRGB(0.35, 0.35, 0.35)
    canvas.setLineWidth(0.5)
    canvas.setDash(3, 2)
    if tile.col < tile.cols:
        x = ox + r.w - overlap
        canvas.rect(x * MM, oy * MM, overlap * MM, r.h * MM, stroke=0, fill=1)
        canvas.line(x * MM, oy * MM, x * MM, (oy + r.h) * MM)
    if tile.row < tile.rows:
        canvas.rect(ox * MM, oy * MM, r.w * MM, overlap * MM, stroke=0, fill=1)
        canvas.line(ox * MM, (oy + overlap) * MM, (ox + r.w) * MM, (oy + overlap) * MM)
    canvas.restoreState()
    # cut lines on the edges that are cut away before gluing
    canvas.saveState()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.4)
    if tile.col > 1:
        canvas.line(ox * MM, oy * MM, ox * MM, (oy + r.h) * MM)
    if tile.row > 1:
        canvas.line(ox * MM, (oy + r.h) * MM, (ox + r.w) * MM, (oy + r.h) * MM)
    for bx, by in alignment_marks(tile, overlap):
        x, y = tile.to_page(bx, by)
        canvas.circle(x * MM, y * MM, 1.6 * MM, stroke=1, fill=0)
        canvas.line((x - 3) * MM, y * MM, (x + 3) * MM, y * MM)
        canvas.line(x * MM, (y - 3) * MM, x * MM, (y + 3) * MM)
    canvas.restoreState()
    lang = catalog.lang
    label = " \u00b7 ".join([
        catalog.text("legplan.title"),
        placeholders.fill(catalog.text("legplan.sheet"), {"n": number, "total": total}),
        placeholders.fill(catalog.text("legplan.tile"), {"row": tile.row, "col": tile.col, "rows": tile.rows, "cols": tile.cols}),
    ])
    strip = Rect(ox, oy - label_h, tile.page_w - 2 * ox, label_h - 0.5)
    text.place(canvas, [text.Run(label, fonts.BOLD, colour=INK),
                        text.Run(catalog.text("legplan.tile_howto"), colour=LABEL_GREY, space_before=0.1)],
               strip, 8.5, lang=lang, piece="legplan tile", field="label", valign="top")



