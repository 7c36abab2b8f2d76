"""`kit validate`: checks the catalog and that every text of every piece fits its frame, writing nothing."""

from __future__ import annotations

import click

from kit.cli.common import CONTEXT, contexts, friendly_errors, languages_command


@click.command(context_settings=CONTEXT)
@languages_command
@friendly_errors
def validate(langs, all_languages, strict, content_dir, **options):
    """Check the catalog and that every text of every piece fits its frame; writes no files.

    Reports the first problem with its file and line, or its language, card and field.
    Then says which file each piece came from: the working folder's (kit.yaml's folder:
    its content/ and layouts/) or the kit's own, and which preset each extends.
    """
    from kit.build.builder import Request, make
    from kit.build.provenance import describe
    from kit.build.registry import KIT_PARTS
    from kit.qr import QrCache

    for lang, ctx in contexts(content_dir, langs, all_languages, strict, options):
        make(ctx, Request(parts=KIT_PARTS, cache=QrCache()))  # every piece is laid out; nothing is written
        blanks = sum(card.blank for card in ctx.catalog.cards)
        click.echo(f"{lang}: {len(ctx.catalog.cards) - blanks} bouwstenen and {blanks} blank cards in "
                   f"{len(ctx.catalog.categories)} categories: every text fits.")
        for line in describe(ctx):
            click.echo(f"{lang}: {line}")
