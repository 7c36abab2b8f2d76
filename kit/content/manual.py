"""Reads the manual (content/<lang>/manual.md) into a small document model, checking its conventions.

The Markdown is deliberately plain, so a coordinator edits it without tools:
front matter (title, subtitle, author, lang); `#` chapters, a phase chapter
ending in `{phase=N}`; `##` and `###` headings; paragraphs; `- ` and `1. `
lists (two levels); a fact list (every item starts with a bold `**Label:**`)
right under a phase heading; tips as `> **Tip:** ...`; **bold**, *italic*,
[links](https://...) and `{kit:piece}` tokens that name a printed piece of the kit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kit.errors import KitError

KIT_PIECES = ("cards", "blanks", "legplan", "matrix", "votes", "fiches")
_HEADING = re.compile(r"^(#{1,3})\s+(.*?)\s*(\{phase=(\d)\})?\s*$")
_BULLET = re.compile(r"^( {0,3})[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^( {0,3})(\d+)\.\s+(.*)$")
_INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\[([^\]]+)\]\(([^)\s]+)\)|\{kit:([a-z0-9_]+)\}|\{([^{}]*)\}")


@dataclass(frozen=True)
class Inline:
    """A piece of text with its role: plain, bold, italic, link (with url) or kit (a piece of the kit)."""

    text: str
    role: str = "plain"
    url: str = ""


@dataclass
class Block:
    kind: str  # heading, paragraph, bullets, numbered, facts, tip
    line: int
    level: int = 0  # heading level
    inlines: list = field(default_factory=list)  # paragraph, heading, tip
    items: list = field(default_factory=list)  # lists: (depth, inlines); facts: (label, inlines)


@dataclass
class Chapter:
    title: str
    phase: int | None
    line: int
    blocks: list = field(default_factory=list)


@dataclass
class Manual:
    title: str
    subtitle: str
    author: str
    lang: str
    chapters: list
    path: Path


def inline(text: str, where: str) -> list[Inline]:
    """Split a line of Markdown into plain, bold, italic, link and kit pieces."""
    out, pos = [], 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            out.append(Inline(text[pos : match.start()]))
        bold, italic, link_text, url, kit, other = match.groups()
        if bold is not None:
            out.append(Inline(bold, "bold"))
        elif italic is not None:
            out.append(Inline(italic, "italic"))
        elif link_text is not None:
            if not url.startswith(("http://", "https://")):
                raise KitError(f"{where}: the link '{url}' must start with http:// or https://.")
            out.append(Inline(link_text, "link", url))
        elif kit is not None:
            if kit not in KIT_PIECES:
                raise KitError(f"{where}: unknown kit piece {{kit:{kit}}} (known: {', '.join(KIT_PIECES)}).")
            out.append(Inline(kit, "kit"))
        else:
            raise KitError(f"{where}: unknown placeholder {{{other}}}; the manual knows {{kit:...}} only.")
        pos = match.end()
    if pos < len(text):
        out.append(Inline(text[pos:]))
    return out


def load_manual(path: Path | str) -> Manual:
    path = Path(path)
    if not path.is_file():
        raise KitError(f"{path}: file not found.")
    lines = path.read_text(encoding="utf-8").splitlines()
    meta, start = _front_matter(lines, path)
    chapters: list[Chapter] = []
    paragraph: list[str] = []
    block_start = 0
    i = start

    def where(n):
        return f"{path}:{n + 1}"

    def flush():
        if paragraph:
            _current(chapters, path, block_start).blocks.append(
                Block("paragraph", block_start + 1, inlines=inline(" ".join(paragraph), where(block_start))))
            paragraph.clear()

    while i < len(lines):
        raw = lines[i]
        text = raw.strip()
        if not text:
            flush()
            i += 1
            continue
        heading = _HEADING.match(raw)
        if heading:
            flush()
            level, title, _, phase = heading.groups()
            if phase and len(level) != 1:
                raise KitError(f"{where(i)}: only a chapter heading (#) can carry {{phase=N}}.")
            if len(level) == 1:
                number = int(phase) if phase else None
                if number is not None and not 1 <= number <= 4:
                    raise KitError(f"{where(i)}: the phase must be 1 to 4, got {number}.")
                chapters.append(Chapter(title=title, phase=number, line=i + 1))
            else:
                _current(chapters, path, i).blocks.append(Block("heading", i + 1, level=len(level), inlines=inline(title, where(i))))
            i += 1
            continue
        if text.startswith(">"):
            flush()
            quote = []
            first = i
            while i < len(lines) and lines[i].strip().startswith(">"):
                quote.append(lines[i].strip()[1:].strip())
                i += 1
            body = " ".join(quote)
            if not body.startswith("**Tip:**"):
                raise KitError(f"{where(first)}: a quote block must be a tip starting with **Tip:**.")
            tip = inline(body[len("**Tip:**"):].strip(), where(first))
            if any(piece.role == "link" for piece in tip):
                raise KitError(f"{where(first)}: a tip cannot carry a link (its QR code has no room); put the link in the text.")
            _current(chapters, path, first).blocks.append(Block("tip", first + 1, inlines=tip))
            continue
        if _BULLET.match(raw) or _NUMBERED.match(raw):
            flush()
            first = i
            ordered = bool(_NUMBERED.match(raw)) and not _BULLET.match(raw)
            items = []
            while i < len(lines) and lines[i].strip():
                bullet, numbered = _BULLET.match(lines[i]), _NUMBERED.match(lines[i])
                match = bullet or numbered
                if not match:  # a continuation line of the previous item
                    if not items:
                        break
                    depth, prev, at = items[-1]
                    items[-1] = (depth, prev + " " + lines[i].strip(), at)
                    i += 1
                    continue
                depth = 1 if len(match.group(1)) >= 2 else 0
                items.append((depth, match.groups()[-1], i))
                i += 1
            chapter = _current(chapters, path, first)
            facts = _facts([(depth, item) for depth, item, _ in items])
            if chapter.phase and facts and not any(b.kind in ("paragraph", "bullets", "numbered", "facts") for b in chapter.blocks):
                chapter.blocks.append(Block("facts", first + 1, items=[
                    (label, inline(value, where(at))) for (label, value), (_, _, at) in zip(facts, items)]))
            else:
                chapter.blocks.append(Block("numbered" if ordered else "bullets", first + 1,
                                            items=[(depth, inline(item, where(at))) for depth, item, at in items]))
            continue
        if not paragraph:
            block_start = i
        paragraph.append(text)
        i += 1
    flush()
    if not chapters:
        raise KitError(f"{path}: the manual has no chapter (a line starting with '# ').")
    for chapter in chapters:
        if chapter.phase and not any(b.kind == "facts" for b in chapter.blocks):
            raise KitError(f"{path}:{chapter.line}: phase chapter '{chapter.title}' must start with its fact list (- **Doel:** ...).")
    return Manual(title=meta["title"], subtitle=meta.get("subtitle", ""), author=meta.get("author", ""),
                  lang=meta.get("lang", ""), chapters=chapters, path=path)


def _front_matter(lines: list[str], path: Path) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        raise KitError(f"{path}:1: the manual must start with a front matter block between '---' lines.")
    try:
        end = next(n for n in range(1, len(lines)) if lines[n].strip() == "---")
    except StopIteration:
        raise KitError(f"{path}:1: the front matter block is not closed with '---'.") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        raise KitError(f"{path}: broken front matter ({exc}).") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str):
        raise KitError(f"{path}:2: the front matter needs a 'title'.")
    return {k: str(v) for k, v in meta.items()}, end + 1


def _current(chapters: list, path: Path, line: int) -> Chapter:
    if not chapters:
        raise KitError(f"{path}:{line + 1}: text before the first chapter heading ('# ').")
    return chapters[-1]


def _facts(items) -> list[tuple[str, str]]:
    """A list whose every item starts with **Label:** is a fact list: (label, value) pairs."""
    facts = []
    for depth, item in items:
        match = re.match(r"^\*\*([^*]+?):\*\*\s*(.*)$", item)
        if depth or not match:
            return []
        facts.append((match.group(1), match.group(2)))
    return facts


def headings(manual: Manual) -> list[tuple[int, str]]:
    """(level, title) of every chapter and section, in reading order."""
    out = []
    for chapter in manual.chapters:
        out.append((1, chapter.title))
        out += [(b.level, "".join(p.text for p in b.inlines)) for b in chapter.blocks if b.kind == "heading" and b.level == 2]
    return out
