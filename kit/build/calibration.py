"""Recipe `calibration`: the two-page duplex calibration sheet, on the paper and in the orientation of the card sheets."""

from __future__ import annotations

from kit.build.cards import card_sheet
from kit.build.context import BuildContext
from kit.layout.presets import CalibrationPreset, load_layout, load_paper
from kit.output.files import Output, office_printer, output

PART = "calibration"
KINDS = ("calibration",)
IN_KIT = False  # `kit calibrate` makes it when a printer needs it


def make(ctx: BuildContext, request) -> list[Output]:
    from kit.render import calibrate

    sheet = card_sheet(ctx)
    preset = load_layout("calibration", CalibrationPreset, ctx.layouts)
    data, pages = calibrate.render(ctx.catalog, sheet.width, sheet.height, ctx.config.flip, ctx.config.back_offset, preset)
    return [output(f"calibration-{ctx.config.paper.lower()}.pdf", data, "calibration", pages, (sheet.width, sheet.height),
                   **office_printer(load_paper(ctx.config.paper, ctx.layouts)))]
