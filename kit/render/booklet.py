"""De handleiding as an A5 booklet on A4 sheets (kind `manual-booklet`), for print; the A4 manual, a tagged PDF
for screens and publishing, is kit.render.manual.

ReportLab's Platypus flows the manual: page templates for the cover, left and
right pages and the back cover, a TableOfContents filled with the page numbers
of the pass before (until they settle), headings kept with what follows, paragraphs split between lines
(never leaving a single line behind). The text inside each block is set by the
kit's own fitter (kit.typeset.fit), with Dutch hyphenation, as on the cards.

A cover, a table of contents with page numbers, chapters that open on a new
page (a phase chapter in its phase colour), headings, lists, a fact box per
phase, tip boxes, a QR code beside every web link, a running footer with page
numbers, bookmarks for every chapter and section, and title, author and
language in the document metadata.

The booklet: the A5 pages are drawn as forms and placed two by two on A4 sheets
in saddle-stitch order (kit.layout.imposition, kit.render.impose). How to print
it: duplex, flip on the short edge, at 100 %; stack the sheets in order, fold
them in the middle together and staple on the fold.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from kit.content import placeholders
from kit.content.colour import INK, WHITE, parse_hex, text_colour_on, tint
from kit.content.manual import Manual, headings
from kit.content.model import Catalog
from kit.layout.geometry import MM, Rect
from kit.layout.imposition import booklet_sides, padded
from kit.layout.presets import ManualPreset, Paper
from kit.qr import QUIET_MODULES
from kit.render import canvas as pdf
from kit.render import text
from kit.render.icons import draw_icon
from kit.render.impose import impose
from kit.render.qrsymbol import draw_qr
from kit.typeset import fonts

KIND_BOOKLET = "manual-booklet"
GREY = (0.35, 0.35, 0.38)
ROLE_FONT = {"plain": fonts.REGULAR, "bold": fonts.BOLD, "italic": fonts.ITALIC, "link": fonts.REGULAR, "kit": fonts.BOLD}


@dataclass(frozen=True)
class Page:
    """One format of the manual (A4 or A5), from the manual preset: page, margins, type sizes, spacing, colours."""

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
    fact_label: float
    edge: float  # art that would run off the page stops this far inside its edges
    accent: tuple
    phase_colours: tuple
    spacing: object  # kit.layout.presets.ManualSpacing

    @property
    def content_w(self) -> float:
        return self.width - self.inner - self.outer

    def left(self, number: int) -> float:
        """The left margin of a page: the inner (binding) margin on right-hand, odd pages."""
        return self.inner if number % 2 == 1 else self.outer


def page_format(preset: ManualPreset, name: str, paper: Paper) -> Page:
    form = preset.formats[name]
    margins = form.margins
    return Page(width=paper.width_mm, height=paper.height_mm, top=margins.top, bottom=margins.bottom, inner=margins.inner,
                outer=margins.outer, body=form.body_pt, h1=form.h1_pt, h2=form.h2_pt, h3=form.h3_pt, footer=form.footer_pt,
                qr_mm=form.qr_mm, fact_label=form.fact_label_mm, edge=form.edge_mm, accent=parse_hex(preset.accent),
                phase_colours=tuple(parse_hex(c) for c in preset.phase_colours), spacing=preset.spacing)


class _Manual(BaseDocTemplate):
    """The page templates of the manual, and what it learns while flowing: headings, bookmarks, the chapter."""

    def __init__(self, buffer, page: Page, catalog: Catalog, **metadata):
        super().__init__(buffer, pagesize=(page.width * MM, page.height * MM), invariant=1, initialFontName=fonts.REGULAR,
                         **metadata)
        self.kit_page, self.catalog = page, catalog
        self.chapter, self.headings = "", []
        body_h = (page.height - page.top - page.bottom) * MM
        whole = Frame(0, 0, page.width * MM, page.height * MM, 0, 0, 0, 0, id="whole")

        def body(x_mm: float) -> Frame:
            return Frame(x_mm * MM, page.bottom * MM, page.content_w * MM, body_h, 0, 0, 0, 0, id="body")

        self.addPageTemplates([
            PageTemplate("cover", [whole], autoNextPageTemplate="even"),
            PageTemplate("odd", [body(page.inner)], onPageEnd=self.footer, autoNextPageTemplate="even"),
            PageTemplate("even", [body(page.outer)], onPageEnd=self.footer, autoNextPageTemplate="odd"),
            PageTemplate("blank", [whole], autoNextPageTemplate="blank"),
            PageTemplate("back", [whole]),
        ])

    def handle_documentBegin(self):
        self.chapter, self.headings, self.entries, self.qr_pages = "", [], [], []
        super().handle_documentBegin()

    def afterFlowable(self, flowable):
        """Headings go into the contents (`notify`) and the list of headings; a chapter names the footer."""
        if getattr(flowable, "chapter", None):
            self.chapter = flowable.chapter
        if isinstance(flowable, _WithQr) and self.page - 1 not in self.qr_pages:
            self.qr_pages.append(self.page - 1)
        outline = getattr(flowable, "outline", None)
        if outline:
            level, title, key, listed = outline
            if listed:
                self.headings.append((level, title, self.page))
                self.entries.append((level - 1, pdf.xml_text(title), self.page, key))

    def footer(self, canvas, doc) -> None:
        """The page number on the outer side and the chapter (or the kit's name) beside it, over a thin rule."""
        page, number = self.kit_page, doc.page
        right_page = number % 2 == 1
        left = page.left(number)
        y = page.bottom - 10
        canvas.saveState()
        canvas.setStrokeColorRGB(*tint(GREY, 0.35))
        canvas.setLineWidth(0.4)
        rule = (y + page.spacing.footer_rule_above_mm) * MM
        canvas.line(left * MM, rule, (left + page.content_w) * MM, rule)
        label = self.chapter or self.catalog.text("kit_name")
        inner, outer = (label, str(number)) if right_page else (str(number), label)
        frame = Rect(left, y, page.content_w, 5)
        where = {"lang": self.catalog.lang, "piece": "manual", "field": "footer"}
        text.place(canvas, [text.Run(inner, colour=GREY)], Rect(frame.x, frame.y, frame.w * 0.75, frame.h), page.footer, **where)
        text.place(canvas, [text.Run(outer, colour=GREY, align="right")],
                   Rect(frame.x + frame.w * 0.25, frame.y, frame.w * 0.75, frame.h), page.footer, **where)
        canvas.restoreState()


# -- flowables -------------------------------------------------------------------------------------


class _Placed(Flowable):
    """A flowable that knows where on the page it is drawn (for art that reaches the page edges)."""

    def drawOn(self, canvas, x, y, _sW=0):
        self.page_x, self.page_y = x, y
        super().drawOn(canvas, x, y, _sW)


class _Text(Flowable):
    """One paragraph, list item or heading, set by kit.typeset.fit at the frame's width; splits between lines,
    never leaving fewer than `keep` lines at a page's end or start."""

    def __init__(self, run: text.Run, size: float, lang: str, field: str, *, indent: float = 0.0, before: float = 0.0,
                 after: float = 0.0, keep: int = 2, frame_h: float = 0.0, fitted=None, first: int = 0, count: int | None = None,
                 fits: dict | None = None):
        super().__init__()
        self.run, self.size, self.lang, self.field = run, size, lang, field
        self.indent, self.keep, self.frame_h = indent, keep, frame_h
        self.spaceBefore, self.spaceAfter = before * MM, after * MM
        self._fitted, self._width, self.first, self.count = fitted, None, first, count
        self.fits = {} if fits is None else fits  # shared by the passes of a flow (_flow): each sets the same texts

    def _set(self, width_pt: float):
        if self._fitted is None or self._width != width_pt:
            key = (self.run, width_pt, self.indent, self.size)
            if key not in self.fits:
                frame = Rect(0, 0, width_pt / MM - self.indent, 10_000)
                self.fits[key] = text.fit_or_fail([self.run], frame, self.size, self.size, lang=self.lang, card="manual",
                                                  field=self.field)
            self._fitted, self._width = self.fits[key], width_pt
        return self._fitted.runs[0]

    def _lines(self, set_run) -> int:
        return (self.count if self.count is not None else len(set_run.lines) - self.first)

    def wrap(self, available_w, available_h):
        set_run = self._set(available_w)
        self.width, self.height = available_w, set_run.line_height(self._lines(set_run))
        return self.width, self.height

    def split(self, available_w, available_h):
        set_run = self._set(available_w)
        total = self._lines(set_run)
        fit = 0
        while fit < total and set_run.line_height(fit + 1) <= available_h + 1e-6:
            fit += 1
        whole_page = available_h >= self.frame_h - 1e-6  # on an empty page, split wherever the page ends
        if not whole_page:
            if fit < self.keep:
                fit = 0
            elif total - fit < self.keep:
                fit = total - self.keep if total - self.keep >= self.keep else 0
        if fit == 0 or fit >= total:
            return []
        head = self._part(self.first, fit, self.spaceBefore, 0.0)
        tail = self._part(self.first + fit, total - fit, 0.0, self.spaceAfter)
        return [head, tail]

    def _part(self, first: int, count: int, before: float, after: float) -> _Text:
        part = _Text(self.run, self.size, self.lang, self.field, indent=self.indent, keep=self.keep, frame_h=self.frame_h,
                     fitted=self._fitted, first=first, count=count, fits=self.fits)
        part._width, part.spaceBefore, part.spaceAfter = self._width, before, after
        return part

    def draw(self):
        set_run = self._fitted.runs[0]
        text.draw_lines(self.canv, set_run, self._fitted.width, self.indent * MM, self.height, self.first, self._lines(set_run))


class _Heading(_Text):
    """A heading: kept with what follows, bookmarked, listed in the contents; a chapter title gets a short rule."""

    def __init__(self, run, size, lang, *, level: int, title: str, key: str, listed: bool = True, chapter: str = "",
                 rule: tuple | None = None, **spacing):
        super().__init__(run, size, lang, f"heading '{title[:30]}'", keep=99, **spacing)
        self.keepWithNext = True
        self.outline = (level, title, key, listed)
        self.chapter, self.rule = chapter, rule  # rule: (length mm, gap mm, colour)

    def wrap(self, available_w, available_h):
        width, height = super().wrap(available_w, available_h)
        if self.rule:
            height += self.rule[1] * MM
        self.height = height
        return width, height

    def split(self, available_w, available_h):
        return []

    def draw(self):
        level, title, key, _ = self.outline
        self.canv.bookmarkHorizontal(key, 0, self.height + 8 * MM)
        self.canv.addOutlineEntry(title, key, level=level - 1, closed=False)
        set_run = self._fitted.runs[0]
        gap = self.rule[1] * MM if self.rule else 0.0
        text.draw_lines(self.canv, set_run, self._fitted.width, 0, self.height)
        if self.rule:
            length, _, colour = self.rule
            self.canv.setStrokeColorRGB(*colour)
            self.canv.setLineWidth(1.2)
            self.canv.line(0, gap - 1.5 * MM, length * MM, gap - 1.5 * MM)


class _PhaseBand(_Placed):
    """The opening of a phase chapter: a band in the phase colour across the top of the page, "Fase N" and the title."""

    def __init__(self, page: Page, label: str, title: str, colour: tuple, lang: str, key: str, chapter: str):
        super().__init__()
        self.page, self.label, self.title, self.colour, self.lang = page, label, title, colour, lang
        self.band_h = page.h1 / MM * page.spacing.phase_band_lines
        self.outline = (1, chapter, key, True)
        self.chapter = chapter

    def wrap(self, available_w, available_h):
        self.width, self.height = available_w, (self.band_h - 6 + self.page.spacing.phase_band_after_mm) * MM
        return self.width, self.height

    def draw(self):
        page, canvas = self.page, self.canv
        canvas.saveState()
        canvas.translate(-self.page_x, -self.page_y)  # page coordinates: the band spans the page within its edge
        bottom = page.height - page.top - self.band_h + 6
        band = Rect(page.edge, bottom, page.width - 2 * page.edge, page.height - page.edge - bottom)
        _panel(canvas, band, self.colour, page)
        left = self.page_x / MM
        inner = Rect(left, band.y + 4, page.content_w, self.band_h - 4)
        key, chapter = self.outline[2], self.outline[1]
        canvas.bookmarkPage(key, fit="XYZ", left=0, top=(inner.top + 10) * MM)
        canvas.addOutlineEntry(chapter, key, level=0, closed=False)
        on = text_colour_on(self.colour)
        text.place(canvas, [text.Run(self.label, fonts.BOLD, colour=on, scale=0.55),
                            text.Run(self.title, fonts.BOLD, colour=on, space_before=0.15, hyphenate=False)],
                   inner, page.h1, lang=self.lang, piece="manual", field="phase title", valign="middle")
        canvas.restoreState()


class _Box(Flowable):
    """A tinted box with rounded corners: a phase's facts (label and value per row) or a tip (a bar on its left)."""

    def __init__(self, page: Page, lang: str, colour: tuple, rows: list, *, tip: bool, after: float, field: str):
        super().__init__()
        self.page, self.lang, self.colour, self.rows, self.tip, self.field = page, lang, colour, rows, tip, field
        self.spaceBefore, self.spaceAfter = 0.0, after * MM

    def _columns(self, available_w: float) -> tuple[float, float]:
        pad = self.page.spacing.box_padding_mm
        width = available_w / MM - 2 * pad
        if self.tip:
            return 0.0, width - 2
        return self.page.fact_label, width - self.page.fact_label

    def wrap(self, available_w, available_h):
        _label_w, value_w = self._columns(available_w)
        page, pad = self.page, self.page.spacing.box_padding_mm
        self.set_rows = []
        for label, runs in self.rows:
            fitted = text.fit_or_fail(runs, Rect(0, 0, value_w, 10_000), page.body, page.body, lang=self.lang, card="manual",
                                      field=self.field)
            self.set_rows.append((label, fitted))
        gap = 0.0 if self.tip else page.spacing.fact_row_gap_mm
        inner = sum(f.height / MM for _, f in self.set_rows) + gap * (len(self.set_rows) - 1)
        self.width, self.height = available_w, (inner + 2 * pad) * MM
        return self.width, self.height

    def draw(self):
        canvas, page = self.canv, self.page
        pad = page.spacing.box_padding_mm
        canvas.setFillColorRGB(*tint(self.colour, 0.08 if self.tip else 0.1))
        canvas.roundRect(0, 0, self.width, self.height, page.spacing.box_corner_mm * MM, stroke=0, fill=1)
        label_w, _value_w = self._columns(self.width)
        if self.tip:
            canvas.setFillColorRGB(*self.colour)
            canvas.rect(0, 0, page.spacing.tip_bar_mm * MM, self.height, stroke=0, fill=1)
        y = self.height / MM - pad
        for label, fitted in self.set_rows:
            h = fitted.height / MM
            if label:
                text.place(canvas, [text.Run(label, fonts.BOLD, colour=self.colour)],
                           Rect(pad, y - h, label_w - 2, max(h, page.body / MM * 1.3)), page.body, lang=self.lang,
                           piece="manual", field="fact label")
            text.draw(canvas, fitted, (pad + label_w + (2 if self.tip else 0)) * MM, y * MM)
            y -= h + (0.0 if self.tip else page.spacing.fact_row_gap_mm)


class _WithQr(Flowable):
    """A paragraph or list item with a link: its QR code right of the text, the link clickable on screen."""

    def __init__(self, block: _Text, url: str, modules, size: float, after: float):
        super().__init__()
        self.block, self.url, self.modules, self.size = block, url, modules, size
        self.quiet = QUIET_MODULES * size / len(modules)
        self.spaceBefore, self.spaceAfter = block.spaceBefore, after * MM

    def wrap(self, available_w, available_h):
        self.qr_w = self.size + 2 * self.quiet
        gap = 3.0
        _, text_h = self.block.wrap(available_w - (self.qr_w + gap) * MM, available_h)
        self.width, self.height = available_w, max(text_h, self.qr_w * MM)
        return self.width, self.height

    def draw(self):
        self.block.drawOn(self.canv, 0, self.height - self.block.height)
        x = self.width / MM - self.size - self.quiet
        top = self.height / MM
        draw_qr(self.canv, self.modules, x, top - self.quiet - self.size, self.size)
        self.canv.linkURL(self.url, (x * MM, (top - self.quiet - self.size) * MM, (x + self.size) * MM, (top - self.quiet) * MM),
                          relative=1)


def _panel(canvas, rect: Rect, colour: tuple, page: Page) -> None:
    """A panel of colour on the page (a cover, a phase's band): with rounded corners where it stops inside the page's
    edge, square where it runs off it (a format whose edge is 0)."""
    canvas.setFillColorRGB(*colour)
    corner = page.spacing.box_corner_mm if page.edge > 0 else 0.0
    canvas.roundRect(rect.x * MM, rect.y * MM, rect.w * MM, rect.h * MM, corner * MM, stroke=0, fill=1)


class _Cover(_Placed):
    """The cover: a band in the accent colour with the title and subtitle, the five category tiles, the kit's name."""

    def __init__(self, page: Page, manual: Manual, catalog: Catalog, icon_file):
        super().__init__()
        self.page, self.manual, self.catalog, self.icon_file = page, manual, catalog, icon_file

    def wrap(self, available_w, available_h):
        self.width, self.height = available_w, available_h
        return available_w, available_h

    def draw(self):
        s, c, catalog, lang = self.page, self.canv, self.catalog, self.catalog.lang
        c.saveState()
        c.translate(-self.page_x, -self.page_y)
        band = Rect(s.edge, s.height * 0.45, s.width - 2 * s.edge, s.height * 0.55 - s.edge)
        _panel(c, band, s.accent, s)
        on = text_colour_on(s.accent)
        margin = s.outer + 4
        where = {"lang": lang, "piece": "manual"}
        text.place(c, [text.Run(self.manual.title, fonts.BOLD, colour=on, hyphenate=False)],
                   Rect(margin, band.y + band.h * 0.35, s.width - 2 * margin, band.h * 0.45), s.h1 * 1.6,
                   field="cover title", minimum=12, valign="bottom", **where)
        text.place(c, [text.Run(self.manual.subtitle, colour=on)],
                   Rect(margin, band.y + band.h * 0.18, s.width - 2 * margin, band.h * 0.14), s.h1, field="cover subtitle",
                   minimum=10, **where)
        categories = catalog.categories
        size = min(22.0, (s.width - 2 * margin) / len(categories) - 6)
        step = (s.width - 2 * margin) / len(categories)
        for i, category in enumerate(categories):
            x = margin + i * step
            box = Rect(x + (step - size) / 2, band.y - size - 14, size, size)
            c.setFillColorRGB(*category.colour)
            c.roundRect(box.x * MM, box.y * MM, box.w * MM, box.h * MM, 3 * MM, stroke=0, fill=1)
            draw_icon(c, self.icon_file(category), box.inset(size * 0.18), text_colour_on(category.colour), category.colour)
            text.place(c, [text.Run(category.name, fonts.BOLD, colour=INK, align="center", hyphenate=True)],
                       Rect(x, box.y - 13, step, 11), s.body * 0.85, field="cover category", **where)
        text.place(c, [text.Run(catalog.text("kit_name"), colour=GREY, align="center")],
                   Rect(margin, s.bottom - 6, s.width - 2 * margin, 8), s.body, field="cover kit name", **where)
        c.restoreState()


class _BackCover(_Placed):
    """The back cover: the colophon on a band in the accent colour."""

    def __init__(self, page: Page, catalog: Catalog):
        super().__init__()
        self.page, self.catalog = page, catalog

    def wrap(self, available_w, available_h):
        self.width, self.height = available_w, available_h
        return available_w, available_h

    def draw(self):
        s, c = self.page, self.canv
        c.saveState()
        c.translate(-self.page_x, -self.page_y)
        _panel(c, Rect(s.edge, s.edge, s.width - 2 * s.edge, s.height * 0.3 - s.edge), s.accent, s)
        margin = s.outer + 4
        text.place(c, [text.Run(self.catalog.text("manual.colophon"), colour=text_colour_on(s.accent))],
                   Rect(margin, s.height * 0.08, s.width - 2 * margin, s.height * 0.18), s.body, lang=self.catalog.lang,
                   piece="manual", field="colophon", valign="middle")
        c.setFillColorRGB(*WHITE)
        c.restoreState()


# -- the story -------------------------------------------------------------------------------------


class _Story:
    """Turns the manual's chapters and blocks into flowables for one page format."""

    def __init__(self, manual: Manual, catalog: Catalog, page: Page, icon_file, codes: dict, fits: dict):
        self.manual, self.catalog, self.page, self.icon_file, self.codes = manual, catalog, page, icon_file, codes
        self.fits = fits  # fitted texts, kept from one pass to the next
        self.lang, self.colour, self.chapter, self.keys = catalog.lang, page.accent, "", 0
        self.frame_h = (page.height - page.top - page.bottom) * MM

    def key(self) -> str:
        self.keys += 1
        return f"h{self.keys}"

    def spans(self, inlines) -> tuple:
        out = []
        for piece in inlines:
            value = self.catalog.text(f"manual.kit.{piece.text}") if piece.role == "kit" else piece.text
            out.append(text.Span(value, ROLE_FONT[piece.role], self.colour if piece.role == "link" else None, piece.url))
        return tuple(out)

    def flowables(self, entries: list) -> list:
        """The whole manual; the contents list `entries` (level, title, page, key) from the pass before."""
        page = self.page
        story = [_Cover(page, self.manual, self.catalog, self.icon_file), PageBreak()]
        title = self.catalog.text("manual.contents")
        story.append(_Heading(text.Run(title, fonts.BOLD, colour=page.accent, hyphenate=False), page.h1, self.lang, level=1,
                              title=title, key=self.key(), listed=False, after=6))
        story.append(self.contents(entries))
        for number, chapter in enumerate(self.manual.chapters):
            story += self.chapter_opening(chapter, first=number == 0)
            for block in chapter.blocks:
                story += self.block(block)
        story += [NextPageTemplate("back"), PageBreak(), _BackCover(page, self.catalog)]
        return story

    def contents(self, entries: list) -> TableOfContents:
        page = self.page
        level_1 = ParagraphStyle("contents-1", fontName=fonts.BOLD, fontSize=page.body, leading=page.body * 1.55,
                                 textColor=INK, spaceBefore=1.5 * MM)
        level_2 = ParagraphStyle("contents-2", fontName=fonts.REGULAR, fontSize=page.body * 0.95, leading=page.body * 1.5,
                                 textColor=INK, leftIndent=page.spacing.contents_indent_mm * MM)
        table = TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
        contents = TableOfContents(levelStyles=[level_1, level_2], dotsMinLevel=0, tableStyle=table)
        contents.addEntries(entries)
        contents.beforeBuild()  # what multiBuild does before each pass: the entries become the ones drawn
        return contents

    def chapter_opening(self, chapter, first: bool) -> list:
        page, sp = self.page, self.page.spacing
        self.chapter = chapter.title
        self.colour = page.phase_colours[chapter.phase - 1] if chapter.phase else page.accent
        if chapter.phase:
            label = placeholders.fill(self.catalog.text("manual.phase"), {"n": chapter.phase})
            title = chapter.title.split(":", 1)[-1].strip() if ":" in chapter.title else chapter.title
            return [PageBreak(), _PhaseBand(page, label, title, self.colour, self.lang, self.key(), chapter.title)]
        opening = [PageBreak()] if first else [CondPageBreak(self.frame_h * sp.chapter_new_page_below)]
        heading = _Heading(text.Run(chapter.title, fonts.BOLD, colour=self.colour, hyphenate=False), page.h1, self.lang,
                           level=1, title=chapter.title, key=self.key(), chapter=chapter.title,
                           before=0.0 if first else sp.chapter_gap_mm, after=0.0,
                           rule=(sp.chapter_rule_mm, sp.chapter_title_after_mm + sp.chapter_rule_after_mm, self.colour))
        return opening + [heading]

    def text_block(self, run, size=None, **spacing) -> _Text:
        return _Text(run, size or self.page.body, self.lang, f"text near '{self.chapter[:30]}'", frame_h=self.frame_h,
                     fits=self.fits, **spacing)

    def block(self, block) -> list:
        page, sp = self.page, self.page.spacing
        if block.kind == "heading":
            title = "".join(i.text for i in block.inlines)
            size, before = (page.h2, sp.h2_before_mm) if block.level == 2 else (page.h3, sp.h3_before_mm)
            colour = self.colour if block.level == 2 else INK
            return [_Heading(text.Run(title, fonts.BOLD, colour=colour, hyphenate=False), size, self.lang, level=block.level,
                             title=title, key=self.key(), listed=block.level == 2, before=before, after=sp.heading_after_mm)]
        if block.kind == "paragraph":
            return [self.with_link(text.Run("", spans=self.spans(block.inlines)), block.inlines, 0.0, sp.paragraph_after_mm)]
        if block.kind in ("bullets", "numbered"):
            return self.listing(block)
        if block.kind == "facts":
            rows = [(label, [text.Run("", spans=self.spans(inlines))]) for label, inlines in block.items]
            return [_Box(page, self.lang, self.colour, rows, tip=False, after=sp.box_after_mm, field="fact")]
        label = self.catalog.text("manual.tip")
        runs = [text.Run(label, fonts.BOLD, colour=self.colour), text.Run("", spans=self.spans(block.inlines), space_before=0.2)]
        return [_Box(page, self.lang, self.colour, [("", runs)], tip=True, after=sp.box_after_mm, field="tip")]

    def listing(self, block) -> list:
        sp, out, number = self.page.spacing, [], 0
        for index, (depth, inlines) in enumerate(block.items):
            number = number + 1 if depth == 0 else number
            bullet = f"{number}." if block.kind == "numbered" and depth == 0 else ("\u2022" if depth == 0 else "\u2013")
            last = index == len(block.items) - 1
            run = text.Run("", bullet=bullet, bullet_colour=self.colour, spans=self.spans(inlines))
            out.append(self.with_link(run, inlines, 5.0 if depth else 0.0, sp.item_after_mm + (sp.list_after_mm if last else 0)))
        return out

    def with_link(self, run, inlines, indent: float, after: float) -> Flowable:
        url = next((i.url for i in inlines if i.role == "link"), "")
        if not url:
            return self.text_block(run, indent=indent, after=after)
        block = self.text_block(run, indent=indent)
        return _WithQr(block, url, self.codes[url], self.page.qr_mm, after + self.page.spacing.qr_after_mm)


def _metadata(manual: Manual, catalog: Catalog, subject: str) -> dict:
    title = placeholders.fill(catalog.text("manual.doc_title"), {"title": manual.title, "subtitle": manual.subtitle}) \
        if manual.subtitle else manual.title
    return {"title": title, "subject": subject, "lang": catalog.lang,
            "author": manual.author or catalog.text("kit_name"), "creator": pdf.made_by(catalog), "keywords": catalog.text("kit_name")}


def _canvas_maker(size: tuple, metadata: dict, made: list, canvas_class=Canvas, setup=None):
    """A canvasmaker for Platypus: each pass gets a fresh kit canvas (fonts, boxes); `made` keeps the last one and
    its buffer. Platypus itself writes the metadata it was given onto the canvas."""

    def make(*_args, **_kwargs):
        canvas, buffer = pdf.new_canvas(*size, title=metadata["title"], subject=metadata["subject"], lang=metadata["lang"],
                                        author=metadata["author"], creator=metadata["creator"], canvas_class=canvas_class)
        if setup:
            setup(canvas)
        made[:] = [canvas, buffer]
        return canvas

    return make


def _flow(manual: Manual, catalog: Catalog, page: Page, icon_file, codes: dict, subject: str, booklet=None):
    """Flow the manual until the contents list the page of every heading: (document, [canvas, buffer]).

    Like Platypus's multiBuild, each pass flows the whole story and the contents take the
    entries of the pass before. The first pass lists every heading with a page still to
    find, so the contents already take their room and the second pass is mostly the last.
    Each pass gets a fresh story: multiBuild's leaves its flowables marked as postponed.
    `booklet(pages)` gives the blank pages to add after a pass of `pages` and the
    canvasmaker of the next pass (the A5 booklet's, which imposes its pages).
    """
    metadata = _metadata(manual, catalog, subject)
    doc = _Manual(None, page, catalog, **metadata)
    entries = [(level - 1, pdf.xml_text(title), 0, None) for level, title in headings(manual)]
    made: list = []
    blanks, maker, fits = 0, _canvas_maker((page.width, page.height), metadata, made), {}
    for _ in range(5):
        story = _Story(manual, catalog, page, icon_file, codes, fits).flowables(entries)
        padding = [item for _ in range(blanks) for item in (NextPageTemplate("blank"), PageBreak())]
        doc.build(story[:-3] + padding + story[-3:], canvasmaker=maker)
        if doc.entries == entries and (booklet is None or doc.page % 4 == 0):
            break
        entries = doc.entries
        if booklet is not None:
            blanks, maker = booklet(doc.page - blanks, metadata, made)
    return doc, made


class _PagesAsForms(Canvas):
    """A canvas on which every page Platypus ends becomes a form; when it is saved, `impose` places the forms two
    by two on the booklet's sheet sides (what ReportLab's BaseDocTemplate.build suggests for slides on a page).

    Links and bookmarks belong to pages, and a form is no page: the booklet has none (the A4 manual has them).
    """

    def start_forms(self, page: tuple, sheet: tuple) -> None:
        """Pages of `page` (width, height in mm) go on sides of `sheet`."""
        self.page_mm, self.sheet_mm, self.forms = page, sheet, 0
        self._next_form()

    def _next_form(self) -> None:
        self.forms += 1
        self.beginForm(f"page-{self.forms}", 0, 0, self.page_mm[0] * MM, self.page_mm[1] * MM)

    def showPage(self):
        self.endForm()
        self._next_form()

    def save(self):
        self.endForm()  # the form Platypus opened after its last page stays unused
        pages = self.forms - 1
        self.sides = 0
        if pages % 4 == 0:  # else the pages moved since the pass before: another pass follows, with other blanks
            sides = booklet_sides(pages, *self.page_mm, *self.sheet_mm)
            self.sides = impose(self, sides, lambda placement: self.doForm(f"page-{placement.item + 1}"), end_page=Canvas.showPage)
        super().save()

    def linkURL(self, *args, **kwargs):
        pass

    def linkRect(self, *args, **kwargs):
        pass

    def bookmarkPage(self, *args, **kwargs):
        pass

    def bookmarkHorizontal(self, *args, **kwargs):
        pass

    def addOutlineEntry(self, *args, **kwargs):
        pass


def render_booklet(manual: Manual, catalog: Catalog, page: Page, icon_file, codes: dict, sheet: Paper) -> tuple[bytes, int, int]:
    """The A5 booklet on sheets of `sheet` (turned landscape): PDF bytes, sides and booklet pages (a multiple of
    four; blank pages stand before the back cover)."""

    def booklet(pages: int, metadata: dict, made: list):
        setup = lambda canvas: canvas.start_forms((page.width, page.height), sheet.landscape)  # noqa: E731
        return padded(pages) - pages, _canvas_maker(sheet.landscape, metadata, made, _PagesAsForms, setup)

    doc, (canvas, buffer) = _flow(manual, catalog, page, icon_file, codes, KIND_BOOKLET, booklet)
    return buffer.getvalue(), canvas.sides, doc.page
