"""Lays out a card: every text of its front (and back) fitted into the preset's frames and placed, the QR code checked.

A card that does not fit stops the build with the language, the card and the field;
so does a text whose glyphs reach into the safe zone (the preset's `safe_mm` inside
the trim), which a cut a little off the line could clip. Nothing here draws;
kit.render.card draws what is laid out and placed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.content import formurl, placeholders
from kit.content.colour import INK, text_colour_on
from kit.content.model import Card, Catalog, Category
from kit.errors import KitError
from kit.layout.geometry import MM, Rect
from kit.layout.presets import CardLayout
from kit.qr import MIN_MODULE_MM, Modules, vector_path
from kit.typeset import fit as text
from kit.typeset import fonts

TITLE_GAP_MM = 2.0
WRITING_PITCH_MM = 6.0  # between the handwriting lines of a blank card


@dataclass
class CardArt:
    """One card ready to draw: its fitted text frames, QR modules and caption."""

    card: Card
    category: Category
    frames: dict
    modules: Modules
    payload: str
    caption: str
    qr_path: str


def _content(value: str, municipality: str) -> str:
    """A content text with {municipality} filled in."""
    return placeholders.fill(value, {"municipality": municipality})


def lay_out(card: Card, catalog: Catalog, layout: CardLayout, payload: str, modules: Modules, municipality: str) -> CardArt:
    """Fit every text frame of the card's front; raises KitError naming the card and field on overflow."""
    category = catalog.category(card.category)
    symbol = layout.back_qr.w if layout.question_on_back else layout.qr_symbol_mm
    if symbol / len(modules) < MIN_MODULE_MM:
        raise KitError(f"card {card.id}: its QR code would have {len(modules)} modules in {symbol:g} mm "
                       f"({symbol / len(modules):.2f} mm each), too fine to scan; shorten the form URL "
                       f"({len(payload)} characters) or use a card preset with a larger code.")
    fitter = _Fitter(card, catalog, layout)
    on_band, size = text_colour_on(category.colour), layout.fonts
    frames = {
        "band_name": fitter("category name", "band_name", [text.Run(category.name, fonts.BOLD, colour=on_band)]),
        "card_id": fitter("id", "card_id", [text.Run(card.id, fonts.BOLD, colour=on_band, align="right")]),
        "title": fitter("title", "title", [text.Run(_content(card.title, municipality), fonts.BOLD, colour=INK)]),
    }
    if card.blank:
        for key in ("blank_name", "blank_actions"):
            label = [text.Run(catalog.text(f"card.{key}"), fonts.BOLD, colour=INK)]
            frames[key] = fitter(key.replace("_", " ") + " label", "blank_lines", label, size["body"])
    else:
        body = _body_runs(card, catalog, layout, category, municipality)
        frames["body"] = fitter("description and examples", "body", body, frame=body_frame(layout, frames["title"]))
        frames["question"] = _question(fitter, card, catalog, layout, category, municipality)
    caption, frames["caption"] = _caption(fitter, card, layout, category, payload)
    art = CardArt(card=card, category=category, frames=frames, modules=modules, payload=payload, caption=caption,
                  qr_path=vector_path(modules))
    check_safe_zone(front_texts(art, layout) + back_texts(art, layout), layout, catalog.lang, card.id)
    return art


class _Fitter:
    """Fits runs into one of a card's frames at the preset's size for it, or fails naming the card and field."""

    def __init__(self, card: Card, catalog: Catalog, layout: CardLayout):
        self.card, self.catalog, self.layout = card, catalog, layout

    def __call__(self, field: str, key: str, runs, size: float | None = None, *, frame: Rect | None = None):
        """Fit into the preset's frame `key` at its type size (or into `frame`, at `size`)."""
        layout = self.layout
        base = size if size is not None else layout.fonts[key]
        return text.fit_or_fail(runs, frame or layout.frames[key], base, layout.min_font_pt, lang=self.catalog.lang,
                                card=self.card.id, field=field)


def _body_runs(card: Card, catalog: Catalog, layout: CardLayout, category: Category, municipality: str) -> list:
    """The description, the "for example" label (where the preset has one) and the examples as bullets."""
    body = [text.Run(_content(card.description, municipality), colour=INK)]
    if layout.examples_label:
        body.append(text.Run(catalog.text("card.examples"), fonts.BOLD, colour=category.colour, space_before=0.5))
    body += [text.Run(_content(example, municipality), colour=INK, bullet="\u2022", bullet_colour=category.colour,
                      space_before=0.2) for example in card.examples]
    return body


def _question(fitter: _Fitter, card: Card, catalog: Catalog, layout: CardLayout, category: Category, municipality: str):
    """The reflection question: on the front in a tinted box, or on the back in the category colour."""
    on_back = layout.question_on_back
    colour = text_colour_on(category.colour) if on_back else INK
    frame = layout.back_frames["question"] if on_back else layout.frames["question"].inset(1.5)
    runs = [text.Run(catalog.text("card.question"), fonts.BOLD, colour=colour),
            text.Run(_content(card.question, municipality), fonts.ITALIC, colour=colour, space_before=0.15)]
    return fitter("question", "question", runs, frame=frame)


def _caption(fitter: _Fitter, card: Card, layout: CardLayout, category: Category, payload: str):
    """What people type who cannot scan: the address if it fits under the code, else the card's id."""
    frame = layout.back_frames["caption"] if layout.question_on_back else layout.frames["caption"]
    caption = formurl.caption(payload, card.id, max_chars=1000)
    if fonts.text_width(caption, fonts.REGULAR, layout.fonts["caption"]) > frame.w * MM:
        caption = card.id
    colour = text_colour_on(category.colour) if layout.question_on_back else INK
    return caption, fitter("QR caption", "caption", [text.Run(caption, colour=colour, align="center")], frame=frame)


def body_frame(layout: CardLayout, title) -> Rect:
    """The body runs from just under the title's last line down to the bottom of the preset's body frame."""
    body = layout.frames["body"]
    top = min(body.top, layout.frames["title"].top - title.height / MM - TITLE_GAP_MM)
    return Rect(body.x, body.y, body.w, top - body.y)


def fit_back(category: Category, catalog: Catalog, layout: CardLayout) -> dict:
    """Fit the back's texts: the category name, its explanation (where the preset has room) and the kit name;
    each must keep out of the safe zone (see check_safe_zone)."""
    on = text_colour_on(category.colour)
    sizes = layout.back_fonts
    where = {"lang": catalog.lang, "card": f"back of {category.id}"}
    fitted = {
        "name": text.fit_or_fail([text.Run(category.name, fonts.BOLD, colour=on, align="center")],
                                 layout.back_frames["name"], sizes["name"], layout.min_font_pt, field="category name", **where),
        **({"explanation": text.fit_or_fail([text.Run(category.explanation, colour=on, align="center")],
                                            layout.back_frames["explanation"], sizes["explanation"], layout.min_font_pt,
                                            field="category explanation", **where)} if "explanation" in layout.back_frames else {}),
        "kit_name": text.fit_or_fail([text.Run(catalog.text("kit_name"), colour=on, align="center")],
                                     layout.back_frames["kit_name"], sizes["kit_name"], layout.min_font_pt, field="kit name", **where),
    }
    check_safe_zone(category_back_texts(fitted, layout), layout, catalog.lang, where["card"])
    return fitted


# -- where the texts go, and the safe zone ---------------------------------------------------------

FIELDS = {"band_name": "category name", "card_id": "id", "title": "title", "body": "description and examples",
          "question": "question", "caption": "QR caption", "blank_name": "blank name label",
          "blank_actions": "blank actions label", "name": "category name", "explanation": "category explanation",
          "kit_name": "kit name"}


@dataclass(frozen=True)
class Placed:
    """A fitted text frame and where it is drawn on the card face (mm from the trim's bottom-left corner): its
    left edge and the top of its first line."""

    key: str
    fitted: text.Fitted
    x: float
    top: float


def _middle(key: str, fitted, frame: Rect) -> Placed:
    """A frame's text centred vertically in it (the band's texts, the question in its box)."""
    return Placed(key, fitted, frame.x, frame.y + frame.h / 2 + fitted.height / MM / 2)


def front_texts(art: CardArt, layout: CardLayout) -> list[Placed]:
    """Every text of the card's front, placed (kit.render.card draws them there)."""
    frames, fitted = layout.frames, art.frames
    placed = [_middle(key, fitted[key], frames[key]) for key in ("band_name", "card_id")]
    placed.append(Placed("title", fitted["title"], frames["title"].x, frames["title"].top))
    if art.card.blank:
        lines = frames["blank_lines"]
        name = fitted["blank_name"]
        placed.append(Placed("blank_name", name, lines.x, lines.top))
        # under the name label come two handwriting lines, then the actions label
        actions_top = lines.top - name.height / MM - 2 * WRITING_PITCH_MM - 1.5
        placed.append(Placed("blank_actions", fitted["blank_actions"], lines.x, actions_top))
    else:
        body = body_frame(layout, fitted["title"])
        placed.append(Placed("body", fitted["body"], body.x, body.top))
        if not layout.question_on_back:
            placed.append(_middle("question", fitted["question"], frames["question"].inset(1.5)))
    if not layout.question_on_back:
        placed.append(Placed("caption", fitted["caption"], frames["caption"].x, frames["caption"].top))
    return placed


def back_texts(art: CardArt, layout: CardLayout) -> list[Placed]:
    """The card's own texts on its back (the question and the QR caption, on presets that put them there)."""
    if not layout.question_on_back:
        return []
    frames = layout.back_frames
    placed = [Placed("caption", art.frames["caption"], frames["caption"].x, frames["caption"].top)]
    if "question" in art.frames:
        placed.insert(0, Placed("question", art.frames["question"], frames["question"].x, frames["question"].top))
    return placed


def category_back_texts(fitted: dict, layout: CardLayout) -> list[Placed]:
    """The texts every back of a category shares (see fit_back), placed; the kit's name sits on the frame's bottom."""
    frames = layout.back_frames
    placed = [Placed(key, fitted[key], frames[key].x, frames[key].top) for key in ("name", "explanation") if key in fitted]
    kit = frames["kit_name"]
    placed.append(Placed("kit_name", fitted["kit_name"], kit.x, kit.y + fitted["kit_name"].height / MM))
    return placed


def check_safe_zone(placed: list[Placed], layout: CardLayout, lang: str, card: str) -> None:
    """Raise a KitError naming the language, card and field of the first text whose glyphs reach into the safe
    zone: the `safe_mm` inside the trim that a cut a little off the line may take away.

    A frame whose line boxes (with a margin for glyphs that overhang) stay inside is
    fine; only the others are measured glyph by glyph, which is what a preflight reads
    back from the PDF.
    """
    safe = layout.trim.inset(layout.safe_mm)
    for item in placed:
        fitted = item.fitted
        overhang = 0.2 * max(run.size for run in fitted.runs) / MM
        if safe.contains(Rect(item.x - overhang, item.top - fitted.height / MM, fitted.width / MM + 2 * overhang,
                              fitted.height / MM)):
            continue
        box = text.ink_box(fitted, item.x * MM, item.top * MM)
        if box is None:
            continue
        ink = Rect(box[0] / MM, box[1] / MM, (box[2] - box[0]) / MM, (box[3] - box[1]) / MM)
        if not safe.contains(ink, tol=1e-3):
            raise KitError(f"language {lang}, card {card}, field {FIELDS[item.key]}: the text reaches "
                           f"{_nearest_edge(ink, layout)} of the card, inside its {layout.safe_mm:g} mm safe zone; "
                           f"shorten it or give its frame in the card preset '{layout.name}' more room.")


def _nearest_edge(ink: Rect, layout: CardLayout) -> str:
    """How close ink comes to the trim, and to which edge: "2.10 mm from the top edge"."""
    distances = {"left": ink.x, "right": layout.width_mm - ink.right, "bottom": ink.y, "top": layout.height_mm - ink.top}
    edge = min(distances, key=distances.get)
    return f"{distances[edge]:.2f} mm from the {edge} edge"


