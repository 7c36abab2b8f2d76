"""Translation workflow: every printed text of a language as a flat key, compared with the Dutch source.

Keys look like `cards.T01.title`, `strings.legplan.title`, `matrix.groups.0.actors.2` or
`manual.012` (the twelfth block of the manual). A language folder keeps, in
`.i18n.yaml`, a short hash of the Dutch text each translation was made from, so a
translation whose source has changed since shows as stale. Texts a language lacks
are taken from Dutch in memory (`with_dutch_gaps`, `manual_with_dutch_gaps`).

A language's glossary.yaml (kit.content.glossary) is written per language, not translated
key for key, so it is not among YAML_FILES: it is neither exported nor imported nor counted.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kit.content.sources import SOURCE, Layers, as_layers, fill, merged_yaml, plain
from kit.content.yamlfile import plain_yaml
from kit.errors import KitError

YAML_FILES = ("categories.yaml", "cards.yaml", "strings.yaml", "matrix.yaml")
MANUAL = "manual.md"
HASHES = ".i18n.yaml"
TOKEN = re.compile(r"\{[^{}]*\}|\]\(([^)]+)\)")


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def tokens(text: str) -> list[str]:
    """Placeholders and link targets, which a translation must keep exactly."""
    return sorted(m.group(0) for m in TOKEN.finditer(text))


# ---- flattening -------------------------------------------------------------

def _walk_strings(node, prefix, out):
    if isinstance(node, dict):
        for key, value in node.items():
            _walk_strings(value, f"{prefix}.{key}", out)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _walk_strings(value, f"{prefix}.{index}", out)
    elif isinstance(node, str):
        out[prefix] = node


# file: (its list of entries, the keys' prefix, the field that names an entry (None: its position), its text fields,
# and its field holding a list of texts)
_ENTRIES = {
    "categories.yaml": ("categories", "categories", "id", ("name", "explanation"), None),
    "cards.yaml": ("cards", "cards", "id", ("title", "description", "question"), "examples"),
    "matrix.yaml": ("groups", "matrix.groups", None, ("name",), "actors"),
}


def _yaml_keys(name: str, data) -> list[tuple[str, tuple]]:
    """(key, path inside the YAML data) of every translatable text of one file."""
    if not isinstance(data, dict):
        return []
    if name == "strings.yaml":
        flat = {}
        _walk_strings(data, "strings", flat)
        return [(key, tuple(int(p) if p.isdigit() else p for p in key.split(".")[1:])) for key in flat]
    return list(_entry_keys(data, *_ENTRIES[name])) if name in _ENTRIES else []


def _entry_keys(data: dict, key: str, prefix: str, named_by: str | None, fields: tuple, texts: str | None):
    for i, entry in enumerate(data.get(key) or []):
        if not isinstance(entry, dict):
            continue
        name = entry.get(named_by) if named_by else i
        for field in fields:
            if isinstance(entry.get(field), str):
                yield f"{prefix}.{name}.{field}", (key, i, field)
        for j, text in enumerate((entry.get(texts) or []) if texts else []):
            if isinstance(text, str):
                yield f"{prefix}.{name}.{texts}.{j}", (key, i, texts, j)


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def manual_segments(text: str) -> tuple[dict, list[str]]:
    """Front matter fields and the manual's blocks (runs of non-blank lines), in order."""
    lines = text.splitlines()
    meta, start = {}, 0
    if lines and lines[0].strip() == "---":
        end = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), 0)
        try:
            meta = plain_yaml("\n".join(lines[1:end])) or {}
        except yaml.YAMLError as exc:
            raise KitError(f"the manual's front matter is broken YAML ({str(exc).splitlines()[0]}).") from None
        meta = meta if isinstance(meta, dict) else {}
        start = end + 1
    blocks, current = [], []
    for line in lines[start:]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return meta, blocks


def flatten(folder: Path) -> dict[str, str]:
    """Every translatable text of one language folder, by key."""
    folder = Path(folder)
    return texts(Layers((folder.parent,)), folder.name)


def texts(content_dir, lang: str) -> dict[str, str]:
    """Every translatable text of a language as its layers of folders make it (kit.content.sources), by key."""
    layers = as_layers(content_dir)
    out = {}
    for name in YAML_FILES:
        data = merged_yaml(layers, lang, name, required=False)
        for key, where in _yaml_keys(name, data):
            out[key] = _get(data, where)
    manual = layers.find(lang, MANUAL)
    if manual is not None:
        try:
            meta, blocks = manual_segments(manual.read_text(encoding="utf-8"))
        except KitError as exc:
            raise KitError(f"{manual}: {exc}") from None
        for field in ("title", "subtitle", "author"):
            if isinstance(meta.get(field), str):
                out[f"manual.meta.{field}"] = meta[field]
        for n, block in enumerate(blocks):
            out[f"manual.{n:03d}"] = block
    return out


def artefact(key: str) -> str:
    """Which printed piece a key belongs to, for the status table."""
    if key.startswith(("cards.", "categories.", "strings.card.", "strings.kit_name", "strings.municipality_default")):
        return "cards"
    if key.startswith(("strings.legplan.", "strings.months.")):
        return "legplan"
    if key.startswith(("matrix.", "strings.matrix.")):
        return "matrix"
    if key.startswith(("strings.votes.", "strings.fiche.")):
        return "worksheets"
    if key.startswith(("manual.", "strings.manual.")):
        return "manual"
    if key.startswith(("strings.web.", "strings.board.")):
        return "website"
    if key.startswith("strings.results."):
        return "results"
    if key.startswith("strings.edition."):
        return "edition"
    return "other"


ARTEFACTS = ("cards", "legplan", "matrix", "worksheets", "manual", "website", "results", "edition")


def context(key: str) -> tuple[str, str]:
    """Where a key appears and its space limit, for translators."""
    parts = key.split(".")
    limits = {"title": "card title frame 55 x 10.5 mm, 11 pt down to 7 pt",
              "description": "card body 55 x ~35 mm, shared with the examples",
              "question": "question box 34 x 16 mm",
              "examples": "card body, one bullet",
              "name": "category band 36 x 11 mm and card back",
              "explanation": "card back, 49 x 21 mm"}
    if parts[0] == "cards":
        return f"card {parts[1]}, {parts[2]}", limits.get(parts[2], "")
    if parts[0] == "categories":
        return f"category {parts[1]}, {parts[2]}", limits.get(parts[2], "")
    if parts[0] == "matrix":
        return "matrix row" if "actors" in parts else "matrix group heading", "actor column 68 mm, one or two lines"
    if parts[0] == "manual":
        return ("manual front matter" if parts[1] == "meta" else f"manual block {parts[1]} (Markdown; keep the markers)"), ""
    if key.startswith(("strings.web.", "strings.board.")):
        return f"kit serve web page label {key[len('strings.'):]}", ""
    if key.startswith("strings.edition."):
        return f"HTML edition label {key[len('strings.'):]}", ""
    return f"printed label {key[len('strings.'):]}", ""


# ---- status -----------------------------------------------------------------

@dataclass
class Status:
    translated: int = 0
    missing: int = 0
    stale: int = 0


def hashes(folder: Path, name: str = HASHES) -> dict | None:
    """{key: hash of the Dutch text it was translated from}, or None where the language keeps no record.
    (kit init keeps the hashes of the default texts it copied the same way, in another file: kit.workfolder.)"""
    path = Path(folder) / name
    if not path.is_file():
        return None
    try:
        data = plain_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        raise KitError(f"{path}: broken YAML; delete the file to treat every present text as translated.") from None
    sources = data.get("sources") if isinstance(data, dict) else None
    return dict(sources) if isinstance(sources, dict) else {}


def recorded(content_dir, lang: str) -> dict | None:
    """The record of a language in every folder of its layers, an upper folder's hash over a lower one's (None: no
    folder keeps a record)."""
    found = [hashes(path.parent) for path in as_layers(content_dir).every(lang, HASHES)]
    if not found:
        return None
    merged = {}
    for record in reversed(found):
        merged.update(record)
    return merged


def write_hashes(folder: Path, made_from: dict) -> bytes:
    header = "# Hash of the Dutch text each translation was made from; `kit i18n status` compares them.\n"
    return (header + yaml.safe_dump({"sources": dict(sorted(made_from.items()))}, sort_keys=False)).encode("utf-8")


def state(key: str, source_text: str, target: dict, made_from: dict | None) -> str:
    """translated, missing or stale. With a record, only recorded keys count as translated
    (the files hold a Dutch copy of the rest); without one, any text present counts."""
    if not target.get(key, "").strip():
        return "missing"
    if made_from is None:
        return "translated"
    if key not in made_from:
        return "missing"
    return "translated" if made_from[key] == digest(source_text) else "stale"


def status(content_dir, lang: str) -> dict[str, Status]:
    """Per artefact: how many keys are translated, missing, or stale (source changed since)."""
    source, target, made_from = texts(content_dir, SOURCE), texts(content_dir, lang), recorded(content_dir, lang)
    table = {name: Status() for name in ARTEFACTS}
    for key, text in source.items():
        row = table.setdefault(artefact(key), Status())
        setattr(row, state(key, text, target, made_from), getattr(row, state(key, text, target, made_from)) + 1)
    return table


def missing_keys(content_dir, lang: str) -> list[str]:
    """Keys with no translation (absent, empty, or a Dutch copy that was never translated)."""
    source, target, made_from = texts(content_dir, SOURCE), texts(content_dir, lang), recorded(content_dir, lang)
    return [key for key, text in source.items() if state(key, text, target, made_from) == "missing"]


# ---- writing ----------------------------------------------------------------

def write_language(content_dir, lang: str, values: dict[str, str], target: Path) -> None:
    """Write a language folder at `target` from the Dutch skeleton, with `values` where given (Dutch elsewhere)."""
    layers = as_layers(content_dir)
    target.mkdir(parents=True, exist_ok=True)
    for name in YAML_FILES:
        data = plain(merged_yaml(layers, SOURCE, name))
        for key, where in _yaml_keys(name, data):
            if values.get(key, "").strip():
                _set(data, where, values[key])
        text = f"# Generated by `kit i18n import` for '{lang}' from the Dutch structure; edit freely.\n"
        text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        (target / name).write_text(text, encoding="utf-8")
    manual = layers.find(SOURCE, MANUAL)
    if manual is not None:
        meta, blocks = manual_segments(manual.read_text(encoding="utf-8"))
        meta = dict(meta)
        for field in ("title", "subtitle", "author"):
            if values.get(f"manual.meta.{field}", "").strip():
                meta[field] = values[f"manual.meta.{field}"]
        meta["lang"] = lang
        body = [values.get(f"manual.{n:03d}", "").strip() or block for n, block in enumerate(blocks)]
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False).strip()
        (target / MANUAL).write_text(f"---\n{front}\n---\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")


_PREFIXES = {"categories.yaml": "categories.", "cards.yaml": "cards.", "strings.yaml": "strings.", "matrix.yaml": "matrix."}


def _round_trip():
    """ruamel.yaml as the content files are written: comments, order, quoting and long lines kept as they are."""
    from ruamel.yaml import YAML

    loader = YAML()
    loader.preserve_quotes = True
    loader.width = 4096  # never fold a long line the file keeps on one
    loader.indent(mapping=2, sequence=4, offset=2)
    return loader


def _styled(old, new: str):
    """The new text in the old one's style: quoted, folded (>-) or literal (|) as the file had it."""
    from ruamel.yaml.scalarstring import ScalarString

    return type(old)(new) if isinstance(old, ScalarString) else new


def edited(existing: Path, values: dict[str, str]) -> bytes | None:
    """A language file with only the texts that changed replaced (ruamel.yaml round trip for YAML, block by block for
    the manual): its comments, order, quoting and line breaks stay, so a reviewer's diff shows only what was
    translated. None when the file cannot take the change so (it is missing, or lacks an entry a value belongs to,
    as a working folder's file that changes a few cards): then the whole file is written."""
    if not existing.is_file():
        return None
    if existing.name == MANUAL:
        return _edited_manual(existing, values)
    prefix = _PREFIXES.get(existing.name)
    if prefix is None:
        return None
    from io import StringIO

    loader = _round_trip()
    data = loader.load(existing.read_text(encoding="utf-8"))
    paths = dict(_yaml_keys(existing.name, data))
    changed = {key: value for key, value in values.items() if key.startswith(prefix) and value.strip()}
    for key, value in changed.items():
        if key not in paths:
            return None
        old = _get(data, paths[key])
        if old != value:
            _set(data, paths[key], _styled(old, value))
    out = StringIO()
    loader.dump(data, out)
    return out.getvalue().encode("utf-8")


def _edited_manual(existing: Path, values: dict[str, str]) -> bytes | None:
    """The manual with only its changed blocks replaced, line for line; None when its front matter changes."""
    text = existing.read_text(encoding="utf-8")
    meta, blocks = manual_segments(text)
    if any(values.get(f"manual.meta.{field}", "").strip() not in ("", meta.get(field)) for field in ("title", "subtitle", "author")):
        return None
    lines = text.splitlines()
    spans, start, number = [], None, 0
    body = 0
    if lines and lines[0].strip() == "---":
        body = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), 0) + 1
    for n in range(body, len(lines) + 1):
        filled = n < len(lines) and lines[n].strip()
        if filled and start is None:
            start = n
        elif not filled and start is not None:
            spans.append((start, n))
            start = None
    for number in reversed(range(len(spans))):
        value = values.get(f"manual.{number:03d}", "").strip()
        if value and value != blocks[number]:
            first, end = spans[number]
            lines[first:end] = value.splitlines()
    return ("\n".join(lines) + ("\n" if text.endswith("\n") else "")).encode("utf-8")


def same_content(existing: Path, new: Path) -> bool:
    """Whether a language file already says what a newly written one says, so its comments and layout can stay."""
    if not existing.is_file():
        return False
    try:
        old_text, new_text = existing.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")
        if existing.name == MANUAL:
            return manual_segments(old_text) == manual_segments(new_text)
        return plain_yaml(old_text) == plain_yaml(new_text)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError):
        return False


# ---- Dutch where a translation has no text ----------------------------------

def with_dutch_gaps(content_dir, lang: str) -> dict:
    """{file name: data} of the language's YAML files with the Dutch text wherever they have none.

    Entries are matched by id (categories, cards) or by key (labels); the language's own
    entries keep their file and line for messages. Only files with gaps are returned.
    """
    layers = as_layers(content_dir)
    filled = {}
    for name in YAML_FILES:
        source = merged_yaml(layers, SOURCE, name, required=False)
        own = merged_yaml(layers, lang, name, required=False)
        if source is None:
            continue
        merged = source if own is None else fill(own, source, name)
        if merged is not own:
            filled[name] = merged
    return filled


def manual_with_dutch_gaps(content_dir, lang: str) -> str | None:
    """The language's manual text with the Dutch block wherever it has none; None when nothing lacks."""
    layers = as_layers(content_dir)
    source_path, own_path = layers.find(SOURCE, MANUAL), layers.find(lang, MANUAL)
    if source_path is None:
        return None
    if own_path is None:
        own_meta, own_blocks = {}, []
    else:
        own_meta, own_blocks = manual_segments(own_path.read_text(encoding="utf-8"))
    meta, blocks = manual_segments(source_path.read_text(encoding="utf-8"))
    if len(own_blocks) >= len(blocks) and all(own_meta.get(f) for f in ("title",)):
        return None
    merged_meta = {**meta, **{k: v for k, v in own_meta.items() if v}, "lang": lang}
    body = [own_blocks[n] if n < len(own_blocks) and own_blocks[n].strip() else block for n, block in enumerate(blocks)]
    front = yaml.safe_dump(merged_meta, allow_unicode=True, sort_keys=False).strip()
    return f"---\n{front}\n---\n\n" + "\n\n".join(body) + "\n"
