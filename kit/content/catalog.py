"""Loads and validates one language of the content catalog (content/<lang>/*.yaml).

Every problem is reported as a KitError naming the file and line, or the card id:
broken YAML, a missing or unknown field, a duplicate or malformed id, an unknown
category, a bad colour, a colour with too little contrast, an unknown placeholder.
"""

from __future__ import annotations

import re
from pathlib import Path

from kit.content import placeholders
from kit.content.colour import MIN_CONTRAST, WHITE, contrast, parse_hex, text_colour_on
from kit.errors import KitError
from kit.content.model import ActorGroup, Card, Catalog, Category, MatrixRows
from kit.content.yamlfile import LineDict, LineList, load_yaml

DEFAULT_CONTENT = Path(__file__).resolve().parents[2] / "content"

CARD_ID = re.compile(r"^[A-Z][0-9]{2,4}$")
CATEGORY_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
PREFIX = re.compile(r"^[A-Z]$")
LANG = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")

# Placeholders that content texts may use; they are filled in at build time.
CONTENT_PLACEHOLDERS = ("municipality",)

CATEGORY_FIELDS = ("id", "prefix", "name", "colour", "icon", "explanation", "voting", "cmyk")
CARD_FIELDS = ("id", "category", "title", "description", "examples", "question")
MIN_EXAMPLES, MAX_EXAMPLES = 2, 4

# Labels printed on the cards; strings.yaml must give each.
REQUIRED_STRINGS = (
    "kit_name",
    "municipality_default",
    "card.examples",
    "card.question",
    "card.blank_title",
    "card.blank_name",
    "card.blank_actions",
    "legplan.title",
    "legplan.values",
    "legplan.values_hint",
    "legplan.existing",
    "legplan.short_term",
    "legplan.long_term",
    "legplan.sheet",
    "legplan.tile",
    "legplan.tile_howto",
    "legplan.glue",
    "matrix.title",
    "matrix.intro",
    "matrix.actor",
    "matrix.other",
    "votes.title",
    "votes.intro",
    "votes.rule_keep",
    "votes.rule_drop",
    "votes.rule_discuss",
    "votes.card",
    "votes.green",
    "votes.red",
    "votes.outcome",
    "votes.keep",
    "votes.drop",
    "votes.discuss",
    "votes.questions_title",
    "fiche.title",
    "fiche.scan",
    "manual.contents",
    "manual.phase",
    "manual.tip",
    "manual.colophon",
    "manual.scan",
    "manual.kit.cards",
    "manual.kit.blanks",
    "manual.kit.legplan",
    "manual.kit.matrix",
    "manual.kit.votes",
    "manual.kit.fiches",
    "calibrate.title",
    "calibrate.howto",
    "calibrate.front",
    "calibrate.back",
    "calibrate.long",
    "calibrate.short",
    "web.site_name",
    "web.start_intro",
    "web.new_workshop",
    "web.municipality",
    "web.date",
    "web.language",
    "web.create",
    "web.created",
    "web.overview",
    "web.code",
    "web.print_hint",
    "web.participants",
    "web.results_hint",
    "web.export",
    "web.choose_card",
    "web.open",
    "web.phase12",
    "web.exists",
    "web.exists_yes",
    "web.exists_partly",
    "web.exists_no",
    "web.existing_actions",
    "web.stickers",
    "web.green",
    "web.red",
    "web.no_vote",
    "web.choice",
    "web.choice_short",
    "web.choice_long",
    "web.choice_not_now",
    "web.choice_none",
    "web.phase3",
    "web.title",
    "web.save",
    "web.saved",
    "web.refused",
    "web.expired",
    "web.history",
    "web.saved_at",
    "web.back",
    "web.not_found",
    "web.too_large",
    "web.retry",
    "web.server_error",
    "web.closed",
    "web.close_hint",
    "web.close",
    "web.reopen",
    "web.card",
    "web.status",
    "web.status_empty",
    "web.status_started",
    "web.status_done",
    "web.outcome_open",
    "web.outcome_not_voted",
    "web.last_saved",
    "web.errors.too_long",
    "web.errors.not_a_number",
    "web.errors.too_high",
    "web.errors.unknown_choice",
    "web.errors.required",
    "web.errors.date",
    "web.errors.language",
    "results.title",
    "results.summary",
    "results.per_category",
    "results.exists",
    "results.choice",
    "results.to_discuss",
    "results.to_discuss_none",
    "results.existing",
    "results.plan_title",
    "results.plan_draft",
    "results.plan_intro",
    "results.plan_none",
    "results.to_fill",
    "results.filled_legplan",
    "results.generated",
)
# Labels that may use these placeholders, filled in by the renderer.
LABEL_PLACEHOLDERS = {
    "legplan.sheet": ("n", "total"),
    "legplan.tile": ("row", "col", "rows", "cols"),
    "manual.phase": ("n",),
    "calibrate.howto": ("flip",),
    "web.saved_at": ("when",),
    "web.errors.too_long": ("limit",),
    "web.errors.too_high": ("limit",),
    "results.summary": ("cards", "keep", "discuss", "drop", "short", "long"),
    "results.generated": ("date",),
}


def available_languages(content_dir: Path) -> list[str]:
    """Language folders under content/ that hold a cards.yaml, sorted."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        return []
    return sorted(p.name for p in content_dir.iterdir() if (p / "cards.yaml").is_file() and LANG.match(p.name))


def icon_path(content_dir: Path, icon: str) -> Path:
    return Path(content_dir) / "icons" / f"{icon}.svg"


def load_catalog(content_dir: Path | str, lang: str, *, blanks_per_category: int = 3) -> Catalog:
    """Read content/<lang>/ into a validated Catalog, with blank cards appended per category."""
    content_dir = Path(content_dir)
    if not LANG.match(lang or ""):
        raise KitError(f"'{lang}' is not a language code such as nl, fr, de or en.")
    folder = content_dir / lang
    if not folder.is_dir():
        known = ", ".join(available_languages(content_dir)) or "none"
        raise KitError(f"{folder}: no content for language '{lang}' (languages with content: {known}).")
    categories = _load_categories(folder / "categories.yaml", content_dir)
    strings = _load_strings(folder / "strings.yaml")
    cards = _load_cards(folder / "cards.yaml", categories)
    cards += _blank_cards(categories, strings, blanks_per_category)
    return Catalog(lang=lang, categories=tuple(categories), cards=tuple(cards), strings=strings)


def _mapping_list(data, path: Path, key: str) -> LineList:
    if not isinstance(data, LineDict) or key not in data:
        raise KitError(f"{path}: expected a top-level '{key}:' list.")
    items = data[key]
    if not isinstance(items, LineList) or not items:
        raise KitError(f"{data.where(key)}: '{key}' must be a non-empty list.")
    for index, item in enumerate(items):
        if not isinstance(item, LineDict):
            raise KitError(f"{items.where(index)}: each entry of '{key}' must be a mapping of fields.")
    return items


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")  # control characters other than tab and newline


def _text(entry: LineDict, key: str, what: str, *, required: bool = True) -> str:
    if key not in entry or entry[key] is None:
        if required:
            raise KitError(f"{entry.where()}: {what} has no '{key}'.")
        return ""
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise KitError(f"{entry.where(key)}: '{key}' of {what} must be a non-empty text.")
    if _CONTROL.search(value):
        raise KitError(f"{entry.where(key)}: '{key}' of {what} contains a control character.")
    bad = placeholders.unknown(value, CONTENT_PLACEHOLDERS)
    if bad:
        allowed = ", ".join("{" + name + "}" for name in CONTENT_PLACEHOLDERS)
        raise KitError(f"{entry.where(key)}: '{key}' of {what} uses the unknown placeholder {{{bad[0]}}} (allowed: {allowed}).")
    return " ".join(value.split())


def _cmyk(entry: LineDict, what: str):
    value = entry.get("cmyk")
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 4 and all(isinstance(v, (int, float)) and 0 <= v <= 100 for v in value)):
        raise KitError(f"{entry.where('cmyk')}: 'cmyk' of {what} must be four percentages [c, m, y, k] from 0 to 100.")
    return tuple(v / 100 for v in value)


def _flag(entry: LineDict, key: str, what: str, default: bool = True) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise KitError(f"{entry.where(key)}: '{key}' of {what} must be true or false.")
    return value


def _no_unknown_fields(entry: LineDict, allowed, what: str) -> None:
    for key in entry:
        if key not in allowed:
            raise KitError(f"{entry.where(key)}: {what} has an unknown field '{key}' (known: {', '.join(allowed)}).")


def _load_categories(path: Path, content_dir: Path) -> list[Category]:
    items = _mapping_list(load_yaml(path), path, "categories")
    categories, seen_ids, seen_prefixes = [], set(), set()
    for entry in items:
        _no_unknown_fields(entry, CATEGORY_FIELDS, "a category")
        cid = entry.get("id")
        if not isinstance(cid, str) or not CATEGORY_ID.match(cid):
            raise KitError(f"{entry.where('id')}: category id {cid!r} must be lowercase letters, digits, '-' or '_'.")
        what = f"category '{cid}'"
        if cid in seen_ids:
            raise KitError(f"{entry.where('id')}: the category id '{cid}' is used twice.")
        prefix = entry.get("prefix")
        if not isinstance(prefix, str) or not PREFIX.match(prefix):
            raise KitError(f"{entry.where('prefix')}: {what} needs a 'prefix' of one capital letter, got {prefix!r}.")
        if prefix in seen_prefixes:
            raise KitError(f"{entry.where('prefix')}: the prefix '{prefix}' of {what} is used by another category.")
        colour = parse_hex(entry.get("colour"))
        if colour is None:
            raise KitError(f"{entry.where('colour')}: {what} has the bad colour {entry.get('colour')!r}; write it as #rrggbb.")
        # The colour carries text (band) and is itself text on white paper (headings, bullets).
        for ratio, use in ((contrast(colour, text_colour_on(colour)), "text on"), (contrast(colour, WHITE), "white paper against")):
            if ratio < MIN_CONTRAST:
                raise KitError(
                    f"{entry.where('colour')}: {use} the colour {entry['colour']} of {what} has a contrast of "
                    f"{ratio:.2f}:1, below the {MIN_CONTRAST}:1 that WCAG AA asks; choose a darker colour."
                )
        icon = _text(entry, "icon", what)
        if not icon_path(content_dir, icon).is_file():
            raise KitError(f"{entry.where('icon')}: the icon '{icon}' of {what} is missing ({icon_path(content_dir, icon)}).")
        seen_ids.add(cid)
        seen_prefixes.add(prefix)
        categories.append(
            Category(
                id=cid,
                prefix=prefix,
                name=_text(entry, "name", what),
                colour=colour,
                icon=icon,
                explanation=_text(entry, "explanation", what),
                voting=_flag(entry, "voting", what),
                cmyk=_cmyk(entry, what),
            )
        )
    return categories


def _load_cards(path: Path, categories: list[Category]) -> list[Card]:
    items = _mapping_list(load_yaml(path), path, "cards")
    by_id = {category.id: category for category in categories}
    cards, seen = [], {}
    for entry in items:
        _no_unknown_fields(entry, CARD_FIELDS, "a card")
        card_id = entry.get("id")
        if not isinstance(card_id, str) or not CARD_ID.match(card_id):
            raise KitError(f"{entry.where('id')}: the card id {card_id!r} is malformed; write a category prefix and two to four digits, such as T01.")
        what = f"card {card_id}"
        if card_id in seen:
            raise KitError(f"{entry.where('id')}: the card id {card_id} is used twice (first at line {seen[card_id]}).")
        seen[card_id] = entry.key_line("id")
        category_id = entry.get("category")
        if not isinstance(category_id, str) or category_id not in by_id:
            known = ", ".join(by_id)
            raise KitError(f"{entry.where('category')}: {what} has the unknown category {category_id!r} (known: {known}).")
        category = by_id[category_id]
        if card_id[0] != category.prefix:
            raise KitError(f"{entry.where('id')}: {what} is in category '{category_id}', so its id must start with {category.prefix}.")
        examples = entry.get("examples")
        if not isinstance(examples, LineList) or not MIN_EXAMPLES <= len(examples) <= MAX_EXAMPLES:
            raise KitError(f"{entry.where('examples' if 'examples' in entry else None)}: {what} needs a list of {MIN_EXAMPLES} to {MAX_EXAMPLES} 'examples'.")
        example_texts = []
        for index, example in enumerate(examples):
            holder = LineDict(example=example)
            holder.path, holder.line, holder.key_lines = entry.path, examples.item_lines[index], {}
            example_texts.append(_text(holder, "example", f"{what}, example {index + 1}"))
        cards.append(
            Card(
                id=card_id,
                category=category_id,
                title=_text(entry, "title", what),
                description=_text(entry, "description", what),
                examples=tuple(example_texts),
                question=_text(entry, "question", what),
            )
        )
    return cards


def _load_strings(path: Path) -> dict:
    data = load_yaml(path)
    if not isinstance(data, LineDict):
        raise KitError(f"{path}: expected a mapping of labels.")
    for key in REQUIRED_STRINGS:
        node = data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise KitError(f"{path}: the label '{key}' is missing.")
            parent, node = node, node[part]
        if not isinstance(node, str) or not node.strip():
            raise KitError(f"{parent.where(part)}: the label '{key}' must be a non-empty text.")
        bad = placeholders.unknown(node, LABEL_PLACEHOLDERS.get(key, CONTENT_PLACEHOLDERS))
        if bad:
            raise KitError(f"{parent.where(part)}: the label '{key}' uses the unknown placeholder {{{bad[0]}}}.")
    _text_list(data, "months", path, count=12)
    _text_list(data.get("votes", {}), "questions", path, count=None)
    questions = data.get("fiche", {}).get("questions") if isinstance(data.get("fiche"), dict) else None
    if not isinstance(questions, list) or len(questions) != 6 or not all(
        isinstance(q, dict) and isinstance(q.get("label"), str) and isinstance(q.get("hint"), str) for q in questions
    ):
        raise KitError(f"{path}: 'fiche.questions' must list the six questions, each with a 'label' and a 'hint'.")
    return data


def _text_list(data, key: str, path: Path, count: int | None) -> None:
    values = data.get(key) if isinstance(data, dict) else None
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise KitError(f"{path}: '{key}' must be a list of texts.")
    if count is not None and len(values) != count:
        raise KitError(f"{getattr(data, 'where', lambda k: path)(key)}: '{key}' must have {count} entries, it has {len(values)}.")


def load_matrix(content_dir: Path | str, lang: str, override: Path | str | None = None) -> MatrixRows:
    """The actors of the digitale-inclusiematrix: content/<lang>/matrix.yaml, or a municipality's own file."""
    path = Path(override) if override else Path(content_dir) / lang / "matrix.yaml"
    data = load_yaml(path)
    groups = _mapping_list(data, path, "groups")
    result = []
    for entry in groups:
        _no_unknown_fields(entry, ("name", "actors"), "an actor group")
        name = _text(entry, "name", "an actor group")
        actors = entry.get("actors")
        if not isinstance(actors, LineList) or not actors or not all(isinstance(a, str) and a.strip() for a in actors):
            raise KitError(f"{entry.where('actors' if 'actors' in entry else None)}: the group '{name}' needs a list of 'actors' (texts).")
        if any(len(a) > 60 for a in actors):
            raise KitError(f"{entry.where('actors')}: actor names in '{name}' must be at most 60 characters.")
        result.append(ActorGroup(name=name, actors=tuple(" ".join(a.split()) for a in actors)))
    extra = data.get("extra_rows", 0)
    if not isinstance(extra, int) or not 0 <= extra <= 10:
        raise KitError(f"{data.where('extra_rows')}: 'extra_rows' must be a whole number from 0 to 10.")
    if sum(len(g.actors) for g in result) + extra > 30:
        raise KitError(f"{path}: the matrix holds at most 30 rows of actors on A3.")
    return MatrixRows(groups=tuple(result), extra_rows=extra)


def _blank_cards(categories, strings, per_category: int) -> list[Card]:
    title = strings["card"]["blank_title"]
    return [
        Card(id=f"{category.prefix}B{n}", category=category.id, title=title, blank=True)
        for category in categories
        for n in range(1, per_category + 1)
    ]
