"""Workshop worksheets on A4: the Fase 2 voting tally (kind `worksheet-votes`) and the Fase 3 fiche per card
(kind `worksheet-fiches`).

The tally lists every card of the categories that are voted on, with boxes for
the green and red stickers and the outcome (unanimous green: keep; only red or
none: set aside; mixed: discuss), then the guiding questions for the cards to
discuss. A fiche carries one card's title, category and QR code and room for the
six questions of Fase 3. Print on A4 at 100 %.
"""

from __future__ import annotations

from kit.content.colour import INK, text_colour_on, tint
from kit.layout.geometry import MM, Rect
from kit.content.model import Catalog
from kit.typeset import fonts
from kit.render import pdf
from kit.typeset import fit as text
from kit.render.card import CardArt, draw_qr
from kit.render.icons import draw_icon

KIND_VOTES = "worksheet-votes"
KIND_FICHES = "worksheet-fiches"
A4 = (210.0, 297.0)
MARGIN = 15.0
GREY = (0.35, 0.35, 0.38)
GREEN = (0.13, 0.55, 0.27)
RED = (0.75, 0.16, 0.16)


def render_votes(catalog: Catalog, cards: list) -> tuple[bytes, int]:
    width, height = A4
    canvas, buffer = pdf.new_canvas(width, height, title=catalog.text("votes.title"), subject=KIND_VOTES,
                                    lang=catalog.lang, author=catalog.text("kit_name"))
    lang = catalog.lang
    area = Rect(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN)
    columns = [("card", 74.0), ("green", 16.0), ("red", 16.0), ("outcome", area.w - 106.0)]
    row_h = 9.0
    pages = 0

    def header(top: float) -> float:
        t = text.place(canvas, [text.Run(catalog.text("votes.title"), fonts.BOLD, colour=INK),
                                text.Run(catalog.text("votes.intro"), colour=GREY, scale=0.55, space_before=0.3)],
                       Rect(area.x, top - 24, area.w, 24), 18, lang=lang, piece="votes", field="title")
        y = top - t.height / MM - 3
        for colour, key in ((GREEN, "votes.rule_keep"), (RED, "votes.rule_drop"), (GREY, "votes.rule_discuss")):
            canvas.setFillColorRGB(*colour)
            canvas.circle((area.x + 2) * MM, (y - 2.2) * MM, 1.6 * MM, stroke=0, fill=1)
            text.place(canvas, [text.Run(catalog.text(key), colour=INK)], Rect(area.x + 6, y - 5, area.w - 6, 5), 9.5,
                       lang=lang, piece="votes", field=key)
            y -= 5.5
        return y - 3

    def table_head(y: float) -> float:
        x = area.x
        canvas.setFillColorRGB(0.9, 0.9, 0.92)
        canvas.rect(area.x * MM, (y - 8) * MM, area.w * MM, 8 * MM, stroke=0, fill=1)
        for key, w in columns:
            text.place(canvas, [text.Run(catalog.text(f"votes.{key}"), fonts.BOLD, colour=INK)], Rect(x + 1.5, y - 7.5, w - 3, 7), 9.5,
                       lang=lang, piece="votes", field=f"column {key}", valign="middle")
            x += w
        return y - 8

    def new_page() -> float:
        nonlocal pages
        if pages:
            canvas.showPage()
        pages += 1
        return table_head(header(area.top))

    y = new_page()
    for card in cards:
        if y - row_h < area.y:
            y = new_page()
        _vote_row(canvas, catalog, card, columns, area.x, y - row_h, row_h)
        y -= row_h
    questions = catalog.strings["votes"]["questions"]
    needed = 12 + len(questions) * 30
    if y - needed < area.y:
        canvas.showPage()
        pages += 1
        y = area.top
    y -= 6
    text.place(canvas, [text.Run(catalog.text("votes.questions_title"), fonts.BOLD, colour=INK)], Rect(area.x, y - 8, area.w, 8), 13,
               lang=lang, piece="votes", field="questions title")
    y -= 10
    canvas.setStrokeColorRGB(0.7, 0.7, 0.74)
    canvas.setLineWidth(0.5)
    for question in questions:
        q = text.place(canvas, [text.Run(question, fonts.ITALIC, colour=INK, bullet="\u2022")], Rect(area.x, y - 10, area.w, 10), 10,
                       lang=lang, piece="votes", field="guiding question")
        y -= q.height / MM + 3
        for _ in range(3):
            y -= 7
            canvas.line(area.x * MM, y * MM, area.right * MM, y * MM)
        y -= 4
    canvas.showPage()
    return pdf.finish(canvas, buffer), pages


def _vote_row(canvas, catalog: Catalog, card, columns, x0: float, y: float, h: float) -> None:
    category = catalog.category(card.category)
    lang = catalog.lang
    canvas.setFillColorRGB(*category.colour)
    canvas.rect(x0 * MM, y * MM, 1.5 * MM, h * MM, stroke=0, fill=1)
    label = f"{card.id}  {card.title}" if not card.blank else f"{card.id}  {catalog.text('card.blank_title')}: ____________"
    card_w = columns[0][1]
    text.place(canvas, [text.Run(label, colour=INK)], Rect(x0 + 3, y + 0.5, card_w - 4.5, h - 1), 9.5, lang=lang,
               piece="votes", field=f"row {card.id}", valign="middle")
    x = x0 + card_w
    canvas.setStrokeColorRGB(*GREY)
    canvas.setLineWidth(0.6)
    for colour, w in ((GREEN, columns[1][1]), (RED, columns[2][1])):
        canvas.setStrokeColorRGB(*colour)
        canvas.roundRect((x + 3) * MM, (y + 1.5) * MM, (w - 6) * MM, (h - 3) * MM, 1 * MM, stroke=1, fill=0)
        x += w
    canvas.setStrokeColorRGB(*GREY)
    step = columns[3][1] / 3
    for i, key in enumerate(("votes.keep", "votes.drop", "votes.discuss")):
        bx = x + i * step + 1.5
        canvas.rect(bx * MM, (y + h / 2 - 1.8) * MM, 3.6 * MM, 3.6 * MM, stroke=1, fill=0)
        text.place(canvas, [text.Run(catalog.text(key), colour=INK)], Rect(bx + 5, y + 0.5, step - 7, h - 1), 9, lang=lang,
                   piece="votes", field=key, valign="middle")
    canvas.setStrokeColorRGB(0.8, 0.8, 0.83)
    canvas.setLineWidth(0.4)
    canvas.line(x0 * MM, y * MM, (x0 + sum(w for _, w in columns)) * MM, y * MM)


def render_fiches(catalog: Catalog, arts: list[CardArt], icon_file) -> tuple[bytes, int]:
    width, height = A4
    canvas, buffer = pdf.new_canvas(width, height, title=catalog.text("fiche.title"), subject=KIND_FICHES,
                                    lang=catalog.lang, author=catalog.text("kit_name"))
    for art in arts:
        _fiche(canvas, catalog, art, icon_file(art.category), width, height)
        canvas.showPage()
    return pdf.finish(canvas, buffer), len(arts)


def _fiche(canvas, catalog: Catalog, art: CardArt, icon, width: float, height: float) -> None:
    lang, card, category = catalog.lang, art.card, art.category
    piece = f"fiche {card.id}"
    band = Rect(MARGIN, height - MARGIN - 16, width - 2 * MARGIN, 16)
    canvas.setFillColorRGB(*category.colour)
    canvas.roundRect(band.x * MM, band.y * MM, band.w * MM, band.h * MM, 2 * MM, stroke=0, fill=1)
    on = text_colour_on(category.colour)
    draw_icon(canvas, icon, Rect(band.x + 3, band.y + 3, 10, 10), on, category.colour)
    text.place(canvas, [text.Run(f"{catalog.text('fiche.title')} \u00b7 {category.name}", fonts.BOLD, colour=on)],
               Rect(band.x + 16, band.y + 2, band.w - 40, band.h - 4), 13, lang=lang, piece=piece, field="band", valign="middle")
    text.place(canvas, [text.Run(card.id, fonts.BOLD, colour=on, align="right")], Rect(band.right - 24, band.y + 2, 21, band.h - 4), 16,
               lang=lang, piece=piece, field="id", valign="middle")
    qr_size = 24.0
    quiet = 4 * qr_size / len(art.matrix)
    qr_x = width - MARGIN - qr_size - quiet
    qr_y = band.y - 6 - qr_size - quiet
    draw_qr(canvas, art.matrix, qr_x, qr_y, qr_size, art.qr_path)
    text.place(canvas, [text.Run(catalog.text("fiche.scan"), colour=GREY, align="center")],
               Rect(qr_x - 6, qr_y - quiet - 8, qr_size + 12, 7), 7.5, lang=lang, piece=piece, field="scan hint")
    info = Rect(MARGIN, qr_y - quiet - 8, qr_x - quiet - 4 - MARGIN, band.y - 4 - (qr_y - quiet - 8))
    title = card.title if not card.blank else f"{catalog.text('card.blank_title')}: ______________________"
    runs = [text.Run(title, fonts.BOLD, colour=INK)]
    if card.description:
        runs.append(text.Run(card.description, colour=GREY, scale=0.6, space_before=0.3))
    text.place(canvas, runs, info, 17, lang=lang, piece=piece, field="title and description")
    questions = catalog.strings["fiche"]["questions"]
    top = info.y - 3
    box_h = (top - MARGIN) / len(questions)
    for i, question in enumerate(questions):
        box = Rect(MARGIN, top - (i + 1) * box_h + 1.5, width - 2 * MARGIN, box_h - 3)
        canvas.setFillColorRGB(*tint(category.colour, 0.07))
        canvas.roundRect(box.x * MM, box.y * MM, box.w * MM, box.h * MM, 2 * MM, stroke=0, fill=1)
        head = text.place(canvas, [text.Run(question["label"], fonts.BOLD, colour=INK),
                                   text.Run(question["hint"], fonts.ITALIC, colour=GREY, scale=0.8)],
                          Rect(box.x + 3, box.top - 12, box.w - 6, 10), 11, lang=lang, piece=piece, field=question["label"])
        canvas.setStrokeColorRGB(0.72, 0.72, 0.76)
        canvas.setLineWidth(0.5)
        y = box.top - 3 - head.height / MM - 7
        while y > box.y + 2:
            canvas.line((box.x + 3) * MM, y * MM, (box.right - 3) * MM, y * MM)
            y -= 7
