"""A workshop's answers as an Excel workbook (openpyxl) for people to read: headings and values in the workshop's
language, one row per card. The CSV (kit.workshop.results.to_csv) stays the exchange format that `kit results --csv`
reads; this file is not read back."""

from __future__ import annotations

import io

from kit.content.characters import xml_safe
from kit.content.model import Catalog
from kit.workshop.fields import QUESTIONS
from kit.workshop.results import ZONE_CHOICES, CardResult, Results

OUTCOME_KEYS = {"keep": "votes.keep", "drop": "votes.drop", "discuss": "votes.discuss", "open": "web.outcome_open",
                "not_voted": "web.outcome_not_voted"}
ZONE_KEYS = {"existing": "legplan.existing", "short": "legplan.short_term", "long": "legplan.long_term", "aside": "board.aside"}
WIDTHS = {"card": 9, "text": 48, "short": 16}


def columns(catalog: Catalog) -> list[tuple[str, str]]:
    """(heading, width kind) of every column, in the workshop's language."""
    t = catalog.text
    questions = [q["label"] for q in catalog.strings["fiche"]["questions"]]
    return [(t("web.card"), "card"), (t("workbench.column_title"), "text"), (t("workbench.column_category"), "short"),
            (t("web.status"), "short"), (t("web.exists"), "short"), (t("web.existing_actions"), "text"),
            (t("votes.green"), "card"), (t("votes.red"), "card"), (t("votes.outcome"), "short"), (t("web.choice"), "short"),
            (t("workbench.column_zone"), "short"), *[(label, "text") for label in questions], (t("web.last_saved"), "short")]


def row(result: CardResult, catalog: Catalog, when=lambda iso: iso) -> list:
    """One card's values as the workshop reads them: the words of the form, numbers as numbers."""
    t, values = catalog.text, result.values
    return [result.card.id, result.title, result.category.name, t(f"web.status_{result.status}"),
            t(f"web.exists_{values['exists']}") if values.get("exists") else "", values.get("existing_actions", ""),
            values.get("green", ""), values.get("red", ""), t(OUTCOME_KEYS[result.outcome]),
            t(f"web.choice_{values['choice']}") if values.get("choice") else "",
            t(ZONE_KEYS[result.zone]) if result.zone in ZONE_CHOICES else "",
            *[values.get(key, "") for key in QUESTIONS], when(result.saved_at)]


def answers_xlsx(results: Results, catalog: Catalog, when=lambda iso: iso) -> bytes:
    """The workbook: one sheet with a heading row (frozen, with a filter) and a row per answered card."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(catalog.text("workbench.sheet"))
    heads = columns(catalog)
    sheet.append([heading for heading, _ in heads])
    for result in results.answered():
        sheet.append([_cell(value) for value in row(result, catalog, when)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (_, kind) in enumerate(heads, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[kind]
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text that starts with "=" stays text, never a formula
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.properties.language = catalog.lang
    book.properties.title = f"{catalog.text('workbench.sheet')} · {results.municipality}"[:250]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    """A value a cell can hold: numbers as they are, text with what XML cannot hold shown as U+FFFD."""
    return value if isinstance(value, int) else xml_safe(str(value))


def _sheet_title(title: str) -> str:
    """A sheet's name: at most 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "1"
