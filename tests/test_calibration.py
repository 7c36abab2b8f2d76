"""The duplex calibration sheet read back from its PDF and turned over like paper: where its marks land."""

from __future__ import annotations

import pytest

from kit.build.context import load_context
from kit.content.catalog import DEFAULT_CONTENT
from kit.content.config import KitConfig
from kit.layout.presets import CalibrationPreset, load_layout
from tests.pdfread import drawn_paths

from .conftest import make_parts

BLACKISH, RED = (26, 26, 26), (204, 26, 26)  # the kit's ink (0.1 grey) and the sheet's red


def _sheet(tmp_path, paper: str, flip: str, offset=(0.0, 0.0)):
    ctx = load_context(DEFAULT_CONTENT, "nl", KitConfig(paper=paper, flip=flip, back_offset=offset))
    (name, data, entry), = make_parts(ctx, "calibration")
    path = tmp_path / name
    path.write_bytes(data)
    return path, entry["page_size_mm"]


def turned_over(points, width: float, height: float, edge: str):
    """Where points drawn on the back lie, seen through the paper from the front, once the sheet is turned over
    its `edge`: over a horizontal edge top and bottom change places, over a vertical one left and right."""
    horizontal = (width > height) == (edge == "long")  # the long edge of a landscape sheet runs left to right
    return [(x, height - y) if horizontal else (width - x, y) for x, y in points]


def _arrow(paths, colour):
    arrows = [points for fill, _, points in paths if fill == colour and len(points) >= 7]
    assert len(arrows) == 1, paths
    corners = []
    for point in arrows[0]:  # the path closes on its first point
        if not any(abs(point[0] - x) + abs(point[1] - y) < 1e-3 for x, y in corners):
            corners.append(point)
    return corners


def _tip(points):
    """The arrow's tip: the one corner that shares its height with no other (head and tail corners come in pairs)."""
    heights = [round(y, 2) for _, y in points]
    tips = [p for p, h in zip(points, heights) if heights.count(h) == 1]
    assert len(tips) == 1, points
    return tips[0]


def _sorted(points) -> list:
    return sorted(points, key=lambda p: (round(p[0], 2), round(p[1], 2)))


def _flat(points) -> list[float]:
    return [v for point in points for v in point]


def _points_up(points) -> bool:
    tip = _tip(points)
    return tip[1] > sum(y for _, y in points) / len(points)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("flip", ["long", "short"])
def test_the_red_arrow_lands_on_the_black_one_pointing_up_only_after_the_turn_the_sheet_asks_for(tmp_path, paper, flip):
    path, (width, height) = _sheet(tmp_path, paper, flip)
    front = _arrow(drawn_paths(path, 0), BLACKISH)
    back = _arrow(drawn_paths(path, 1), RED)
    assert _points_up(front)
    right = turned_over(back, width, height, flip)
    assert _points_up(right)
    assert _tip(right) == pytest.approx(_tip(front), abs=0.01)
    assert _flat(_sorted(right)) == pytest.approx(_flat(_sorted(front)), abs=0.01)  # the whole arrow covers the black one
    wrong = turned_over(back, width, height, "short" if flip == "long" else "long")
    assert not _points_up(wrong)  # a printer that turns over the other edge shows it pointing down


@pytest.mark.parametrize("flip", ["long", "short"])
def test_the_red_lines_cross_every_scale_at_zero_after_the_turn(tmp_path, flip):
    path, (width, height) = _sheet(tmp_path, "A4", flip)
    preset = load_layout("calibration", CalibrationPreset)
    lines = [points for _, stroke, points in drawn_paths(path, 1) if stroke == RED and len(points) == 2]
    middles = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in (turned_over(line, width, height, flip) for line in lines)]
    x, y, gap = preset.corner_x_mm, preset.corner_y_mm, preset.scale_offset_mm
    stations = [(width / 2, height / 2), (x, y), (width - x, y), (x, height - y), (width - x, height - y)]
    zeros = [zero for sx, sy in stations for zero in ((sx, sy + gap), (sx - gap, sy))]
    assert _flat(_sorted(middles)) == pytest.approx(_flat(_sorted(zeros)), abs=0.01)


def test_the_scale_numbers_are_at_least_the_kits_smallest_type(tmp_path):
    from tests.pdfread import text_sizes

    path, _ = _sheet(tmp_path, "A4", "long")
    assert min(size for size, _ in text_sizes(path, 0)) >= 7 - 1e-6
