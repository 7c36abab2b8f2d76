"""Flowing A4 reports (workshop results, draft plan): paragraphs and tables poured onto pages with a footer.

Built on ReportLab's platypus flowables drawn onto the kit's own canvas, so the
reports share its embedded typeface, metadata and reproducible bytes. Print on
A4 at 100 %, single or double sided.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import LayoutError

from kit.content.colour import INK
from kit.errors import KitError
from kit.layout.geometry import MM
from kit.typeset import fonts
from kit.render import pdf
from kit.typeset.fit import printable

PAGE = (210.0, 297.0)
MARGIN = 18.0
FOOTER = 10.0
MUTED = (0.33, 0.33, 0.36)


def styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    body = ParagraphStyle("body", fontName=fonts.REGULAR, bulletFontName=fonts.REGULAR, fontSize=10.5, leading=14,
                          textColor=INK, spaceAfter=4)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12),
        "muted": ParagraphStyle("muted", parent=body, textColor=MUTED),
        "title": ParagraphStyle("title", parent=body, fontName=fonts.BOLD, fontSize=22, leading=27, spaceAfter=6),
        "h1": ParagraphStyle("h1", parent=body, fontName=fonts.BOLD, fontSize=15, leading=19, spaceBefore=12, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=body, fontName=fonts.BOLD, fontSize=12, leading=15, spaceBefore=9, spaceAfter=3),
        "label": ParagraphStyle("label", parent=body, fontName=fonts.BOLD, fontSize=10, leading=13, spaceBefore=4, spaceAfter=1),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=fonts.BOLD, fontSize=9, leading=11.5, spaceAfter=0),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2),
    }


def para(text: str, style: ParagraphStyle, **kwargs) -> Paragraph:
    """A paragraph of plain text: typed answers are escaped, never read as markup; line breaks are kept;
    characters the typeface lacks (emoji) are left out rather than printed as empty boxes."""
    return Paragraph(escape(printable(text or "", style.fontName)).replace("\n", "<br/>"), style, **kwargs)


def render(story: list, *, title: str, subject: str, lang: str, author: str, footer: str) -> tuple[bytes, int]:
    """Pour the flowables onto A4 pages; every page gets the footer and its page number."""
    canvas, buffer = pdf.new_canvas(*PAGE, title=title, subject=subject, lang=lang, author=author)
    frame = Frame(MARGIN * MM, (MARGIN + FOOTER) * MM, (PAGE[0] - 2 * MARGIN) * MM, (PAGE[1] - 2 * MARGIN - FOOTER) * MM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    # the document template breaks pages and keeps headings with what follows; it draws on our canvas
    doc = BaseDocTemplate(buffer, pagesize=(PAGE[0] * MM, PAGE[1] * MM), title=title, subject=subject, author=author,
                          creator="beleidstool-kit", lang=lang, invariant=1)
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=lambda c, d: _footer(c, footer, d.page))])
    try:
        doc.build(list(story), canvasmaker=lambda *args, **kwargs: canvas)
    except LayoutError:
        raise KitError(f"{subject}: a block is taller than a page and cannot be split.") from None
    return buffer.getvalue(), canvas.getPageNumber() - 1


def _footer(canvas, text: str, number: int) -> None:
    canvas.saveState()
    canvas.setFont(fonts.REGULAR, 8)
    canvas.setFillColorRGB(*MUTED)
    canvas.drawString(MARGIN * MM, MARGIN * MM, text)
    canvas.drawRightString((PAGE[0] - MARGIN) * MM, MARGIN * MM, str(number))
    canvas.restoreState()
