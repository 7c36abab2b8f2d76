"""Loads one language of the content catalog (content/<lang>/*.yaml) into the validated model.

Each file's shape is declared below as msgspec structs (kit.content.schema checks
it and names the file and line of the first problem); what involves several
entries (a duplicate id, an unknown category, a missing icon) is checked here.
A language that lacks texts gets the Dutch ones (kit.content.i18n.with_dutch_gaps).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import msgspec

from kit import defaults
from kit.content import placeholders, typography
from kit.content.colour import MIN_CONTRAST, WHITE, contrast, parse_hex, text_colour_on
from kit.content.glossary import load_glossary
from kit.content.labels import CONTENT_PLACEHOLDERS, Strings
from kit.content.model import ActorGroup, Card, Catalog, Category, MatrixRows
from kit.content.schema import convert, problem
from kit.content.sources import SOURCE, as_layers, content_hash, merged_yaml
from kit.content.yamlfile import load_yaml
from kit.errors import KitError

DEFAULT_CONTENT = defaults.CONTENT
LANG = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
_CARD_ID = re.compile(r"^[A-Z][0-9]{2,4}$")
_CATEGORY_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")  # control characters other than tab and newline
Text = Annotated[str, msgspec.Meta(min_length=1)]
Percent = Annotated[float, msgspec.Meta(ge=0, le=100)]


def _checked_text(value: str, field: str, what: str) -> None:
    """A printed text: no control characters, no placeholder but {municipality}."""
    if not value.strip():
        raise problem(field, f"'{field}' of {what} must be a non-empty text.")
    if _CONTROL.search(value):
        raise problem(field, f"'{field}' of {what} contains a control character.")
    bad = placeholders.unknown(value, CONTENT_PLACEHOLDERS)
    if bad:
        allowed = ", ".join("{" + name + "}" for name in CONTENT_PLACEHOLDERS)
        raise problem(field, f"'{field.split('[')[0]}' of {what} uses the unknown placeholder {{{bad[0]}}} (allowed: {allowed}).")


class CategoryEntry(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """One category of categories.yaml."""

    id: str
    prefix: str
    name: Text
    colour: str
    icon: Text
    explanation: Text
    voting: bool = True  # Fase 2 votes on the first four categories; the regierol is not voted on
    cmyk: tuple[Percent, Percent, Percent, Percent] | None = None

    def __post_init__(self):
        if not _CATEGORY_ID.match(self.id):
            raise problem("id", f"category id {self.id!r} must be lowercase letters, digits, '-' or '_'.")
        what = f"category '{self.id}'"
        if not re.fullmatch("[A-Z]", self.prefix):
            raise problem("prefix", f"{what} needs a 'prefix' of one capital letter, got {self.prefix!r}.")
        colour = parse_hex(self.colour)
        if colour is None:
            raise problem("colour", f"{what} has the bad colour {self.colour!r}; write it as #rrggbb.")
        # the colour carries text (band) and is itself text on white paper (headings, bullets)
        for ratio, use in ((contrast(colour, text_colour_on(colour)), "text on"), (contrast(colour, WHITE), "white paper against")):
            if ratio < MIN_CONTRAST:
                raise problem("colour", f"{use} the colour {self.colour} of {what} has a contrast of {ratio:.2f}:1, below the "
                                        f"{MIN_CONTRAST}:1 that WCAG AA asks; choose a darker colour.")
        for field in ("name", "explanation"):
            _checked_text(getattr(self, field), field, what)


class CardEntry(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """One bouwsteen of cards.yaml."""

    id: str
    category: str
    title: Text
    description: Text
    examples: Annotated[list[Text], msgspec.Meta(min_length=2, max_length=4)]
    question: Text

    def __post_init__(self):
        if not _CARD_ID.match(self.id):
            raise problem("id", f"the card id {self.id!r} is malformed; write a category prefix and two to four digits, such as T01.")
        what = f"card {self.id}"
        for field in ("title", "description", "question"):
            _checked_text(getattr(self, field), field, what)
        for index, example in enumerate(self.examples):
            _checked_text(example, f"examples[{index}]", f"{what}, example {index + 1}")


class CategoriesFile(msgspec.Struct, forbid_unknown_fields=True):
    categories: Annotated[list[CategoryEntry], msgspec.Meta(min_length=1)]


class CardsFile(msgspec.Struct, forbid_unknown_fields=True):
    cards: Annotated[list[CardEntry], msgspec.Meta(min_length=1)]


class ActorGroupEntry(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    name: Text
    actors: Annotated[list[Annotated[str, msgspec.Meta(min_length=1, max_length=60)]], msgspec.Meta(min_length=1)]


class MatrixFile(msgspec.Struct, forbid_unknown_fields=True):
    """matrix.yaml: the actors of the digitale-inclusiematrix, at most 30 rows on A3."""

    groups: Annotated[list[ActorGroupEntry], msgspec.Meta(min_length=1)]
    extra_rows: Annotated[int, msgspec.Meta(ge=0, le=10)] = 0

    def __post_init__(self):
        if sum(len(g.actors) for g in self.groups) + self.extra_rows > 30:
            raise ValueError("the matrix holds at most 30 rows of actors on A3.")


def _entry_name(key: str, label: str):
    """describe() for kit.content.schema: "card T01" for a path that starts at cards[i]."""

    def describe(steps, data) -> str:
        if len(steps) >= 2 and steps[0] == key and isinstance(steps[1], int):
            try:
                entry_id = data[key][steps[1]].get("id") or data[key][steps[1]].get("name")
            except (AttributeError, IndexError, KeyError, TypeError):
                entry_id = None
            return f"{label} {entry_id}" if entry_id else f"{label} {steps[1] + 1}"
        return f"'{key}'" if steps else "the file"

    return describe


def _strings_part(steps, data) -> str:
    section = ".".join(str(s) for s in steps if isinstance(s, str))
    return f"section '{section}' of strings.yaml" if section else "strings.yaml"


def available_languages(content_dir) -> list[str]:
    """Language folders that hold a cards.yaml, in any folder of the content's layers (kit.content.sources), sorted."""
    layers = as_layers(content_dir)
    return [name for name in layers.names() if LANG.match(name) and layers.find(name, "cards.yaml")]


def icon_path(content_dir, icon: str) -> Path:
    """The icon's SVG file in the uppermost folder that has it (or where the uppermost would have it)."""
    return as_layers(content_dir).where("icons", f"{icon}.svg")


def language_folder(content_dir, lang: str) -> Path:
    """The uppermost content/<lang>/, or a KitError that lists the languages there are."""
    layers = as_layers(content_dir)
    if not LANG.match(lang or ""):
        raise KitError(f"'{lang}' is not a language code such as nl, fr, de or en.")
    folder = layers.find(lang)
    if folder is None or not folder.is_dir():
        known = ", ".join(available_languages(layers)) or "none"
        raise KitError(f"{layers.top / lang}: no content for language '{lang}' (languages with content: {known}).")
    return folder


def load_language(content_dir, lang: str, *, blanks_per_category: int = 3, strict: bool = False, warn=None) -> Catalog:
    """One language's catalog from the content's layers (a folder, or kit.content.sources.Layers); texts a translation
    lacks come from Dutch with a warning, or fail with `strict`."""
    from kit.content import i18n

    content_dir = as_layers(content_dir)
    data = {}
    if lang != i18n.SOURCE and content_dir.find(i18n.SOURCE) and content_dir.find(lang):
        missing = i18n.missing_keys(content_dir, lang)
        if missing:
            listed = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
            if strict:
                raise KitError(f"language {lang}: {len(missing)} texts are not translated ({listed}); translate them or "
                               "leave out --strict.")
            if warn:
                warn(f"warning: language {lang}: {len(missing)} texts fall back to Dutch: {listed}.")
            data = i18n.with_dutch_gaps(content_dir, lang)
    return load_catalog(content_dir, lang, blanks_per_category=blanks_per_category, data=data)


def load_catalog(content_dir, lang: str, *, blanks_per_category: int = 3, data=None) -> Catalog:
    """Read content/<lang>/ (in every folder of its layers, kit.content.sources) into a validated Catalog, with blank
    cards appended per category.

    `data` maps file names to data already read (a translation with Dutch filled in, kit.content.i18n).
    """
    content_dir = as_layers(content_dir)
    language_folder(content_dir, lang)
    data = data or {}

    def read(name: str):
        return data[name] if name in data else merged_yaml(content_dir, lang, name)

    categories = _categories(read("categories.yaml"), content_dir.where(lang, "categories.yaml"), content_dir)
    load_glossary(content_dir, lang)  # its shape is checked like every content file; its names by the tests and `kit validate`
    typography.use(typography.load(content_dir, lang))  # how the typesetter spaces and breaks this language's text
    strings = read("strings.yaml")
    convert(strings, Strings, content_dir.where(lang, "strings.yaml"), _strings_part)
    cards = _cards(read("cards.yaml"), content_dir.where(lang, "cards.yaml"), categories)
    cards += _blank_cards(categories, strings["card"]["blank_title"], blanks_per_category)
    return Catalog(lang=lang, categories=tuple(categories), cards=tuple(cards), strings=strings,
                   content_hash=content_hash(content_dir, lang))


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _categories(data, path: Path, content_dir) -> list[Category]:
    checked = convert(data, CategoriesFile, path, _entry_name("categories", "category"))
    categories, seen_ids, seen_prefixes = [], set(), set()
    for index, entry in enumerate(checked.categories):
        node = data["categories"][index]
        if entry.id in seen_ids:
            raise KitError(f"{node.where('id')}: the category id '{entry.id}' is used twice.")
        if entry.prefix in seen_prefixes:
            raise KitError(f"{node.where('prefix')}: the prefix '{entry.prefix}' of category '{entry.id}' is used by another category.")
        if not icon_path(content_dir, entry.icon).is_file():
            raise KitError(f"{node.where('icon')}: the icon '{entry.icon}' of category '{entry.id}' is missing "
                           f"({icon_path(content_dir, entry.icon)}).")
        seen_ids.add(entry.id)
        seen_prefixes.add(entry.prefix)
        categories.append(Category(
            id=entry.id, prefix=entry.prefix, name=_tidy(entry.name), colour=parse_hex(entry.colour), icon=entry.icon,
            explanation=_tidy(entry.explanation), voting=entry.voting,
            cmyk=tuple(v / 100 for v in entry.cmyk) if entry.cmyk else None))
    return categories


def _cards(data, path: Path, categories: list[Category]) -> list[Card]:
    checked = convert(data, CardsFile, path, _entry_name("cards", "card"))
    by_id = {category.id: category for category in categories}
    cards, seen = [], {}
    for index, entry in enumerate(checked.cards):
        node = data["cards"][index]
        what = f"card {entry.id}"
        if entry.id in seen:
            raise KitError(f"{node.where('id')}: the card id {entry.id} is used twice (first at line {seen[entry.id]}).")
        seen[entry.id] = node.key_line("id")
        category = by_id.get(entry.category)
        if category is None:
            raise KitError(f"{node.where('category')}: {what} has the unknown category {entry.category!r} "
                           f"(known: {', '.join(by_id)}).")
        if entry.id[0] != category.prefix:
            raise KitError(f"{node.where('id')}: {what} is in category '{entry.category}', so its id must start with {category.prefix}.")
        cards.append(Card(id=entry.id, category=entry.category, title=_tidy(entry.title), description=_tidy(entry.description),
                          examples=tuple(_tidy(e) for e in entry.examples), question=_tidy(entry.question)))
    return cards


def load_matrix(content_dir, lang: str, override: Path | str | None = None) -> MatrixRows:
    """The actors of the digitale-inclusiematrix: content/<lang>/matrix.yaml, or a municipality's own file."""
    layers = as_layers(content_dir)
    # a translation without its own list uses the Dutch one
    path = Path(override) if override else layers.find(lang, "matrix.yaml") or layers.where(SOURCE, "matrix.yaml")
    checked = convert(load_yaml(path), MatrixFile, path, _entry_name("groups", "actor group"))
    groups = tuple(ActorGroup(name=_tidy(g.name), actors=tuple(_tidy(a) for a in g.actors)) for g in checked.groups)
    return MatrixRows(groups=groups, extra_rows=checked.extra_rows)


def _blank_cards(categories, title: str, per_category: int) -> list[Card]:
    return [
        Card(id=f"{category.prefix}B{n}", category=category.id, title=title, blank=True)
        for category in categories
        for n in range(1, per_category + 1)
    ]
