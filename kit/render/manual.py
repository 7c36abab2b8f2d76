"""De handleiding on A4 (kind `manual`): a tagged, accessible PDF (PDF/UA-1) that a municipality can publish.

A cover with the five categories, a table of contents, chapters (a phase chapter
opens with a band in its phase colour, then its fact list), headings, lists, tip
boxes, a QR code beside every web link (the code is a link too, and says where
it goes), a running footer with the chapter and the page number, and the
colophon on the back. Typst sets it (kit.render.tagged); the A5 booklet for
print stays on ReportLab (kit.render.booklet). Print at 100 %, duplex on the long edge.
"""

from __future__ import annotations

from kit.content import placeholders
from kit.content.colour import parse_hex, text_colour_on
from kit.content.manual import Inline, Manual
from kit.content.model import Catalog
from kit.layout.presets import ManualPreset, Paper
from kit.qr import svg
from kit.render import tagged
from kit.render.canvas import made_by
from kit.render.results import hex_colour

KIND = "manual"
ROLES = {"bold": {"b": True}, "italic": {"i": True}, "kit": {"b": True}}


class _Document:
    """The manual as the data kit/render/typst/manual.typ sets, for one page format."""

    def __init__(self, manual: Manual, catalog: Catalog, codes: dict):
        self.manual, self.catalog, self.codes = manual, catalog, codes
        self.scan = catalog.text("manual.scan")

    def runs(self, inlines: list[Inline]) -> list:
        out = []
        for piece in inlines:
            text = self.catalog.text(f"manual.kit.{piece.text}") if piece.role == "kit" else piece.text
            run = {"t": text, **ROLES.get(piece.role, {})}
            if piece.role == "link":
                run["u"] = piece.url
            out.append(run)
        return out

    def qr(self, inlines: list[Inline]) -> dict | None:
        """The QR code of a block's first link: an SVG image that is a link to the same address, described."""
        url = next((i.url for i in inlines if i.role == "link"), "")
        return {"svg": svg(self.codes[url]), "url": url, "alt": f"{self.scan}: {url}"} if url else None

    def block(self, block) -> dict:
        if block.kind == "heading":
            return {"kind": "heading", "level": block.level, "text": self.runs(block.inlines), "outlined": block.level == 2}
        if block.kind == "paragraph":
            return {"kind": "para", "text": self.runs(block.inlines), "qr": self.qr(block.inlines)}
        if block.kind in ("bullets", "numbered"):
            return {"kind": "list", "ordered": block.kind == "numbered", "items": self.items(block.items)}
        if block.kind == "facts":
            return {"kind": "facts", "items": [{"label": label, "text": self.runs(inlines)} for label, inlines in block.items]}
        return {"kind": "tip", "label": self.catalog.text("manual.tip"), "text": self.runs(block.inlines)}

    def items(self, items: list) -> list:
        """(depth, inlines) pairs as items with their sub-items (two levels)."""
        out = []
        for depth, inlines in items:
            item = {"text": self.runs(inlines), "qr": self.qr(inlines), "sub": []}
            if depth and out:
                out[-1]["sub"].append(item)
            else:
                out.append(item)
        return out

    def chapter(self, chapter, preset: ManualPreset) -> dict:
        colour = parse_hex(preset.phase_colours[chapter.phase - 1]) if chapter.phase else parse_hex(preset.accent)
        return {"title": chapter.title, "phase": chapter.phase, "colour": hex_colour(colour), "ink": hex_colour(text_colour_on(colour)),
                "blocks": [self.block(b) for b in chapter.blocks]}


def document(manual: Manual, catalog: Catalog, preset: ManualPreset, paper: Paper, icon_file, codes: dict) -> dict:
    form, spacing = preset.formats["a4"], preset.spacing
    built = _Document(manual, catalog, codes)
    title = placeholders.fill(catalog.text("manual.doc_title"), {"title": manual.title, "subtitle": manual.subtitle}) \
        if manual.subtitle else manual.title
    accent = parse_hex(preset.accent)
    return {
        "meta": {"title": title, "cover_title": manual.title, "author": manual.author or catalog.text("kit_name"), "subject": KIND,
                 "lang": catalog.lang, "keywords": [catalog.text("kit_name")], "creator": made_by(catalog)},
        "page": {"width_mm": paper.width_mm, "height_mm": paper.height_mm, "top_mm": form.margins.top,
                 "bottom_mm": form.margins.bottom, "inner_mm": form.margins.inner, "outer_mm": form.margins.outer,
                 "body_pt": form.body_pt, "h1_pt": form.h1_pt, "h2_pt": form.h2_pt, "h3_pt": form.h3_pt, "footer_pt": form.footer_pt,
                 "qr_mm": form.qr_mm, "fact_label_mm": form.fact_label_mm, "edge_mm": form.edge_mm, "cell_pt": form.body_pt,
                 **{name: getattr(spacing, name) for name in SPACING}},
        "accent": hex_colour(accent), "accent_ink": hex_colour(text_colour_on(accent)), "subtitle": manual.subtitle,
        "kit_name": catalog.text("kit_name"), "contents": catalog.text("manual.contents"), "colophon": catalog.text("manual.colophon"),
        "categories": [{"name": c.name, "colour": hex_colour(c.colour), "icon": icon_file(c).read_text(encoding="utf-8")}
                       for c in catalog.categories],
        "chapters": [built.chapter(chapter, preset) for chapter in manual.chapters],
    }


SPACING = ("paragraph_after_mm", "item_after_mm", "h2_before_mm", "h3_before_mm", "heading_after_mm", "chapter_rule_mm",
           "chapter_rule_after_mm", "chapter_new_page_below", "chapter_gap_mm", "phase_band_after_mm", "contents_indent_mm")


def render(manual: Manual, catalog: Catalog, preset: ManualPreset, paper: Paper, icon_file, codes: dict) -> tuple[bytes, int, list[int]]:
    """The A4 manual: PDF bytes, page count and the pages (0-based) with QR codes."""
    pdf = tagged.compile_pdf("manual", document(manual, catalog, preset, paper, icon_file, codes))
    return pdf, tagged.page_count(pdf), tagged.pages_linking(pdf, codes)
