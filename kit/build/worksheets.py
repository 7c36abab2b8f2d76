"""Recipe `worksheets`: the Fase 2 voting sheet and the Fase 3 fiches (all cards, or the ones asked for)."""

from __future__ import annotations

from kit.build.cards import lay_out_all
from kit.build.context import BuildContext
from kit.errors import KitError
from kit.layout.presets import WorksheetPreset, load_layout, load_paper
from kit.output.files import Output, office_printer, output

PART = "worksheets"
KINDS = ("worksheet-votes", "worksheet-fiches")
IN_KIT = True


def select_cards(ctx: BuildContext, ids: list[str] | None) -> list:
    """The cards named by id, in the order given; an unknown id is a KitError that lists the known ones."""
    if not ids:
        return list(ctx.catalog.cards)
    known = {card.id: card for card in ctx.catalog.cards}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KitError(f"unknown card id {unknown[0]!r} for language {ctx.lang} (known: {', '.join(known)}).")
    return [known[i] for i in dict.fromkeys(ids)]


def make(ctx: BuildContext, request) -> list[Output]:
    """The voting sheet (unless only some fiches are asked for) and the fiches; the cards are laid out by the
    cards recipe when it ran in the same build, else here."""
    from kit.render import worksheets

    ids = request.options.get("fiche_cards")
    chosen = select_cards(ctx, ids)  # an unknown id stops here, before any layout
    arts = request.shared.get("arts") or lay_out_all(ctx, request.cache, request.progress)
    by_id = {art.card.id: art for art in arts}
    fiche_arts = [by_id[card.id] for card in chosen]
    preset = load_layout("worksheets", WorksheetPreset, ctx.layouts)
    paper = load_paper(preset.paper, ctx.layouts)
    page = (paper.width_mm, paper.height_mm)
    outputs = []
    if not ids:
        voted = [c for c in ctx.catalog.cards if ctx.catalog.category(c.category).voting]
        data, pages = worksheets.render_votes(ctx.catalog, voted, preset, page)
        outputs.append(output("worksheet-votes.pdf", data, KINDS[0], pages, page, **office_printer(paper)))
    data, pages = worksheets.render_fiches(ctx.catalog, fiche_arts, ctx.icon_file, preset, page)
    name = "worksheet-fiches.pdf"
    if ids:
        name = f"worksheet-fiches-{'-'.join(ids).lower()}.pdf" if len(ids) <= 6 else f"worksheet-fiches-{len(ids)}-cards.pdf"
    outputs.append(output(name, data, KINDS[1], pages, page, cards=[{"id": a.card.id, "qr": a.payload} for a in fiche_arts],
                          **office_printer(paper)))
    return outputs
