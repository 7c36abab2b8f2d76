"""Builds one language of the kit: content + presets -> validated model -> laid-out cards -> PDFs + manifest.

All artefacts are rendered in memory first; files are written only when every
one succeeded, so a failing build leaves the previous output as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import formurl
from .catalog import icon_path, load_catalog
from .config import KitConfig
from .errors import KitError
from .geometry import chunks, grid_sheet
from .layouts import DEFAULT_LAYOUTS, load_card_layout, load_paper
from .model import Catalog
from .output import write_all
from .parallel import fork_map, workers
from .qr import MatrixCache

DEFAULT_CONTENT = Path(__file__).resolve().parent.parent / "content"
PARALLEL_CHUNK = 150  # below this many cards a second process costs more than it saves


@dataclass
class Plan:
    """Everything a language build needs, loaded and checked."""

    catalog: Catalog
    config: KitConfig
    content_dir: Path
    layouts_dir: Path


@dataclass
class BuildResult:
    lang: str
    folder: Path
    files: list
    sheets: int


def plan(content_dir: Path, lang: str, config: KitConfig, layouts_dir: Path = DEFAULT_LAYOUTS) -> Plan:
    catalog = load_catalog(content_dir, lang, blanks_per_category=config.blanks_per_category)
    return Plan(catalog=catalog, config=config, content_dir=Path(content_dir), layouts_dir=Path(layouts_dir))


def payload(p: Plan, card) -> str:
    return formurl.expand(p.config.form_url, card=card.id, lang=p.catalog.lang, category=card.category, municipality=p.config.municipality)


def lay_out_all(p: Plan, cache: MatrixCache, progress=None) -> list:
    """Fit every card (front texts and category backs); the first overflow stops with a KitError.

    Large decks are laid out in parallel chunks; new QR matrices go into the cache.
    """
    from .render.card import fit_back, lay_out

    layout = load_card_layout(p.config.cards, p.layouts_dir)
    municipality = p.config.municipality or p.catalog.text("municipality_default")
    for category in p.catalog.categories:
        fit_back(category, p.catalog, layout)

    def chunk(cards):
        arts = []
        for card in cards:
            url = payload(p, card)
            try:
                arts.append(lay_out(card, p.catalog, layout, url, cache.matrix(url), municipality))
            except KitError as exc:  # carried back from a worker as a value, raised in order below
                return arts, str(exc)
        return arts, None

    cards = list(p.catalog.cards)
    size = max(PARALLEL_CHUNK, -(-len(cards) // (4 * workers())))
    arts = []
    for chunk_arts, error in fork_map(chunk, chunks(cards, size)):
        if error:
            raise KitError(error)
        arts += chunk_arts
        if progress:
            progress(len(chunk_arts))
    for art in arts:
        cache.remember(art.payload, art.matrix)
    return arts


def build_language(p: Plan, out_root: Path, progress=None) -> BuildResult:
    """Render every artefact of one language into out_root/<lang>/ and write its manifest."""
    from .render import cards_home, cards_printshop

    out_root = Path(out_root)
    cache = MatrixCache(out_root / ".cache" / "qr.json")
    layout = load_card_layout(p.config.cards, p.layouts_dir)
    paper = load_paper(p.config.paper, p.layouts_dir)
    try:
        sheet = grid_sheet(
            paper.width_mm, paper.height_mm, layout.width_mm, layout.height_mm,
            bleed=layout.bleed_mm, unprintable=paper.unprintable_mm,
            mark_gap=layout.mark_gap_mm, mark_length=layout.mark_length_mm,
        )
    except ValueError as exc:
        raise KitError(f"card preset '{layout.name}' on paper '{paper.name}': {exc}.") from None
    arts = lay_out_all(p, cache, progress)
    cards = [{"id": art.card.id, "qr": art.payload} for art in arts]

    def icon_file(category):
        return icon_path(p.content_dir, category.icon)

    jobs = [
        lambda: cards_home.render(arts, p.catalog, layout, sheet, p.config.flip, icon_file),
        lambda: cards_printshop.render(arts, p.catalog, layout, icon_file),
    ]
    parallel = len(arts) >= PARALLEL_CHUNK
    (home, home_pages), (shop, shop_pages) = fork_map(lambda i: jobs[i](), [0, 1]) if parallel else [j() for j in jobs]
    shop_size = [round(layout.width_mm + 2 * layout.bleed_mm, 3), round(layout.height_mm + 2 * layout.bleed_mm, 3)]
    outputs = [
        (f"cards-home-{paper.name.lower()}.pdf", home,
         {"kind": cards_home.KIND, "pages": home_pages, "page_size_mm": [round(sheet.width, 3), round(sheet.height, 3)], "cards": cards}),
        ("cards-printshop.pdf", shop,
         {"kind": cards_printshop.KIND, "pages": shop_pages, "page_size_mm": shop_size, "cards": cards}),
    ]
    outputs = [(name, data, {"path": name, **entry}) for name, data, entry in outputs]
    folder = out_root / p.catalog.lang
    write_all(folder, p.catalog.lang, outputs)
    cache.save()
    return BuildResult(lang=p.catalog.lang, folder=folder, files=[entry for _, _, entry in outputs], sheets=home_pages // 2)
