"""`kit validate`: checks the catalog, that every text of every piece fits its frame, and every PDF against the
build's preflight, writing nothing."""

from __future__ import annotations

import click

from kit.cli.common import CONTEXT, contexts, friendly_errors, languages_command


@click.command(context_settings=CONTEXT)
@languages_command
@friendly_errors
def validate(langs, all_languages, strict, content_dir, **options):
    """Check the catalog, that every text of every piece fits its frame and keeps out of the cards' safe zone, and
    every PDF against the preflight of `kit build`; writes no files.

    Reports the first problem with its file and line, or its language, card and field, or its file, page and place.
    """
    from kit.build.builder import Request, make
    from kit.build.checks import Preflight
    from kit.build.registry import KIT_PARTS
    from kit.qr import QrCache

    for lang, ctx in contexts(content_dir, langs, all_languages, strict, options):
        preflight = Preflight(ctx.catalog.cards)
        try:
            make(ctx, Request(parts=KIT_PARTS, cache=QrCache()), preflight.check)  # every piece, in memory
            preflight.wait()
        finally:
            preflight.close()
        blanks = sum(card.blank for card in ctx.catalog.cards)
        click.echo(f"{lang}: {len(ctx.catalog.cards) - blanks} bouwstenen and {blanks} blank cards in "
                   f"{len(ctx.catalog.categories)} categories: every text fits, and every PDF passes the preflight.")
