"""`kit worksheets`: the Fase 2 voting sheet and the Fase 3 fiches, for all cards or the ones chosen."""

from __future__ import annotations

import click

from kit.cli.common import CONTEXT, build, config_options, content_option, context, friendly_errors, one_language, out_option, settings


@click.command(context_settings=CONTEXT)
@click.option("--lang", help="Language of the sheets (default: the first of kit.yaml's languages, else nl).")
@content_option
@config_options
@click.option("--cards", "card_ids", help="Fiches for these cards only, e.g. T01,C03 (then no voting sheet).")
@out_option
@friendly_errors
def worksheets(lang, content_dir, card_ids, out_dir, **options):
    """Print the Fase 2 voting sheet and the Fase 3 fiches (one A4 per card, with its QR code)."""
    ids = [i.strip() for i in card_ids.split(",") if i.strip()] if card_ids else None
    config = settings(**options)
    ctx = context(content_dir, one_language(lang, config), config)
    build(ctx, out_dir, ["worksheets"], lambda e: f"{e['kind']}, {e['pages']} pages", fiche_cards=ids)
