"""Category icons: SVG files from content/icons/, read with svglib and recoloured to sit on their background."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from reportlab.graphics import renderPDF

from reportlab.lib.colors import Color

from ..errors import KitError
from ..geometry import MM
from . import fonts


@lru_cache(maxsize=64)
def _drawing(path: str):
    import logging

    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.ERROR)
    try:
        drawing = svg2rlg(path)
    except Exception as exc:  # svglib raises many kinds on broken files
        raise KitError(f"{path}: the icon could not be read as SVG ({exc}).") from None
    if drawing is None or not drawing.width or not drawing.height:
        raise KitError(f"{path}: the icon could not be read as SVG.")
    return drawing


def _recolour(node, colour: Color, background: Color) -> None:
    """Dark parts take the icon colour; white parts (cut-outs) take the background colour."""
    for attr in ("fillColor", "strokeColor"):
        value = getattr(node, attr, None)
        if value is not None and hasattr(value, "red"):
            light = (value.red + value.green + value.blue) / 3 > 0.5
            setattr(node, attr, background if light else colour)
    for child in getattr(node, "contents", []) or []:
        _recolour(child, colour, background)


@lru_cache(maxsize=256)
def coloured(path: str, rgb: tuple, background_rgb: tuple):
    drawing = copy.deepcopy(_drawing(path))
    _recolour(drawing, Color(*rgb), Color(*background_rgb))
    # renderPDF would otherwise select (unembedded) Helvetica as its starting font
    drawing.initialFontName = fonts.REGULAR
    return drawing


def draw_icon(canvas, path: Path, box, rgb, background_rgb) -> None:
    """Draw the icon scaled to fit the box (mm, in the canvas's current coordinates), centred.

    Each icon, size and colour is stored once per PDF as a form and reused.
    """
    drawing = coloured(str(path), tuple(rgb), tuple(background_rgb))
    hexes = "".join(f"{round(c * 255):02x}" for c in (*rgb, *background_rgb))
    name = f"icon-{Path(path).stem}-{box.w:g}x{box.h:g}-{hexes}"
    forms = canvas.__dict__.setdefault("_kit_forms", set())
    if name not in forms:
        scale = min(box.w * MM / drawing.width, box.h * MM / drawing.height)
        width, height = drawing.width * scale, drawing.height * scale
        canvas.beginForm(name, 0, 0, box.w * MM, box.h * MM)
        canvas.translate((box.w * MM - width) / 2, (box.h * MM - height) / 2)
        canvas.scale(scale, scale)
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.endForm()
        forms.add(name)
    canvas.saveState()
    canvas.translate(box.x * MM, box.y * MM)
    canvas.doForm(name)
    canvas.restoreState()



