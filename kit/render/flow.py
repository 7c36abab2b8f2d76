"""Flowing A4 reports (workshop results, draft plan): paragraphs and tables poured onto pages with a footer.

Built on ReportLab's platypus flowables drawn onto the kit's own canvas, so the
reports share its embedded typeface, metadata and reproducible bytes. Print on
A4 at 100 %, single or double sided. Sizes come from the reports preset
(layouts/reports/default.yaml).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import LayoutError

from kit.content.colour import INK
from kit.errors import KitError
from kit.layout.geometry import MM
from kit.layout.presets import ReportPreset
from kit.render import canvas as pdf
from kit.render.text import printable
from kit.typeset import fonts

MUTED = (0.33, 0.33, 0.36)


def styles(preset: ReportPreset) -> dict[str, ParagraphStyle]:
    fonts.register()
    body = ParagraphStyle("body", fontName=fonts.REGULAR, bulletFontName=fonts.REGULAR, fontSize=preset.body_pt,
                          leading=preset.body_pt * 1.33, textColor=INK, spaceAfter=4)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=preset.small_pt, leading=preset.small_pt * 1.33),
        "muted": ParagraphStyle("muted", parent=body, textColor=MUTED),
        "title": ParagraphStyle("title", parent=body, fontName=fonts.BOLD, fontSize=preset.title_pt, leading=preset.title_pt * 1.23,
                                spaceAfter=6),
        "h1": ParagraphStyle("h1", parent=body, fontName=fonts.BOLD, fontSize=preset.h1_pt, leading=preset.h1_pt * 1.27, spaceBefore=12,
                             spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=body, fontName=fonts.BOLD, fontSize=preset.h2_pt, leading=preset.h2_pt * 1.25, spaceBefore=9,
                             spaceAfter=3),
        "label": ParagraphStyle("label", parent=body, fontName=fonts.BOLD, fontSize=preset.label_pt, leading=preset.label_pt * 1.3,
                                spaceBefore=4, spaceAfter=1),
        "cell": ParagraphStyle("cell", parent=body, fontSize=preset.cell_pt, leading=preset.cell_pt * 1.28, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=fonts.BOLD, fontSize=preset.cell_pt, leading=preset.cell_pt * 1.28,
                                    spaceAfter=0),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2),
    }


def para(text: str, style: ParagraphStyle, **kwargs) -> Paragraph:
    """A paragraph of plain text: typed answers are escaped, never read as markup; line breaks are kept;
    characters the typeface lacks (emoji) are left out rather than printed as empty boxes."""
    return Paragraph(escape(printable(text or "", style.fontName)).replace("\n", "<br/>"), style, **kwargs)


def render(story: list, preset: ReportPreset, page: tuple[float, float], *, title: str, subject: str, lang: str, author: str,
           footer: str, creator: str) -> tuple[bytes, int]:
    """Pour the flowables onto pages; every page gets the footer and its page number."""
    width, height = page
    margin, below = preset.margin_mm, preset.footer_mm
    canvas, buffer = pdf.new_canvas(width, height, title=title, subject=subject, lang=lang, author=author, creator=creator)
    frame = Frame(margin * MM, (margin + below) * MM, (width - 2 * margin) * MM, (height - 2 * margin - below) * MM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    # the document template breaks pages and keeps headings with what follows; it draws on our canvas
    doc = BaseDocTemplate(buffer, pagesize=(width * MM, height * MM), title=title, subject=subject, author=author,
                          creator=creator, lang=lang, invariant=1)
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=lambda c, d: _footer(c, footer, d.page, preset, width))])
    try:
        doc.build(list(story), canvasmaker=lambda *args, **kwargs: canvas)
    except LayoutError:
        raise KitError(f"{subject}: a block is taller than a page and cannot be split.") from None
    return buffer.getvalue(), canvas.getPageNumber() - 1


def _footer(canvas, text: str, number: int, preset: ReportPreset, width: float) -> None:
    canvas.saveState()
    canvas.setFont(fonts.REGULAR, preset.footer_pt)
    canvas.setFillColorRGB(*MUTED)
    canvas.drawString(preset.margin_mm * MM, preset.margin_mm * MM, text)
    canvas.drawRightString((width - preset.margin_mm) * MM, preset.margin_mm * MM, str(number))
    canvas.restoreState()
