"""Exports a language's texts as a gettext PO file for translators' tools (Weblate, Poedit, CAT tools) and reads it back.

The same texts, keys and checks as the XLSX sheet (kit.content.sheet): each entry's
context (msgctxt) is the key (`cards.T01.title`), its msgid the Dutch source, its msgstr
the translation; a comment for the translator says where the text is printed and how
much room it has; a translation whose Dutch source changed since is marked fuzzy.
Import reads it into the rows the sheet gives, so kit.build.translation checks and
writes it the same way, naming the PO file and the line of a refused entry.
PO rather than XLIFF 2: polib is small and pure Python, and every tool translators use
for open-source work reads PO; XLIFF 2 would need a heavier library.
"""

from __future__ import annotations

import re
from pathlib import Path

from kit.content import i18n
from kit.errors import KitError
from kit.output.files import write_atomic

SUFFIX = ".po"


def export(content_dir, lang: str, out: Path) -> int:
    """Write the PO file (from a content folder, or its layers, kit.content.sources); returns the number of entries."""
    import polib

    if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", lang or "") or lang == i18n.SOURCE:
        raise KitError(f"'{lang}' is not a language to translate into: write a code such as fr, de, en or it "
                       f"(not {i18n.SOURCE}, the source).")
    source, target, made_from = i18n.texts(content_dir, i18n.SOURCE), i18n.texts(content_dir, lang), i18n.recorded(content_dir, lang)
    po = polib.POFile(wrapwidth=0)  # long texts stay on one line: the file diffs line by line
    po.metadata = {"Project-Id-Version": "beleidstool-kit", "Language": lang, "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                   "X-Source-Language": i18n.SOURCE}
    for key, text in source.items():
        state = i18n.state(key, text, target, made_from)
        where, limit = i18n.context(key)
        po.append(polib.POEntry(msgctxt=key, msgid=text, msgstr=target.get(key, "") if state != "missing" else "",
                                comment=where + (f"\nroom: {limit}" if limit else ""),
                                flags=["fuzzy"] if state == "stale" else []))
    write_atomic(out, str(po).encode("utf-8"))
    return len(source)


def read(path: Path) -> tuple[str, dict[str, tuple[str, str, str]]]:
    """The file's language and {key: (where in the file, source, translation)}, as kit.content.sheet.read gives."""
    import polib

    path = Path(path)
    if not path.is_file():
        raise KitError(f"{path}: file not found.")
    try:
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise KitError(f"{path}: not a readable PO file ({str(exc).strip() or type(exc).__name__}).") from None
    lang = (po.metadata.get("Language") or "").strip()
    if not lang:
        raise KitError(f"{path}: its header must say which language it is (\"Language: fr\"); export a fresh file with "
                       "`kit i18n export`.")
    values = {}
    for entry in po:
        if entry.obsolete:
            continue
        place = f"line {entry.linenum}"
        key = (entry.msgctxt or "").strip()
        if not key:
            raise KitError(f"{path}: {place}: the entry has no key (msgctxt); export a fresh file with `kit i18n export`.")
        if key in values:
            raise KitError(f"{path}: {place}: the key {key} appears twice.")
        values[key] = (place, entry.msgid, entry.msgstr)
    return lang, values
