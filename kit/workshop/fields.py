"""The workshop's answers per card, as plain data: the fields, their limits, their checks and the Fase 2 outcome.

One answer is what a group records for one card: in Fase 1 and 2 whether it
exists already (and which actions), the green and red sticker tallies and the
choice (short term, long term or not now); in Fase 3 the six questions. The
web form, the CSV import and the results all use these definitions, so a value
that the form refuses is refused by the import too. No web and no database here.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass

from kit.content.characters import storable
from kit.content.model import Card, Category


@dataclass(frozen=True)
class Field:
    key: str  # also the CSV column and the form field name
    kind: str  # "choice", "count", "line" (one line of text) or "text" (several lines)
    limit: int  # most characters for texts, highest number for counts
    choices: tuple[str, ...] = ()


EXISTS = ("yes", "partly", "no")
CHOICES = ("short", "long", "not_now")
QUESTIONS = ("motivation", "actions", "timeframe", "responsible", "target_group", "impact")  # Fase 3, in order
MAX_BLANKS = 20  # the most blank cards per category a build prints (config allows 0..20), so each has a form
MAX_TALLY = 500  # stickers on one card: more than any werkgroep has hands

FIELDS = (
    Field("title", "line", 120),  # blank cards only: the group's own name for the action
    Field("exists", "choice", 0, EXISTS),
    Field("existing_actions", "text", 2000),
    Field("green", "count", MAX_TALLY),
    Field("red", "count", MAX_TALLY),
    Field("choice", "choice", 0, CHOICES),
    Field("motivation", "text", 2000),
    Field("actions", "text", 4000),
    Field("timeframe", "line", 300),
    Field("responsible", "line", 300),
    Field("target_group", "text", 1000),
    Field("impact", "text", 2000),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}

CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: people may have to type a code
CODE_LENGTH = 12  # 31^12 is about 2^59: far beyond guessing, even at thousands of tries a second
CODE_PATTERN = re.compile(rf"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")  # use fullmatch


class FieldError(ValueError):
    """A refused value: `reason` is one of too_long, not_a_number, too_high, unknown_choice."""

    def __init__(self, key: str, reason: str, limit: int = 0):
        super().__init__(f"{key}: {reason}")
        self.key, self.reason, self.limit = key, reason, limit


def new_code() -> str:
    """A workshop code for the QR codes: random, short enough to type."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_secret() -> str:
    """The secret part of the trekker's overview link (192 random bits)."""
    return secrets.token_urlsafe(24)


def fields_for(card: Card, category: Category) -> tuple[Field, ...]:
    """The fields a card's form has: blanks get a name, the regierol is not voted on."""
    return tuple(f for f in FIELDS
                 if (f.key != "title" or card.blank) and (f.key not in ("green", "red") or category.voting))


def clean_text(value: str, field: Field) -> str:
    """Tidy typed text (line ends, Unicode form) and check its length. Every character is kept; what a database
    cannot hold (NUL, a lone surrogate) becomes U+FFFD (kit.content.characters)."""
    value = unicodedata.normalize("NFC", storable(value.replace("\r\n", "\n").replace("\r", "\n")))
    if field.kind == "line":
        value = " ".join(value.split())
    value = value.strip()
    if len(value) > field.limit:
        raise FieldError(field.key, "too_long", field.limit)
    return value


def clean_value(field: Field, raw) -> str | int | None:
    """One field's value from what was typed or imported; None when left empty."""
    raw = "" if raw is None else str(raw)
    if field.kind in ("text", "line"):
        return clean_text(raw, field) or None
    raw = raw.strip()
    if not raw:
        return None
    if field.kind == "choice":
        if raw not in field.choices:
            raise FieldError(field.key, "unknown_choice")
        return raw
    if not raw.isdigit() or not raw.isascii():
        raise FieldError(field.key, "not_a_number", field.limit)
    if len(raw.lstrip("0")) > len(str(field.limit)):  # checked before int(): Python refuses 4300-digit numbers
        raise FieldError(field.key, "too_high", field.limit)
    number = int(raw)
    if number > field.limit:
        raise FieldError(field.key, "too_high", field.limit)
    return number


def clean_answer(raw: dict, fields: tuple[Field, ...]) -> tuple[dict, list[FieldError]]:
    """The checked answer (only filled fields) and every refusal, so a form can show them all at once."""
    answer, errors = {}, []
    for field in fields:
        try:
            value = clean_value(field, raw.get(field.key))
        except FieldError as error:
            errors.append(error)
            continue
        if value is not None:
            answer[field.key] = value
    return answer, errors


def outcome(answer: dict, category: Category) -> str:
    """The Fase 2 outcome from the stickers: all green is kept, only red or none is set aside, mixed is discussed."""
    if not category.voting:
        return "not_voted"
    green, red = answer.get("green"), answer.get("red")
    if green is None and red is None:
        return "open"  # not counted yet, which is not the same as no stickers
    green, red = green or 0, red or 0
    if green and not red:
        return "keep"
    if not green:
        return "drop"
    return "discuss"


def status(answer: dict) -> str:
    """How far a card is: empty, started (Fase 1 and 2), or worked out (all six Fase 3 questions)."""
    if not answer:
        return "empty"
    if all(answer.get(key) for key in QUESTIONS):
        return "done"
    return "started"


def check_workshop(municipality: str, date: str, lang: str, languages) -> tuple[str, str, str]:
    """A new workshop's municipality, date (YYYY-MM-DD) and language, tidied; KitError names what is wrong. A name the
    kit's typefaces cannot print is refused here, before the workshop, not when its results are printed."""
    from kit.content.customize import municipality_name, workshop_date
    from kit.errors import KitError

    name = municipality_name(unicodedata.normalize("NFC", str(municipality or "")))
    if not name:
        raise KitError("a workshop needs the name of its municipality.")
    missing = unprintable_in_name(name)
    if missing:
        raise KitError(f"the municipality name {name!r} has characters that none of the kit's fonts can print "
                       f"({' '.join(missing)}), so it would not show on the cards, the legplan and the reports; "
                       "write it in Latin, Greek, Cyrillic or Arabic script.")
    when = workshop_date(date)
    if lang not in languages:
        raise KitError(f"the language '{lang}' is not in the content (there are: {', '.join(languages)}).")
    return name, when.isoformat() if when else "", lang


def unprintable_in_name(name: str) -> list[str]:
    """The characters of a municipality's name that no typeface of the kit has (kit.content.glyphs)."""
    from kit.content.glyphs import unprintable

    return unprintable(unicodedata.normalize("NFC", name))


def workshop_errors(values: dict, languages) -> dict[str, str]:
    """What is wrong with a new workshop's form, per field, as the reasons of web.errors (required, too_long,
    unprintable, date, language); empty when check_workshop will take it."""
    from kit.content.customize import municipality_name, workshop_date
    from kit.errors import KitError

    errors = {}
    name = " ".join(str(values.get("municipality", "")).split())
    if not name:
        errors["municipality"] = "required"
    else:
        try:
            municipality_name(name)
        except KitError:
            errors["municipality"] = "too_long"
        else:
            if unprintable_in_name(name):
                errors["municipality"] = "unprintable"
    try:
        workshop_date(values.get("date", ""))
    except KitError:
        errors["date"] = "date"
    if values.get("lang") not in languages:
        errors["lang"] = "language"
    return errors
