"""Lays out one bouwsteen card, records its faces once (kit.render.record) and places them on any card file.

The front carries the category band (colour, icon, name: categories differ by
icon and name too, not only by colour), the card id, title, description,
examples, reflection question and a vector QR code with a caption under it.
The back carries the category colour, icon and name and the kit's name, so
cards can be sorted face down. Art that touches the trim runs on into the bleed.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.content import formurl

from kit.content import placeholders
from kit.content.colour import INK, WHITE, text_colour_on, tint
from kit.layout.geometry import MM, Rect
from kit.layout.presets import CardLayout
from kit.content.model import Card, Catalog, Category
from kit.errors import KitError
from kit.qr import DARK_RUN, MIN_MODULE_MM, QUIET_MODULES, Matrix
from kit.typeset import fonts
from kit.typeset import fit as text
from kit.render.icons import draw_icon
from kit.render.record import play, record


TITLE_GAP_MM = 2.0


@dataclass
class CardArt:
    """One card ready to draw: its fitted text frames, QR matrix and caption."""

    card: Card
    category: Category
    frames: dict
    matrix: Matrix
    payload: str
    caption: str
    qr_path: str


def _content(value: str, municipality: str) -> str:
    """A content text with {municipality} filled in."""
    return placeholders.fill(value, {"municipality": municipality})


def lay_out(card: Card, catalog: Catalog, layout: CardLayout, payload: str, matrix: Matrix, municipality: str) -> CardArt:
    """Fit every text frame of the card's front; raises KitError naming the card and field on overflow."""
    category = catalog.category(card.category)
    on_band = text_colour_on(category.colour)
    size = layout.fonts
    minimum = layout.min_font_pt
    symbol = layout.back_qr.w if layout.question_on_back else layout.qr_symbol_mm
    if symbol / len(matrix) < MIN_MODULE_MM:
        raise KitError(f"card {card.id}: its QR code would have {len(matrix)} modules in {symbol:g} mm "
                       f"({symbol / len(matrix):.2f} mm each), too fine to scan; shorten the form URL "
                       f"({len(payload)} characters) or use a card preset with a larger code.")

    def fit(field: str, frame: str, runs, base: float):
        return text.fit_or_fail(runs, layout.frames[frame], base, minimum, lang=catalog.lang, card=card.id, field=field)

    frames = {
        "band_name": fit("category name", "band_name", [text.Run(category.name, fonts.BOLD, colour=on_band)], size["band_name"]),
        "card_id": fit("id", "card_id", [text.Run(card.id, fonts.BOLD, colour=on_band, align="right")], size["card_id"]),
        "title": fit("title", "title", [text.Run(_content(card.title, municipality), fonts.BOLD, colour=INK)], size["title"]),
    }
    if card.blank:
        frames["blank_name"] = fit("blank name label", "blank_lines", [text.Run(catalog.text("card.blank_name"), fonts.BOLD, colour=INK)], size["body"])
        frames["blank_actions"] = fit("blank actions label", "blank_lines", [text.Run(catalog.text("card.blank_actions"), fonts.BOLD, colour=INK)], size["body"])
    else:
        body = [text.Run(_content(card.description, municipality), colour=INK)]
        if layout.examples_label:
            body.append(text.Run(catalog.text("card.examples"), fonts.BOLD, colour=category.colour, space_before=0.5))
        body += [
            text.Run(_content(example, municipality), colour=INK, bullet="\u2022", bullet_colour=category.colour, space_before=0.2)
            for example in card.examples
        ]
        frames["body"] = text.fit_or_fail(body, body_frame(layout, frames["title"]), size["body"], minimum,
                                          lang=catalog.lang, card=card.id, field="description and examples")
        # on the front in a tinted box, or on the back in the category colour
        on_back = layout.question_on_back
        q_colour = text_colour_on(category.colour) if on_back else INK
        q_frame = layout.back_frames["question"] if on_back else layout.frames["question"].inset(1.8)
        question = [
            text.Run(catalog.text("card.question"), fonts.BOLD, colour=q_colour),
            text.Run(_content(card.question, municipality), fonts.ITALIC, colour=q_colour, space_before=0.15),
        ]
        frames["question"] = text.fit_or_fail(question, q_frame, size["question"], minimum, lang=catalog.lang, card=card.id, field="question")
    caption_frame = layout.back_frames["caption"] if layout.question_on_back else layout.frames["caption"]
    caption = formurl.caption(payload, card.id, max_chars=1000)
    if fonts.text_width(caption, fonts.REGULAR, size["caption"]) > caption_frame.w * MM:
        caption = card.id
    caption_colour = text_colour_on(category.colour) if layout.question_on_back else INK
    frames["caption"] = text.fit_or_fail([text.Run(caption, colour=caption_colour, align="center")], caption_frame,
                                         size["caption"], minimum, lang=catalog.lang, card=card.id, field="QR caption")
    return CardArt(card=card, category=category, frames=frames, matrix=matrix, payload=payload, caption=caption,
                   qr_path=qr_path(matrix))


def body_frame(layout: CardLayout, title) -> Rect:
    """The body runs from just under the title's last line down to the bottom of the preset's body frame."""
    body = layout.frames["body"]
    top = min(body.top, layout.frames["title"].top - title.height / MM - TITLE_GAP_MM)
    return Rect(body.x, body.y, body.w, top - body.y)


def _clip_to_art(canvas, layout: CardLayout, bleeds) -> None:
    """Keep the art inside the trim plus the bleed on each side that has one (shared cut lines have none)."""
    if bleeds is None:
        return
    left, right, bottom, top = bleeds
    path = canvas.beginPath()
    path.rect(-left * MM, -bottom * MM, (layout.width_mm + left + right) * MM, (layout.height_mm + bottom + top) * MM)
    canvas.clipPath(path, stroke=0, fill=0)


def _placed(canvas, layout: CardLayout, x_mm: float, y_mm: float, bleeds, draw) -> None:
    """Run `draw` with the trim's bottom-left corner at (x_mm, y_mm), the art clipped to `bleeds`."""
    canvas.saveState()
    canvas.translate(x_mm * MM, y_mm * MM)
    if bleeds is not None and min(bleeds) < layout.bleed_mm:
        _clip_to_art(canvas, layout, bleeds)
    draw()
    canvas.restoreState()


def front_art(canvas, art: CardArt, layout: CardLayout, icon_file) -> None:
    """The front's art, trim corner at the origin."""
    colour = art.category.colour
    bleed = layout.bleed_mm
    w, h = layout.width_mm, layout.height_mm
    band_bottom = h - layout.band_mm
    canvas.setFillColorRGB(*colour)
    canvas.rect(-bleed * MM, band_bottom * MM, (w + 2 * bleed) * MM, (layout.band_mm + bleed) * MM, stroke=0, fill=1)
    draw_icon(canvas, icon_file, layout.band_icon, text_colour_on(colour), colour)
    for name in ("band_name", "card_id"):
        frame = layout.frames[name]
        fitted = art.frames[name]
        # centred vertically in the band
        text.draw(canvas, fitted, frame.x * MM, 0, valign_bottom_pt=(frame.y + frame.h / 2) * MM - fitted.height / 2)
    _draw_frame(canvas, art.frames["title"], layout.frames["title"])
    if art.card.blank:
        _draw_blank_lines(canvas, art, layout)
    else:
        _draw_frame(canvas, art.frames["body"], body_frame(layout, art.frames["title"]))
        if not layout.question_on_back:
            _draw_question_box(canvas, art, layout)
    if not layout.question_on_back:
        draw_qr(canvas, art.matrix, layout.qr_x_mm, layout.qr_y_mm, layout.qr_symbol_mm, art.qr_path)
        caption = layout.frames["caption"]
        text.draw(canvas, art.frames["caption"], caption.x * MM, caption.top * MM)


def _draw_frame(canvas, fitted, frame: Rect) -> None:
    text.draw(canvas, fitted, frame.x * MM, frame.top * MM)


def _draw_question_box(canvas, art: CardArt, layout: CardLayout) -> None:
    frame = layout.frames["question"]
    colour = art.category.colour
    canvas.setFillColorRGB(*tint(colour, 0.12))
    canvas.roundRect(frame.x * MM, frame.y * MM, frame.w * MM, frame.h * MM, 1.5 * MM, stroke=0, fill=1)
    canvas.setFillColorRGB(*colour)
    canvas.rect(frame.x * MM, frame.y * MM, 0.8 * MM, frame.h * MM, stroke=0, fill=1)
    inner = frame.inset(1.8)
    fitted = art.frames["question"]
    text.draw(canvas, fitted, inner.x * MM, 0, valign_bottom_pt=inner.y * MM + (inner.h * MM - fitted.height) / 2)


def _draw_blank_lines(canvas, art: CardArt, layout: CardLayout) -> None:
    """Writing lines: a label for the action's name, two lines, a label for what happens, lines to the bottom."""
    frame = layout.frames["blank_lines"]
    pitch = 6.0  # mm between handwriting lines
    canvas.setStrokeColorRGB(*tint(INK, 0.45))
    canvas.setLineWidth(0.4)
    top = frame.top * MM
    name_label = art.frames["blank_name"]
    text.draw(canvas, name_label, frame.x * MM, top)
    y = frame.top - name_label.height / MM - pitch
    for _ in range(2):
        canvas.line(frame.x * MM, y * MM, frame.right * MM, y * MM)
        y -= pitch
    actions_label = art.frames["blank_actions"]
    text.draw(canvas, actions_label, frame.x * MM, (y + pitch - 1.5) * MM - 0)
    y -= actions_label.height / MM + 0.5
    qr_left = layout.qr_x_mm - QUIET_MODULES * layout.qr_symbol_mm / len(art.matrix) - 1
    qr_top = layout.qr_y_mm + layout.qr_symbol_mm + 2
    bottom = layout.frames["question"].y + 1
    while y >= bottom:
        right = frame.right if y > qr_top or layout.question_on_back else qr_left
        canvas.line(frame.x * MM, y * MM, right * MM, y * MM)
        y -= pitch


def qr_path(matrix: Matrix) -> str:
    """PDF path operators for the dark modules, in module units, one rectangle per horizontal run.

    The same runs as kit.qr.dark_runs, found in one pass over the rows joined by a light
    separator and written with one format: a code has some 300 of them.
    """
    stride = len(matrix) + 1
    numbers = []
    for run in DARK_RUN.finditer("0".join(matrix)):
        start, end = run.span()
        row, column = divmod(start, stride)
        numbers += (column, row, end - start)
    return ("%d %d %d 1 re " * (len(numbers) // 3)) % tuple(numbers) + "f"


def draw_qr(canvas, matrix: Matrix, x_mm: float, y_mm: float, symbol_mm: float, path: str | None = None) -> None:
    """Vector QR code: dark modules as filled rectangles on a white quiet zone of 4 modules.

    The code is drawn in module units (one unit = one module), so every
    rectangle has whole-number coordinates; all runs form one path, filled once.
    """
    modules = len(matrix)
    module = symbol_mm / modules * MM
    canvas.saveState()
    canvas.translate(x_mm * MM, (y_mm + symbol_mm) * MM)
    canvas.scale(module, -module)  # rows run downwards from the top-left corner
    canvas.setFillColorRGB(*WHITE)
    canvas.rect(-QUIET_MODULES, -QUIET_MODULES, modules + 2 * QUIET_MODULES, modules + 2 * QUIET_MODULES, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral(path or qr_path(matrix))
    canvas.restoreState()


def back_form(canvas, category: Category, catalog: Catalog, layout: CardLayout, icon_file) -> str:
    """The name of the form with the category's back art, defined in the canvas's document on first use."""
    name = f"back-{category.id}"
    forms = canvas.__dict__.setdefault("_kit_forms", set())
    if name not in forms:
        bleed = layout.bleed_mm * MM
        w, h = layout.width_mm * MM, layout.height_mm * MM
        canvas.beginForm(name, -bleed, -bleed, w + bleed, h + bleed)
        _back_art(canvas, category, catalog, layout, icon_file)
        canvas.endForm()
        forms.add(name)
    return name


def back_art(canvas, art: CardArt, layout: CardLayout) -> None:
    """The card's own part of the back, for presets with the question and QR code there."""
    if "question" in art.frames:
        frame = layout.back_frames["question"]
        text.draw(canvas, art.frames["question"], frame.x * MM, frame.top * MM)
    qr = layout.back_qr
    draw_qr(canvas, art.matrix, qr.x, qr.y, qr.w, art.qr_path)
    caption = layout.back_frames["caption"]
    text.draw(canvas, art.frames["caption"], caption.x * MM, caption.top * MM)


@dataclass
class RecordedCard:
    """A card's faces drawn once (kit.render.record), to be played into every card file."""

    id: str
    category: Category
    front: tuple
    back: tuple  # empty when the back is only the category's art


def record_card(recorder, art: CardArt, layout: CardLayout, icon_file) -> RecordedCard:
    """Draw the card's front (and its own part of the back) once, trim corner at the origin."""
    what = f"card {art.card.id}"
    front = record(recorder, lambda: front_art(recorder, art, layout, icon_file), what)
    back = record(recorder, lambda: back_art(recorder, art, layout), what) if layout.question_on_back else ()
    return RecordedCard(id=art.card.id, category=art.category, front=front, back=back)


def place_front(canvas, card: RecordedCard, layout: CardLayout, x_mm: float, y_mm: float, bleeds=None) -> None:
    """The recorded front with its trim's bottom-left corner at (x_mm, y_mm); `bleeds` limits the art per side."""
    _placed(canvas, layout, x_mm, y_mm, bleeds, lambda: play(canvas, card.front))


def place_back(canvas, card: RecordedCard, catalog: Catalog, layout: CardLayout, icon_file, x_mm: float, y_mm: float,
               bleeds=None) -> None:
    """The back: the category's art (a form of the document) and the card's recorded part, if any."""
    name = back_form(canvas, card.category, catalog, layout, icon_file)

    def draw():
        canvas.doForm(name)
        play(canvas, card.back)

    _placed(canvas, layout, x_mm, y_mm, bleeds, draw)


def fit_back(category: Category, catalog: Catalog, layout: CardLayout) -> dict:
    """Fit the back's texts: the category name and the kit name."""
    on = text_colour_on(category.colour)
    sizes = layout.back_fonts
    where = {"lang": catalog.lang, "card": f"back of {category.id}"}
    return {
        "name": text.fit_or_fail([text.Run(category.name, fonts.BOLD, colour=on, align="center")],
                                 layout.back_frames["name"], sizes["name"], layout.min_font_pt, field="category name", **where),
        **({"explanation": text.fit_or_fail([text.Run(category.explanation, colour=on, align="center")],
                                            layout.back_frames["explanation"], sizes["explanation"], layout.min_font_pt,
                                            field="category explanation", **where)} if "explanation" in layout.back_frames else {}),
        "kit_name": text.fit_or_fail([text.Run(catalog.text("kit_name"), colour=on, align="center")],
                                     layout.back_frames["kit_name"], sizes["kit_name"], layout.min_font_pt, field="kit name", **where),
    }


def _back_art(canvas, category: Category, catalog: Catalog, layout: CardLayout, icon_file) -> None:
    bleed = layout.bleed_mm
    canvas.setFillColorRGB(*category.colour)
    canvas.rect(-bleed * MM, -bleed * MM, (layout.width_mm + 2 * bleed) * MM, (layout.height_mm + 2 * bleed) * MM, stroke=0, fill=1)
    draw_icon(canvas, icon_file, layout.back_icon, text_colour_on(category.colour), category.colour)
    fitted = fit_back(category, catalog, layout)
    name_frame, kit_frame = layout.back_frames["name"], layout.back_frames["kit_name"]
    text.draw(canvas, fitted["name"], name_frame.x * MM, name_frame.top * MM)
    if "explanation" in fitted:
        explanation = layout.back_frames["explanation"]
        text.draw(canvas, fitted["explanation"], explanation.x * MM, explanation.top * MM)
    text.draw(canvas, fitted["kit_name"], kit_frame.x * MM, 0, valign_bottom_pt=kit_frame.y * MM)
