"""Builds one language of the kit: content + presets -> validated model -> laid-out cards -> PDFs + manifest.

All artefacts are rendered in memory first; files are written only when every
one succeeded, so a failing build leaves the previous output as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import atexit
import shutil
import tempfile

from kit.content import customize as custom
from kit.content import i18n
from kit.content import formurl
from kit.layout.board import BoardSpec, ZoneRequest, plan_board, tile_board
from kit.content.customize import Customization
from kit.content.catalog import DEFAULT_CONTENT, icon_path, load_catalog, load_matrix
from kit.content.config import KitConfig
from kit.errors import KitError
from kit.layout.geometry import chunks, grid_sheet
from kit.layout.presets import DEFAULT_LAYOUTS, load_board_layout, load_card_layout, load_paper
from kit.content.model import Catalog
from kit.output.files import merge_into_manifest, write_all
from kit.build.workers import Consumer, Warm, can_fork, fork_imap, fork_map, workers
from kit.qr import MatrixCache

PARALLEL_CHUNK = 150  # below this many cards a second process costs more than it saves


@dataclass
class Plan:
    """Everything a language build needs, loaded and checked."""

    catalog: Catalog
    config: KitConfig
    content_dir: Path
    layouts_dir: Path


@lru_cache(maxsize=16)  # the legplan and the matrix both need it; the logo is read once
def customization(config: KitConfig) -> Customization:
    """The legplan's municipality, logo, date and core values from the settings, each checked."""
    return Customization(
        municipality=custom.municipality_name(config.municipality),
        logo=custom.logo(config.logo),
        date=custom.workshop_date(config.date),
        values=custom.core_values(config.values),
    )


def legplan_outputs(p: Plan, size: str | None = None, chosen: dict | None = None) -> list:
    """The legplan on whole sheets and tiled for office printers, as (name, bytes, manifest entry).

    With `chosen` ({"short": [FilledSlot, ...], "long": [...]}) it is the filled-in board after a workshop.
    """
    from kit.render import legplan

    board = load_board_layout("legplan", p.layouts_dir)
    cards = load_card_layout(p.config.cards, p.layouts_dir)
    size = custom.board_size(size or p.config.legplan_size or board.size)
    paper = load_paper(size, p.layouts_dir)
    page_w, page_h = max(paper.width_mm, paper.height_mm), min(paper.width_mm, paper.height_mm)
    spec = BoardSpec(slot_w=cards.width_mm + 2 * board.slot_margin_mm, slot_h=cards.height_mm + 2 * board.slot_margin_mm,
                     margin=board.margin_mm, header=board.header_mm, footer=board.footer_mm, gap=board.gap_mm,
                     label=board.label_mm)
    # what already happens per category first, then the core values and the two priority zones
    requests, labels = [], {}
    for category in p.catalog.categories:
        ids = [card.id for card in p.catalog.cards if card.category == category.id]
        requests.append(ZoneRequest(f"category:{category.id}", len(ids)))
        labels[f"category:{category.id}"] = ids
    requests.append(ZoneRequest("values", 0, fixed=board.values_slots))
    for key in ("short", "long"):
        placed = list((chosen or {}).get(key, ()))
        slots = max(board.priority_slots, len(placed))  # a long list of choices gets more slots, never fewer
        requests.append(ZoneRequest(key, slots, min_cols=4))
        labels[key] = placed + [str(n) for n in range(len(placed) + 1, slots + 1)]
    try:
        sheets = plan_board(page_w, page_h, requests, spec)
    except ValueError as exc:
        raise KitError(f"legplan on {size}: {exc}.") from None
    tile_paper = load_paper(board.tile_paper, p.layouts_dir)
    tiles = [tile_board(s.width, s.height, tile_paper.width_mm, tile_paper.height_mm, unprintable=tile_paper.unprintable_mm,
                        overlap=board.tile_overlap_mm, label=board.tile_label_mm) for s in sheets]
    c = customization(p.config)

    def icon_file(category):
        return icon_path(p.content_dir, category.icon)

    whole, pages = legplan.render(sheets, p.catalog, c, labels, icon_file, size)
    tiled, tile_pages = legplan.render_tiled(sheets, tiles, p.catalog, c, labels, icon_file, size,
                                             board.tile_overlap_mm, board.tile_label_mm)
    slug = custom.safe_slug(c.municipality)
    stem = (f"legplan-{slug}" if slug else "legplan") + ("-filled" if chosen is not None else "")
    kinds = (legplan.KIND_FILLED, legplan.KIND_FILLED_TILED) if chosen is not None else (legplan.KIND, legplan.KIND_TILED)
    first_tile = tiles[0][0]
    return [
        (f"{stem}-{size.lower()}.pdf", whole,
         {"kind": kinds[0], "pages": pages, "page_size_mm": [round(page_w, 3), round(page_h, 3)]}),
        (f"{stem}-{size.lower()}-tiled-{board.tile_paper.lower()}.pdf", tiled,
         {"kind": kinds[1], "pages": tile_pages, "page_size_mm": [round(first_tile.page_w, 3), round(first_tile.page_h, 3)]}),
    ]


def matrix_outputs(p: Plan) -> list:
    from kit.render import matrix

    rows = load_matrix(p.content_dir, p.catalog.lang, p.config.matrix_actors or None)
    data, pages = matrix.render(p.catalog, rows, customization(p.config), lambda c: icon_path(p.content_dir, c.icon))
    return [("matrix-a3.pdf", data, {"kind": matrix.KIND, "pages": pages, "page_size_mm": list(matrix.PAGE)})]


def select_cards(p: Plan, ids: list[str] | None) -> list:
    """The cards named by id, in the order given; an unknown id is a KitError that lists the known ones."""
    if not ids:
        return list(p.catalog.cards)
    known = {card.id: card for card in p.catalog.cards}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KitError(f"unknown card id {unknown[0]!r} for language {p.catalog.lang} (known: {', '.join(known)}).")
    return [known[i] for i in dict.fromkeys(ids)]


def worksheet_outputs(p: Plan, arts: list, ids: list[str] | None = None, votes: bool = True) -> list:
    """The Fase 2 voting tally and the Fase 3 fiches (all cards, or the ones named)."""
    from kit.render import worksheets

    chosen = {card.id for card in select_cards(p, ids)}
    order = {i: n for n, i in enumerate(ids or [])}
    fiche_arts = sorted((a for a in arts if a.card.id in chosen), key=lambda a: order.get(a.card.id, 0)) if ids else list(arts)
    a4 = [210.0, 297.0]
    outputs = []
    if votes:
        voted = [c for c in p.catalog.cards if p.catalog.category(c.category).voting]
        data, pages = worksheets.render_votes(p.catalog, voted)
        outputs.append(("worksheet-votes.pdf", data, {"kind": worksheets.KIND_VOTES, "pages": pages, "page_size_mm": a4}))
    data, pages = worksheets.render_fiches(p.catalog, fiche_arts, lambda c: icon_path(p.content_dir, c.icon))
    name = "worksheet-fiches.pdf"
    if ids:
        name = f"worksheet-fiches-{'-'.join(ids).lower()}.pdf" if len(ids) <= 6 else f"worksheet-fiches-{len(ids)}-cards.pdf"
    outputs.append((name, data, {"kind": worksheets.KIND_FICHES, "pages": pages, "page_size_mm": a4,
                                 "cards": [{"id": a.card.id, "qr": a.payload} for a in fiche_arts]}))
    return outputs


def manual_styles(p: Plan) -> dict:
    """The A4 and A5 page styles of the manual from layouts/manual/default.yaml."""
    from kit.content.colour import parse_hex
    from kit.layout.presets import load_manual_layout
    from kit.render.manual import Style

    data = load_manual_layout(p.layouts_dir)
    styles = {}
    for name, f in data["formats"].items():
        paper = load_paper(f["paper"], p.layouts_dir)
        m = f["margins"]
        styles[name] = Style(width=paper.width_mm, height=paper.height_mm, top=m["top"], bottom=m["bottom"], inner=m["inner"],
                             outer=m["outer"], body=f["body_pt"], h1=f["h1_pt"], h2=f["h2_pt"], h3=f["h3_pt"], footer=f["footer_pt"],
                             qr_mm=f["qr_mm"], accent=parse_hex(data["accent"]), phase_colours=tuple(data["phase_colours"]))
    return styles


def manual_outputs(p: Plan, cache: MatrixCache) -> list:
    """The A4 manual and the A5 booklet imposed on A4, each laid out twice so the contents know the pages."""
    from kit.layout.imposition import padded
    from kit.content.manual import load_manual
    from kit.render import booklet, manual

    path = p.content_dir / p.catalog.lang / "manual.md"
    if not path.is_file():
        return []
    document = load_manual(path)
    styles = manual_styles(p)

    def icon_file(category):
        return icon_path(p.content_dir, category.icon)

    def two_pass(style, pad_to=1):
        _, _, headings = manual.render(document, p.catalog, style, icon_file, cache)
        pages = [page for _, _, page in headings]  # in reading order, so repeated titles keep their own page
        return manual.render(document, p.catalog, style, icon_file, cache, toc_pages=pages, pad_to=pad_to)

    a4, a4_pages, _ = two_pass(styles["a4"])
    a5, a5_pages, _ = two_pass(styles["a5"], pad_to=4)
    assert a5_pages == padded(a5_pages)
    sheet = load_paper("A4", p.layouts_dir)
    imposed, sides = booklet.impose(a5, sheet.height_mm, sheet.width_mm, document.title, p.catalog.lang)
    return [
        ("manual-a4.pdf", a4, {"kind": manual.KIND, "pages": a4_pages, "page_size_mm": [styles["a4"].width, styles["a4"].height]}),
        ("manual-booklet-a5.pdf", imposed, {"kind": booklet.KIND, "pages": sides, "page_size_mm": [sheet.height_mm, sheet.width_mm],
                                            "booklet_pages": a5_pages}),
    ]


def card_sheet(p: Plan):
    """The N-up sheet of the configured card preset on the configured paper."""
    layout = load_card_layout(p.config.cards, p.layouts_dir)
    paper = load_paper(p.config.paper, p.layouts_dir)
    try:
        return grid_sheet(paper.width_mm, paper.height_mm, layout.width_mm, layout.height_mm,
                          bleed=layout.bleed_mm, unprintable=paper.unprintable_mm, mark_gap=layout.mark_gap_mm,
                          mark_length=layout.mark_length_mm, shared=layout.shared_cuts)
    except ValueError as exc:
        raise KitError(f"card preset '{layout.name}' on paper '{paper.name}': {exc}.") from None


def sheets_per_preset(p: Plan) -> list[tuple[str, int]]:
    """How many sheets of the configured paper each card preset needs for this deck."""
    from dataclasses import replace as with_preset

    from kit.layout.presets import card_presets

    counts = []
    for name in card_presets(p.layouts_dir):
        try:
            sheet = card_sheet(Plan(p.catalog, with_preset(p.config, cards=name), p.content_dir, p.layouts_dir))
        except KitError:
            continue
        counts.append((name, -(-len(p.catalog.cards) // len(sheet.slots))))
    return counts


def calibration_outputs(p: Plan) -> list:
    """The duplex calibration sheet, in the orientation the card sheets print in."""
    from kit.render import calibrate

    sheet = card_sheet(p)
    data, pages = calibrate.render(p.catalog, sheet.width, sheet.height, p.config.flip, p.config.back_offset)
    name = f"calibration-{p.config.paper.lower()}.pdf"
    return [(name, data, {"kind": calibrate.KIND, "pages": pages, "page_size_mm": [round(sheet.width, 3), round(sheet.height, 3)]})]


def with_paths(outputs: list) -> list:
    return [(name, data, {"path": name, **entry}) for name, data, entry in outputs]


@dataclass
class BuildResult:
    lang: str
    folder: Path
    files: list
    sheets: int


def plan(content_dir: Path, lang: str, config: KitConfig, layouts_dir: Path = DEFAULT_LAYOUTS, *, strict: bool = False,
         warn=None) -> Plan:
    """Load and check one language. Texts it lacks fall back to Dutch with a warning, or fail with `strict`."""
    content_dir = Path(content_dir)
    if lang != i18n.SOURCE and (content_dir / i18n.SOURCE).is_dir() and (content_dir / lang).is_dir():
        missing = i18n.missing_keys(content_dir, lang)
        if missing:
            listed = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
            if strict:
                raise KitError(f"language {lang}: {len(missing)} texts are not translated ({listed}); translate them or leave out --strict.")
            if warn:
                warn(f"warning: language {lang}: {len(missing)} texts fall back to Dutch: {listed}.")
            if i18n.absent_keys(content_dir, lang):  # fill the gaps of the catalog with Dutch
                scratch = tempfile.mkdtemp(prefix=f"kit-{lang}-")
                atexit.register(shutil.rmtree, scratch, True)
                content_dir = i18n.merged_content(content_dir, lang, Path(scratch))
    catalog = load_catalog(content_dir, lang, blanks_per_category=config.blanks_per_category)
    from kit.render.pdf import set_palette

    set_palette((c.colour, c.cmyk) for c in catalog.categories if c.cmyk)
    return Plan(catalog=catalog, config=config, content_dir=content_dir, layouts_dir=Path(layouts_dir))


def payload(p: Plan, card) -> str:
    return formurl.expand(p.config.form_url, card=card.id, lang=p.catalog.lang, category=card.category, municipality=p.config.municipality,
                          workshop=p.config.workshop)


def lay_out_all(p: Plan, cache: MatrixCache, progress=None) -> list:
    """Fit every card (front texts and category backs); the first overflow stops with a KitError.

    Large decks are laid out in parallel chunks; new QR matrices go into the cache.
    """
    layout, municipality = _card_preset(p)
    cards = list(p.catalog.cards)
    _encode_missing([payload(p, card) for card in cards], cache)
    size = max(PARALLEL_CHUNK, -(-len(cards) // (4 * workers())))
    arts = []
    for chunk_arts, error in fork_map(lambda part: _lay_out_cards(p, layout, municipality, cache, part), chunks(cards, size)):
        if error:
            raise KitError(error)
        arts += chunk_arts
        if progress:
            progress(len(chunk_arts))
    return arts


def _card_preset(p: Plan):
    """The card preset and the municipality its texts name, once every category's back is known to fit."""
    from kit.render.card import fit_back

    layout = load_card_layout(p.config.cards, p.layouts_dir)
    for category in p.catalog.categories:
        fit_back(category, p.catalog, layout)
    return layout, p.config.municipality or p.catalog.text("municipality_default")


def _lay_out_cards(p: Plan, layout, municipality: str, cache: MatrixCache, cards) -> tuple[list, str | None]:
    """Fit the cards in order: (laid-out cards, None), or the ones before the first overflow and its message
    (a worker returns the error as a value, so that it is raised in order)."""
    from kit.render.card import lay_out

    arts = []
    for card in cards:
        url = payload(p, card)
        try:
            arts.append(lay_out(card, p.catalog, layout, url, cache.matrix(url), municipality))
        except KitError as exc:
            return arts, str(exc)
    return arts, None


def card_seed(p: Plan, municipality: str, urls: list[str]) -> str:
    """The characters the card files' fonts are seeded with (kit.render.record): all a card can print."""
    from kit.render.record import seed_characters

    catalog = p.catalog
    texts = [municipality, *(catalog.text(key) for key in CARD_LABELS)]
    for category in catalog.categories:
        texts += [category.name, category.explanation]
    for card in catalog.cards:
        texts += [card.id, card.title, card.description, card.question, *card.examples]
    return seed_characters(texts + urls)


CARD_LABELS = ("kit_name", "card.examples", "card.question", "card.blank_name", "card.blank_actions")


def _lay_out_and_record(p: Plan, layout, municipality: str, cache: MatrixCache, seed: str, cards,
                        keep: bool) -> tuple[list, list, str | None]:
    """Lay out and draw the cards once: (recorded cards, laid-out cards if `keep`, first error or None)."""
    from kit.render.card import record_card
    from kit.render.record import recorder

    arts, error = _lay_out_cards(p, layout, municipality, cache, cards)
    canvas = recorder(seed, p.catalog.lang)
    icon_file = _icon_files(p)
    try:
        recorded = [record_card(canvas, art, layout, icon_file(art.category)) for art in arts]
    except KitError as exc:
        return [], [], str(exc)
    return recorded, arts if keep else [], error


def cards_and_outputs(p: Plan, cache: MatrixCache, progress=None, keep_arts: bool = True) -> tuple[list, list, int]:
    """Lay out and draw every card once, then assemble the card files: (laid-out cards, outputs, sheet count).

    Each card is laid out and drawn once into a recording (kit.render.record); the home
    sheets and the print-shop file are put together from the recordings. In a big deck
    forked workers lay out and draw chunks of cards on all cores, and two more processes
    assemble the two files from the chunks as they come: the deck is never held whole
    by one process. The laid-out cards come back only with `keep_arts` (the worksheets need them).
    """
    layout, municipality = _card_preset(p)
    cards = list(p.catalog.cards)
    urls = [payload(p, card) for card in cards]
    seed = card_seed(p, municipality, urls)
    ids = [{"id": card.id, "qr": url} for card, url in zip(cards, urls)]
    _encode_missing(urls, cache)
    if len(cards) < PARALLEL_CHUNK or not can_fork():
        recorded, arts, error = _lay_out_and_record(p, layout, municipality, cache, seed, cards, keep=True)
        if error:
            raise KitError(error)
        if progress:
            progress(len(cards))
        rendered = [lambda: _render_home(p, recorded, seed), lambda: _render_printshop(p, recorded, seed)]
        return (arts, *card_outputs(p, ids, rendered))
    renderers = [Consumer(lambda stream: _render_home(p, stream, seed)), Consumer(lambda stream: _render_printshop(p, stream, seed))]
    arts = []
    work = lambda part: _lay_out_and_record(p, layout, municipality, cache, seed, part, keep_arts)
    try:
        for recorded, laid_out, error in fork_imap(work, chunks(cards, max(PARALLEL_CHUNK, -(-len(cards) // (8 * workers()))))):
            if error:
                raise KitError(error)
            Consumer.send_all(renderers, recorded)
            arts += laid_out
            if progress:
                progress(len(recorded))
        return (arts, *card_outputs(p, ids, [renderer.result for renderer in renderers]))
    except BaseException:
        for renderer in renderers:
            renderer.cancel()
        raise


def _encode_missing(urls: list[str], cache: MatrixCache) -> None:
    """Encode the QR codes the cache lacks in batches (kit.qrencode.matrices), on all cores for a big
    deck, before the cards are laid out: one by one they took 1.6 ms a code, 10 s for 6000 cards."""
    from kit.qr import encode_many

    missing = [url for url in dict.fromkeys(urls) if url not in cache]
    if not missing:
        return
    parts = chunks(missing, -(-len(missing) // workers())) if len(missing) >= PARALLEL_CHUNK else [missing]
    for urls, matrices in zip(parts, fork_map(encode_many, parts) if len(parts) > 1 else [encode_many(missing)]):
        for url, matrix in zip(urls, matrices):
            cache.remember(url, matrix)


def _icon_files(p: Plan):
    """category -> its icon's path, looked up once per icon (renderers ask for every card)."""
    paths = {}

    def icon_file(category):
        if category.icon not in paths:
            paths[category.icon] = icon_path(p.content_dir, category.icon)
        return paths[category.icon]

    return icon_file


def _render_home(p: Plan, cards: list, seed: str) -> tuple[bytes, int]:
    from kit.render import cards_home

    return cards_home.render(cards, seed, p.catalog, load_card_layout(p.config.cards, p.layouts_dir), card_sheet(p), p.config.flip,
                             _icon_files(p), p.config.back_offset)


def _render_printshop(p: Plan, cards: list, seed: str) -> tuple[bytes, int]:
    from kit.render import cards_printshop

    return cards_printshop.render(cards, seed, p.catalog, load_card_layout(p.config.cards, p.layouts_dir), _icon_files(p))


PARTS = ("cards", "legplan", "matrix", "worksheets", "manual")


def card_outputs(p: Plan, cards: list, rendered: list) -> tuple[list, int]:
    """The card sheets for home printing and the single cards for a print shop, and the sheet count.

    `cards` are the manifest's {"id", "qr"} entries; `rendered` holds two functions that
    return the home and print-shop files as (bytes, pages).
    """
    from kit.render import cards_home, cards_printshop

    layout = load_card_layout(p.config.cards, p.layouts_dir)
    paper = load_paper(p.config.paper, p.layouts_dir)
    sheet = card_sheet(p)
    (home, home_pages), (shop, shop_pages) = [job() for job in rendered]
    shop_size = [round(layout.width_mm + 2 * layout.bleed_mm, 3), round(layout.height_mm + 2 * layout.bleed_mm, 3)]
    from kit.render import cutfile

    cut = cutfile.svg(sheet, layout.corner_radius_mm, f"{p.catalog.text('kit_name')}: {layout.name} on {paper.name}")
    outputs = [
        (f"cards-home-{paper.name.lower()}.pdf", home,
         {"kind": cards_home.KIND, "pages": home_pages, "page_size_mm": [round(sheet.width, 3), round(sheet.height, 3)],
          "cards_per_sheet": len(sheet.slots), "qr_on_back": layout.question_on_back, "cards": cards}),
        ("cards-printshop.pdf", shop,
         {"kind": cards_printshop.KIND, "pages": shop_pages, "page_size_mm": shop_size, "cards": cards}),
        (f"cards-cut-lines-{paper.name.lower()}.svg", cut,
         {"kind": cutfile.KIND, "pages": 1, "page_size_mm": [round(sheet.width, 3), round(sheet.height, 3)],
          "cards_per_sheet": len(sheet.slots), "corner_radius_mm": layout.corner_radius_mm}),
    ]
    return outputs, home_pages // 2


CHECK_MODULES = ("kit.output.preflight", "pypdfium2", "zxingcpp")  # what the preflight workers import ahead


def preflight(outputs: list, cards: list, checks: Warm) -> None:
    """Run the print checks on every PDF before anything is written; the first failure stops the build.

    A file with QR codes is checked in two jobs at once, the codes and the rest (each takes about
    as long). In a big deck the card files are checked page by page on a sample (see
    _card_sample); `kit check` reads every page. `checks` runs the jobs (see kit.parallel.Warm).
    """
    home = next((entry for _, _, entry in outputs if entry["kind"] == "cards-home"), None)
    sample = _card_sample(home, [(card.category, card.blank) for card in cards]) if home and cards else None
    jobs = []
    for name, data, entry in outputs:
        if not name.endswith(".pdf"):
            continue
        kind = entry["kind"]
        qr_pages, expected, pages = None, None, None
        if kind == "cards-home":
            qr_pages, expected = _qr_sample(entry)
            if sample is not None:
                pages = sorted({2 * (i // entry["cards_per_sheet"]) + side for i in sample for side in (0, 1)})
        elif kind == "cards-printshop" and sample is not None:
            pages = [2 * i + side for i in _first_of_each_kind(cards) for side in (0, 1)]  # front, back
        options = {"expected_qr": expected, "require_cmyk": kind == "cards-printshop", "qr_pages": qr_pages, "own": True}
        if kind in ("cards-home", "manual"):
            jobs += [(name, data, {**options, "qr": False, "pages": pages}), (name, data, {**options, "qr": True, "pages": []})]
        else:
            jobs.append((name, data, {**options, "qr": False, "pages": pages}))
    jobs.sort(key=lambda job: -len(job[1]))  # the biggest file first, so that the others fill in beside it
    for problems in checks.map(_check_job, jobs):
        if problems:
            raise KitError(f"preflight failed, nothing was written: {problems[0]}.")


def _check_job(job) -> list[str]:
    from kit.output.preflight import check_pdf

    name, data, options = job
    return [f"{name}: {f.message}" for f in check_pdf(data, name, **options).failures()]


QR_SAMPLE_SHEETS = 12


def _qr_sheets(entry: dict) -> set[int]:
    """The home sheets whose QR codes the build decodes: every sheet up to QR_SAMPLE_SHEETS; in bigger decks
    the first and last sheets and the sheet with the longest payload (the densest code)."""
    cards, per_sheet = entry["cards"], entry["cards_per_sheet"]
    sheets = -(-len(cards) // per_sheet)
    if sheets <= QR_SAMPLE_SHEETS:
        return set(range(sheets))
    longest = max(range(len(cards)), key=lambda i: len(cards[i]["qr"])) // per_sheet
    return set(range(QR_SAMPLE_SHEETS // 2)) | set(range(sheets - QR_SAMPLE_SHEETS // 2, sheets)) | {longest}


def _qr_sample(entry: dict) -> tuple[list[int], list[str]]:
    """Front pages whose QR codes the build decodes (see _qr_sheets), and the payloads they must yield.
    `kit check` decodes every page."""
    per_sheet = entry["cards_per_sheet"]
    chosen = _qr_sheets(entry)
    expected = [c["qr"] for i, c in enumerate(entry["cards"]) if i // per_sheet in chosen]
    side = 1 if entry.get("qr_on_back") else 0  # pages alternate front, back
    return sorted(2 * s + side for s in chosen), expected


def _card_sample(home: dict, kinds: list) -> list[int] | None:
    """The cards whose pages a big deck's preflight reads (None: all of them, in a small deck).

    The cards on the QR sample sheets, and every sheet with the first card of a kind
    (category, blank or not): each kind draws its own icon, colours and back, so every
    form and colour of the files is among the pages read. Reading all 12000 pages of
    6000 cards took longer than building them.
    """
    per_sheet = home["cards_per_sheet"]
    sheets = _qr_sheets(home)
    if len(sheets) * per_sheet >= len(kinds):
        return None
    first = {}
    for index, kind in enumerate(kinds):
        first.setdefault(kind, index)
    sheets |= {index // per_sheet for index in first.values()}
    return [i for i in range(len(kinds)) if i // per_sheet in sheets]


def _first_of_each_kind(cards: list) -> list[int]:
    """The first card of each kind (category, blank or not) and the last card: the print-shop pages a big
    deck's preflight reads. Its cards are played from the same recordings as the home sheets, whose
    sample the preflight reads whole; what is the print shop's own (CMYK, boxes, forms) is here."""
    first = {}
    for index, card in enumerate(cards):
        first.setdefault((card.category, card.blank), index)
    return sorted({*first.values(), len(cards) - 1})


def build_language(p: Plan, out_root: Path, progress=None, only=None, check: bool = True) -> BuildResult:
    """Render the artefacts of one language into out_root/<lang>/ and write its manifest.

    `only` names some of PARTS; their files are then added to the existing manifest.
    With `check`, every PDF passes the preflight (kit.preflight) before anything is written.
    """
    only = tuple(only or PARTS)
    unknown = [part for part in only if part not in PARTS]
    if unknown:
        raise KitError(f"unknown part '{unknown[0]}' to build (parts: {', '.join(PARTS)}).")
    out_root = Path(out_root)
    checks = Warm(CHECK_MODULES) if check else None  # the checking workers get ready while the files are made
    try:
        return _build(p, out_root, progress, only, checks)
    finally:
        if checks is not None:
            checks.close()


def _build(p: Plan, out_root: Path, progress, only: tuple, checks) -> BuildResult:
    cache = MatrixCache(out_root / ".cache" / "qr.json")
    arts, outputs, sheets = [], [], 0
    if "cards" in only:
        arts, outputs, sheets = cards_and_outputs(p, cache, progress, keep_arts="worksheets" in only)
    elif "worksheets" in only:
        arts = lay_out_all(p, cache, progress)
    if "legplan" in only:
        outputs += legplan_outputs(p)
    if "matrix" in only:
        outputs += matrix_outputs(p)
    if "worksheets" in only:
        outputs += worksheet_outputs(p, arts)
    if "manual" in only:
        outputs += manual_outputs(p, cache)
    outputs = with_paths(outputs)
    if checks is not None:
        preflight(outputs, p.catalog.cards if "cards" in only else (), checks)
    folder = out_root / p.catalog.lang
    if len(only) == len(PARTS):
        write_all(folder, p.catalog.lang, outputs)
    else:
        merge_into_manifest(folder, p.catalog.lang, outputs)
    cache.save()
    return BuildResult(lang=p.catalog.lang, folder=folder, files=[entry for _, _, entry in outputs], sheets=sheets)


def results_outputs(p: Plan, results) -> list:
    """After a workshop: the results report, the filled-in legplan and the draft plan (PDF and DOCX)."""
    from kit.render import legplan, plan as plan_pdf, plan_docx, results as results_pdf

    slug = custom.safe_slug(results.municipality, results.code or "workshop")
    chosen = {term: [legplan.FilledSlot(r.card.id, r.title or r.card.id, r.category.colour) for r in results.chosen(term)]
              for term in ("short", "long")}
    report, report_pages = results_pdf.render(results, p.catalog)
    draft, draft_pages = plan_pdf.render(results, p.catalog)
    a4 = [210.0, 297.0]
    return with_paths([
        (f"results-{slug}.pdf", report, {"kind": results_pdf.KIND, "pages": report_pages, "page_size_mm": a4}),
        *legplan_outputs(p, chosen=chosen),
        (f"plan-{slug}.pdf", draft, {"kind": plan_pdf.KIND, "pages": draft_pages, "page_size_mm": a4}),
        (f"plan-{slug}.docx", plan_docx.render(results, p.catalog), {"kind": plan_docx.KIND, "pages": None, "page_size_mm": a4}),
    ])
