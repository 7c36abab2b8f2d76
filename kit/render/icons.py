"""Category icons: SVG files from content/icons/, read with svglib and recoloured to sit on their background."""

from __future__ import annotations

import copy
import hashlib
from functools import lru_cache
from pathlib import Path

import reportlab
from reportlab.lib.colors import Color

from kit import usercache
from kit.errors import KitError
from kit.layout.geometry import MM
from kit.render import canvas as pdf
from kit.render import internals
from kit.render.record import ICON, Recorder
from kit.typeset import fonts


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

    Each icon, size and colour is stored once per PDF as a form and reused. On a recorder the icon
    is a mark, drawn as a form of each document the recording is played into (kit.render.record).
    """
    if isinstance(canvas, Recorder):
        canvas.mark((ICON, path, box, tuple(rgb), tuple(background_rgb)))
        return
    hexes = "".join(f"{round(c * 255):02x}" for c in (*rgb, *background_rgb))
    name = f"icon-{Path(path).stem}-{box.w:g}x{box.h:g}-{hexes}"
    forms = internals.memo(canvas).setdefault("forms", set())
    if name not in forms:
        canvas.beginForm(name, 0, 0, box.w * MM, box.h * MM)
        _form_content(canvas, path, box, tuple(rgb), tuple(background_rgb))
        canvas.endForm()
        forms.add(name)
    canvas.saveState()
    canvas.translate(box.x * MM, box.y * MM)
    canvas.doForm(name)
    canvas.restoreState()


def _form_content(canvas, path: Path, box, rgb: tuple, background_rgb: tuple) -> None:
    """The icon's drawing inside its form. The operators are kept in the user's cache (kit.usercache):
    reading SVG needs svglib and ReportLab's graphics, a sixth of a second of imports on every build."""
    try:
        source = Path(path).read_bytes()
    except OSError as exc:
        raise KitError(f"{path}: the icon could not be read ({exc.strerror}).") from None
    colours = pdf.colour_space(canvas)  # the same icon is written in RGB or in the palette's CMYK
    key = hashlib.sha256(repr((FORM_CACHE, reportlab.Version, _svglib_stamp(), source, box.w, box.h, rgb, background_rgb,
                               colours)).encode()).hexdigest()
    name = f"icon-{key[:32]}.pdfops"
    cached = usercache.read(name)
    if cached is not None:
        canvas.addLiteral(cached.decode("latin-1"))
        return
    start = len(internals.content(canvas))  # the form's own operators (beginForm started a fresh list)
    _draw_svg(canvas, path, box, rgb, background_rgb)
    if internals.form_is_plain(canvas):
        usercache.write(name, "\n".join(internals.content(canvas)[start:]).encode("latin-1"))


FORM_CACHE = 1  # raise when the drawing of icons changes


@lru_cache(maxsize=1)
def _svglib_stamp() -> tuple:
    """Which svglib reads the icons, without importing it (a tenth of a second): its module file's size and time."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("svglib")  # the package only: a submodule's spec would import the package
    if spec is None or not spec.origin:
        return ()
    module = os.path.join(os.path.dirname(spec.origin), "svglib.py")
    try:
        stat = os.stat(module)
    except OSError:
        return (spec.origin,)
    return (module, stat.st_size, stat.st_mtime_ns)


def _draw_svg(canvas, path: Path, box, rgb: tuple, background_rgb: tuple) -> None:
    from reportlab.graphics import renderPDF

    drawing = coloured(str(path), rgb, background_rgb)
    scale = min(box.w * MM / drawing.width, box.h * MM / drawing.height)
    width, height = drawing.width * scale, drawing.height * scale
    canvas.translate((box.w * MM - width) / 2, (box.h * MM - height) / 2)
    canvas.scale(scale, scale)
    renderPDF.draw(drawing, canvas, 0, 0)
