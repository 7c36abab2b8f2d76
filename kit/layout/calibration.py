"""Geometry of the duplex calibration sheet in millimetres, as pure functions: stations, the arrow, the back's marks.

The front carries five stations (the centre and four corners, which together show
shift, rotation and scaling), each with a scale across above it and a scale up left
of it, and a black arrow pointing up. The back carries, at each station, a red line
on the zero of each scale and a circle round the station, and a red arrow: all drawn
where they land after the printer turns the sheet over the configured flip edge
(kit.layout.geometry.mirror_point), moved by the measured back offset.

Seen through the paper from the front, a printer that turns the sheet over the
configured edge therefore puts the red arrow on the black one, pointing up. A
printer that turns it over the other edge turns the red arrow upside down: it
then points down, and `flip` is the wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.layout.geometry import Segment, back_shift, mirror_point
from kit.layout.presets import CalibrationPreset

Point = tuple[float, float]


def stations(width: float, height: float, preset: CalibrationPreset) -> list[Point]:
    """Centre and four corners: together they show shift, rotation and scaling."""
    x, y = preset.corner_x_mm, preset.corner_y_mm
    return [(width / 2, height / 2), (x, y), (width - x, y), (x, height - y), (width - x, height - y)]


def arrow_centre(width: float, height: float, preset: CalibrationPreset) -> Point:
    """The middle of the front's arrow: below the centre station."""
    return width / 2, height / 2 - preset.arrow_below_centre_mm


def arrow(centre: Point, preset: CalibrationPreset) -> list[Point]:
    """An arrow pointing up, as a closed polygon: its tip first, then round its head and shaft.

    The head takes the upper 7/17 of its length and the shaft 3/10 of its width.
    """
    x, y = centre
    length, width = preset.arrow_length_mm, preset.arrow_width_mm
    tip, shoulder, tail = y + length * 9 / 17, y + length * 2 / 17, y - length * 8 / 17
    half, shaft = width / 2, width * 3 / 20
    return [(x, tip), (x - half, shoulder), (x - shaft, shoulder), (x - shaft, tail), (x + shaft, tail),
            (x + shaft, shoulder), (x + half, shoulder)]


@dataclass(frozen=True)
class BackMarks:
    """What the back page carries, in the back page's own coordinates."""

    lines: tuple[Segment, ...]  # a short red line on the zero of every scale
    circles: tuple[Point, ...]  # a circle round every station
    arrow: tuple[Point, ...]  # the red arrow, tip first
    label: Point  # the middle of the arrow, for its label


def back_marks(width: float, height: float, flip: str, offset: tuple, preset: CalibrationPreset) -> BackMarks:
    """Every mark of the back page, placed so that it lands on its front counterpart after the turn over `flip`,
    then moved by the back offset (measured from the front, kit.layout.geometry.back_shift)."""
    dx, dy = back_shift(offset, width, height, flip)

    def back(x: float, y: float) -> Point:
        bx, by = mirror_point(x, y, width, height, flip)
        return bx + dx, by + dy

    gap, half = preset.scale_offset_mm, preset.zero_line_mm / 2
    lines, circles = [], []
    for x, y in stations(width, height, preset):
        # the scale across sits above the station on the front: a line across it, upright on the front
        lines.append(Segment(*back(x, y + gap - half), *back(x, y + gap + half)))
        # the scale up sits left of the station: a level line across it
        lines.append(Segment(*back(x - gap - half, y), *back(x - gap + half, y)))
        circles.append(back(x, y))
    centre = arrow_centre(width, height, preset)
    return BackMarks(tuple(lines), tuple(circles), tuple(back(x, y) for x, y in arrow(centre, preset)), back(*centre))
