"""Imports a translated spreadsheet: checks it (kit.content.sheet), proves the language builds and every text fits,
and only then writes the language's content files."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from kit.build.builder import Request, make
from kit.build.context import load_context
from kit.build.registry import KIT_PARTS
from kit.content import i18n
from kit.content.sheet import check, read
from kit.errors import KitError
from kit.output.files import write_atomic
from kit.qr import QrCache


def import_sheet(path: Path, content_dir: Path, config, lang: str | None = None) -> tuple[str, int]:
    """Check a sheet, prove the language builds and fits, then write its content files. Returns (lang, rows)."""
    content_dir = Path(content_dir)
    sheet_lang, rows = read(path)
    lang = lang or sheet_lang
    if not lang or lang == i18n.SOURCE or not lang.replace("_", "").isalpha():
        raise KitError(f"{path}: '{lang}' is not a language to import into (the source language is {i18n.SOURCE}).")
    values = check(content_dir, lang, rows, Path(path))
    previous = i18n.hashes(content_dir / lang) if (content_dir / lang).is_dir() else None
    before = i18n.flatten(content_dir / lang) if (content_dir / lang).is_dir() else {}
    with tempfile.TemporaryDirectory(prefix="kit-import-") as scratch:
        scratch = Path(scratch)
        trial = scratch / "content"
        shutil.copytree(content_dir / "icons", trial / "icons")
        shutil.copytree(content_dir / i18n.SOURCE, trial / i18n.SOURCE)
        i18n.write_language(content_dir, lang, values, trial / lang)
        make(load_context(trial, lang, config), Request(parts=KIT_PARTS, cache=QrCache()))  # every text must fit
        target = content_dir / lang
        for file in sorted((trial / lang).iterdir()):
            if not i18n.same_content(target / file.name, file):  # untouched files keep their comments and layout
                write_atomic(target / file.name, file.read_bytes())
    source = i18n.flatten(content_dir / i18n.SOURCE)
    made_from = {key: i18n.digest(source[key]) for key in values}  # what was translated before stays recorded
    made_from.update(previous or {})
    for key, (_, sheet_source, translation) in rows.items():
        # a translation only counts as made from this source when it changed; an untouched stale row stays stale
        if translation.strip() and (translation != before.get(key) or key not in made_from):
            made_from[key] = i18n.digest(sheet_source or source[key])
    write_atomic(content_dir / lang / i18n.HASHES, i18n.write_hashes(content_dir / lang, made_from))
    return lang, len(rows)
