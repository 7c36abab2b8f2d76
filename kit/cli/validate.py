"""`kit validate`: checks the catalog and that every text of every piece fits its frame, writing nothing."""

from __future__ import annotations

import click

from kit.cli.common import CONTEXT, contexts, friendly_errors, languages_command


@click.command(context_settings=CONTEXT)
@languages_command
@friendly_errors
def validate(langs, all_languages, strict, content_dir, **options):
    """Check the catalog and that every text of every piece fits its frame; writes no files.

    Reports the first problem with its file and line, or its language, card and field, and per language
    the smallest size the card body (description and examples) and the question box are set at. A text that
    uses a name its language's glossary (content/<lang>/glossary.yaml) says to avoid is warned about.
    """
    from kit.build.builder import Request, make
    from kit.build.cards import smallest_sizes
    from kit.build.registry import KIT_PARTS
    from kit.content.glossary import offences
    from kit.qr import QrCache

    for lang, ctx in contexts(content_dir, langs, all_languages, strict, options):
        request = Request(parts=KIT_PARTS, cache=QrCache())
        make(ctx, request)  # every piece is laid out; nothing is written
        blanks = sum(card.blank for card in ctx.catalog.cards)
        click.echo(f"{lang}: {len(ctx.catalog.cards) - blanks} bouwstenen and {blanks} blank cards in "
                   f"{len(ctx.catalog.categories)} categories: every text fits.")
        for offence in offences(content_dir, lang):
            click.echo(f"warning: language {lang}: {offence}", err=True)
        smallest = smallest_sizes(request.shared.get("arts") or [])
        if smallest:
            click.echo(f"{lang}: smallest card text: " + ", ".join(
                f"{key} {size:g} pt ({card})" for key, (size, card) in smallest.items()) + ".")
