"""A workshop's results as one model, read from the `kit serve` database or from a CSV file, and written as CSV.

The CSV is what the overview exports and what `kit results --csv` reads, so the
answers of any form tool can come in too: one row per card (a later row for the
same card replaces an earlier one), UTF-8, comma or semicolon separated. Only
the `card` column is required; README.md lists every column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from kit.content.model import Card, Catalog, Category
from kit.errors import KitError
from kit.workshop.fields import CHOICES, EXISTS, FIELD_BY_KEY, FIELDS, FieldError, clean_value, fields_for, outcome, status

INFO_COLUMNS = ("workshop", "municipality", "date", "lang", "card", "category", "title", "status", "outcome")
CSV_COLUMNS = INFO_COLUMNS + tuple(f.key for f in FIELDS if f.key != "title") + ("saved_at",)
MAX_CSV_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class CardResult:
    card: Card
    category: Category
    values: dict
    saved_at: str = ""

    @property
    def title(self) -> str:
        """The printed title, or for a blank card the name the group gave it."""
        return self.values.get("title", "") if self.card.blank else self.card.title

    @property
    def outcome(self) -> str:
        return outcome(self.values, self.category)

    @property
    def status(self) -> str:
        return status(self.values)


@dataclass(frozen=True)
class Results:
    code: str
    municipality: str
    date: str  # YYYY-MM-DD or ""
    lang: str
    cards: tuple[CardResult, ...]  # every printed card in catalog order, then the blanks the group used

    def chosen(self, term: str) -> list[CardResult]:
        return [r for r in self.cards if r.values.get("choice") == term]

    def with_outcome(self, name: str) -> list[CardResult]:
        return [r for r in self.cards if r.outcome == name]

    def answered(self) -> list[CardResult]:
        return [r for r in self.cards if r.values]


def assemble(catalog: Catalog, answers: dict[str, tuple[dict, str]], *, code: str = "", municipality: str = "",
             date: str = "") -> Results:
    """Results from the current answer (values, saved_at) per card id; blanks appear only when used."""
    cards = []
    for card in catalog.cards:
        values, saved_at = answers.get(card.id, ({}, ""))
        if card.blank and not values:
            continue
        cards.append(CardResult(card, catalog.category(card.category), values, saved_at))
    return Results(code, municipality, date, catalog.lang, tuple(cards))


def from_store(store, workshop, catalog: Catalog) -> Results:
    """A workshop's results from the database: the newest answer per card, in the workshop's catalog."""
    current = {card_id: (a.values, a.saved_at) for card_id, a in store.current_answers(workshop).items()}
    return assemble(catalog, current, code=workshop.code, municipality=workshop.municipality, date=workshop.date)


# -- CSV out ---------------------------------------------------------------------------------------

def to_csv(results: Results) -> str:
    """Every answered card as a row; spreadsheet formulas are defused so a cell never runs as one.

    Semicolons, because Excel in Belgium (nl-BE, fr-BE, de-BE) opens those as columns on a double-click.
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for r in results.answered():
        row = {"workshop": results.code, "municipality": results.municipality, "date": results.date,
               "lang": results.lang, "card": r.card.id, "category": r.category.id, "title": r.title,
               "status": r.status, "outcome": r.outcome, "saved_at": r.saved_at}
        row.update({key: value for key, value in r.values.items() if key != "title"})
        writer.writerow({key: _defuse(value) for key, value in row.items()})
    return out.getvalue()


def _defuse(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# -- CSV in ----------------------------------------------------------------------------------------

def from_csv(path: Path, catalog: Catalog, *, municipality: str | None = None, date: str | None = None,
             warn=None) -> Results:
    """Results from a CSV file; the first bad row stops with its line and column."""
    path = Path(path)
    text = _csv_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        reader.fieldnames = _columns(reader.fieldnames, path, warn)
        answers, meta = _read_rows(reader, catalog, path)
    except csv.Error as exc:
        raise KitError(f"{path}:{reader.line_num}: the CSV is malformed ({exc}).") from None
    from kit.content.customize import municipality_name, workshop_date

    try:
        name = municipality_name(municipality if municipality is not None else meta.get("municipality", ""))
        when = workshop_date(date if date is not None else meta.get("date", ""))
    except KitError as exc:
        raise KitError(f"{path}: {exc}") from None
    return assemble(catalog, answers, code=meta.get("workshop", ""), municipality=name,
                    date=when.isoformat() if when else "")


def _csv_text(path: Path) -> str:
    """The file as text: UTF-8 (with or without a byte order mark), of a size answers can have, with no NUL."""
    data = path.read_bytes()
    if len(data) > MAX_CSV_BYTES:
        raise KitError(f"{path}: {len(data) // 1024 // 1024} MB is far more than a workshop's answers; is this the right file?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise KitError(f"{path}:{line}: the file is not UTF-8 text; save it as 'CSV UTF-8'.") from None
    if "\x00" in text:
        raise KitError(f"{path}: the file is not a CSV text file (it contains NUL bytes).")
    return text


def _columns(header, path: Path, warn) -> list[str]:
    """The header's column names in lower case; a missing `card` column or a repeated one is an error."""
    columns = [c.strip().lower() for c in (header or [])]
    if "card" not in columns:
        raise KitError(f"{path}:1: there is no 'card' column (the columns are: {', '.join(columns) or 'none'}).")
    if len(set(columns)) != len(columns):
        twice = sorted({c for c in columns if columns.count(c) > 1})
        raise KitError(f"{path}:1: the column '{twice[0]}' appears twice.")
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown and warn:
        warn(f"warning: {path}: these columns are not ours and are ignored: {', '.join(unknown)}.")
    return columns


def _read_rows(reader, catalog: Catalog, path: Path) -> tuple[dict, dict]:
    """({card id: (values, saved_at)}, the workshop's code, municipality and date from the first rows that say them)."""
    labels = _choice_labels(catalog)
    answers, meta = {}, {}
    for row in reader:
        where = f"{path}:{reader.line_num}"
        if None in row:
            raise KitError(f"{where}: this row has more cells than the header has columns.")
        card_id = (row.get("card") or "").strip()
        if not card_id and not any((v or "").strip() for v in row.values()):
            continue  # an empty line
        card = _card(catalog, card_id, where)
        values = _row_values(row, card, catalog.category(card.category), labels, where)
        answers[card.id] = (values, (row.get("saved_at") or "").strip())
        for key in ("workshop", "municipality", "date"):
            if (row.get(key) or "").strip():
                meta.setdefault(key, row[key].strip())
    return answers, meta


def csv_language(path: Path) -> str | None:
    """The `lang` of a CSV's first row (our export has one), so it is read in the words it was written in."""
    try:
        text = Path(path).read_bytes()[:MAX_CSV_BYTES].decode("utf-8-sig")
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        row = next(reader, None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None  # from_csv reports what is wrong with the file
    lang = ((row or {}).get("lang") or "").strip()
    return lang if lang.isalpha() and len(lang) <= 8 else None


def _delimiter(text: str) -> str:
    """Semicolon (Excel in Belgium, our export) or comma, whichever the header line uses more."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def highest_blank(results: Results) -> int:
    """The highest blank card number the group used (TB5 -> 5), 0 when none."""
    numbers = [int(r.card.id[2:]) for r in results.answered() if r.card.blank and r.card.id[2:].isdigit()]
    return max(numbers, default=0)


def _card(catalog: Catalog, card_id: str, where: str) -> Card:
    if not card_id:
        raise KitError(f"{where}: the 'card' cell is empty; it must hold a card id such as T01.")
    try:
        return catalog.card(card_id.upper())
    except KeyError:
        raise KitError(f"{where}: there is no card '{card_id}' in the catalog ({catalog.lang}).") from None


def _choice_labels(catalog: Catalog) -> dict:
    """The form's own words for each choice, so exports of a form in the workshop language read back too."""
    labels = {"exists": {}, "choice": {}}
    for code in EXISTS:
        labels["exists"][catalog.text(f"web.exists_{code}").casefold()] = code
    for code in CHOICES:
        labels["choice"][catalog.text(f"web.choice_{code}").casefold()] = code
    return labels


def _row_values(row: dict, card: Card, category: Category, labels: dict, where: str) -> dict:
    values = {}
    allowed = {f.key for f in fields_for(card, category)}
    for key, field in FIELD_BY_KEY.items():
        raw = row.get(key)
        if raw is None or not raw.strip() or key not in allowed:
            continue
        raw = raw.strip()
        if raw[:1] == "'" and raw[1:2] in ("=", "+", "-", "@"):
            raw = raw[1:]  # undo the defusing of our own export
        if field.kind == "choice":
            raw = labels[key].get(raw.casefold(), raw)
        try:
            value = clean_value(field, raw)
        except FieldError as error:
            raise KitError(f"{where}: column '{key}': {_reason(error)}") from None
        if value is not None:
            values[key] = value
    return values


def _reason(error: FieldError) -> str:
    field = FIELD_BY_KEY[error.key]
    return {
        "too_long": f"longer than {error.limit} characters.",
        "not_a_number": "not a whole number.",
        "too_high": f"more than {error.limit}.",
        "unknown_choice": f"must be one of {', '.join(field.choices)}.",
    }[error.reason]
