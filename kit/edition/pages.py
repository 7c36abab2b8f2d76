"""The pages of the HTML edition, made with the Jinja2 templates next to this module, from one language's content.

    index.html        what the edition holds, with a table of contents
    manual.html       the handleiding (content/<lang>/manual.md)
    cards.html        every card per category: title, description, examples, question and the link its QR
                      code opens, and what the blank cards are for
    worksheets.html   the Fase 2 voting sheet's rules and questions, the six Fase 3 questions
    matrix.html       the digitale-inclusiematrix as a table with header cells
    edition.css       one small stylesheet, with the category colours that pass 4.5:1 behind their text

Every word comes from content/<lang>/ (strings.yaml's `edition.*` and the labels the printed
kit uses). Links between the pages are relative, so the folder works opened from disk and
when served (kit serve at /kit/<lang>/). The pages hold no script; the icons are inline SVG,
hidden from screen readers as each stands next to its category's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from kit.content import placeholders, typography
from kit.content.catalog import icon_path, load_language, load_matrix
from kit.content.characters import xml_safe
from kit.content.colour import INK, MIN_CONTRAST, WHITE, contrast, text_colour_on
from kit.content.formurl import SERVER_FORM
from kit.content.manual import Manual, language_manual
from kit.content.model import Card, Catalog, Category, MatrixRows
from kit.edition.icons import inline_icon
from kit.templatecache import KeptTemplates

STYLESHEET = "edition.css"
# where a {kit:piece} of the manual is shown in the edition (the legplan is printed only; the blank cards' anchor is added per kit)
PIECE_PAGES = {"cards": "cards.html", "matrix": "matrix.html", "votes": "worksheets.html#votes",
               "fiches": "worksheets.html#fiches"}


@dataclass(frozen=True)
class Link:
    """What a card's QR code opens, as the edition shows it: the address, and `href` when it can be followed."""

    text: str
    href: str = ""


@dataclass(frozen=True)
class Page:
    """A page of the edition: its file, and its name in every page's navigation."""

    file: str
    label: str


@dataclass(frozen=True)
class CardView:
    """A card as the edition shows it: its texts with {municipality} filled in, and its QR link."""

    card: Card
    title: str
    description: str
    examples: tuple[str, ...]
    question: str
    link: Link


@dataclass(frozen=True)
class Group:
    """A category with its icon, its colour, its band colours (None: no text reaches 4.5:1 on the colour) and cards."""

    category: Category
    explanation: str
    icon: Markup
    colour: str
    band: tuple[str, str] | None
    cards: tuple[CardView, ...]
    blanks: tuple[CardView, ...]


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def band_colours(colour) -> tuple[str, str] | None:
    """(background, text) of a category band, or None when no text colour reaches 4.5:1 on the category colour."""
    on = text_colour_on(colour)
    return (_hex(colour), _hex(on)) if contrast(on, colour) >= MIN_CONTRAST else None


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("kit.edition", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, undefined=StrictUndefined, bytecode_cache=KeptTemplates())
    # every text a page shows goes through xml_safe (a template's own markup already did, inside)
    env.finalize = lambda value: xml_safe(value) if isinstance(value, str) and not isinstance(value, Markup) else value
    return env


ENVIRONMENT = _environment()
_TEXT = re.compile(r">([^<]+)<")


def _spaced(html: str, rules) -> str:
    """The page with the language's typographic spaces (kit.content.typography) in its text, never inside a tag."""
    return _TEXT.sub(lambda match: ">" + rules.spaced(match.group(1)) + "<", html) if rules.before or rules.after else html


def nested(items) -> list:
    """A manual list's (depth, inlines) items as [(inlines, [sub-items' inlines])]: lists go two levels deep."""
    out = []
    for depth, pieces in items:
        if depth and out:
            out[-1][1].append(pieces)
        else:
            out.append((pieces, []))
    return out


def manual_sections(manual: Manual) -> list:
    """The manual's chapters with each heading's level on the page: chapters are h2 under the page's h1, and no
    level is skipped (a ### right under a chapter becomes h3)."""
    chapters = []
    for number, chapter in enumerate(manual.chapters, start=1):
        blocks, level = [], 2
        for block in chapter.blocks:
            if block.kind == "heading":
                level = min(block.level + 1, level + 1)
                blocks.append((block, level))
            else:
                blocks.append((block, 0))
        chapters.append((f"chapter-{number}", chapter, blocks))
    return chapters


def _groups(catalog: Catalog, icon_file, link, say) -> list[Group]:
    """The categories in order, each with its printed cards and its blank cards."""
    views: dict[str, tuple[list, list]] = {category.id: ([], []) for category in catalog.categories}
    for card in catalog.cards:
        view = CardView(card, say(card.title), say(card.description), tuple(say(e) for e in card.examples), say(card.question),
                        link(card))
        views[card.category][1 if card.blank else 0].append(view)
    return [Group(c, say(c.explanation), inline_icon(Path(icon_file(c))), _hex(c.colour), band_colours(c.colour),
                  tuple(views[c.id][0]), tuple(views[c.id][1])) for c in catalog.categories]


def _pages(catalog: Catalog, manual: Manual | None) -> list[Page]:
    pages = [Page("index.html", catalog.text("edition.start"))]
    if manual:
        pages.append(Page("manual.html", manual.subtitle or manual.title))
    return pages + [Page("cards.html", catalog.text("edition.cards")), Page("worksheets.html", catalog.text("edition.worksheets")),
                    Page("matrix.html", catalog.text("matrix.title"))]


def make_edition(catalog: Catalog, manual: Manual | None, matrix: MatrixRows, icon_file, municipality: str, *, qr=None,
                 server: str = "") -> list[tuple[str, bytes]]:
    """Every file of the edition as (path in the folder, bytes), in a fixed order: the same content gives the same bytes.

    `icon_file(category)` is the category's SVG file and `municipality` what texts say for
    {municipality}. `qr(card)` is the address the card's printed QR code opens (a link to
    follow); without it, each card shows the address its QR code has when printed for a
    workshop on the `kit serve` at `server`, with a stand-in for the workshop's code.
    """
    def say(text: str, **values) -> str:
        return placeholders.fill(text, {"municipality": municipality, **values})

    code = f"\u2039{catalog.text('web.code')}\u203a" if qr is None else ""  # the code in angle quotes: no real address holds it
    if qr is None:
        def link(card: Card) -> Link:
            return Link(server.rstrip("/") + placeholders.fill(SERVER_FORM, {"workshop": code, "card": card.id}))
    else:
        def link(card: Card) -> Link:
            return Link(qr(card), qr(card))

    groups = _groups(catalog, icon_file, link, say)
    pages = _pages(catalog, manual)
    pieces = dict(PIECE_PAGES)
    blanks = next((g for g in groups if g.blanks), None)
    if blanks:
        pieces["blanks"] = f"cards.html#blanks-{blanks.category.prefix}"
    shared = {"t": lambda key, **values: say(catalog.text(key), **values), "lang": catalog.lang, "pages": pages,
              "groups": groups, "manual": manual, "chapters": manual_sections(manual) if manual else [],
              "manual_label": pages[1].label if manual else "", "stylesheet": STYLESHEET, "piece_pages": pieces, "nested": nested,
              "matrix": matrix, "votes": catalog.strings["votes"], "fiche": catalog.strings["fiche"], "code": code}
    files = []
    for page in pages:
        heading = catalog.text("edition.name") if page.file == "index.html" else page.label
        html = ENVIRONMENT.get_template(page.file).render(current=page.file, heading=heading, **shared)
        files.append((page.file, _spaced(html, typography.rules(catalog.lang)).encode("utf-8")))
    css = ENVIRONMENT.get_template(STYLESHEET).render(groups=groups, ink=_hex(INK), paper=_hex(WHITE))
    return files + [(STYLESHEET, css.encode("utf-8"))]


def language_edition(content_dir, lang: str, server: str) -> list[tuple[str, bytes]]:
    """The edition of one language of a content folder as the `kit serve` at `server` shows it: the default number of
    blank cards, the language's own matrix, the default name for {municipality}, and each card's address as it is
    printed for a workshop on that server."""
    catalog = load_language(content_dir, lang)
    return make_edition(catalog, language_manual(content_dir, lang), load_matrix(content_dir, lang),
                        lambda category: icon_path(content_dir, category.icon), catalog.text("municipality_default"),
                        server=server)
