"""Lays out a card: every text of its front (and back) fitted into the preset's frames, the QR code checked.

A card that does not fit stops the build with the language, the card and the field.
Nothing here draws; kit.render.card draws what is laid out here.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.content import formurl, placeholders
from kit.content.colour import INK, text_colour_on
from kit.content.model import Card, Catalog, Category
from kit.errors import KitError
from kit.layout.geometry import MM, Rect
from kit.layout.presets import CardLayout
from kit.qr import MIN_MODULE_MM, Matrix, vector_path
from kit.typeset import fit as text
from kit.typeset import fonts

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
                   qr_path=vector_path(matrix))


def body_frame(layout: CardLayout, title) -> Rect:
    """The body runs from just under the title's last line down to the bottom of the preset's body frame."""
    body = layout.frames["body"]
    top = min(body.top, layout.frames["title"].top - title.height / MM - TITLE_GAP_MM)
    return Rect(body.x, body.y, body.w, top - body.y)


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


