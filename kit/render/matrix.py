"""De digitale-inclusiematrix (kind `matrix`): an A3 landscape worksheet, actors by category.

Rows are the actors (internal policy domains, external partners, supra-local
partners, and empty rows for others), columns the five categories; the cells
are for writing. Print on A3 at 100 %, one per werkgroep table.
Every measure comes from the matrix preset (layouts/matrix/default.yaml).
"""

from __future__ import annotations

from kit.content.colour import INK, text_colour_on, tint
from kit.content.customize import Customization
from kit.content.model import Catalog, MatrixRows
from kit.layout.geometry import MM, Rect
from kit.layout.presets import MatrixPreset
from kit.render import canvas as pdf
from kit.render import text
from kit.render.icons import draw_icon
from kit.typeset import fonts

KIND = "matrix"
GREY = (0.35, 0.35, 0.38)
GROUP_FILL = (0.9, 0.9, 0.92)


def render(catalog: Catalog, rows: MatrixRows, custom: Customization, icon_file, preset: MatrixPreset,
           page: tuple[float, float]) -> tuple[bytes, int]:
    width, height = page
    canvas, buffer = pdf.new_canvas(width, height, title=catalog.text("matrix.title"), subject=KIND, lang=catalog.lang,
                                    author=catalog.text("kit_name"), creator=pdf.made_by(catalog))
    lang, style = catalog.lang, preset

    def place(runs, frame: Rect, size: float, field: str, **options):
        return text.place(canvas, runs, frame, size, lang=lang, piece="matrix", field=field, **options)

    name = text.printable(custom.municipality, fonts.BOLD)  # typed: what no font of the kit has prints as [?]
    title = catalog.text("matrix.title") + (f" \u00b7 {name}" if name else "")
    intro = text.Run(catalog.text("matrix.intro"), colour=GREY, scale=0.5, space_before=0.2)
    place([text.Run(title, fonts.BOLD, colour=INK), intro],
          Rect(style.margin_mm, height - style.margin_mm - style.header_mm, width - 2 * style.margin_mm, style.header_mm - 3),
          style.title_pt, "title")
    table = Rect(style.margin_mm, style.margin_mm, width - 2 * style.margin_mm, height - 2 * style.margin_mm - style.header_mm)
    categories = catalog.categories
    col_w = (table.w - style.actor_column_mm) / len(categories)
    head_y = table.top - style.column_head_mm
    place([text.Run(catalog.text("matrix.actor"), fonts.BOLD, colour=INK)],
          Rect(table.x + 2, head_y + 2, style.actor_column_mm - 4, style.column_head_mm - 4), style.actor_heading_pt, "actor heading",
          valign="middle")
    icon = style.column_icon_mm
    for i, category in enumerate(categories):
        cell = Rect(table.x + style.actor_column_mm + i * col_w, head_y, col_w, style.column_head_mm)
        canvas.setFillColorRGB(*category.colour)
        canvas.rect(cell.x * MM, cell.y * MM, cell.w * MM, cell.h * MM, stroke=0, fill=1)
        on = text_colour_on(category.colour)
        draw_icon(canvas, icon_file(category), Rect(cell.x + 2, cell.y + (cell.h - icon) / 2, icon, icon), on, category.colour)
        place([text.Run(category.name, fonts.BOLD, colour=on)], Rect(cell.x + icon + 4, cell.y + 1.5, cell.w - icon - 6, cell.h - 3),
              style.column_head_pt, f"heading {category.id}", valign="middle")
    lines = []
    for group in rows.groups:
        lines.append(("group", group.name))
        lines += [("actor", actor) for actor in group.actors]
    lines += [("other", catalog.text("matrix.other"))] * rows.extra_rows
    actor_rows = sum(kind != "group" for kind, _ in lines)
    groups = len(lines) - actor_rows
    row_h = (head_y - table.y - groups * style.group_row_mm) / max(1, actor_rows)
    y, placed = head_y, []
    for kind, label in lines:
        h = style.group_row_mm if kind == "group" else row_h
        y -= h
        placed.append((kind, label, y, h))
    for kind, label, y, h in placed:  # fills and texts first, so no fill covers a rule
        if kind == "group":
            canvas.setFillColorRGB(*GROUP_FILL)
            canvas.rect(table.x * MM, y * MM, table.w * MM, h * MM, stroke=0, fill=1)
            place([text.Run(label, fonts.BOLD, colour=INK)], Rect(table.x + 2, y + 0.5, table.w - 4, h - 1), style.group_pt, "group",
                  valign="middle")
            continue
        for i, category in enumerate(categories):
            canvas.setFillColorRGB(*tint(category.colour, 0.05))
            canvas.rect((table.x + style.actor_column_mm + i * col_w) * MM, y * MM, col_w * MM, h * MM, stroke=0, fill=1)
        face = fonts.ITALIC if kind == "other" else fonts.REGULAR
        place([text.Run(label, face, colour=INK)], Rect(table.x + 2, y + 0.5, style.actor_column_mm - 4, h - 1), style.actor_pt, "actor",
              valign="middle")
    canvas.setStrokeColorRGB(*GREY)
    canvas.setLineWidth(style.rule_pt)
    for _, _, y, _ in placed:
        canvas.line(table.x * MM, y * MM, table.right * MM, y * MM)
    for i in range(len(categories) + 1):
        x = table.x + style.actor_column_mm + i * col_w
        canvas.line(x * MM, y * MM, x * MM, table.top * MM)
    canvas.rect(table.x * MM, y * MM, table.w * MM, (table.top - y) * MM, stroke=1, fill=0)
    canvas.showPage()
    return pdf.finish(canvas, buffer), 1
