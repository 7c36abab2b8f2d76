"""Cut lines of a card sheet as SVG (kind `cut-lines`), for cutting plotters.

The SVG page is the PDF sheet in millimetres, one rectangle per card trim, with
the preset's corner radius; y runs downwards as SVG wants, so the lines land on
the printed sheet's trims. Load it in the plotter's software over the printed
front page; on the last sheet, slots without a card need no cutting.
"""

from __future__ import annotations

from html import escape

from kit.layout.geometry import Sheet, cut_rects

KIND = "cut-lines"


def svg(sheet: Sheet, radius: float, title: str) -> bytes:
    def n(v: float) -> str:
        return f"{v:.3f}".rstrip("0").rstrip(".")

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{n(sheet.width)}mm" height="{n(sheet.height)}mm" '
        f'viewBox="0 0 {n(sheet.width)} {n(sheet.height)}">',
        f"  <title>{escape(title, quote=False)}</title>",
        '  <g id="cut" fill="none" stroke="#ff0000" stroke-width="0.1">',
    ]
    for number, rect in enumerate(cut_rects(sheet), 1):
        top = sheet.height - rect.top  # SVG's y grows downwards
        corner = f' rx="{n(radius)}" ry="{n(radius)}"' if radius else ""
        lines.append(f'    <rect id="card-{number}" x="{n(rect.x)}" y="{n(top)}" width="{n(rect.w)}" height="{n(rect.h)}"{corner}/>')
    lines += ["  </g>", "</svg>", ""]
    return "\n".join(lines).encode("utf-8")
