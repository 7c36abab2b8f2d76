"""The validated model of the kit: plain frozen dataclasses, no YAML and no ReportLab.

Everything downstream (geometry, rendering, manifest) reads only these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RGB = tuple[float, float, float]


@dataclass(frozen=True)
class Category:
    id: str
    prefix: str
    name: str
    colour: RGB
    icon: str
    explanation: str
    voting: bool = True  # Fase 2 votes on the first four categories; the regierol is not voted on
    cmyk: tuple | None = None  # print colour (0..1 each) for print-shop files


@dataclass(frozen=True)
class Card:
    """A bouwsteen. Blank cards have `blank=True` and empty texts: people write on them."""

    id: str
    category: str
    title: str
    description: str = ""
    examples: tuple[str, ...] = ()
    question: str = ""
    blank: bool = False


@dataclass(frozen=True)
class Catalog:
    """One language's content: categories, cards (printed ones and blanks) and printed labels."""

    lang: str
    categories: tuple[Category, ...]
    cards: tuple[Card, ...]
    strings: dict = field(hash=False, compare=False)
    # a short hash of the content files it was read from (kit.content.sources.content_hash): printed kits say it
    content_hash: str = field(default="", compare=False)

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def card(self, card_id: str) -> Card:
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    def text(self, key: str) -> str:
        """A printed label from strings.yaml by dotted key, for example `card.examples`."""
        value = self.strings
        for part in key.split("."):
            value = value[part]
        return value


@dataclass(frozen=True)
class ActorGroup:
    name: str
    actors: tuple[str, ...]


@dataclass(frozen=True)
class MatrixRows:
    """The rows of the digitale-inclusiematrix: groups of actors, plus empty rows to write in."""

    groups: tuple[ActorGroup, ...]
    extra_rows: int
