"""De digitale-inclusiematrix (kind `matrix`): an A3 landscape worksheet, actors by category.

Rows are the actors (internal policy domains, external partners, supra-local
partners, and empty rows for others), columns the five categories; the cells
are for writing. Print on A3 at 100 %, one per werkgroep table.
"""

from __future__ import annotations

from kit.content.colour import INK, text_colour_on, tint
from kit.content.customize import Customization
from kit.layout.geometry import MM, Rect
from kit.content.model import Catalog, MatrixRows
from kit.typeset import fonts
from kit.render import pdf
from kit.typeset import fit as text
from kit.render.icons import draw_icon

KIND = "matrix"
PAGE = (420.0, 297.0)
MARGIN = 12.0
HEADER = 24.0
COLUMN_HEAD = 16.0
ACTOR_COLUMN = 72.0
GROUP_ROW = 7.0
GREY = (0.35, 0.35, 0.38)


def render(catalog: Catalog, rows: MatrixRows, custom: Customization, icon_file) -> tuple[bytes, int]:
    width, height = PAGE
    canvas, buffer = pdf.new_canvas(width, height, title=catalog.text("matrix.title"), subject=KIND, lang=catalog.lang,
                                    author=catalog.text("kit_name"))
    lang = catalog.lang
    title = catalog.text("matrix.title") + (f" \u00b7 {custom.municipality}" if custom.municipality else "")
    text.place(canvas, [text.Run(title, fonts.BOLD, colour=INK), text.Run(catalog.text("matrix.intro"), colour=GREY, scale=0.5, space_before=0.2)],
               Rect(MARGIN, height - MARGIN - HEADER, width - 2 * MARGIN, HEADER - 3), 22, lang=lang, piece="matrix", field="title")
    table = Rect(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN - HEADER)
    categories = catalog.categories
    col_w = (table.w - ACTOR_COLUMN) / len(categories)
    head_y = table.top - COLUMN_HEAD
    text.place(canvas, [text.Run(catalog.text("matrix.actor"), fonts.BOLD, colour=INK)], Rect(table.x + 2, head_y + 2, ACTOR_COLUMN - 4, COLUMN_HEAD - 4),
               12, lang=lang, piece="matrix", field="actor heading", valign="middle")
    for i, category in enumerate(categories):
        cell = Rect(table.x + ACTOR_COLUMN + i * col_w, head_y, col_w, COLUMN_HEAD)
        canvas.setFillColorRGB(*category.colour)
        canvas.rect(cell.x * MM, cell.y * MM, cell.w * MM, cell.h * MM, stroke=0, fill=1)
        on = text_colour_on(category.colour)
        draw_icon(canvas, icon_file(category), Rect(cell.x + 2, cell.y + 3, 10, 10), on, category.colour)
        text.place(canvas, [text.Run(category.name, fonts.BOLD, colour=on)], Rect(cell.x + 14, cell.y + 1.5, cell.w - 16, cell.h - 3),
                   11, lang=lang, piece="matrix", field=f"heading {category.id}", valign="middle")
    lines = []
    for group in rows.groups:
        lines.append(("group", group.name))
        lines += [("actor", actor) for actor in group.actors]
    lines += [("other", catalog.text("matrix.other"))] * rows.extra_rows
    actor_rows = sum(kind != "group" for kind, _ in lines)
    groups = len(lines) - actor_rows
    row_h = (head_y - table.y - groups * GROUP_ROW) / max(1, actor_rows)
    y = head_y
    placed = []
    for kind, label in lines:
        h = GROUP_ROW if kind == "group" else row_h
        y -= h
        placed.append((kind, label, y, h))
    for kind, label, y, h in placed:  # fills and texts first, so no fill covers a rule
        if kind == "group":
            canvas.setFillColorRGB(0.9, 0.9, 0.92)
            canvas.rect(table.x * MM, y * MM, table.w * MM, h * MM, stroke=0, fill=1)
            text.place(canvas, [text.Run(label, fonts.BOLD, colour=INK)], Rect(table.x + 2, y + 0.5, table.w - 4, h - 1), 10,
                       lang=lang, piece="matrix", field="group", valign="middle")
            continue
        for i, category in enumerate(categories):
            canvas.setFillColorRGB(*tint(category.colour, 0.05))
            canvas.rect((table.x + ACTOR_COLUMN + i * col_w) * MM, y * MM, col_w * MM, h * MM, stroke=0, fill=1)
        style = fonts.ITALIC if kind == "other" else fonts.REGULAR
        text.place(canvas, [text.Run(label, style, colour=INK)], Rect(table.x + 2, y + 0.5, ACTOR_COLUMN - 4, h - 1), 11,
                   lang=lang, piece="matrix", field="actor", valign="middle")
    canvas.setStrokeColorRGB(*GREY)
    canvas.setLineWidth(0.5)
    for _, _, y, _ in placed:
        canvas.line(table.x * MM, y * MM, table.right * MM, y * MM)
    for i in range(len(categories) + 1):
        x = table.x + ACTOR_COLUMN + i * col_w
        canvas.line(x * MM, y * MM, x * MM, table.top * MM)
    canvas.rect(table.x * MM, y * MM, table.w * MM, (table.top - y) * MM, stroke=1, fill=0)
    canvas.showPage()
    return pdf.finish(canvas, buffer), 1
