"""The duplex calibration sheet (`kit calibrate`): two pages that show how far backs land from their fronts.

How to use it: print both pages duplex on the paper and with the flip edge you
use for the cards, at 100 %. Hold the sheet against a window. At each of the five
stations a red line printed on the back shows through on a scale on the front:
read the number where it crosses, across and up. Add the two numbers to
`back_offset: [x, y]` in kit.yaml and print again to check: the lines then sit on 0.
Seen through the paper, the red arrow lies on the black one and points up; if it
points down, the printer turns the sheet over the other edge: change `flip`.
Where everything goes is worked out in kit.layout.calibration.
"""

from __future__ import annotations

from kit.content import placeholders
from kit.content.colour import INK
from kit.content.model import Catalog
from kit.layout import calibration as sheet
from kit.layout.geometry import MM, Rect
from kit.layout.presets import CalibrationPreset
from kit.render import canvas as pdf
from kit.render import text
from kit.typeset import fonts
from kit.typeset.fit import metrics

KIND = "calibration"
RED = (0.8, 0.1, 0.1)


def render(catalog: Catalog, width: float, height: float, flip: str, offset: tuple,
           preset: CalibrationPreset) -> tuple[bytes, int]:
    canvas, buffer = pdf.new_canvas(width, height, title=catalog.text("calibrate.title"), subject=KIND,
                                    lang=catalog.lang, author=catalog.text("kit_name"), creator=pdf.made_by(catalog))
    _front(canvas, catalog, width, height, flip, preset)
    canvas.showPage()
    _back(canvas, catalog, sheet.back_marks(width, height, flip, offset, preset), preset)
    canvas.showPage()
    return pdf.finish(canvas, buffer), 2


def _front(canvas, catalog: Catalog, width: float, height: float, flip: str, preset: CalibrationPreset) -> None:
    """The instructions, the five stations with their scales, and the black arrow pointing up."""
    lang, margin = catalog.lang, preset.margin_mm
    howto = placeholders.fill(catalog.text("calibrate.howto"), {"flip": catalog.text(f"calibrate.{flip}")})
    text.place(canvas, [text.Run(catalog.text("calibrate.title"), fonts.BOLD, colour=INK),
                        text.Run(howto, colour=INK, scale=0.62, space_before=0.3)],
               Rect(margin + 60, height / 2 + 22, width - 2 * margin - 120, height / 2 - 22 - 30), preset.title_pt,
               lang=lang, piece="calibration", field="instructions")
    for x, y in sheet.stations(width, height, preset):
        _scales(canvas, x, y, lang, preset)
    centre = sheet.arrow_centre(width, height, preset)
    _polygon(canvas, sheet.arrow(centre, preset), INK)
    text.place(canvas, [text.Run(catalog.text("calibrate.front"), fonts.BOLD, colour=INK, align="center")],
               _label_frame(centre, preset), preset.label_pt, lang=lang, piece="calibration", field="front")


def _back(canvas, catalog: Catalog, marks: sheet.BackMarks, preset: CalibrationPreset) -> None:
    """A red line on each scale's zero and a circle round each station, where a perfect printer puts them, and the
    red arrow that lands on the black one."""
    canvas.setStrokeColorRGB(*RED)
    canvas.setLineWidth(0.35)
    for line in marks.lines:
        canvas.line(line.x1 * MM, line.y1 * MM, line.x2 * MM, line.y2 * MM)
    for x, y in marks.circles:
        canvas.circle(x * MM, y * MM, 1.2 * MM, stroke=1, fill=0)
    _polygon(canvas, marks.arrow, RED)
    # under the arrow on this page, whichever way the flip edge turned it
    text.place(canvas, [text.Run(catalog.text("calibrate.back"), fonts.BOLD, colour=RED, align="center")],
               _label_frame(marks.label, preset), preset.label_pt, lang=catalog.lang, piece="calibration", field="back")


def _label_frame(centre: tuple, preset: CalibrationPreset) -> Rect:
    """Two lines of room under an arrow, clear of its tip or tail."""
    x, y = centre
    height = 2 * preset.label_pt * 1.25 / MM
    return Rect(x - 70, y - preset.arrow_length_mm * 9 / 17 - 3 - height, 140, height)


def _scales(canvas, x: float, y: float, lang: str, preset: CalibrationPreset) -> None:
    """A scale across (above the point) and one up (left of it); labels are the correction to enter.

    A label every 2 mm; the labels of neighbouring numbers are staggered (a row higher,
    a column further left), so that numbers at the kit's smallest size never touch.
    """
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.2)
    steps, gap, size = int(preset.scale_mm * 2), preset.scale_offset_mm, preset.scale_label_pt
    ascent, descent = metrics(fonts.REGULAR)
    label_h = (ascent - descent) * size / MM + 0.1  # one line of a label
    label_w = fonts.text_width(f"\u2212{preset.scale_mm:g}", fonts.REGULAR, size) / MM + 0.5  # the widest number
    space = preset.scale_label_gap_mm
    for i in range(-steps, steps + 1):
        d = i / 2
        long_tick = i % 2 == 0
        length = preset.long_tick_mm if long_tick else preset.tick_mm
        canvas.line((x + d) * MM, (y + gap) * MM, (x + d) * MM, (y + gap + length) * MM)
        canvas.line((x - gap) * MM, (y + d) * MM, (x - gap - length) * MM, (y + d) * MM)
        if long_tick and i % 4 == 0:
            label = "0" if i == 0 else f"{-d:+g}".replace("-", "\u2212")
            staggered = i % 8 != 0
            row = y + gap + preset.long_tick_mm + space + (label_h + space if staggered else 0.0)
            column = x - gap - preset.long_tick_mm - space - (label_w + space if staggered else 0.0)
            where = {"lang": lang, "piece": "calibration", "field": "scale", "minimum": size, "valign": "middle"}
            text.place(canvas, [text.Run(label, colour=INK, align="center")],
                       Rect(x + d - label_w / 2, row, label_w, label_h), size, **where)
            text.place(canvas, [text.Run(label, colour=INK, align="right")],
                       Rect(column - label_w, y + d - label_h / 2, label_w, label_h), size, **where)
    canvas.circle(x * MM, y * MM, 0.6 * MM, stroke=1, fill=0)


def _polygon(canvas, points, colour) -> None:
    """A closed shape filled in one colour."""
    canvas.setFillColorRGB(*colour)
    path = canvas.beginPath()
    path.moveTo(points[0][0] * MM, points[0][1] * MM)
    for x, y in points[1:]:
        path.lineTo(x * MM, y * MM)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
