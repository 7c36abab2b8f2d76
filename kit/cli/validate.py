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

    Reports the first problem with its file and line, or its language, card and field, or its file, page and place;
    and per language the smallest size the card body (description and examples) and the question box are set at.
    A text that uses a name its language's glossary (content/<lang>/glossary.yaml) says to avoid is warned about.
    Then says which file each piece came from: the working folder's (kit.yaml's folder: its content/ and layouts/)
    or the kit's own, and which preset each extends.
    """
    from kit.build.builder import Request, make
    from kit.build.cards import smallest_sizes
    from kit.build.checks import Preflight
    from kit.build.provenance import describe
    from kit.build.registry import KIT_PARTS
    from kit.content.glossary import offences
    from kit.qr import QrCache

    for lang, ctx in contexts(content_dir, langs, all_languages, strict, options):
        request = Request(parts=KIT_PARTS, cache=QrCache(), check=True)
        preflight = Preflight(ctx.catalog.cards)
        try:
            make(ctx, request, preflight.made)  # every piece, in memory
            preflight.wait()
        finally:
            preflight.close()
        blanks = sum(card.blank for card in ctx.catalog.cards)
        click.echo(f"{lang}: {len(ctx.catalog.cards) - blanks} bouwstenen and {blanks} blank cards in "
                   f"{len(ctx.catalog.categories)} categories: every text fits, and every PDF passes the preflight.")
        for offence in offences(ctx.content, lang):
            click.echo(f"warning: language {lang}: {offence}", err=True)
        smallest = smallest_sizes(request.shared.get("arts") or [])
        if smallest:
            click.echo(f"{lang}: smallest card text: " + ", ".join(
                f"{key} {size:g} pt ({card})" for key, (size, card) in smallest.items()) + ".")
        for line in describe(ctx):
            click.echo(f"{lang}: {line}")
