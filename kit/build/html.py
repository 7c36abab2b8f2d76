"""Recipe `html`: the kit as accessible static web pages in html/ (the manual, every card with the link its QR code
opens, the worksheets' questions and the matrix; kit.edition), to read on any screen or with a screen reader."""

from __future__ import annotations

from kit.build.context import BuildContext
from kit.content.catalog import load_matrix
from kit.output.files import Output, output

PART = "html"
KINDS = ("html",)
IN_KIT = True
FOLDER = "html"
MEDIA_TYPES = {".html": "text/html", ".css": "text/css"}


def make(ctx: BuildContext, request) -> list[Output]:
    from kit.edition import make_edition

    rows = load_matrix(ctx.content, ctx.lang, ctx.config.matrix_actors or None)
    files = make_edition(ctx.catalog, ctx.manual(), rows, ctx.icon_file, ctx.municipality(),
                         qr=ctx.payload)
    cards = [{"id": card.id, "qr": ctx.payload(card)} for card in ctx.catalog.cards]
    outputs = []
    for name, data in files:
        more = {"cards": cards} if name == "cards.html" else {}
        outputs.append(output(f"{FOLDER}/{name}", data, "html", None, None, media_type=MEDIA_TYPES[name[name.rindex("."):]], **more))
    return outputs
