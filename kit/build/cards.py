"""Recipe `cards`: every card laid out and drawn once, then the home sheets, the print-shop file and the cut lines.

Each card is laid out (kit.typeset.card) and drawn once into a recording
(kit.render.record); the home sheets and the print-shop file are put together
from the recordings. In a big deck forked workers lay out and draw chunks of
cards on all cores, and two more processes assemble the two files from the
chunks as they come: the deck is never held whole by one process.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from kit.build.context import BuildContext
from kit.build.workers import Consumer, can_spread, fork_imap, fork_map, workers
from kit.errors import KitError
from kit.layout.geometry import chunks, grid_sheet
from kit.layout.presets import card_presets, load_card_layout, load_paper
from kit.output.files import PRINT_SHOP, Output, office_printer, output

PART = "cards"
KINDS = ("cards-home", "cards-printshop", "cut-lines")
IN_KIT = True
PARALLEL_CHUNK = 150  # below this many cards a second process costs more than it saves
CARD_LABELS = ("kit_name", "card.examples", "card.question", "card.blank_name", "card.blank_actions")
SIZED_FRAMES = ("body", "question")  # the card texts whose fitted size `kit validate` reports


def make(ctx: BuildContext, request) -> list[Output]:
    """The three card files; the laid-out cards stay in `request.shared` when the fiches need them."""
    arts, outputs, sheets = cards_and_outputs(ctx, request.cache, request.progress, keep_arts="worksheets" in request.parts)
    request.shared["arts"], request.shared["sheets"] = arts, sheets
    return outputs


def card_sheet(ctx: BuildContext):
    """The N-up sheet of the configured card preset on the configured paper."""
    layout = load_card_layout(ctx.config.cards, ctx.layouts)
    paper = load_paper(ctx.config.paper, ctx.layouts)
    try:
        return grid_sheet(paper.width_mm, paper.height_mm, layout.width_mm, layout.height_mm,
                          bleed=layout.bleed_mm, unprintable=paper.unprintable_mm, mark_gap=layout.mark_gap_mm,
                          mark_length=layout.mark_length_mm, shared=layout.shared_cuts)
    except ValueError as exc:
        raise KitError(f"card preset '{layout.name}' on paper '{paper.name}': {exc}.") from None


def sheets_per_preset(ctx: BuildContext) -> list[tuple[str, int]]:
    """How many sheets of the configured paper each card preset needs for this deck."""
    counts = []
    for name in card_presets(ctx.layouts):
        try:
            sheet = card_sheet(replace(ctx, config=replace(ctx.config, cards=name)))
        except KitError:
            continue
        counts.append((name, -(-len(ctx.catalog.cards) // len(sheet.slots))))
    return counts


def lay_out_all(ctx: BuildContext, cache, progress=None) -> list:
    """Fit every card (front texts and category backs); the first overflow stops with a KitError.

    Large decks are laid out in parallel chunks; new QR codes go into the cache.
    """
    layout = _card_preset(ctx)
    cards = list(ctx.catalog.cards)
    _encode_missing([ctx.payload(card) for card in cards], cache)
    size = max(PARALLEL_CHUNK, -(-len(cards) // (4 * workers())))
    arts = []
    for chunk_arts, error in fork_map(partial(_lay_out_cards, ctx, layout, cache), chunks(cards, size)):
        if error:
            raise KitError(error)
        arts += chunk_arts
        if progress:
            progress(len(chunk_arts))
    return arts


def smallest_sizes(arts) -> dict[str, tuple[float, str]]:
    """Per frame of SIZED_FRAMES, the smallest size the laid-out cards set it at, and the first card set at it.

    A frame no card has (every card blank) is left out.
    """
    smallest = {}
    for art in arts:
        for key in SIZED_FRAMES:
            fitted = art.frames.get(key)
            if fitted is not None and (key not in smallest or fitted.size < smallest[key][0]):
                smallest[key] = (fitted.size, art.card.id)
    return smallest


def _card_preset(ctx: BuildContext):
    """The card preset, once every category's back is known to fit."""
    from kit.typeset.card import fit_back

    layout = load_card_layout(ctx.config.cards, ctx.layouts)
    for category in ctx.catalog.categories:
        fit_back(category, ctx.catalog, layout)
    return layout


def _lay_out_cards(ctx: BuildContext, layout, cache, cards) -> tuple[list, str | None]:
    """Fit the cards in order: (laid-out cards, None), or the ones before the first overflow and its message
    (a worker returns the error as a value, so that it is raised in order)."""
    from kit.typeset.card import lay_out

    arts, municipality = [], ctx.municipality()
    for card in cards:
        url = ctx.payload(card)
        try:
            arts.append(lay_out(card, ctx.catalog, layout, url, cache.modules(url), municipality))
        except KitError as exc:
            return arts, str(exc)
    return arts, None


def card_seed(ctx: BuildContext, urls: list[str]) -> str:
    """The characters the card files' fonts are seeded with (kit.render.record): all a card can print."""
    from kit.render.record import seed_characters

    catalog = ctx.catalog
    texts = [ctx.municipality(), *(catalog.text(key) for key in CARD_LABELS)]
    for category in catalog.categories:
        texts += [category.name, category.explanation]
    for card in catalog.cards:
        texts += [card.id, card.title, card.description, card.question, *card.examples]
    return seed_characters(texts + urls, ctx.lang)


def _lay_out_and_record(ctx: BuildContext, layout, cache, seed: str, cards, keep: bool) -> tuple[list, list, str | None]:
    """Lay out and draw the cards once: (recorded cards, laid-out cards if `keep`, first error or None)."""
    from kit.render.card import record_card
    from kit.render.record import recorder

    arts, error = _lay_out_cards(ctx, layout, cache, cards)
    canvas = recorder(seed, ctx.lang)
    try:
        recorded = [record_card(canvas, art, layout, ctx.icon_file(art.category)) for art in arts]
    except KitError as exc:
        return [], [], str(exc)
    return recorded, arts if keep else [], error


def cards_and_outputs(ctx: BuildContext, cache, progress=None, keep_arts: bool = True) -> tuple[list, list, int]:
    """Lay out and draw every card once, then assemble the card files: (laid-out cards, outputs, sheet count).

    The laid-out cards come back only with `keep_arts` (the worksheets need them).
    """
    layout = _card_preset(ctx)
    cards = list(ctx.catalog.cards)
    urls = [ctx.payload(card) for card in cards]  # computed once: the seed, the manifest and the encoding use them
    seed = card_seed(ctx, urls)
    ids = [{"id": card.id, "qr": url} for card, url in zip(cards, urls)]
    _encode_missing(urls, cache)
    if len(cards) < PARALLEL_CHUNK or not can_spread():
        recorded, arts, error = _lay_out_and_record(ctx, layout, cache, seed, cards, keep=True)
        if error:
            raise KitError(error)
        if progress:
            progress(len(cards))
        rendered = [lambda: _render_home(ctx, recorded, seed), lambda: _render_printshop(ctx, recorded, seed)]
        return (arts, *card_outputs(ctx, ids, rendered))
    # module-level functions with their arguments bound: a spawned worker is sent them pickled (kit.build.workers)
    renderers = [Consumer(partial(_render_home, ctx, seed=seed)), Consumer(partial(_render_printshop, ctx, seed=seed))]
    arts = []
    work = partial(_lay_out_and_record, ctx, layout, cache, seed, keep=keep_arts)
    try:
        for recorded, laid_out, error in fork_imap(work, chunks(cards, max(PARALLEL_CHUNK, -(-len(cards) // (8 * workers()))))):
            if error:
                raise KitError(error)
            Consumer.send_all(renderers, recorded)
            arts += laid_out
            if progress:
                progress(len(recorded))
        return (arts, *card_outputs(ctx, ids, [renderer.result for renderer in renderers]))
    except BaseException:
        for renderer in renderers:
            renderer.cancel()
        raise


def _encode_missing(urls: list[str], cache) -> None:
    """Encode the QR codes the cache lacks, on all cores for a big deck, before the cards are laid out."""
    from kit.qr import encode_many

    missing = [url for url in dict.fromkeys(urls) if url not in cache]
    if not missing:
        return
    parts = chunks(missing, -(-len(missing) // workers())) if len(missing) >= PARALLEL_CHUNK else [missing]
    for part, codes in zip(parts, fork_map(encode_many, parts) if len(parts) > 1 else [encode_many(missing)]):
        for url, modules in zip(part, codes):
            cache.remember(url, modules)


def _render_home(ctx: BuildContext, cards, seed: str) -> tuple[bytes, int]:
    from kit.render import cards_home

    return cards_home.render(cards, seed, ctx.catalog, load_card_layout(ctx.config.cards, ctx.layouts), card_sheet(ctx),
                             ctx.config.flip, ctx.icon_file, ctx.config.back_offset)


def _render_printshop(ctx: BuildContext, cards, seed: str) -> tuple[bytes, int]:
    from kit.render import cards_printshop

    return cards_printshop.render(cards, seed, ctx.catalog, load_card_layout(ctx.config.cards, ctx.layouts), ctx.icon_file,
                                  ctx.palette())


def _safe_zone(ctx: BuildContext, sheet, layout) -> dict:
    """Where the cards' trims lie on the home sheets' fronts and backs (mm), for the preflight's safe zone check."""
    from kit.layout.imposition import card_sheet_sides

    sides = card_sheet_sides(sheet, len(sheet.slots), ctx.config.flip, ctx.config.back_offset)
    trims = [[[round(p.x, 3), round(p.y, 3), layout.width_mm, layout.height_mm] for p in side.placements] for side in sides]
    return {"safe_mm": layout.safe_mm, "front": trims[0], "back": trims[1]}


def card_outputs(ctx: BuildContext, cards: list, rendered: list) -> tuple[list, int]:
    """The card sheets for home printing and the single cards for a print shop, and the sheet count.

    `cards` are the manifest's {"id", "qr"} entries; `rendered` holds two functions that
    return the home and print-shop files as (bytes, pages).
    """
    from kit.render import cutfile

    layout = load_card_layout(ctx.config.cards, ctx.layouts)
    paper = load_paper(ctx.config.paper, ctx.layouts)
    sheet = card_sheet(ctx)
    (home, home_pages), (shop, shop_pages) = [job() for job in rendered]
    shop_size = (layout.width_mm + 2 * layout.bleed_mm, layout.height_mm + 2 * layout.bleed_mm)
    cut = cutfile.svg(sheet, layout.corner_radius_mm, f"{ctx.catalog.text('kit_name')}: {layout.name} on {paper.name}")
    size = (sheet.width, sheet.height)
    floor = {"min_text_pt": layout.min_font_pt}
    outputs = [
        output(f"cards-home-{paper.name.lower()}.pdf", home, "cards-home", home_pages, size, cards_per_sheet=len(sheet.slots),
               qr_on_back=layout.question_on_back, cards=cards, **office_printer(paper), **floor,
               safe_zone=_safe_zone(ctx, sheet, layout)),
        output("cards-printshop.pdf", shop, "cards-printshop", shop_pages, shop_size, cards=cards, **PRINT_SHOP, **floor,
               safe_zone={"safe_mm": layout.safe_mm}),
        output(f"cards-cut-lines-{paper.name.lower()}.svg", cut, "cut-lines", 1, size, cards_per_sheet=len(sheet.slots),
               corner_radius_mm=layout.corner_radius_mm),
    ]
    return outputs, home_pages // 2
