"""`kit validate`: checks the catalog and that every text of every piece fits its frame, writing nothing."""

from __future__ import annotations

import click

from kit.cli.common import (
    CONTEXT,
    config_options,
    content_option,
    context,
    friendly_errors,
    lang_options,
    languages,
    settings,
    warn,
)


@click.command(context_settings=CONTEXT)
@lang_options
@content_option
@config_options
@friendly_errors
def validate(langs, all_languages, strict, content_dir, **options):
    """Check the catalog and that every text of every piece fits its frame; writes no files.

    Reports the first problem with its file and line, or its language, card and field.
    """
    from kit.build.builder import Request, make
    from kit.build.registry import KIT_PARTS
    from kit.qr import QrCache

    config = settings(**options)
    for lang in languages(content_dir, langs, all_languages):
        ctx = context(content_dir, lang, config, strict=strict, warn=warn)
        make(ctx, Request(parts=KIT_PARTS, cache=QrCache()))  # every piece is laid out; nothing is written
        blanks = sum(card.blank for card in ctx.catalog.cards)
        click.echo(f"{lang}: {len(ctx.catalog.cards) - blanks} bouwstenen and {blanks} blank cards in "
                   f"{len(ctx.catalog.categories)} categories: every text fits.")
