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
from kit.content.model import Catalog
from kit.layout.geometry import MM, Rect, back_shift
from kit.layout.presets import CalibrationPreset
from kit.render import canvas as pdf
from kit.render import text
from kit.typeset import fonts

KIND = "calibration"
RED = (0.8, 0.1, 0.1)


def stations(width: float, height: float, preset: CalibrationPreset) -> list[tuple[float, float]]:
    """Centre and four corners: together they show shift, rotation and scaling."""
    x, y = preset.corner_x_mm, preset.corner_y_mm
    return [(width / 2, height / 2), (x, y), (width - x, y), (x, height - y), (width - x, height - y)]


def _mirror_point(x: float, y: float, width: float, height: float, flip: str) -> tuple[float, float]:
    swap_vertical = (width > height) == (flip == "long")
    return (x, height - y) if swap_vertical else (width - x, y)


def render(catalog: Catalog, width: float, height: float, flip: str, offset: tuple,
           preset: CalibrationPreset) -> tuple[bytes, int]:
    canvas, buffer = pdf.new_canvas(width, height, title=catalog.text("calibrate.title"), subject=KIND,
                                    lang=catalog.lang, author=catalog.text("kit_name"), creator=pdf.made_by(catalog))
    lang, margin, gap = catalog.lang, preset.margin_mm, preset.scale_offset_mm
    howto = placeholders.fill(catalog.text("calibrate.howto"), {"flip": catalog.text(f"calibrate.{flip}")})
    text.place(canvas, [text.Run(catalog.text("calibrate.title"), fonts.BOLD, colour=INK),
                        text.Run(howto, colour=INK, scale=0.62, space_before=0.3)],
               Rect(margin + 60, height / 2 + 22, width - 2 * margin - 120, height / 2 - 22 - 30), preset.title_pt,
               lang=lang, piece="calibration", field="instructions")
    for x, y in stations(width, height, preset):
        _scales(canvas, x, y, lang, preset)
    _arrow(canvas, width / 2, height / 2 - 30, INK)
    text.place(canvas, [text.Run(catalog.text("calibrate.front"), fonts.BOLD, colour=INK, align="center")],
               Rect(width / 2 - 30, height / 2 - 52, 60, 8), preset.label_pt, lang=lang, piece="calibration", field="front")
    canvas.showPage()
    # the back: a red line on each scale's zero, where a perfect printer puts it
    dx, dy = back_shift(offset, width, height, flip)
    canvas.setStrokeColorRGB(*RED)
    canvas.setLineWidth(0.35)
    for x, y in stations(width, height, preset):
        bx, by = _mirror_point(x, y, width, height, flip)
        bx, by = bx + dx, by + dy
        # the scale across sits above the station on the front; the scale up left of it
        hx, hy = _mirror_point(x, y + gap, width, height, flip)
        vx, vy = _mirror_point(x - gap, y, width, height, flip)
        canvas.line((hx + dx) * MM, (hy + dy - 4) * MM, (hx + dx) * MM, (hy + dy + 4) * MM)
        canvas.line((vx + dx - 4) * MM, (vy + dy) * MM, (vx + dx + 4) * MM, (vy + dy) * MM)
        canvas.circle(bx * MM, by * MM, 1.2 * MM, stroke=1, fill=0)
    ax, ay = _mirror_point(width / 2, height / 2 - 30, width, height, flip)
    _arrow(canvas, ax + dx, ay + dy, RED)
    text.place(canvas, [text.Run(catalog.text("calibrate.back"), fonts.BOLD, colour=RED, align="center")],
               Rect(ax + dx - 40, ay + dy - 22, 80, 8), preset.label_pt, lang=lang, piece="calibration", field="back")
    canvas.showPage()
    return pdf.finish(canvas, buffer), 2


def _scales(canvas, x: float, y: float, lang: str, preset: CalibrationPreset) -> None:
    """A scale across (above the point) and one up (left of it); labels are the correction to enter."""
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.2)
    steps, gap, size = int(preset.scale_mm * 2), preset.scale_offset_mm, preset.scale_label_pt
    for i in range(-steps, steps + 1):
        d = i / 2
        long_tick = i % 2 == 0
        length = 2.4 if long_tick else 1.2
        canvas.line((x + d) * MM, (y + gap) * MM, (x + d) * MM, (y + gap + length) * MM)
        canvas.line((x - gap) * MM, (y + d) * MM, (x - gap - length) * MM, (y + d) * MM)
        if long_tick and i % 4 == 0:
            label = "0" if i == 0 else f"{-d:+g}".replace("-", "\u2212")
            lift = 2.2 if i % 8 else 0.0  # stagger neighbouring labels so they never touch
            text.place(canvas, [text.Run(label, colour=INK, align="center")], Rect(x + d - 3, y + gap + 2.8 + lift, 6, 2.4),
                       size, lang=lang, piece="calibration", field="scale", minimum=size)
            text.place(canvas, [text.Run(label, colour=INK, align="right")], Rect(x - gap - 9 - lift * 2, y + d - 1, 6, 2.4),
                       size, lang=lang, piece="calibration", field="scale", minimum=size)
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
