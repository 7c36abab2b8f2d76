"""Draws a QR code as vector squares: its dark modules filled on a white quiet zone of four modules."""

from __future__ import annotations

from kit.content.colour import WHITE
from kit.layout.geometry import MM
from kit.qr import QUIET_MODULES, Modules, vector_path


def draw_qr(canvas, modules: Modules, x_mm: float, y_mm: float, symbol_mm: float, path: str | None = None) -> None:
    """Vector QR code: dark modules as filled rectangles on a white quiet zone of 4 modules.

    The code is drawn in module units (one unit = one module), so every
    rectangle has whole-number coordinates; all runs form one path, filled once.
    """
    size = len(modules)
    module = symbol_mm / size * MM
    canvas.saveState()
    canvas.translate(x_mm * MM, (y_mm + symbol_mm) * MM)
    canvas.scale(module, -module)  # rows run downwards from the top-left corner
    canvas.setFillColorRGB(*WHITE)
    canvas.rect(-QUIET_MODULES, -QUIET_MODULES, size + 2 * QUIET_MODULES, size + 2 * QUIET_MODULES, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral(path or vector_path(modules))
    canvas.restoreState()
