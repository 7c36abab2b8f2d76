"""Which file each piece of a build came from: the working folder's or the package's (kit.content.sources), for
`kit validate`; and the stamp every file of a build carries: the tool's version and the content's hash."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from kit import __version__
from kit.build.context import BuildContext
from kit.content import i18n
from kit.content.sources import merged_yaml
from kit.content.yamlfile import load_yaml
from kit.layout.presets import preset_files

TOOL = "beleidstool-kit"
# the presets a whole kit reads, besides the card preset and the paper that the settings name
PRESETS = (("boards", "legplan"), ("matrix", "default"), ("worksheets", "default"), ("manual", "default"),
           ("calibration", "default"), ("reports", "default"))
LISTED = 6  # up to this many entries of one file are named, more are counted


def stamp(ctx: BuildContext) -> dict:
    """What the manifest records about the build that made a file: the tool's version and the content's hash."""
    return {"tool": TOOL, "version": __version__, "content_hash": ctx.catalog.content_hash}


def describe(ctx: BuildContext) -> list[str]:
    """One line per piece of the kit: the file (or files) it was read from, the working folder's before the package's."""
    lang, content = ctx.lang, ctx.content
    lines = [f"settings: {ctx.config.source}"]
    for name, label in (("categories.yaml", "categories"), ("cards.yaml", "cards")):
        data = merged_yaml(content, lang, name, required=False) or {}
        entries = [(entry.path, str(entry.get("id"))) for entry in data.get(label) or [] if hasattr(entry, "path")]
        lines.append(f"{name}: {_by_file(entries, label, content)}")
    labels = {}
    for path in content.every(lang, "strings.yaml"):  # each label from the uppermost file that says it
        for key in _labels(load_yaml(path)):
            labels.setdefault(key, str(path))
    lines.append(f"strings.yaml: {_by_file([(path, key) for key, path in labels.items()], 'labels', content)}")
    for name in ("matrix.yaml", i18n.MANUAL):
        own = content.find(lang, name) or content.find(i18n.SOURCE, name)
        lines.append(f"{name}: {own or 'none'}")
    icons = [(str(ctx.icon_file(category).parent), category.icon) for category in ctx.catalog.categories]
    lines.append(f"icons: {_by_file(icons, 'icons', content)}")
    for kind, name in (("cards", ctx.config.cards), ("paper", ctx.config.paper), *PRESETS):
        files = preset_files(kind, name, ctx.layouts)
        lines.append(f"{kind} preset '{name}': " + ", extends ".join(str(path) for path in files))
    return lines


def _labels(node, prefix: str = ""):
    """The dotted key of every label a strings.yaml says, as `kit i18n` names them (an empty one says nothing: it is
    taken from below)."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if isinstance(value, str) and value.strip():
            yield f"{prefix}{key}"
        elif isinstance(value, (dict, list)):
            yield from _labels(value, f"{prefix}{key}.")


def _by_file(entries: list[tuple[str, str]], what: str, layers) -> str:
    """"T01, T02 from a.yaml; 33 cards from b.yaml": the entries of each file, named when there are few, the
    uppermost folder's first."""
    if not entries:
        return "none"
    counts = Counter(path for path, _ in entries)
    depth = {path: next((i for i, folder in enumerate(layers.folders) if Path(path).is_relative_to(folder)), 0)
             for path in counts}
    parts = []
    for path in sorted(counts, key=lambda path: depth[path]):
        names = [name for where, name in entries if where == path]
        listed = ", ".join(names) if len(names) <= LISTED and len(counts) > 1 else f"{len(names)} {what}"
        parts.append(f"{listed} from {Path(path)}")
    return "; ".join(parts)
