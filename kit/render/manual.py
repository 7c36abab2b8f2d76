"""De handleiding as a PDF (kind `manual`, A4 portrait) and as the A5 pages of the booklet.

A cover, a table of contents with page numbers, chapters that open on a new
page (a phase chapter in its phase colour), headings, lists, a fact box per
phase, tip boxes, a QR code beside every web link, a running footer with page
numbers, bookmarks for every chapter and section, and title, author and
language in the document metadata. Text flows over pages line by line.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.content import placeholders
from kit.content.colour import INK, WHITE, parse_hex, text_colour_on, tint
from kit.layout.geometry import MM, Rect
from kit.content.manual import Manual
from kit.content.model import Catalog
from kit.qr import QUIET_MODULES, MatrixCache
from kit.typeset import fonts
from kit.render import pdf
from kit.typeset import fit as text
from kit.render.card import draw_qr
from kit.render.icons import draw_icon

KIND = "manual"
GREY = (0.35, 0.35, 0.38)
ROLE_FONT = {"plain": fonts.REGULAR, "bold": fonts.BOLD, "italic": fonts.ITALIC, "link": fonts.REGULAR, "kit": fonts.BOLD}


@dataclass(frozen=True)
class Style:
    width: float
    height: float
    top: float
    bottom: float
    inner: float
    outer: float
    body: float
    h1: float
    h2: float
    h3: float
    footer: float
    qr_mm: float
    accent: tuple
    phase_colours: tuple

    @property
    def content_w(self) -> float:
        return self.width - self.inner - self.outer


class Flow:
    """Places blocks top-down on pages, breaking between lines; keeps the footer and bookmarks."""

    def __init__(self, canvas, style: Style, catalog: Catalog, manual: Manual, cache: MatrixCache):
        self.c, self.s, self.catalog, self.manual, self.cache = canvas, style, catalog, manual, cache
        self.lang = catalog.lang
        self.page = 0
        self.y = 0.0
        self.chapter = ""
        self.colour = style.accent
        self.headings: list[tuple[int, str, int]] = []
        self.bookmarks = 0

    # pages -------------------------------------------------------------
    @property
    def left(self) -> float:
        """Inner margin on the binding side: right pages (odd) have it on the left."""
        return self.s.inner if self.page % 2 == 1 else self.s.outer

    def start_page(self, footer: bool = True) -> None:
        if self.page:
            self.c.showPage()
        self.page += 1
        self.y = self.s.height - self.s.top
        self.footer = footer

    def end_page(self) -> None:
        if self.footer:
            self._footer()

    def _footer(self) -> None:
        s = self.s
        y = s.bottom - 10
        number = str(self.page)
        right_page = self.page % 2 == 1
        self.c.setStrokeColorRGB(*tint(GREY, 0.35))
        self.c.setLineWidth(0.4)
        self.c.line(self.left * MM, (y + 6) * MM, (s.width - (s.outer if right_page else s.inner)) * MM, (y + 6) * MM)
        frame = Rect(self.left, y, s.content_w, 5)
        label = f"{self.chapter}" if self.chapter else self.catalog.text("kit_name")
        runs_left = [text.Run(number if not right_page else label, colour=GREY)]
        runs_right = [text.Run(label if not right_page else number, colour=GREY, align="right")]
        half = Rect(frame.x, frame.y, frame.w * 0.75, frame.h) if not right_page else Rect(frame.x, frame.y, frame.w * 0.75, frame.h)
        text.place(self.c, runs_left, half, s.footer, lang=self.lang, piece="manual", field="footer", minimum=6)
        text.place(self.c, runs_right, Rect(frame.x + frame.w * 0.25, frame.y, frame.w * 0.75, frame.h), s.footer,
                   lang=self.lang, piece="manual", field="footer", minimum=6)

    def ensure(self, needed_mm: float) -> None:
        if self.y - needed_mm < self.s.bottom:
            self.end_page()
            self.start_page()

    # text --------------------------------------------------------------
    def spans(self, inlines, colour=INK) -> tuple:
        out = []
        for piece in inlines:
            value = piece.text
            if piece.role == "kit":
                value = self.catalog.text(f"manual.kit.{piece.text}")
            out.append(text.Span(value, ROLE_FONT[piece.role], self.colour if piece.role == "link" else None, piece.url))
        return tuple(out)

    def set(self, runs, width_mm: float, base: float):
        return text.fit_or_fail(runs, Rect(0, 0, width_mm, 10_000), base, base, lang=self.lang, card="manual",
                                field=f"text near '{self.chapter[:30]}'")

    def flow(self, runs, *, x_offset: float = 0.0, width: float | None = None, size: float | None = None,
             space_after: float = 2.5, keep: int = 2) -> None:
        """Flow paragraphs over pages, never leaving fewer than `keep` lines of one at a page end or start."""
        width = width or self.s.content_w - x_offset
        fitted = self.set(runs, width, size or self.s.body)
        for set_run, gap in zip(fitted.runs, fitted.gaps):
            self.y -= gap / MM
            pitch = text.LEADING * set_run.size / MM
            first, total = 0, len(set_run.lines)
            while first < total:
                room = self.y - self.s.bottom
                fit = 0
                while first + fit < total and set_run.line_height(fit + 1) / MM <= room + 1e-6:
                    fit += 1
                remaining = total - first
                at_top = self.y >= self.s.height - self.s.top - 1e-6
                if fit < remaining and not at_top:
                    if fit < keep:
                        fit = 0
                    elif remaining - fit < keep:
                        fit = remaining - keep if remaining - keep >= keep else 0
                if fit == 0:
                    self.end_page()
                    self.start_page()
                    continue
                text.draw_lines(self.c, set_run, fitted.width, (self.left + x_offset) * MM, self.y * MM, first, fit)
                self.y -= fit * pitch
                first += fit
        self.y -= space_after

    # bookmarks ---------------------------------------------------------
    def mark(self, level: int, title: str) -> None:
        self.bookmarks += 1
        key = f"h{self.bookmarks}"
        self.c.bookmarkPage(key, fit="XYZ", left=0, top=(self.y + 8) * MM)
        self.c.addOutlineEntry(title, key, level=level - 1, closed=False)
        self.headings.append((level, title, self.page))


def render(manual: Manual, catalog: Catalog, style: Style, icon_file, cache: MatrixCache, toc_pages: dict | None = None,
           pad_to: int = 1) -> tuple[bytes, int, list]:
    """The manual's PDF bytes, its page count and (level, title, page) of every heading.

    `toc_pages` gives the page of each heading for the table of contents (from a
    first pass); `pad_to` adds blank pages before the back cover up to a multiple.
    """
    canvas, buffer = pdf.new_canvas(style.width, style.height, title=f"{manual.title}: {manual.subtitle}".strip(": "),
                                    subject=KIND, lang=catalog.lang, author=manual.author or catalog.text("kit_name"))
    canvas.setKeywords(catalog.text("kit_name"))
    flow = Flow(canvas, style, catalog, manual, cache)
    _cover(flow, icon_file)
    _contents(flow, toc_pages or [])
    flow.chapter = ""
    for chapter in manual.chapters:
        _chapter(flow, chapter)
    flow.end_page()
    blanks = (-(flow.page + 1)) % pad_to
    for _ in range(blanks):
        flow.start_page(footer=False)
        canvas.setFillColorRGB(1, 1, 1)  # an empty page still needs content to exist
        canvas.rect(0, 0, 1, 1, stroke=0, fill=1)
    _back(flow)
    canvas.showPage()
    return pdf.finish(canvas, buffer), flow.page, flow.headings


def contents_entries(manual: Manual) -> list[tuple[int, str]]:
    entries = []
    for chapter in manual.chapters:
        entries.append((1, chapter.title))
        entries += [(2, "".join(i.text for i in b.inlines)) for b in chapter.blocks if b.kind == "heading" and b.level == 2]
    return entries


def _cover(flow: Flow, icon_file) -> None:
    s, c, catalog = flow.s, flow.c, flow.catalog
    flow.start_page(footer=False)
    band = Rect(0, s.height * 0.45, s.width, s.height * 0.55)
    c.setFillColorRGB(*s.accent)
    c.rect(0, band.y * MM, s.width * MM, band.h * MM, stroke=0, fill=1)
    on = text_colour_on(s.accent)
    margin = s.outer + 4
    text.place(c, [text.Run(flow.manual.title, fonts.BOLD, colour=on, hyphenate=False)],
               Rect(margin, band.y + band.h * 0.35, s.width - 2 * margin, band.h * 0.45), s.h1 * 1.6,
               lang=flow.lang, piece="manual", field="cover title", minimum=12, valign="bottom")
    text.place(c, [text.Run(flow.manual.subtitle, colour=on)], Rect(margin, band.y + band.h * 0.18, s.width - 2 * margin, band.h * 0.14),
               s.h1, lang=flow.lang, piece="manual", field="cover subtitle", minimum=10)
    categories = catalog.categories
    size = min(22.0, (s.width - 2 * margin) / len(categories) - 6)
    step = (s.width - 2 * margin) / len(categories)
    for i, category in enumerate(categories):
        x = margin + i * step
        box = Rect(x + (step - size) / 2, band.y - size - 14, size, size)
        c.setFillColorRGB(*category.colour)
        c.roundRect(box.x * MM, box.y * MM, box.w * MM, box.h * MM, 3 * MM, stroke=0, fill=1)
        draw_icon(c, icon_file(category), box.inset(size * 0.18), text_colour_on(category.colour), category.colour)
        text.place(c, [text.Run(category.name, fonts.BOLD, colour=INK, align="center", hyphenate=True)], Rect(x, box.y - 13, step, 11), s.body * 0.85,
                   lang=flow.lang, piece="manual", field="cover category", minimum=6)
    text.place(c, [text.Run(catalog.text("kit_name"), colour=GREY, align="center")], Rect(margin, s.bottom - 6, s.width - 2 * margin, 8),
               s.body, lang=flow.lang, piece="manual", field="cover kit name")


def _contents(flow: Flow, pages: list) -> None:
    s, c = flow.s, flow.c
    flow.start_page()
    title = flow.catalog.text("manual.contents")
    flow.mark(1, title)
    flow.headings.pop()  # the contents page is bookmarked but not listed in itself
    flow.flow([text.Run(title, fonts.BOLD, colour=s.accent)], size=s.h1, space_after=6)
    for index, (level, entry) in enumerate(contents_entries(flow.manual)):
        number = str(pages[index]) if index < len(pages) else ""
        indent = 0 if level == 1 else 6
        font = fonts.BOLD if level == 1 else fonts.REGULAR
        size = s.body * (1.0 if level == 1 else 0.95)
        if level == 1:
            flow.y -= 1.5
        flow.ensure(size * 1.5 / MM * 1.0 + 2)
        row = Rect(flow.left + indent, flow.y - size * 1.4 / MM, s.content_w - indent - 12, size * 1.4 / MM)
        fitted = text.place(c, [text.Run(entry, font, colour=INK)], row, size, lang=flow.lang, piece="manual", field="contents entry",
                            minimum=6)
        text.place(c, [text.Run(number, font, colour=INK, align="right")], Rect(flow.left + s.content_w - 12, row.y, 12, row.h), size,
                   lang=flow.lang, piece="manual", field="contents page")
        line_end = flow.left + indent + fitted.runs[0].lines[0][1] / MM + 2
        c.saveState()
        c.setStrokeColorRGB(*tint(GREY, 0.5))
        c.setDash(0.6, 2)
        c.setLineWidth(0.6)
        baseline = row.top - 0.95 * size / MM
        c.line(line_end * MM, baseline * MM, (flow.left + s.content_w - 13) * MM, baseline * MM)
        c.restoreState()
        flow.y -= size * 1.55 / MM


def _chapter(flow: Flow, chapter) -> None:
    s, c = flow.s, flow.c
    # phases open on a new page; other chapters too, unless most of the page is still free
    if chapter.phase or flow.chapter == "" or flow.y - s.bottom < (s.height - s.top - s.bottom) * 0.55:
        flow.end_page()
        flow.start_page()
    else:
        flow.y -= 10
    flow.chapter = chapter.title
    flow.colour = parse_hex(flow.s.phase_colours[chapter.phase - 1]) if chapter.phase else s.accent
    if chapter.phase:
        band_h = s.h1 / MM * 3.4
        band = Rect(0, s.height - s.top - band_h + 6, s.width, band_h + s.top)
        c.setFillColorRGB(*flow.colour)
        c.rect(0, band.y * MM, s.width * MM, band.h * MM, stroke=0, fill=1)
        on = text_colour_on(flow.colour)
        inner = Rect(flow.left, band.y + 4, s.content_w, band_h - 4)
        flow.y = inner.top + 2
        flow.mark(1, chapter.title)
        label = placeholders.fill(flow.catalog.text("manual.phase"), {"n": chapter.phase})
        title = chapter.title.split(":", 1)[-1].strip() if ":" in chapter.title else chapter.title
        text.place(c, [text.Run(label, fonts.BOLD, colour=on, scale=0.55),
                       text.Run(title, fonts.BOLD, colour=on, space_before=0.15, hyphenate=False)],
                   inner, s.h1, lang=flow.lang, piece="manual", field="phase title", minimum=5.5, valign="middle")
        flow.y = band.y - 8
    else:
        flow.mark(1, chapter.title)
        flow.flow([text.Run(chapter.title, fonts.BOLD, colour=flow.colour, hyphenate=False)], size=s.h1, space_after=2)
        c.setStrokeColorRGB(*flow.colour)
        c.setLineWidth(1.2)
        c.line(flow.left * MM, (flow.y + 0.5) * MM, (flow.left + 30) * MM, (flow.y + 0.5) * MM)
        flow.y -= 6
    for block in chapter.blocks:
        _block(flow, block)


def _block(flow: Flow, block) -> None:
    s = flow.s
    if block.kind == "heading":
        size = s.h2 if block.level == 2 else s.h3
        title = "".join(i.text for i in block.inlines)
        flow.ensure(size * 1.3 / MM + 3 * s.body * 1.2 / MM + 4)  # keep the heading with what follows
        flow.y -= 3 if block.level == 2 else 1.5
        if block.level == 2:
            flow.mark(2, title)
        flow.flow([text.Run(title, fonts.BOLD, colour=flow.colour if block.level == 2 else INK, hyphenate=False)], size=size, space_after=1.5)
    elif block.kind == "paragraph":
        run = text.Run("", spans=flow.spans(block.inlines))
        url = next((i.url for i in block.inlines if i.role == "link"), "")
        if url:
            _with_qr(flow, run, url, 0.0)
        else:
            flow.flow([run])
    elif block.kind in ("bullets", "numbered"):
        number = 0
        for depth, inlines in block.items:
            number = number + 1 if depth == 0 else number
            bullet = (f"{number}." if block.kind == "numbered" and depth == 0 else ("\u2022" if depth == 0 else "\u2013"))
            indent = 0.0 if depth == 0 else 5.0
            url = next((i.url for i in inlines if i.role == "link"), "")
            run = text.Run("", bullet=bullet, bullet_colour=flow.colour, spans=flow.spans(inlines))
            if url:
                _with_qr(flow, run, url, indent)
            else:
                flow.flow([run], x_offset=indent, space_after=1.2)
        flow.y -= 1.5
    elif block.kind == "facts":
        _facts(flow, block)
    elif block.kind == "tip":
        _tip(flow, block)


def _with_qr(flow: Flow, run, url: str, indent: float) -> None:
    s = flow.s
    matrix = flow.cache.matrix(url)
    quiet = QUIET_MODULES * s.qr_mm / len(matrix)
    block_w = s.qr_mm + 2 * quiet
    width = s.content_w - indent - block_w - 3
    fitted = flow.set([run], width, s.body)
    height = max(fitted.height / MM, block_w)
    flow.ensure(height + 2)
    top = flow.y
    flow.flow([run], x_offset=indent, width=width, space_after=0)
    x = flow.left + s.content_w - s.qr_mm - quiet
    draw_qr(flow.c, matrix, x, top - quiet - s.qr_mm, s.qr_mm)
    flow.c.linkURL(url, (x * MM, (top - quiet - s.qr_mm) * MM, (x + s.qr_mm) * MM, (top - quiet) * MM), relative=1)
    flow.y = min(flow.y, top - block_w) - 3


def _facts(flow: Flow, block) -> None:
    s, c = flow.s, flow.c
    label_w = 34 if s.width > 180 else 27
    pad = 4
    width = s.content_w - 2 * pad - label_w
    rows = []
    for label, inlines in block.items:
        value = flow.set([text.Run("", spans=flow.spans(inlines))], width, s.body)
        rows.append((label, inlines, value.height / MM))
    height = sum(h + 2.2 for *_, h in rows) + 2 * pad - 2.2
    flow.ensure(height + 4)
    box = Rect(flow.left, flow.y - height, s.content_w, height)
    c.setFillColorRGB(*tint(flow.colour, 0.1))
    c.roundRect(box.x * MM, box.y * MM, box.w * MM, box.h * MM, 2.5 * MM, stroke=0, fill=1)
    y = box.top - pad
    for label, inlines, h in rows:
        text.place(c, [text.Run(label, fonts.BOLD, colour=flow.colour)], Rect(box.x + pad, y - h, label_w - 2, max(h, s.body / MM * 1.3)),
                   s.body, lang=flow.lang, piece="manual", field="fact label", minimum=6)
        text.place(c, [text.Run("", spans=flow.spans(inlines))], Rect(box.x + pad + label_w, y - h, width, h + 0.5), s.body,
                   lang=flow.lang, piece="manual", field="fact", minimum=s.body)
        y -= h + 2.2
    flow.y = box.y - 5


def _tip(flow: Flow, block) -> None:
    s, c = flow.s, flow.c
    pad = 4
    label = flow.catalog.text("manual.tip")
    runs = [text.Run(label, fonts.BOLD, colour=flow.colour), text.Run("", spans=flow.spans(block.inlines), space_before=0.2)]
    fitted = flow.set(runs, s.content_w - 2 * pad - 2, s.body)
    height = fitted.height / MM + 2 * pad
    flow.ensure(height + 4)
    box = Rect(flow.left, flow.y - height, s.content_w, height)
    c.setFillColorRGB(*tint(flow.colour, 0.08))
    c.roundRect(box.x * MM, box.y * MM, box.w * MM, box.h * MM, 2.5 * MM, stroke=0, fill=1)
    c.setFillColorRGB(*flow.colour)
    c.rect(box.x * MM, box.y * MM, 1.6 * MM, box.h * MM, stroke=0, fill=1)
    text.draw(c, fitted, (box.x + pad + 2) * MM, (box.top - pad) * MM)
    flow.y = box.y - 5


def _back(flow: Flow) -> None:
    s, c = flow.s, flow.c
    flow.start_page(footer=False)
    c.setFillColorRGB(*s.accent)
    c.rect(0, 0, s.width * MM, s.height * 0.3 * MM, stroke=0, fill=1)
    on = text_colour_on(s.accent)
    margin = s.outer + 4
    text.place(c, [text.Run(flow.catalog.text("manual.colophon"), colour=on)], Rect(margin, s.height * 0.08, s.width - 2 * margin, s.height * 0.18),
               s.body, lang=flow.lang, piece="manual", field="colophon", valign="middle")
    c.setFillColorRGB(*WHITE)
