"""A working folder of one's own (`kit init`): a commented kit.yaml, the texts of the chosen languages to edit, the
layout presets if asked, and a short read-me in the first language; and, after an upgrade of the kit, the texts in
it that are stale against the kit's newer defaults (`kit init --check`).

The words of kit.yaml and of the read-me live in content/<lang>/init/ (Dutch where a
language has none). Each language folder that kit init writes keeps, in `.defaults.yaml`,
the hash of every default text it was copied from: the same hashes (kit.content.i18n.digest)
and keys as `kit i18n status`. Nothing that is already in the folder is ever overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from kit import __version__, defaults
from kit.content import i18n
from kit.content.catalog import available_languages
from kit.content.sources import WORKING_CONTENT, WORKING_LAYOUTS, Layers
from kit.errors import KitError
from kit.output.files import write_atomic

RECORD = ".defaults.yaml"
TEMPLATES = "init"  # content/<lang>/init/: kit.yaml and the read-me, with {{...}} to fill in
LANGUAGE_FILES = (*i18n.YAML_FILES, i18n.MANUAL)
FILES = {"cards": "cards.yaml", "categories": "categories.yaml", "strings": "strings.yaml", "matrix": "matrix.yaml",
         "manual": i18n.MANUAL}  # the file of a text by the first part of its key


@dataclass(frozen=True)
class Written:
    path: Path
    kept: bool  # it was there already and stays as it was


@dataclass(frozen=True)
class Stale:
    """A text in the working folder whose default changed since kit init copied it."""

    file: Path
    key: str
    edited: bool  # the folder's text differs from what was copied too: compare before taking the new one
    default: str | None  # the kit's text now (None: the kit no longer has it)


def init(folder: Path, langs: list[str], municipality: str = "", with_layouts: bool = False,
         content: Path | None = None, layouts: Path | None = None) -> list[Written]:
    """Write a working folder from the package's defaults (or the folders given); files already there are kept as
    they are. The first language is the read-me's."""
    folder, content, layouts = Path(folder), Path(content or defaults.CONTENT), Path(layouts or defaults.LAYOUTS)
    known = available_languages(content)
    langs = list(dict.fromkeys(langs)) or [i18n.SOURCE]
    for lang in langs:
        if lang not in known:
            raise KitError(f"there is no content for language '{lang}' to start from (languages: {', '.join(known)}).")
    if folder.exists() and not folder.is_dir():
        raise KitError(f"{folder}: not a folder.")
    values = {"version": __version__, "lang": langs[0], "languages": json.dumps(langs),
              "municipality": json.dumps(municipality, ensure_ascii=False)}
    written = [_write(folder / path.name, _filled(path, values)) for path in _templates(content, langs[0])]
    for lang in langs:
        written += _language(folder / WORKING_CONTENT / lang, content, lang)
    if with_layouts:
        for path in sorted(p for p in layouts.rglob("*.yaml") if p.is_file()):
            written.append(_write(folder / WORKING_LAYOUTS / path.relative_to(layouts), path.read_bytes()))
    return written


def _templates(content: Path, lang: str) -> list[Path]:
    place = content / lang / TEMPLATES
    if not place.is_dir():  # a language without its own words for the folder: the Dutch ones
        place = content / i18n.SOURCE / TEMPLATES
    return sorted(path for path in place.iterdir() if path.is_file())


def _filled(path: Path, values: dict) -> bytes:
    text = path.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    return text.encode("utf-8")


def _write(path: Path, data: bytes) -> Written:
    if path.exists():
        return Written(path, kept=True)
    write_atomic(path, data)
    return Written(path, kept=False)


def _language(target: Path, content: Path, lang: str) -> list[Written]:
    """The language's files to edit, and the record of the default texts they were copied from."""
    written = [_write(target / name, (content / lang / name).read_bytes()) for name in LANGUAGE_FILES
               if (content / lang / name).is_file()]
    if all(item.kept for item in written):
        return written  # a folder made before: its record stays the one of what it holds
    copied = i18n.flatten(content / lang)
    record = {key: i18n.digest(text) for key, text in copied.items()}
    header = ("# Hash of the kit's default text each text here was copied from (kit init, beleidstool-kit "
              f"{__version__}); `kit init --check` compares them with the kit's texts of today.\n")
    data = header + yaml.safe_dump({"sources": dict(sorted(record.items()))}, sort_keys=False)
    write_atomic(target / RECORD, data.encode("utf-8"))
    return [*written, Written(target / RECORD, kept=False)]


def stale(folder: Path, content: Path | None = None) -> list[Stale]:
    """The texts of a working folder whose default in the kit (or in the folder given) changed, or went, since kit init
    copied them."""
    content = Path(content or defaults.CONTENT)
    found = []
    for place in sorted(p for p in (Path(folder) / WORKING_CONTENT).glob("*") if (p / RECORD).is_file()):
        record = i18n.hashes(place, RECORD) or {}
        now = i18n.texts(Layers((content,)), place.name) if (content / place.name).is_dir() else {}
        mine = i18n.flatten(place)
        for key, copied in record.items():
            if key not in mine or (key in now and i18n.digest(now[key]) == copied):
                continue  # gone from the folder (the kit's text shows), or the kit's text is the one copied
            file = place / FILES.get(key.split(".")[0], "")
            found.append(Stale(file=file, key=key, edited=i18n.digest(mine[key]) != copied, default=now.get(key)))
    return found

