"""A workshop's results as one model, read from the `kit serve` database or from a CSV file, and written as CSV.

The CSV is what the overview exports and what `kit results --csv` reads, so the
answers of any form tool can come in too: one row per card (a later row for the
same card replaces an earlier one), UTF-8, comma or semicolon separated. Only
the `card` column is required; README.md lists every column.

With the online legplan (kit.workshop.board) the model combines two sources, the
same way for the overview, the board, the CSV and every report:
- stickers: a card form's green and red fields count the paper stickers on the
  printed card, the board counts the online ones; a card's tallies are their sum.
  Once the group votes on the board (a sticker is on it, or voting is locked), a
  card without any sticker has 0 and 0 (set aside) rather than "not yet counted".
- where a card lies: the board decides for a card someone laid on it (short term,
  long term, set aside, or "dit gebeurt al", which is no choice of a term); a card
  still on the pile keeps its form's choice. Where the two differ, `disagreements`
  names the card, so the trekker can settle it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass
from pathlib import Path

from kit.content.model import Card, Catalog, Category
from kit.errors import KitError
from kit.workshop.fields import CHOICES, EXISTS, FIELD_BY_KEY, FIELDS, MAX_TALLY, FieldError, clean_value, fields_for, outcome, status

INFO_COLUMNS = ("workshop", "municipality", "date", "lang", "card", "category", "title", "status", "outcome")
CSV_COLUMNS = INFO_COLUMNS + tuple(f.key for f in FIELDS if f.key != "title") + ("zone", "saved_at")
MAX_CSV_BYTES = 20 * 1024 * 1024
# the board's zones that say where a card lies, and the choice each stands for ("dit gebeurt al" is no term)
ZONE_CHOICES = {"existing": None, "short": "short", "long": "long", "aside": "not_now"}


@dataclass(frozen=True)
class BoardFacts:
    """What the online legplan adds to the card forms: where cards lie and in which order, their online stickers,
    whether the group votes on the board, and the core values written on it."""

    zones: dict = dataclasses.field(default_factory=dict)  # card id -> zone (kit.workshop.board.ZONES)
    order: dict = dataclasses.field(default_factory=dict)  # card id -> its move's number: the order within a zone
    online: dict = dataclasses.field(default_factory=dict)  # card id -> (green, red)
    counted: bool = False
    core_values: tuple = ()
    version: int = 0  # the board's version these facts were read at
    voting_locked: bool = False
    participants: int = 0


@dataclass(frozen=True)
class CardResult:
    card: Card
    category: Category
    values: dict  # the form's answer with the board's stickers and place combined (see the module's docstring)
    saved_at: str = ""
    form: dict | None = None  # the card form's own answer, when it differs from `values`
    zone: str = ""  # where the board has the card ("" or "pile": not laid)
    online: tuple = (0, 0)  # green and red stickers on the board
    order: int = 0

    @property
    def own(self) -> dict:
        """What the card's form says, without the board."""
        return self.values if self.form is None else self.form

    @property
    def title(self) -> str:
        """The printed title, or for a blank card the name the group gave it."""
        return self.values.get("title", "") if self.card.blank else self.card.title

    @property
    def outcome(self) -> str:
        return outcome(self.values, self.category)

    @property
    def status(self) -> str:
        """How far the card's form is (the board's stickers alone do not start it)."""
        return status(self.own)


@dataclass(frozen=True)
class Disagreement:
    """A card the board and its form place differently: `kind` is "choice" (the term) or "exists"."""

    result: CardResult
    kind: str
    board: str  # the board's zone
    form: str  # the form's choice, or its answer to "does it exist"


@dataclass(frozen=True)
class Results:
    code: str
    municipality: str
    date: str  # YYYY-MM-DD or ""
    lang: str
    cards: tuple[CardResult, ...]  # every printed card in catalog order, then the blanks the group used
    board: BoardFacts = dataclasses.field(default_factory=BoardFacts)  # what the online legplan adds

    def chosen(self, term: str) -> list[CardResult]:
        """The cards chosen for a term: those laid on the board in the order they were laid, then the ones only
        their forms place there, in catalog order."""
        picked = [r for r in self.cards if r.values.get("choice") == term]
        return sorted(picked, key=lambda r: (0, r.order) if r.zone in ZONE_CHOICES else (1, 0))

    def existing(self) -> list[CardResult]:
        """The cards the board has under "dit gebeurt al"."""
        return [r for r in self.cards if r.zone == "existing"]

    def disagreements(self) -> list[Disagreement]:
        """Where the board and the card forms differ: a term other than the form's, or a card laid under "dit gebeurt
        al" whose form says it does not exist."""
        found = []
        for r in self.cards:
            if r.zone not in ZONE_CHOICES:
                continue
            own, board = r.own, ZONE_CHOICES[r.zone]
            form = own.get("choice")
            if form and form != board and not (board is None and form == "not_now"):
                found.append(Disagreement(r, "choice", r.zone, form))
            if r.zone == "existing" and own.get("exists") == "no":
                found.append(Disagreement(r, "exists", r.zone, "no"))
        return found

    def unprintable(self) -> list[str]:
        """One sentence per typed text with characters no font of the kit has (Chinese, emoji): the PDFs print the
        kit's placeholder for them, and the command says so rather than dropping them silently."""
        from kit.content.glyphs import unprintable

        typed = [("municipality", self.municipality)]
        typed += [(f"core value {n}", value) for n, value in enumerate(self.board.core_values, 1)]
        for r in self.cards:
            typed += [(f"card {r.card.id}, field {f.key}", r.values[f.key]) for f in FIELDS
                      if f.kind in ("line", "text") and isinstance(r.values.get(f.key), str)]
        found = []
        for where, text in typed:
            missing = unprintable(text)
            if missing:
                shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:8]) + (" ..." if len(missing) > 8 else "")
                found.append(f"warning: {where}: the kit's fonts have no glyph for {shown}; the PDFs print [?] there.")
        return found

    def with_outcome(self, name: str) -> list[CardResult]:
        return [r for r in self.cards if r.outcome == name]

    def answered(self) -> list[CardResult]:
        """The cards with an answer, or laid on the online legplan."""
        return [r for r in self.cards if r.values or r.zone in ZONE_CHOICES]


def assemble(catalog: Catalog, answers: dict[str, tuple[dict, str]], *, code: str = "", municipality: str = "",
             date: str = "", board: BoardFacts | None = None) -> Results:
    """Results from the current answer (values, saved_at) per card id and what the board adds; blanks appear only
    when used (answered, laid on the board or voted on)."""
    board = board or BoardFacts()
    cards = []
    for card in catalog.cards:
        form, saved_at = answers.get(card.id, ({}, ""))
        zone, online = board.zones.get(card.id, ""), board.online.get(card.id, (0, 0))
        if card.blank and not form and zone not in ZONE_CHOICES and not any(online):
            continue
        category = catalog.category(card.category)
        values = combine(form, category, zone, online, board.counted)
        cards.append(CardResult(card, category, values, saved_at, None if values == form else form, zone, online,
                                board.order.get(card.id, 0)))
    return Results(code, municipality, date, catalog.lang, tuple(cards), board)


def combine(form: dict, category: Category, zone: str, online: tuple, counted: bool) -> dict:
    """A card's values from its form's answer and the board (the rules are in the module's docstring)."""
    values = dict(form)
    if category.voting and (counted or any(online)):
        for key, stuck in zip(("green", "red"), online):
            values[key] = min(MAX_TALLY, (form.get(key) or 0) + stuck)
    if zone in ZONE_CHOICES:
        choice = ZONE_CHOICES[zone]
        if choice:
            values["choice"] = choice
        else:
            values.pop("choice", None)
    return values


def from_store(store, workshop, catalog: Catalog) -> Results:
    """A workshop's results from the database: the newest answer per card and the online legplan, in the workshop's
    catalog. The board is read first, so the answers are at least as new as the version it reports."""
    from kit.workshop.board import Boards

    state = Boards(store).state(workshop)
    current = {card_id: (a.values, a.saved_at) for card_id, a in store.current_answers(workshop).items()}
    facts = BoardFacts({card_id: p.zone for card_id, p in state.placements.items()},
                       {card_id: p.seq for card_id, p in state.placements.items()}, state.online, state.counted,
                       state.core_values, state.version, state.voting_locked, state.participants)
    return assemble(catalog, current, code=workshop.code, municipality=workshop.municipality, date=workshop.date, board=facts)


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
               "status": r.status, "outcome": r.outcome, "saved_at": r.saved_at,
               "zone": r.zone if r.zone in ZONE_CHOICES else ""}
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
        answers, meta, zones = _read_rows(reader, catalog, path)
    except csv.Error as exc:
        raise KitError(f"{path}:{reader.line_num}: the CSV is malformed ({exc}).") from None
    from kit.content.customize import municipality_name, workshop_date

    try:
        name = municipality_name(municipality if municipality is not None else meta.get("municipality", ""))
        when = workshop_date(date if date is not None else meta.get("date", ""))
    except KitError as exc:
        raise KitError(f"{path}: {exc}") from None
    return assemble(catalog, answers, code=meta.get("workshop", ""), municipality=name,
                    date=when.isoformat() if when else "", board=BoardFacts(zones=zones))


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


def _read_rows(reader, catalog: Catalog, path: Path) -> tuple[dict, dict, dict]:
    """({card id: (values, saved_at)}, the workshop's code, municipality and date from the first rows that say them,
    {card id: where the online legplan had it})."""
    labels = _choice_labels(catalog)
    answers, meta, zones = {}, {}, {}
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
        zones[card.id] = _zone(row, where)
        for key in ("workshop", "municipality", "date"):
            if (row.get(key) or "").strip():
                meta.setdefault(key, row[key].strip())
    return answers, meta, zones


def _zone(row: dict, where: str) -> str:
    zone = (row.get("zone") or "").strip().lower()
    if zone and zone not in ZONE_CHOICES:
        raise KitError(f"{where}: column 'zone': must be one of {', '.join(ZONE_CHOICES)}, or empty.")
    return zone


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
