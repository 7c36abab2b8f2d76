"""The legplan, the board the cards are laid on (kinds `legplan`, `legplan-tiled`, and the filled-in ones).

`legplan`: whole sheets (A0 holds the board on one sheet; A1, A2 and A3 make a
set of sheets) for a plotter or print shop: print at 100 %, no scaling.
`legplan-tiled`: the same sheets cut into A4 or A3 pages for an office printer,
each with its label, a grey glue margin and crosses to line up; cut the white
margin away at the top and left (not on the first row or column) and glue each
page over its neighbours' glue margin, crosses on crosses.
Every measure comes from the board preset (layouts/boards/legplan.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.utils import ImageReader

from kit.content import placeholders
from kit.content.colour import INK, text_colour_on, tint
from kit.content.customize import Customization, format_date
from kit.content.model import Catalog
from kit.errors import KitError
from kit.layout.board import BoardSheet, SlotCard, Tile, Zone, alignment_marks, tile_marks
from kit.layout.geometry import MM, Rect
from kit.layout.imposition import tile_sides
from kit.layout.presets import BoardPreset
from kit.render import canvas as pdf
from kit.render import text
from kit.render.icons import draw_icon
from kit.render.impose import impose
from kit.typeset import fonts

LABEL_GREY = (0.27, 0.27, 0.3)
FIELD_GREY = (0.95, 0.95, 0.96)
LINE_GREY = (0.6, 0.6, 0.64)


@dataclass(frozen=True)
class Drawing:
    """What every sheet of one legplan shows: the words, the municipality's details, each zone's slot labels."""

    catalog: Catalog
    custom: Customization
    labels: dict  # zone key -> a label per slot: a card id, a number, or a SlotCard
    icon_file: object
    size_name: str
    preset: BoardPreset

    @property
    def lang(self) -> str:
        return self.catalog.lang

    def title(self) -> str:
        name = f" {self.custom.municipality}" if self.custom.municipality else ""
        return f"{self.catalog.text('legplan.title')}{name}"

    def place(self, canvas, runs, frame: Rect, size: float, field: str, **options):
        return text.place(canvas, runs, frame, size, lang=self.lang, piece="legplan", field=field, **options)


def render(sheets: list[BoardSheet], drawing: Drawing) -> tuple[bytes, int]:
    first = sheets[0]
    canvas, buffer = pdf.new_canvas(first.width, first.height, title=drawing.title(), subject="legplan",
                                    lang=drawing.lang, author=drawing.catalog.text("kit_name"),
                                    creator=pdf.made_by(drawing.catalog))
    for number, sheet in enumerate(sheets, 1):
        draw_sheet(canvas, sheet, number, len(sheets), drawing)
        canvas.showPage()
    return pdf.finish(canvas, buffer), len(sheets)


def render_tiled(sheets: list[BoardSheet], tiles_per_sheet: list[list[Tile]], drawing: Drawing) -> tuple[bytes, int]:
    first_tile = tiles_per_sheet[0][0]
    canvas, buffer = pdf.new_canvas(first_tile.page_w, first_tile.page_h, title=drawing.title(), subject="legplan-tiled",
                                    lang=drawing.lang, author=drawing.catalog.text("kit_name"),
                                    creator=pdf.made_by(drawing.catalog))
    pages = 0
    for number, (sheet, tiles) in enumerate(zip(sheets, tiles_per_sheet), 1):
        form = f"board-{number}"
        canvas.beginForm(form, 0, 0, sheet.width * MM, sheet.height * MM)
        draw_sheet(canvas, sheet, number, len(sheets), drawing)
        canvas.endForm()
        for tile, side in zip(tiles, tile_sides(tiles, number - 1)):
            pages += impose(canvas, [side], lambda _, form=form: canvas.doForm(form),
                            decorate=lambda _, tile=tile, number=number: _tile_marks(canvas, tile, number, len(sheets), drawing))
    return pdf.finish(canvas, buffer), pages


def draw_sheet(canvas, sheet: BoardSheet, number: int, total: int, drawing: Drawing) -> None:
    catalog = drawing.catalog
    _draw_header(canvas, sheet.header, drawing)
    for zone in sheet.zones:
        part = f" ({zone.part}/{zone.parts})" if zone.parts > 1 else ""
        labels = drawing.labels.get(zone.key, ())[zone.first:]
        if zone.key == "values":
            _draw_values(canvas, zone, drawing)
        elif zone.key.startswith("category:"):
            category = catalog.category(zone.key.split(":", 1)[1])
            _label_bar(canvas, zone.label, category.colour, f"{category.name} \u00b7 {catalog.text('legplan.existing')}{part}",
                       drawing, drawing.icon_file(category))
            _slots(canvas, zone, tint(category.colour, 0.08), tint(category.colour, 0.55), labels, drawing)
        else:
            title = catalog.text("legplan.short_term" if zone.key == "short" else "legplan.long_term")
            _label_bar(canvas, zone.label, LABEL_GREY, title + part, drawing, None)
            _slots(canvas, zone, FIELD_GREY, LINE_GREY, labels, drawing)
    footer = " \u00b7 ".join([catalog.text("kit_name"), catalog.text("legplan.title"),
                              placeholders.fill(catalog.text("legplan.sheet"), {"n": number, "total": total}), drawing.size_name])
    drawing.place(canvas, [text.Run(footer, colour=LABEL_GREY)], sheet.footer, drawing.preset.footer_pt, "footer", valign="middle")


def _draw_header(canvas, header: Rect, drawing: Drawing) -> None:
    h, custom, catalog = drawing.preset.header, drawing.custom, drawing.catalog
    logo_box = Rect(header.right - h.logo_width_mm, header.y, h.logo_width_mm, header.h) if custom.logo else None
    width = header.w - (logo_box.w + h.logo_gap_mm if logo_box else 0)
    kit = Rect(header.x, header.top - h.kit_name_mm, width, h.kit_name_mm)
    drawing.place(canvas, [text.Run(catalog.text("kit_name"), colour=LABEL_GREY)], kit, h.kit_name_pt, "kit name")
    title = catalog.text("legplan.title")
    if custom.municipality:  # typed: what no font of the kit has prints as the placeholder (the command warns)
        title = f"{title} {text.printable(custom.municipality, fonts.BOLD)}"
    when = format_date(custom.date, catalog.strings["months"]) if custom.date else ""
    date_h = h.date_mm if when else 0  # the date has its own line, so a long name can still shrink
    main = Rect(header.x, header.y + date_h, width, header.h - h.kit_name_mm - 1 - date_h)
    drawing.place(canvas, [text.Run(title, fonts.BOLD, colour=INK)], main, h.title_pt, "municipality name",
                  minimum=h.title_min_pt, valign="middle")
    if when:
        drawing.place(canvas, [text.Run(when, colour=LABEL_GREY)], Rect(header.x, header.y, width, date_h), h.date_pt, "date",
                      minimum=h.date_min_pt, valign="middle")
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


def _label_bar(canvas, rect: Rect, colour, label: str, drawing: Drawing, icon) -> None:
    style = drawing.preset.zone_label
    canvas.setFillColorRGB(*colour)
    canvas.roundRect(rect.x * MM, (rect.y + 1) * MM, rect.w * MM, (rect.h - 1) * MM, style.corner_mm * MM, stroke=0, fill=1)
    on = text_colour_on(colour)
    left = rect.x + style.padding_mm
    if icon:
        draw_icon(canvas, icon, Rect(left, rect.y + 2.5, rect.h - 4, rect.h - 4), on, colour)
        left += rect.h - 1
    frame = Rect(left, rect.y + 1.5, rect.right - left - style.padding_mm, rect.h - 2)
    drawing.place(canvas, [text.Run(label, fonts.BOLD, colour=on)], frame, style.text_pt, "zone label", valign="middle")


def _slots(canvas, zone: Zone, background, line, labels, drawing: Drawing) -> None:
    style = drawing.preset.slots
    canvas.setFillColorRGB(*background)
    canvas.rect(zone.body.x * MM, zone.body.y * MM, zone.body.w * MM, zone.body.h * MM, stroke=0, fill=1)
    canvas.saveState()
    canvas.setStrokeColorRGB(*line)
    canvas.setLineWidth(style.line_pt)
    canvas.setDash(*style.dash_pt)
    for slot in zone.slots:
        inner = slot.inset(style.inset_mm)
        canvas.roundRect(inner.x * MM, inner.y * MM, inner.w * MM, inner.h * MM, style.corner_mm * MM, stroke=1, fill=0)
    canvas.restoreState()
    box = style.number_box_mm
    for slot, label in zip(zone.slots, labels):
        if isinstance(label, SlotCard):
            _chosen(canvas, slot, label, drawing)
            continue
        drawing.place(canvas, [text.Run(label, fonts.BOLD, colour=line, align="center")],
                      Rect(slot.x, slot.y + slot.h / 2 - box / 2, slot.w, box), style.number_pt, "slot label", valign="middle")


def _chosen(canvas, slot: Rect, chosen: SlotCard, drawing: Drawing) -> None:
    """The chosen card's number on its category colour and its title, large enough to read from the table."""
    style = drawing.preset.chosen_card
    card = slot.inset(style.inset_mm)
    band = Rect(card.x, card.top - style.band_mm, card.w, style.band_mm)
    body = Rect(card.x + style.padding_mm, card.y + style.padding_mm, card.w - 2 * style.padding_mm,
                card.h - style.band_mm - 2 * style.padding_mm)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setStrokeColorRGB(*chosen.colour)
    canvas.setLineWidth(style.border_pt)
    canvas.roundRect(card.x * MM, card.y * MM, card.w * MM, card.h * MM, 2 * MM, stroke=1, fill=1)
    canvas.setFillColorRGB(*chosen.colour)
    canvas.roundRect(band.x * MM, band.y * MM, band.w * MM, band.h * MM, 2 * MM, stroke=0, fill=1)
    drawing.place(canvas, [text.Run(chosen.card_id, fonts.BOLD, colour=text_colour_on(chosen.colour), align="center")],
                  band.inset(2), style.id_pt, "chosen card number", valign="middle")
    # a blank card's name is typed by the group: what does not fit is shortened, never a failed print
    for title in text.shortened(text.printable(chosen.title, fonts.BOLD)):
        try:
            drawing.place(canvas, [text.Run(title, fonts.BOLD, colour=INK, align="center")], body, style.title_pt,
                          f"title of chosen card {chosen.card_id}", minimum=style.title_min_pt, valign="middle")
            return
        except KitError:
            continue


def _draw_values(canvas, zone: Zone, drawing: Drawing) -> None:
    style, catalog = drawing.preset.values, drawing.catalog
    _label_bar(canvas, zone.label, LABEL_GREY, catalog.text("legplan.values"), drawing, None)
    body = zone.body
    canvas.setFillColorRGB(*FIELD_GREY)
    canvas.rect(body.x * MM, body.y * MM, body.w * MM, body.h * MM, stroke=0, fill=1)
    inner = body.inset(style.padding_mm)
    hint = drawing.place(canvas, [text.Run(catalog.text("legplan.values_hint"), fonts.ITALIC, colour=LABEL_GREY)],
                         Rect(inner.x, inner.top - style.hint_mm, inner.w, style.hint_mm), style.hint_pt, "values hint")
    top = inner.top - hint.height / MM - style.padding_mm
    if drawing.custom.values:
        runs = [text.Run(text.printable(v, fonts.BOLD), fonts.BOLD, colour=INK, bullet="\u2022", space_before=0.3)
                for v in drawing.custom.values]
        fitted = drawing.place(canvas, runs, Rect(inner.x, inner.y, inner.w, top - inner.y), style.values_pt, "core values",
                               minimum=style.values_min_pt)
        top -= fitted.height / MM + style.padding_mm
    canvas.setStrokeColorRGB(0.7, 0.7, 0.74)
    canvas.setLineWidth(0.6)
    y = top - style.line_pitch_mm + 2
    while y >= inner.y:
        canvas.line(inner.x * MM, y * MM, inner.right * MM, y * MM)
        y -= style.line_pitch_mm


def _lines(canvas, segments) -> None:
    for line in segments:
        canvas.line(line.x1 * MM, line.y1 * MM, line.x2 * MM, line.y2 * MM)


def _tile_marks(canvas, tile: Tile, number: int, total: int, drawing: Drawing) -> None:
    """What a tile carries beside its region of the board (kit.layout.board.tile_marks): the glue margins its
    neighbours cover, cut lines on the edges cut away before gluing, crosses to line up with, and its label."""
    style, overlap, catalog = drawing.preset.tiles, drawing.preset.tile_overlap_mm, drawing.catalog
    marks = tile_marks(tile, overlap, cut_line_mm=style.cut_line_pt / MM, glue_line_mm=style.glue_line_pt / MM)
    ox, oy = tile.origin
    canvas.saveState()
    canvas.setFillColorRGB(style.glue_grey, style.glue_grey, style.glue_grey)
    canvas.setFillAlpha(style.glue_opacity)
    for rect in marks.glue:
        canvas.rect(rect.x * MM, rect.y * MM, rect.w * MM, rect.h * MM, stroke=0, fill=1)
    canvas.setStrokeColorRGB(0.35, 0.35, 0.35)
    canvas.setLineWidth(style.glue_line_pt)
    canvas.setDash(3, 2)
    _lines(canvas, marks.glue_lines)
    canvas.restoreState()
    canvas.saveState()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(style.cut_line_pt)
    _lines(canvas, marks.cut_lines)
    arm = style.cross_arm_mm
    for bx, by in alignment_marks(tile, overlap):
        x, y = tile.to_page(bx, by)
        canvas.circle(x * MM, y * MM, style.cross_radius_mm * MM, stroke=1, fill=0)
        canvas.line((x - arm) * MM, y * MM, (x + arm) * MM, y * MM)
        canvas.line(x * MM, (y - arm) * MM, x * MM, (y + arm) * MM)
    canvas.restoreState()
    label = " \u00b7 ".join([
        catalog.text("legplan.title"),
        placeholders.fill(catalog.text("legplan.sheet"), {"n": number, "total": total}),
        placeholders.fill(catalog.text("legplan.tile"), {"row": tile.row, "col": tile.col, "rows": tile.rows, "cols": tile.cols}),
    ])
    label_h = drawing.preset.tile_label_mm
    strip = Rect(ox, oy - label_h, tile.page_w - 2 * ox, label_h - 0.5)
    text.place(canvas, [text.Run(label, fonts.BOLD, colour=INK),
                        text.Run(catalog.text("legplan.tile_howto"), colour=LABEL_GREY, space_before=0.1)],
               strip, style.label_pt, lang=drawing.lang, piece="legplan tile", field="label", valign="top")
