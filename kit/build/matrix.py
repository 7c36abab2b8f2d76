"""Recipe `matrix`: the digitale-inclusiematrix on A3, with the language's actors or a municipality's own list."""

from __future__ import annotations

from kit.build.context import BuildContext
from kit.content.catalog import load_matrix
from kit.layout.presets import MatrixPreset, load_layout, load_paper
from kit.output.files import Output, office_printer, output

PART = "matrix"
KINDS = ("matrix",)
IN_KIT = True


def make(ctx: BuildContext, request) -> list[Output]:
    from kit.render import matrix

    preset = load_layout("matrix", MatrixPreset, ctx.layouts)
    paper = load_paper(preset.paper, ctx.layouts)
    page = paper.landscape if preset.landscape else (paper.width_mm, paper.height_mm)
    rows = load_matrix(ctx.content, ctx.lang, ctx.config.matrix_actors or None)
    data, pages = matrix.render(ctx.catalog, rows, ctx.customization(), ctx.icon_file, preset, page)
    return [output(f"matrix-{paper.name.lower()}.pdf", data, "matrix", pages, page, **office_printer(paper))]
