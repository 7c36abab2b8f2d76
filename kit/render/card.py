"""Draws a laid-out card (kit.typeset.card), records its faces once (kit.render.record) and places them on any card file.

The front carries the category band (colour, icon, name: categories differ by
icon and name too, not only by colour), the card id, title, description,
examples, reflection question and a vector QR code with a caption under it.
The back carries the category colour, icon and name and the kit's name, so
cards can be sorted face down. Art that touches the trim runs on into the bleed.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.content.colour import INK, text_colour_on, tint
from kit.content.model import Catalog, Category
from kit.layout.geometry import MM
from kit.layout.presets import CardLayout
from kit.qr import QUIET_MODULES
from kit.render import internals, text
from kit.render.icons import draw_icon
from kit.render.qrsymbol import draw_qr
from kit.render.record import play, record
from kit.typeset.card import WRITING_PITCH_MM, CardArt, Placed, back_texts, category_back_texts, fit_back, front_texts


def front_art(canvas, art: CardArt, layout: CardLayout, icon_file) -> None:
    """The front's art, trim corner at the origin; every text where kit.typeset.card placed it."""
    colour = art.category.colour
    bleed = layout.bleed_mm
    w = layout.width_mm
    band_bottom = layout.height_mm - layout.band_mm
    placed = {item.key: item for item in front_texts(art, layout)}
    canvas.setFillColorRGB(*colour)
    canvas.rect(-bleed * MM, band_bottom * MM, (w + 2 * bleed) * MM, (layout.band_mm + bleed) * MM, stroke=0, fill=1)
    draw_icon(canvas, icon_file, layout.band_icon, text_colour_on(colour), colour)
    for key in ("band_name", "card_id", "title"):
        _draw(canvas, placed[key])
    if art.card.blank:
        _draw_blank_lines(canvas, art, layout, placed)
    else:
        _draw(canvas, placed["body"])
        if not layout.question_on_back:
            _draw_question_box(canvas, art, layout)
            _draw(canvas, placed["question"])
    if not layout.question_on_back:
        draw_qr(canvas, art.modules, layout.qr_x_mm, layout.qr_y_mm, layout.qr_symbol_mm, art.qr_path)
        _draw(canvas, placed["caption"])


def _draw(canvas, item: Placed) -> None:
    text.draw(canvas, item.fitted, item.x * MM, item.top * MM)


def _draw_question_box(canvas, art: CardArt, layout: CardLayout) -> None:
    """The tinted box with a bar in the category colour that holds the question."""
    frame = layout.frames["question"]
    colour = art.category.colour
    canvas.setFillColorRGB(*tint(colour, 0.12))
    canvas.roundRect(frame.x * MM, frame.y * MM, frame.w * MM, frame.h * MM, 1.5 * MM, stroke=0, fill=1)
    canvas.setFillColorRGB(*colour)
    canvas.rect(frame.x * MM, frame.y * MM, 0.8 * MM, frame.h * MM, stroke=0, fill=1)


def _draw_blank_lines(canvas, art: CardArt, layout: CardLayout, placed: dict) -> None:
    """Writing lines: a label for the action's name, two lines, a label for what happens, lines to the bottom."""
    frame = layout.frames["blank_lines"]
    pitch = WRITING_PITCH_MM
    canvas.setStrokeColorRGB(*tint(INK, 0.45))
    canvas.setLineWidth(0.4)
    name_label = placed["blank_name"]
    _draw(canvas, name_label)
    y = name_label.top - name_label.fitted.height / MM - pitch
    for _ in range(2):
        canvas.line(frame.x * MM, y * MM, frame.right * MM, y * MM)
        y -= pitch
    actions_label = placed["blank_actions"]  # a little above where the next line would be
    _draw(canvas, actions_label)
    y -= actions_label.fitted.height / MM + 0.5
    qr_left = layout.qr_x_mm - QUIET_MODULES * layout.qr_symbol_mm / len(art.modules) - 1
    qr_top = layout.qr_y_mm + layout.qr_symbol_mm + 2
    bottom = layout.frames["question"].y + 1
    while y >= bottom:
        right = frame.right if y > qr_top or layout.question_on_back else qr_left
        canvas.line(frame.x * MM, y * MM, right * MM, y * MM)
        y -= pitch


def back_form(canvas, category: Category, catalog: Catalog, layout: CardLayout, icon_file) -> str:
    """The name of the form with the category's back art, defined in the canvas's document on first use."""
    name = f"back-{category.id}"
    forms = internals.memo(canvas).setdefault("forms", set())
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
    qr = layout.back_qr
    draw_qr(canvas, art.modules, qr.x, qr.y, qr.w, art.qr_path)
    for item in back_texts(art, layout):
        _draw(canvas, item)


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


def draw_face(canvas, card: RecordedCard, face: str, catalog: Catalog, layout: CardLayout, icon_file) -> None:
    """A card's front, or its back (the category's art, a form of the document, and the card's own part),
    trim corner at the canvas origin: what the imposer places on a sheet side."""
    if face == "front":
        play(canvas, card.front)
        return
    canvas.doForm(back_form(canvas, card.category, catalog, layout, icon_file))
    play(canvas, card.back)


def _back_art(canvas, category: Category, catalog: Catalog, layout: CardLayout, icon_file) -> None:
    bleed = layout.bleed_mm
    canvas.setFillColorRGB(*category.colour)
    canvas.rect(-bleed * MM, -bleed * MM, (layout.width_mm + 2 * bleed) * MM, (layout.height_mm + 2 * bleed) * MM, stroke=0, fill=1)
    draw_icon(canvas, icon_file, layout.back_icon, text_colour_on(category.colour), category.colour)
    for item in category_back_texts(fit_back(category, catalog, layout), layout):
        _draw(canvas, item)
