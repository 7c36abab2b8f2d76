"""Imports a translated spreadsheet: checks it (kit.content.sheet), proves the language builds and every text fits,
and only then writes the language's content files."""

from __future__ import annotations

import tempfile
from pathlib import Path

from kit.build.builder import Request, make
from kit.build.context import load_context
from kit.build.registry import KIT_PARTS
from kit.content import i18n, pofile, sheet
from kit.content.sheet import check
from kit.content.sources import Layers, as_layers
from kit.errors import KitError
from kit.output.files import write_atomic
from kit.qr import QrCache


def import_sheet(path: Path, content_dir, config, lang: str | None = None) -> tuple[str, int]:
    """Check a sheet (XLSX, or a translators' PO file, kit.content.pofile), prove the language builds and fits, then
    write its content files into the uppermost content folder (a working folder's content/, never the package's
    defaults below it). Returns (lang, rows)."""
    layers = as_layers(content_dir)
    sheet_lang, rows = (pofile.read if Path(path).suffix.lower() == pofile.SUFFIX else sheet.read)(path)
    lang = lang or sheet_lang
    if not lang or lang == i18n.SOURCE or not lang.replace("_", "").isalpha():
        raise KitError(f"{path}: '{lang}' is not a language to import into (the source language is {i18n.SOURCE}).")
    values = check(layers, lang, rows, Path(path))
    previous = i18n.recorded(layers, lang)
    before = i18n.texts(layers, lang)
    target = layers.top / lang
    changed = {key: value for key, value in values.items() if value != before.get(key)}
    with tempfile.TemporaryDirectory(prefix="kit-import-") as scratch:
        trial = Path(scratch) / "content"
        i18n.write_language(layers, lang, values, trial / lang)
        # the new texts over everything else the layers hold (icons, Dutch): every text must fit
        make(load_context(Layers((trial, *layers.folders)), lang, config), Request(parts=KIT_PARTS, cache=QrCache()))
        for file in sorted((trial / lang).iterdir()):
            if not i18n.same_content(target / file.name, file):  # untouched files keep their comments and layout
                # and a changed one only its changed texts (ruamel.yaml round trip), else it is written whole
                write_atomic(target / file.name, i18n.edited(target / file.name, changed) or file.read_bytes())
    source = i18n.texts(layers, i18n.SOURCE)
    made_from = {key: i18n.digest(source[key]) for key in values}  # what was translated before stays recorded
    made_from.update(previous or {})
    for key, (_, sheet_source, translation) in rows.items():
        # a translation only counts as made from this source when it changed; an untouched stale row stays stale
        if translation.strip() and (translation != before.get(key) or key not in made_from):
            made_from[key] = i18n.digest(sheet_source or source[key])
    write_atomic(target / i18n.HASHES, i18n.write_hashes(target, made_from))
    return lang, len(rows)
