"""Recipe `legplan`: the board the cards are laid on, on whole sheets and tiled on office-printer pages.

With the municipality's name, logo, date and core values from the settings
(`kit legplan`); after a workshop the same board carries the chosen cards
(kit.build.results).
"""

from __future__ import annotations

from kit.build.context import BuildContext
from kit.content import customize as custom
from kit.errors import KitError
from kit.layout.board import BoardSpec, SlotCard, ZoneRequest, plan_board, tile_board
from kit.layout.presets import load_board_layout, load_card_layout, load_paper
from kit.output.files import Output, office_printer, output

PART = "legplan"
KINDS = ("legplan", "legplan-tiled", "legplan-filled", "legplan-filled-tiled")
IN_KIT = True


def make(ctx: BuildContext, request) -> list[Output]:
    return outputs(ctx, request.options.get("legplan_size"))


def _zones(ctx: BuildContext, board, chosen: dict | None) -> tuple[list, dict]:
    """What already happens per category first, then the core values and the two priority zones; and the label
    of every slot (a card id, a number to write on, or a card laid there: chosen, or under "dit gebeurt al")."""
    requests, labels = [], {}
    laid = (chosen or {}).get("existing", {})
    for category in ctx.catalog.categories:
        ids = [card.id for card in ctx.catalog.cards if card.category == category.id]
        requests.append(ZoneRequest(f"category:{category.id}", len(ids)))
        labels[f"category:{category.id}"] = [laid.get(card_id, card_id) for card_id in ids]
    requests.append(ZoneRequest("values", 0, fixed=board.values_slots))
    for key in ("short", "long"):
        placed = list((chosen or {}).get(key, ()))
        slots = max(board.priority_slots, len(placed))  # a long list of choices gets more slots, never fewer
        requests.append(ZoneRequest(key, slots, min_cols=4))
        labels[key] = placed + [str(n) for n in range(len(placed) + 1, slots + 1)]
    return requests, labels


def outputs(ctx: BuildContext, size: str | None = None, chosen: dict[str, list[SlotCard]] | None = None) -> list[Output]:
    """The legplan on whole sheets and tiled for office printers; with `chosen` ({"short": [...], "long": [...],
    "existing": {card id: ...}}), the filled-in board after a workshop."""
    from kit.render import legplan

    board = load_board_layout("legplan", ctx.layouts)
    cards = load_card_layout(ctx.config.cards, ctx.layouts)
    size = custom.board_size(size or ctx.config.legplan_size or board.size)
    page_w, page_h = load_paper(size, ctx.layouts).landscape
    spec = BoardSpec(slot_w=cards.width_mm + 2 * board.slot_margin_mm, slot_h=cards.height_mm + 2 * board.slot_margin_mm,
                     margin=board.margin_mm, header=board.header_mm, footer=board.footer_mm, gap=board.gap_mm,
                     label=board.label_mm)
    requests, labels = _zones(ctx, board, chosen)
    try:
        sheets = plan_board(page_w, page_h, requests, spec)
    except ValueError as exc:
        raise KitError(f"legplan on {size}: {exc}.") from None
    tile_paper = load_paper(board.tile_paper, ctx.layouts)
    tiles = [tile_board(s.width, s.height, tile_paper.width_mm, tile_paper.height_mm, unprintable=tile_paper.unprintable_mm,
                        overlap=board.tile_overlap_mm, label=board.tile_label_mm) for s in sheets]
    customization = ctx.customization()
    drawing = legplan.Drawing(ctx.catalog, customization, labels, ctx.icon_file, size, board)
    whole, pages = legplan.render(sheets, drawing)
    tiled, tile_pages = legplan.render_tiled(sheets, tiles, drawing)
    slug = custom.safe_slug(customization.municipality)
    stem = (f"legplan-{slug}" if slug else "legplan") + ("-filled" if chosen is not None else "")
    kinds = KINDS[2:] if chosen is not None else KINDS[:2]
    first_tile = tiles[0][0]
    return [
        output(f"{stem}-{size.lower()}.pdf", whole, kinds[0], pages, (page_w, page_h)),
        output(f"{stem}-{size.lower()}-tiled-{board.tile_paper.lower()}.pdf", tiled, kinds[1], tile_pages,
               (first_tile.page_w, first_tile.page_h), **office_printer(tile_paper)),
    ]
