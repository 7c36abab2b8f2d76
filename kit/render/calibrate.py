"""The duplex calibration sheet (`kit calibrate`): two pages that show how far backs land from their fronts.

How to use it: print both pages duplex on the paper and with the flip edge you
use for the cards, at 100 %. Hold the sheet against a window. At each of the five
stations a red line printed on the back shows through on a scale on the front:
read the number where it crosses, across and up. Add the two numbers to
`back_offset: [x, y]` in kit.yaml and print again to check: the lines then sit on 0.
If the red arrow seen through the paper points down, the printer turns the
sheet over the other edge: change `flip`.
"""

from __future__ import annotations

from kit.content import placeholders
from kit.content.colour import INK
from kit.layout.geometry import MM, Rect, back_shift
from kit.content.model import Catalog
from kit.typeset import fonts
from kit.render import pdf
from kit.typeset import fit as text

KIND = "calibration"
RED = (0.8, 0.1, 0.1)
SCALE = 5.0  # mm either side of zero


def stations(width: float, height: float) -> list[tuple[float, float]]:
    """Centre and four corners: together they show shift, rotation and scaling."""
    return [(width / 2, height / 2), (45, 40), (width - 45, 40), (45, height - 40), (width - 45, height - 40)]


def _mirror_point(x: float, y: float, width: float, height: float, flip: str) -> tuple[float, float]:
    swap_vertical = (width > height) == (flip == "long")
    return (x, height - y) if swap_vertical else (width - x, y)


def render(catalog: Catalog, width: float, height: float, flip: str, offset: tuple) -> tuple[bytes, int]:
    canvas, buffer = pdf.new_canvas(width, height, title=catalog.text("calibrate.title"), subject=KIND,
                                    lang=catalog.lang, author=catalog.text("kit_name"))
    lang = catalog.lang
    margin = 12
    howto = placeholders.fill(catalog.text("calibrate.howto"), {"flip": catalog.text(f"calibrate.{flip}")})
    text.place(canvas, [text.Run(catalog.text("calibrate.title"), fonts.BOLD, colour=INK),
                        text.Run(howto, colour=INK, scale=0.62, space_before=0.3)],
               Rect(margin + 60, height / 2 + 22, width - 2 * margin - 120, height / 2 - 22 - 30), 16,
               lang=lang, piece="calibration", field="instructions")
    for x, y in stations(width, height):
        _scales(canvas, x, y, lang)
    _arrow(canvas, width / 2, height / 2 - 30, INK)
    text.place(canvas, [text.Run(catalog.text("calibrate.front"), fonts.BOLD, colour=INK, align="center")],
               Rect(width / 2 - 30, height / 2 - 52, 60, 8), 11, lang=lang, piece="calibration", field="front")
    canvas.showPage()
    # the back: a red line on each scale's zero, where a perfect printer puts it
    dx, dy = back_shift(offset, width, height, flip)
    canvas.setStrokeColorRGB(*RED)
    canvas.setLineWidth(0.35)
    for x, y in stations(width, height):
        bx, by = _mirror_point(x, y, width, height, flip)
        bx, by = bx + dx, by + dy
        # horizontal scale sits 7 mm above the station on the front; vertical one 7 mm left of it
        hx, hy = _mirror_point(x, y + 7, width, height, flip)
        vx, vy = _mirror_point(x - 7, y, width, height, flip)
        canvas.line((hx + dx) * MM, (hy + dy - 4) * MM, (hx + dx) * MM, (hy + dy + 4) * MM)
        canvas.line((vx + dx - 4) * MM, (vy + dy) * MM, (vx + dx + 4) * MM, (vy + dy) * MM)
        canvas.circle(bx * MM, by * MM, 1.2 * MM, stroke=1, fill=0)
    ax, ay = _mirror_point(width / 2, height / 2 - 30, width, height, flip)
    _arrow(canvas, ax + dx, ay + dy, RED)
    text.place(canvas, [text.Run(catalog.text("calibrate.back"), fonts.BOLD, colour=RED, align="center")],
               Rect(ax + dx - 40, ay + dy - 22, 80, 8), 11, lang=lang, piece="calibration", field="back")
    canvas.showPage()
    return pdf.finish(canvas, buffer), 2


def _scales(canvas, x: float, y: float, lang: str) -> None:
    """A scale across (7 mm above the point) and one up (7 mm left of it); labels are the correction to enter."""
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.2)
    steps = int(SCALE * 2)
    for i in range(-steps, steps + 1):
        d = i / 2
        long_tick = i % 2 == 0
        length = 2.4 if long_tick else 1.2
        canvas.line((x + d) * MM, (y + 7) * MM, (x + d) * MM, (y + 7 + length) * MM)
        canvas.line((x - 7) * MM, (y + d) * MM, (x - 7 - length) * MM, (y + d) * MM)
        if long_tick and i % 4 == 0:
            label = "0" if i == 0 else f"{-d:+g}".replace("-", "\u2212")
            lift = 2.2 if i % 8 else 0.0  # stagger neighbouring labels so they never touch
            text.place(canvas, [text.Run(label, colour=INK, align="center")], Rect(x + d - 3, y + 9.8 + lift, 6, 2.4), 5,
                       lang=lang, piece="calibration", field="scale", minimum=5)
            text.place(canvas, [text.Run(label, colour=INK, align="right")], Rect(x - 16 - lift * 2, y + d - 1, 6, 2.4), 5,
                       lang=lang, piece="calibration", field="scale", minimum=5)
    canvas.circle(x * MM, y * MM, 0.6 * MM, stroke=1, fill=0)


def _arrow(canvas, x: float, y: float, colour) -> None:
    canvas.setFillColorRGB(*colour)
    path = canvas.beginPath()
    path.moveTo(x * MM, (y + 9) * MM)
    path.lineTo((x - 5) * MM, (y + 2) * MM)
    path.lineTo((x - 1.5) * MM, (y + 2) * MM)
    path.lineTo((x - 1.5) * MM, (y - 8) * MM)
    path.lineTo((x + 1.5) * MM, (y - 8) * MM)
    path.lineTo((x + 1.5) * MM, (y + 2) * MM)
    path.lineTo((x + 5) * MM, (y + 2) * MM)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
