"""Recipe `manual`: the handleiding on A4 (a tagged PDF, kit.render.manual) and as an A5 booklet imposed on A4 sheets
(kit.render.booklet), each with a QR code per link."""

from __future__ import annotations

from kit.build.context import BuildContext
from kit.content.manual import links
from kit.layout.presets import load_manual_layout, load_paper
from kit.output.files import Output, office_printer, output

PART = "manual"
KINDS = ("manual", "manual-booklet")
IN_KIT = True
ASIDE = True  # the longest part of the kit: made in a process of its own (kit.build.builder.make)


def prepare(ctx: BuildContext) -> None:
    """Read the manual before the build forks (kit.build.builder.make): the HTML edition, made in the other process,
    reads it too, and parsing it twice cost 40 ms."""
    ctx.manual()


def make(ctx: BuildContext, request) -> list[Output]:
    from concurrent.futures import ThreadPoolExecutor

    from kit.render import manual as tagged_manual

    document = ctx.manual()
    if document is None:
        return []
    preset = load_manual_layout(ctx.layouts)
    codes = {url: request.cache.modules(url) for url in links(document)}
    a4_paper = load_paper(preset.formats["a4"].paper, ctx.layouts)
    sheet = load_paper("A4", ctx.layouts)
    # The booklet (ReportLab) does not need the A4 manual: Typst sets the A4 in a thread meanwhile. Typst lets go of
    # Python's lock while it works, so on two cores the two take about as long as the booklet alone. (A forked
    # process would not do: this recipe is made in a pool's worker, which may not start processes of its own.)
    with ThreadPoolExecutor(1) as typesetter:
        a4_made = typesetter.submit(tagged_manual.render, document, ctx.catalog, preset, a4_paper, ctx.icon_file, codes)
        booklet, sides, pages = _booklet(ctx, document, preset, codes, sheet)
        a4, a4_pages, qr_pages = a4_made.result()
    return [
        output("manual-a4.pdf", a4, "manual", a4_pages, (a4_paper.width_mm, a4_paper.height_mm), qr_pages=qr_pages,
               qr_payloads=list(codes), **office_printer(a4_paper)),
        output("manual-booklet-a5.pdf", booklet, "manual-booklet", sides, sheet.landscape, booklet_pages=pages,
               **office_printer(sheet)),
    ]


def _booklet(ctx: BuildContext, document, preset, codes: dict, sheet) -> tuple[bytes, int, int]:
    from kit.render import booklet as print_booklet

    a5 = print_booklet.page_format(preset, "a5", load_paper(preset.formats["a5"].paper, ctx.layouts))
    return print_booklet.render_booklet(document, ctx.catalog, a5, ctx.icon_file, codes, sheet)
