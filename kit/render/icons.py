"""Category icons: SVG files from content/icons/, read with svglib and recoloured to sit on their background."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from reportlab.graphics import renderPDF

from reportlab.lib.colors import Color

from ..errors import KitError
from ..geometry import MM


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
    return drawing


def draw_icon(canvas, path: Path, box, rgb, background_rgb) -> None:
    """Draw the icon scaled to fit the box (mm, in the canvas's current coordinates), centred."""
    drawing = coloured(str(path), tuple(rgb), tuple(background_rgb))
    scale = min(box.w * MM / drawing.width, box.h * MM / drawing.height)
    width, height = drawing.width * scale, drawing.height * scale
    canvas.saveState()
    canvas.translate(box.x * MM + (box.w * MM - width) / 2, box.y * MM + (box.h * MM - height) / 2)
    canvas.scale(scale, scale)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.restoreState()



