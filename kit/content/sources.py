"""Where the kit reads its content and layout presets: the folder an option names, else the working folder, then the
defaults inside the package.

`Layers` is that list of folders, searched in order: a file in an upper folder wins
over the same file below. The catalogue's YAML files merge instead, so that a working
folder can change one card without copying the rest: cards and categories by id (an
entry fills the fields it leaves out from the entry below), labels (strings.yaml) key
by key; matrix.yaml and manual.md are taken whole from the uppermost folder that has
one. A translation's gaps are filled from Dutch the same way (kit.content.i18n).

An option that names a content folder (`--content`) means that folder alone, as it
is: a coordinator checking a translation must see its gaps, not the package's texts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kit import defaults

SOURCE = "nl"  # the language every other one is translated from, and falls back on (kit.content.i18n)
WORKING_CONTENT = "content"  # a working folder's own texts, beside its kit.yaml
WORKING_LAYOUTS = "layouts"
CATALOGUE_FILES = ("categories.yaml", "cards.yaml", "strings.yaml", "matrix.yaml")


@dataclass(frozen=True)
class Layers:
    """Folders searched in order, the uppermost first; the last is usually the package's defaults."""

    folders: tuple[Path, ...]

    def __str__(self) -> str:
        return str(self.folders[0])

    @property
    def top(self) -> Path:
        """The uppermost folder: where the kit writes (a translation's import), never the package below it."""
        return self.folders[0]

    def find(self, *parts: str) -> Path | None:
        """The uppermost folder's copy of a file or folder, or None when no folder has it."""
        for folder in self.folders:
            path = folder.joinpath(*parts)
            if path.exists():
                return path
        return None

    def where(self, *parts: str) -> Path:
        """The file, or where the uppermost folder would have it (for a message that it is missing)."""
        return self.find(*parts) or self.top.joinpath(*parts)

    def every(self, *parts: str) -> list[Path]:
        """Every folder's copy of a file, the uppermost first."""
        return [path for path in (folder.joinpath(*parts) for folder in self.folders) if path.exists()]

    def names(self, *parts: str, pattern: str = "*") -> list[str]:
        """The entries of a sub-folder in any of the folders (each name once), sorted."""
        found = set()
        for folder in self.folders:
            place = folder.joinpath(*parts)
            if place.is_dir():
                found.update(path.name for path in place.glob(pattern))
        return sorted(found)

    def below(self, path: Path) -> Layers:
        """The folders under the one that holds `path` (a preset that extends its own name extends the one below)."""
        for index, folder in enumerate(self.folders):
            if path.is_relative_to(folder):
                return Layers(self.folders[index + 1:])
        return Layers(())


def as_layers(value) -> Layers:
    """A Layers as it is; a single folder (a Path or a string) as layers of one."""
    return value if isinstance(value, Layers) else Layers((Path(value),))


def _stack(*folders: Path) -> Layers:
    """The folders in order, each once (in a checkout the working folder's content/ is the package's own)."""
    kept, seen = [], set()
    for folder in folders:
        key = folder.resolve()
        if key not in seen:
            seen.add(key)
            kept.append(folder)
    return Layers(tuple(kept))


def content_layers(option: Path | str | None = None, folder: Path | str | None = None) -> Layers:
    """The content a command reads: the folder of `--content` alone, else the working folder's content/ (whether it
    exists yet or not: a translation is written there) over the package's."""
    if option is not None:
        return as_layers(option)
    if folder is None or str(folder) == "":
        return Layers((defaults.CONTENT,))
    return _stack(Path(folder) / WORKING_CONTENT, defaults.CONTENT)


def layout_layers(folder: Path | str | None = None) -> Layers:
    """The layout presets: the working folder's layouts/ over the package's."""
    if folder is None or str(folder) == "":
        return Layers((defaults.LAYOUTS,))
    return _stack(Path(folder) / WORKING_LAYOUTS, defaults.LAYOUTS)


# ---- merging YAML data from several folders ----------------------------------------------------------


def merged_yaml(layers: Layers, lang: str, name: str, *, required: bool = True):
    """A catalogue file of one language as the layers make it: the uppermost file, with what it leaves out taken from
    the files below (see `fill`). Entries keep the file and line they were read from, for messages."""
    from kit.content.yamlfile import load_yaml

    paths = layers.every(lang, name)
    if not paths:
        return load_yaml(layers.where(lang, name), required=required)
    data = load_yaml(paths[0])
    for path in paths[1:]:
        data = fill(data, load_yaml(path), name, keep_malformed=True)
    return data


def fill(own, source, name: str, *, keep_malformed: bool = False):
    """`own` with what it lacks taken from `source` (a file below it, or the Dutch text of a translation); `own` itself
    when it lacks nothing. A malformed `own` is kept with `keep_malformed` (its checks name its line), else replaced."""
    if name in ("categories.yaml", "cards.yaml"):
        key = name.split(".")[0]
        if isinstance(own, dict) and isinstance(own.get(key), list) and isinstance(source, dict):
            return _fill_entries(own, source, key)
        return own if keep_malformed and own is not None else source
    if name == "strings.yaml":
        if isinstance(own, dict) and isinstance(source, dict):
            return _fill_mapping(own, source)
        return own if keep_malformed and own is not None else source
    return own if own is not None else source


def _fill_entries(own: dict, source: dict, key: str):
    """A list of entries by id: missing fields and missing entries from the source, in the source's order; an entry
    only `own` has comes after the last one of its category (a working folder's new card stays with its kind)."""
    mine = {entry.get("id"): entry for entry in own[key] if isinstance(entry, dict)}
    entries, changed = [], False
    for entry in source.get(key) or []:
        present = mine.get(entry.get("id")) if isinstance(entry, dict) else None
        if present is None:
            entries.append(entry)
            changed = True
            continue
        complete = _fill_mapping(present, entry)
        changed = changed or complete is not present
        entries.append(complete)
    known = {entry.get("id") for entry in source.get(key) or [] if isinstance(entry, dict)}
    for entry in own[key]:
        if not isinstance(entry, dict) or entry.get("id") not in known:
            entries.insert(_place_for(entries, entry), entry)
    return _copy_with(own, {key: _list_like(own[key], entries)}) if changed else own


def _place_for(entries: list, entry) -> int:
    """Where a new entry goes: after the last entry of the same category, else at the end."""
    category = entry.get("category") if isinstance(entry, dict) else None
    same = [index for index, other in enumerate(entries) if category and isinstance(other, dict)
            and other.get("category") == category]
    return same[-1] + 1 if same else len(entries)


def _fill_mapping(own: dict, source: dict):
    """A mapping with the keys it lacks (or has empty) from the source, recursively; `own` if nothing lacks."""
    updates = {}
    for key, value in source.items():
        mine = own.get(key)
        if mine is None or (isinstance(mine, str) and not mine.strip()):
            updates[key] = value
        elif isinstance(mine, dict) and isinstance(value, dict):
            complete = _fill_mapping(mine, value)
            if complete is not mine:
                updates[key] = complete
    return _copy_with(own, updates) if updates else own


def _copy_with(mapping: dict, updates: dict):
    """A copy of a YAML mapping (with its file and lines) with some values replaced."""
    copied = type(mapping)(mapping)
    copied.update(updates)
    for attribute in ("path", "line", "key_lines"):
        if hasattr(mapping, attribute):
            setattr(copied, attribute, getattr(mapping, attribute))
    return copied


def _list_like(original: list, items: list) -> list:
    copied = type(original)(items)
    for attribute in ("path", "line"):
        if hasattr(original, attribute):
            setattr(copied, attribute, getattr(original, attribute))
    if hasattr(original, "item_lines"):
        copied.item_lines = [getattr(item, "line", original.line) for item in items]
    return copied


def plain(data):
    """YAML data as plain dicts and lists (to write it out again)."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(value) for value in data]
    return data


# ---- what a build read ---------------------------------------------------------------------------------


def content_hash(layers: Layers, lang: str) -> str:
    """A short hash of every content file a language's build may read, in every folder: its own folder, the Dutch one
    it falls back on, the icons. Names are taken relative to their folder, so the same texts give the same hash on any
    machine; written into the manifest and every PDF's metadata, it tells which texts a printed kit was made from."""
    digest = hashlib.sha256()
    for depth, folder in enumerate(reversed(layers.folders)):  # the package's defaults first: the same depth anywhere
        for sub in dict.fromkeys((lang, SOURCE, "icons")):
            place = folder / sub
            if not place.is_dir():
                continue
            for path in sorted(p for p in place.iterdir() if p.is_file()):
                digest.update(f"{depth}\0{sub}/{path.name}\0{path.stat().st_size}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
