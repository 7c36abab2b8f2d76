"""A ReportLab canvas set up the same way for every artefact: embedded fonts, metadata, reproducible bytes."""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from ..geometry import MM, Rect, Segment
from . import fonts


# Binary (compressed) streams: ASCII85 would make files a quarter larger and builds slower.
rl_config.useA85 = 0


def new_canvas(width_mm: float, height_mm: float, *, title: str, subject: str, lang: str, author: str) -> tuple[Canvas, io.BytesIO]:
    """A canvas writing to memory; `invariant` fixes dates and ids so a rebuild gives the same bytes."""
    fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width_mm * MM, height_mm * MM), invariant=1, pageCompression=1, lang=lang,
                    initialFontName=fonts.REGULAR)  # else every page names an unembedded Helvetica
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor(author)
    canvas.setCreator("beleidstool-kit")
    return canvas, buffer


def finish(canvas: Canvas, buffer: io.BytesIO) -> bytes:
    canvas.save()
    return buffer.getvalue()


def set_boxes(canvas: Canvas, trim: Rect, bleed: Rect) -> None:
    """TrimBox and BleedBox for this and following pages, as print shops expect."""
    canvas.setTrimBox((trim.x * MM, trim.y * MM, trim.right * MM, trim.top * MM))
    canvas.setBleedBox((bleed.x * MM, bleed.y * MM, bleed.right * MM, bleed.top * MM))


def draw_marks(canvas: Canvas, marks: tuple[Segment, ...], width_pt: float = 0.25) -> None:
    """Crop marks in registration-free black hairlines."""
    canvas.saveState()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(width_pt)
    for m in marks:
        canvas.line(m.x1 * MM, m.y1 * MM, m.x2 * MM, m.y2 * MM)
    canvas.restoreState()
