"""Exports a language's texts to an XLSX sheet for translators and imports it back, with every check first.

Columns: key, context (where it is printed), limit (its room), Dutch source,
translation, status. Import refuses unknown keys, emptied translations, lost or
added placeholders, and text that will not fit; only then are the content files
of the language written (with the source hashes that let `kit i18n status` spot
stale translations).
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from kit.content import i18n
from kit.content.sources import as_layers
from kit.errors import KitError
from kit.output.files import write_atomic

HEADER = ("key", "context", "limit", "source (nl)", "translation", "status")
LANG_CELL = "H1"


def export(content_dir, lang: str, out: Path) -> int:
    """Write the sheet (from a content folder, or its layers, kit.content.sources); returns the number of rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", lang or "") or lang == i18n.SOURCE:
        raise KitError(f"'{lang}' is not a language to translate into: write a code such as fr, de, en or it "
                       f"(not {i18n.SOURCE}, the source).")
    source, target, made_from = i18n.texts(content_dir, i18n.SOURCE), i18n.texts(content_dir, lang), i18n.recorded(content_dir, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = f"kit-{lang}"
    sheet.append(list(HEADER))
    sheet[LANG_CELL] = f"lang={lang}"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for key, text in source.items():
        state = i18n.state(key, text, target, made_from)
        translation = target.get(key, "") if state != "missing" else ""
        where, limit = i18n.context(key)
        sheet.append([key, where, limit, text, translation, state])
    for column, width in zip("ABCDEF", (26, 30, 30, 60, 60, 11)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row[3:5]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    data = BytesIO()
    book.save(data)
    write_atomic(out, data.getvalue())
    return len(source)


def read(path: Path) -> tuple[str, dict[str, tuple[int, str, str]]]:
    """The sheet's language and {key: (row, source, translation)}."""
    from openpyxl import load_workbook

    path = Path(path)
    if not path.is_file():
        raise KitError(f"{path}: file not found.")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise KitError(f"{path}: not a readable XLSX spreadsheet ({type(exc).__name__}).") from None
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows or tuple(str(c or "").strip() for c in rows[0][:5]) != HEADER[:5]:
        raise KitError(f"{path}: the first row must be the header {', '.join(HEADER[:5])}; export a fresh sheet with `kit i18n export`.")
    marker = str(rows[0][7] if len(rows[0]) > 7 and rows[0][7] else "")
    if not marker.startswith("lang="):
        raise KitError(f"{path}: cell {LANG_CELL} must say which language the sheet is, e.g. lang=fr.")
    lang = marker[5:].strip()
    values = {}
    for number, row in enumerate(rows[1:], 2):
        key = str(row[0] or "").strip()
        if not key:
            continue
        source = "" if row[3] is None else str(row[3])
        translation = "" if row[4] is None else str(row[4])
        if key in values:
            raise KitError(f"{path}: row {number}: the key {key} appears twice.")
        values[key] = (number, source, translation)
    return lang, values


def check(content_dir, lang: str, rows: dict, where: Path) -> dict[str, str]:
    """Refuse unknown keys, emptied cells and broken placeholders; returns the translations to use."""
    source, present = i18n.texts(content_dir, i18n.SOURCE), i18n.texts(content_dir, lang)
    made_from = i18n.recorded(content_dir, lang) if as_layers(content_dir).find(lang) else {}
    current = {k: v for k, v in present.items() if k in source and i18n.state(k, source[k], present, made_from) != "missing"}
    values = dict(current)
    for key, (row, _sheet_source, translation) in rows.items():
        row = row if isinstance(row, str) else f"row {row}"  # a sheet's row, or a PO file's line (kit.content.pofile)
        if key not in source:
            raise KitError(f"{where}: {row}: unknown key '{key}'; it is not a text of the Dutch catalog.")
        if not translation.strip():
            if current.get(key, "").strip():
                raise KitError(f"{where}: {row}: the translation of {key} was emptied; put it back or delete the row.")
            continue
        if key.startswith("manual.") and any(not line.strip() for line in translation.strip().splitlines()):
            raise KitError(f"{where}: {row}: the manual block {key} has an empty line; a block is one paragraph, list or heading.")
        lost = [t for t in i18n.tokens(source[key]) if t not in i18n.tokens(translation)]
        added = [t for t in i18n.tokens(translation) if t not in i18n.tokens(source[key])]
        if lost or added:
            what = f"lost {', '.join(lost)}" if lost else f"added {', '.join(added)}"
            raise KitError(f"{where}: {row}: the translation of {key} {what}; placeholders and links must stay as in the source.")
        values[key] = translation
    return values
