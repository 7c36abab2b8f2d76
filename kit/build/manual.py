"""Recipe `manual`: the handleiding on A4 and as an A5 booklet imposed on A4 sheets, each with a QR code per link."""

from __future__ import annotations

from kit.build.context import BuildContext
from kit.content import i18n
from kit.content.manual import load_manual, read_manual
from kit.layout.presets import load_manual_layout, load_paper
from kit.output.files import Output, output

PART = "manual"
KINDS = ("manual", "manual-booklet")
IN_KIT = True
ALONE = True  # the longest part of the kit: made in a process of its own (kit.build.builder.make)


def _manual(ctx: BuildContext):
    """The language's manual, with the Dutch blocks where a translation has none (None: there is no manual)."""
    path = ctx.content.where(ctx.lang, i18n.MANUAL)
    merged = i18n.manual_with_dutch_gaps(ctx.content, ctx.lang) if ctx.lang != i18n.SOURCE else None
    if merged is not None:
        return read_manual(merged, path)
    return load_manual(path) if path.is_file() else None


def make(ctx: BuildContext, request) -> list[Output]:
    from kit.render import manual as render

    document = _manual(ctx)
    if document is None:
        return []
    preset = load_manual_layout(ctx.layouts)
    codes = {url: request.cache.modules(url) for url in render.links(document)}
    formats = {name: render.page_format(preset, name, load_paper(preset.formats[name].paper, ctx.layouts))
               for name in ("a4", "a5")}
    a4, a4_pages, qr_pages = render.render(document, ctx.catalog, formats["a4"], ctx.icon_file, codes)
    sheet = load_paper("A4", ctx.layouts)
    booklet, sides, pages = render.render_booklet(document, ctx.catalog, formats["a5"], ctx.icon_file, codes, sheet)
    return [
        output("manual-a4.pdf", a4, "manual", a4_pages, (formats["a4"].width, formats["a4"].height), qr_pages=qr_pages,
               qr_payloads=list(codes)),
        output("manual-booklet-a5.pdf", booklet, "manual-booklet", sides, sheet.landscape, booklet_pages=pages),
    ]
