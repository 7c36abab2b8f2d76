"""Workshop worksheets on A4: the Fase 2 voting tally (kind `worksheet-votes`) and the Fase 3 fiche per card
(kind `worksheet-fiches`).

The tally lists every card of the categories that are voted on, with boxes for
the green and red stickers and the outcome (unanimous green: keep; only red or
none: set aside; mixed: discuss), then the guiding questions for the cards to
discuss. A fiche carries one card's title, category and QR code and room for the
six questions of Fase 3. Print on A4 at 100 %. Every measure comes from the
worksheet preset (layouts/worksheets/default.yaml).
"""

from __future__ import annotations

from kit.content import placeholders
from kit.content.colour import INK, text_colour_on, tint
from kit.content.model import Catalog
from kit.layout.geometry import MM, Rect
from kit.layout.presets import WorksheetPreset
from kit.render import canvas as pdf
from kit.render import text
from kit.render.icons import draw_icon
from kit.render.qrsymbol import draw_qr
from kit.typeset import fonts
from kit.typeset.card import CardArt

KIND_VOTES = "worksheet-votes"
KIND_FICHES = "worksheet-fiches"
GREY = (0.35, 0.35, 0.38)
GREEN = (0.13, 0.55, 0.27)
RED = (0.75, 0.16, 0.16)
HEAD_FILL = (0.9, 0.9, 0.92)
WRITING_LINE = (0.7, 0.7, 0.74)


class _Tally:
    """The voting sheet as it is drawn, page after page."""

    def __init__(self, catalog: Catalog, preset: WorksheetPreset, page: tuple[float, float]):
        self.catalog, self.style, self.lang = catalog, preset.votes, catalog.lang
        width, height = page
        self.canvas, self.buffer = pdf.new_canvas(width, height, title=catalog.text("votes.title"), subject=KIND_VOTES,
                                                  lang=catalog.lang, author=catalog.text("kit_name"), creator=pdf.made_by(catalog))
        m = preset.margin_mm
        self.area = Rect(m, m, width - 2 * m, height - 2 * m)
        sticker = self.style.sticker_column_mm
        self.columns = [("card", self.style.card_column_mm), ("green", sticker), ("red", sticker),
                        ("outcome", self.area.w - self.style.card_column_mm - 2 * sticker)]
        self.pages = 0

    def place(self, runs, frame: Rect, size: float, field: str, **options):
        return text.place(self.canvas, runs, frame, size, lang=self.lang, piece="votes", field=field, **options)

    def header(self, top: float) -> float:
        s, area, catalog = self.style, self.area, self.catalog
        t = self.place([text.Run(catalog.text("votes.title"), fonts.BOLD, colour=INK),
                        text.Run(catalog.text("votes.intro"), colour=GREY, scale=0.55, space_before=0.3)],
                       Rect(area.x, top - s.title_mm, area.w, s.title_mm), s.title_pt, "title")
        y = top - t.height / MM - 3
        for colour, key in ((GREEN, "votes.rule_keep"), (RED, "votes.rule_drop"), (GREY, "votes.rule_discuss")):
            self.canvas.setFillColorRGB(*colour)
            self.canvas.circle((area.x + 2) * MM, (y - 2.2) * MM, 1.6 * MM, stroke=0, fill=1)
            self.place([text.Run(catalog.text(key), colour=INK)], Rect(area.x + 6, y - 5, area.w - 6, 5), s.rule_pt, key)
            y -= s.rule_row_mm
        return y - 3

    def table_head(self, y: float) -> float:
        s, area, x = self.style, self.area, self.area.x
        self.canvas.setFillColorRGB(*HEAD_FILL)
        self.canvas.rect(area.x * MM, (y - s.head_mm) * MM, area.w * MM, s.head_mm * MM, stroke=0, fill=1)
        for key, w in self.columns:
            self.place([text.Run(self.catalog.text(f"votes.{key}"), fonts.BOLD, colour=INK)],
                       Rect(x + 1.5, y - s.head_mm + 0.5, w - 3, s.head_mm - 1), s.head_pt, f"column {key}", valign="middle")
            x += w
        return y - s.head_mm

    def new_page(self) -> float:
        if self.pages:
            self.canvas.showPage()
        self.pages += 1
        return self.table_head(self.header(self.area.top))

    def row(self, card, y: float) -> None:
        s, canvas, catalog, x0 = self.style, self.canvas, self.catalog, self.area.x
        h = s.row_mm
        category = catalog.category(card.category)
        canvas.setFillColorRGB(*category.colour)
        canvas.rect(x0 * MM, y * MM, 1.5 * MM, h * MM, stroke=0, fill=1)
        name = card.title if not card.blank else blank_fill(catalog, card, 12)
        label = f"{card.id}  {name}"
        card_w = self.columns[0][1]
        self.place([text.Run(label, colour=INK)], Rect(x0 + 3, y + 0.5, card_w - 4.5, h - 1), s.row_pt, f"row {card.id}",
                   valign="middle")
        x = x0 + card_w
        canvas.setLineWidth(0.6)
        for colour, (_, w) in zip((GREEN, RED), self.columns[1:3]):
            canvas.setStrokeColorRGB(*colour)
            canvas.roundRect((x + 3) * MM, (y + 1.5) * MM, (w - 6) * MM, (h - 3) * MM, 1 * MM, stroke=1, fill=0)
            x += w
        canvas.setStrokeColorRGB(*GREY)
        step = self.columns[3][1] / 3
        for i, key in enumerate(("votes.keep", "votes.drop", "votes.discuss")):
            bx = x + i * step + 1.5
            canvas.rect(bx * MM, (y + h / 2 - 1.8) * MM, 3.6 * MM, 3.6 * MM, stroke=1, fill=0)
            self.place([text.Run(catalog.text(key), colour=INK)], Rect(bx + 5, y + 0.5, step - 7, h - 1), s.outcome_pt, key,
                       valign="middle")
        canvas.setStrokeColorRGB(0.8, 0.8, 0.83)
        canvas.setLineWidth(0.4)
        canvas.line(x0 * MM, y * MM, (x0 + sum(w for _, w in self.columns)) * MM, y * MM)

    def questions(self, y: float) -> None:
        s, canvas, area = self.style, self.canvas, self.area
        questions = self.catalog.strings["votes"]["questions"]
        needed = 12 + len(questions) * (10 + s.writing_lines * s.line_pitch_mm)
        if y - needed < area.y:
            canvas.showPage()
            self.pages += 1
            y = area.top
        y -= 6
        self.place([text.Run(self.catalog.text("votes.questions_title"), fonts.BOLD, colour=INK)], Rect(area.x, y - 8, area.w, 8),
                   s.questions_title_pt, "questions title")
        y -= 10
        canvas.setStrokeColorRGB(*WRITING_LINE)
        canvas.setLineWidth(0.5)
        for question in questions:
            q = self.place([text.Run(question, fonts.ITALIC, colour=INK, bullet="\u2022")], Rect(area.x, y - 10, area.w, 10),
                           s.question_pt, "guiding question")
            y -= q.height / MM + 3
            for _ in range(s.writing_lines):
                y -= s.line_pitch_mm
                canvas.line(area.x * MM, y * MM, area.right * MM, y * MM)
            y -= 4


def render_votes(catalog: Catalog, cards: list, preset: WorksheetPreset, page: tuple[float, float]) -> tuple[bytes, int]:
    tally = _Tally(catalog, preset, page)
    y = tally.new_page()
    for card in cards:
        if y - tally.style.row_mm < tally.area.y:
            y = tally.new_page()
        tally.row(card, y - tally.style.row_mm)
        y -= tally.style.row_mm
    tally.questions(y)
    tally.canvas.showPage()
    return pdf.finish(tally.canvas, tally.buffer), tally.pages


def render_fiches(catalog: Catalog, arts: list[CardArt], icon_file, preset: WorksheetPreset,
                  page: tuple[float, float]) -> tuple[bytes, int]:
    width, height = page
    canvas, buffer = pdf.new_canvas(width, height, title=catalog.text("fiche.title"), subject=KIND_FICHES,
                                    lang=catalog.lang, author=catalog.text("kit_name"), creator=pdf.made_by(catalog))
    for art in arts:
        _fiche(canvas, catalog, art, icon_file(art.category), preset, page)
        canvas.showPage()
    return pdf.finish(canvas, buffer), len(arts)


def _fiche(canvas, catalog: Catalog, art: CardArt, icon, preset: WorksheetPreset, page: tuple[float, float]) -> None:
    lang, card, category, s, m = catalog.lang, art.card, art.category, preset.fiches, preset.margin_mm
    width, height = page
    piece = f"fiche {card.id}"

    def place(runs, frame: Rect, size: float, field: str, **options):
        return text.place(canvas, runs, frame, size, lang=lang, piece=piece, field=field, **options)

    band = Rect(m, height - m - s.band_mm, width - 2 * m, s.band_mm)
    canvas.setFillColorRGB(*category.colour)
    canvas.roundRect(band.x * MM, band.y * MM, band.w * MM, band.h * MM, 2 * MM, stroke=0, fill=1)
    on = text_colour_on(category.colour)
    draw_icon(canvas, icon, Rect(band.x + 3, band.y + (band.h - s.icon_mm) / 2, s.icon_mm, s.icon_mm), on, category.colour)
    place([text.Run(f"{catalog.text('fiche.title')} \u00b7 {category.name}", fonts.BOLD, colour=on)],
          Rect(band.x + s.icon_mm + 6, band.y + 2, band.w - s.icon_mm - 30, band.h - 4), s.band_pt, "band", valign="middle")
    place([text.Run(card.id, fonts.BOLD, colour=on, align="right")], Rect(band.right - 24, band.y + 2, 21, band.h - 4), s.id_pt,
          "id", valign="middle")
    quiet = 4 * s.qr_mm / len(art.modules)
    qr_x = width - m - s.qr_mm - quiet
    qr_y = band.y - 6 - s.qr_mm - quiet
    draw_qr(canvas, art.modules, qr_x, qr_y, s.qr_mm, art.qr_path)
    place([text.Run(catalog.text("fiche.scan"), colour=GREY, align="center")], Rect(qr_x - 6, qr_y - quiet - 8, s.qr_mm + 12, 7),
          s.scan_pt, "scan hint")
    info = Rect(m, qr_y - quiet - 8, qr_x - quiet - 4 - m, band.y - 4 - (qr_y - quiet - 8))
    title = card.title if not card.blank else blank_fill(catalog, card, 22)
    runs = [text.Run(title, fonts.BOLD, colour=INK)]
    if card.description:
        runs.append(text.Run(card.description, colour=GREY, scale=0.6, space_before=0.3))
    place(runs, info, s.title_pt, "title and description")
    questions = catalog.strings["fiche"]["questions"]
    top = info.y - 3
    box_h = (top - m) / len(questions)
    for i, question in enumerate(questions):
        box = Rect(m, top - (i + 1) * box_h + 1.5, width - 2 * m, box_h - 3)
        canvas.setFillColorRGB(*tint(category.colour, 0.07))
        canvas.roundRect(box.x * MM, box.y * MM, box.w * MM, box.h * MM, 2 * MM, stroke=0, fill=1)
        head = place([text.Run(question["label"], fonts.BOLD, colour=INK),
                      text.Run(question["hint"], fonts.ITALIC, colour=GREY, scale=0.8)],
                     Rect(box.x + 3, box.top - 12, box.w - 6, 10), s.question_pt, question["label"])
        canvas.setStrokeColorRGB(0.72, 0.72, 0.76)
        canvas.setLineWidth(0.5)
        y = box.top - 3 - head.height / MM - s.line_pitch_mm
        while y > box.y + 2:
            canvas.line((box.x + 3) * MM, y * MM, (box.right - 3) * MM, y * MM)
            y -= s.line_pitch_mm


def blank_fill(catalog: Catalog, card, length: int) -> str:
    """A blank card's name with a line to write the action's name on (strings.yaml votes.blank_fill)."""
    return placeholders.fill(catalog.text("votes.blank_fill"), {"title": card.title, "line": "_" * length})
