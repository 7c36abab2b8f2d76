"""Reads the manual (content/<lang>/manual.md) with markdown-it-py into a small document model, checking its conventions.

The Markdown is deliberately plain, so a coordinator edits it without tools:
front matter (title, subtitle, author, lang); `#` chapters, a phase chapter
ending in `{phase=N}`; `##` and `###` headings; paragraphs; `- ` and `1. `
lists (two levels); a fact list (every item starts with a bold `**Label:**`)
right under a phase heading; tips as `> **Tip:** ...`; **bold**, *italic*,
[links](https://...) and `{kit:piece}` tokens that name a printed piece of the kit.
Anything else (tables, images, code, HTML) is refused with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kit.content.yamlfile import plain_yaml
from kit.errors import KitError

KIT_PIECES = ("cards", "blanks", "legplan", "matrix", "votes", "fiches")
_PHASE = re.compile(r"^(.*?)\s*\{phase=(\d+)\}\s*$")
_TOKEN = re.compile(r"\{kit:([a-z0-9_]+)\}|\{([^{}]*)\}")


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


def load_manual(path: Path | str) -> Manual:
    path = Path(path)
    if not path.is_file():
        raise KitError(f"{path}: file not found.")
    return read_manual(path.read_text(encoding="utf-8"), path)


def read_manual(text: str, path: Path | str) -> Manual:
    """The manual from its Markdown text; `path` names it in messages."""
    from markdown_it import MarkdownIt

    path = Path(path)
    lines = text.splitlines()
    meta, start = _front_matter(lines, path)
    tokens = MarkdownIt("commonmark", {"html": False}).parse("\n".join(lines[start:]))
    reader = _Reader(path, start)
    reader.read(tokens)
    chapters = reader.chapters
    if not chapters:
        raise KitError(f"{path}: the manual has no chapter (a line starting with '# ').")
    for chapter in chapters:
        if chapter.phase and not any(b.kind == "facts" for b in chapter.blocks):
            raise KitError(f"{path}:{chapter.line}: phase chapter '{chapter.title}' must start with its fact list (- **Doel:** ...).")
    return Manual(title=meta["title"], subtitle=meta.get("subtitle", ""), author=meta.get("author", ""),
                  lang=meta.get("lang", ""), chapters=chapters, path=path)


class _Reader:
    """Walks markdown-it's block tokens into chapters and blocks, with the source line of each."""

    def __init__(self, path: Path, offset: int):
        self.path, self.offset = path, offset
        self.chapters: list[Chapter] = []

    def where(self, token) -> str:
        return f"{self.path}:{token.map[0] + self.offset + 1}" if token.map else str(self.path)

    def line(self, token) -> int:
        return token.map[0] + self.offset + 1 if token.map else 0

    def read(self, tokens) -> None:
        i = 0
        while i < len(tokens):
            i = self.block(tokens, i)

    def block(self, tokens, i: int) -> int:
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            self.heading(token, tokens[i + 1])
            return i + 3
        if kind == "paragraph_open":
            self.current(token).blocks.append(Block("paragraph", self.line(token), inlines=self.inlines(tokens[i + 1])))
            return i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.listing(tokens, i)
        if kind == "blockquote_open":
            return self.tip(tokens, i)
        what = {"fence": "a code block", "code_block": "a code block", "hr": "a horizontal rule", "html_block": "HTML",
                "table_open": "a table"}.get(kind, f"'{kind}'")
        raise KitError(f"{self.where(token)}: the manual does not print {what}; use paragraphs, lists, tips and headings.")

    def current(self, token) -> Chapter:
        if not self.chapters:
            raise KitError(f"{self.where(token)}: text before the first chapter heading ('# ').")
        return self.chapters[-1]

    def heading(self, token, inline) -> None:
        level = int(token.tag[1])
        title, phase = inline.content.strip(), None
        marked = _PHASE.match(title)
        if marked:
            title, phase = marked.group(1), int(marked.group(2))
            if level != 1:
                raise KitError(f"{self.where(token)}: only a chapter heading (#) can carry {{phase=N}}.")
            if not 1 <= phase <= 4:
                raise KitError(f"{self.where(token)}: the phase must be 1 to 4, got {phase}.")
        if level == 1:
            self.chapters.append(Chapter(title=title, phase=phase, line=self.line(token)))
        elif level <= 3:
            self.current(token).blocks.append(Block("heading", self.line(token), level=level, inlines=self.inlines(inline)))
        else:
            raise KitError(f"{self.where(token)}: headings go three levels deep at most (#, ##, ###).")

    def listing(self, tokens, i: int) -> int:
        first = tokens[i]
        ordered = first.type == "ordered_list_open"
        items, i = self.items(tokens, i, depth=0)
        chapter = self.current(first)
        facts = _facts(items)
        if chapter.phase and facts and not any(b.kind in ("paragraph", "bullets", "numbered", "facts") for b in chapter.blocks):
            chapter.blocks.append(Block("facts", self.line(first), items=facts))
        else:
            chapter.blocks.append(Block("numbered" if ordered else "bullets", self.line(first), items=items))
        return i

    def items(self, tokens, i: int, depth: int) -> tuple[list, int]:
        """(depth, inlines) of every item of the list opening at tokens[i], nested items one deeper; the index after it."""
        close = tokens[i].type.replace("_open", "_close")
        items, i = [], i + 1
        while tokens[i].type != close:
            token = tokens[i]
            if token.type == "inline":
                items.append((depth, self.inlines(token)))
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                if depth >= 1:
                    raise KitError(f"{self.where(token)}: lists go two levels deep at most.")
                nested, i = self.items(tokens, i, depth + 1)
                items += nested
                continue
            elif token.type not in ("list_item_open", "list_item_close", "paragraph_open", "paragraph_close"):
                raise KitError(f"{self.where(token)}: a list item holds text only.")
            i += 1
        return items, i + 1

    def tip(self, tokens, i: int) -> int:
        opening = tokens[i]
        inline = tokens[i + 2] if tokens[i + 1].type == "paragraph_open" else None
        if inline is None or tokens[i + 4].type != "blockquote_close":
            raise KitError(f"{self.where(opening)}: a quote block must be one tip paragraph starting with **Tip:**.")
        pieces = self.inlines(inline)
        if not pieces or pieces[0].role != "bold" or pieces[0].text != "Tip:":
            raise KitError(f"{self.where(opening)}: a quote block must be a tip starting with **Tip:**.")
        body = pieces[1:]
        if body and body[0].role == "plain":
            body[0] = Inline(body[0].text.lstrip(), "plain")
        if any(piece.role == "link" for piece in body):
            raise KitError(f"{self.where(opening)}: a tip cannot carry a link (its QR code has no room); put the link in the text.")
        self.current(opening).blocks.append(Block("tip", self.line(opening), inlines=[p for p in body if p.text]))
        return i + 5

    def inlines(self, token) -> list[Inline]:
        """An inline token's children as plain, bold, italic, link and kit pieces."""
        out, role, url = [], "plain", ""
        where = self.where(token)
        for child in token.children or []:
            kind = child.type
            if kind in ("strong_open", "em_open"):
                role = "bold" if kind == "strong_open" else "italic"
            elif kind in ("strong_close", "em_close", "link_close"):
                role, url = "plain", ""
            elif kind == "link_open":
                url = child.attrs.get("href", "")
                if not str(url).startswith(("http://", "https://")):
                    raise KitError(f"{where}: the link '{url}' must start with http:// or https://.")
                role = "link"
            elif kind in ("softbreak", "hardbreak"):
                out.append(Inline(" ", "plain"))
            elif kind == "text":
                out += _tokens(child.content, role, url, where)
            elif kind == "code_inline":
                out.append(Inline(child.content, role, url))
            else:
                raise KitError(f"{where}: the manual does not print {kind.replace('_', ' ')}.")
        return _merged(out)


def _tokens(text: str, role: str, url: str, where: str) -> list[Inline]:
    """A text piece with its {kit:piece} tokens as kit pieces; any other {placeholder} is an error."""
    out, position = [], 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            out.append(Inline(text[position:match.start()], role, url))
        kit, other = match.groups()
        if kit is None:
            raise KitError(f"{where}: unknown placeholder {{{other}}}; the manual knows {{kit:...}} only.")
        if kit not in KIT_PIECES:
            raise KitError(f"{where}: unknown kit piece {{kit:{kit}}} (known: {', '.join(KIT_PIECES)}).")
        out.append(Inline(kit, "kit"))
        position = match.end()
    if position < len(text):
        out.append(Inline(text[position:], role, url))
    return out


def _merged(pieces: list[Inline]) -> list[Inline]:
    """Neighbouring pieces of the same role joined (a soft break is a space), empty pieces left out."""
    out: list[Inline] = []
    for piece in pieces:
        if not piece.text:
            continue
        if out and piece.role == out[-1].role != "kit" and piece.url == out[-1].url:
            out[-1] = Inline(out[-1].text + piece.text, piece.role, piece.url)
        else:
            out.append(piece)
    return out


def _facts(items) -> list[tuple[str, list]]:
    """A list whose every item starts with **Label:** is a fact list: (label, inlines) pairs."""
    facts = []
    for depth, pieces in items:
        if depth or not pieces or pieces[0].role != "bold" or not pieces[0].text.endswith(":"):
            return []
        rest = list(pieces[1:])
        if rest and rest[0].role == "plain":
            rest[0] = Inline(rest[0].text.lstrip(), "plain")
        facts.append((pieces[0].text[:-1], [p for p in rest if p.text]))
    return facts


def _front_matter(lines: list[str], path: Path) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        raise KitError(f"{path}:1: the manual must start with a front matter block between '---' lines.")
    try:
        end = next(n for n in range(1, len(lines)) if lines[n].strip() == "---")
    except StopIteration:
        raise KitError(f"{path}:1: the front matter block is not closed with '---'.") from None
    try:
        meta = plain_yaml("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        raise KitError(f"{path}: broken front matter ({exc}).") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str):
        raise KitError(f"{path}:2: the front matter needs a 'title'.")
    return {k: str(v) for k, v in meta.items()}, end + 1


def headings(manual: Manual) -> list[tuple[int, str]]:
    """(level, title) of every chapter and section, in reading order."""
    out = []
    for chapter in manual.chapters:
        out.append((1, chapter.title))
        out += [(b.level, "".join(p.text for p in b.inlines)) for b in chapter.blocks if b.kind == "heading" and b.level == 2]
    return out


def links(manual: Manual) -> list[str]:
    """Every web address the manual prints a QR code for, in reading order."""
    found = []
    for chapter in manual.chapters:
        for block in chapter.blocks:
            pieces = list(block.inlines) + [i for _, inlines in block.items if isinstance(inlines, list) for i in inlines]
            found += [piece.url for piece in pieces if piece.role == "link"]
    return list(dict.fromkeys(found))


def language_manual(content_dir, lang: str) -> Manual | None:
    """A language's manual (from the content's layers, kit.content.sources), with the Dutch blocks where its
    translation has none (None: there is no manual)."""
    from kit.content import i18n
    from kit.content.sources import as_layers

    content = as_layers(content_dir)
    path = content.where(lang, i18n.MANUAL)
    merged = i18n.manual_with_dutch_gaps(content, lang) if lang != i18n.SOURCE else None
    if merged is not None:
        return read_manual(merged, path)
    return load_manual(path) if path.is_file() else None
