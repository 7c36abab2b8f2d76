"""`kit legplan`: a legplan customised for a municipality: its name, logo, workshop date and core values."""

from __future__ import annotations

from pathlib import Path

import click

from kit.cli.common import CONTEXT, build, content_option, context, friendly_errors, one_language, out_option, warn


@click.command(context_settings=CONTEXT)
@click.option("--lang", help="Language of the board's words (default: the first of kit.yaml's languages, else nl).")
@content_option
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Settings file (default: kit.yaml).")
@click.option("--municipality", help="Name on the board, e.g. \"Sint-Genesius-Rode\".")
@click.option("--logo", type=click.Path(path_type=Path), help="Logo: PNG, JPEG or SVG, under 10 MB.")
@click.option("--date", "date", help="Workshop date, YYYY-MM-DD.")
@click.option("--values", help="Core values, separated by commas, e.g. \"Nabijheid, Iedereen mee\".")
@click.option("--size", type=click.Choice(["A0", "A1", "A2", "A3"], case_sensitive=False),
              help="Sheet size (default from kit.yaml, else A1). A0 holds the whole board; smaller sizes make a set.")
@out_option
@friendly_errors
def legplan(lang, content_dir, config_file, municipality, logo, date, values, size, out_dir):
    """Print a legplan customised for your municipality.

    \b
    Writes into OUT/<lang>/:
      legplan-<municipality>-<size>.pdf        whole sheets for a plotter or print shop
      legplan-<municipality>-<size>-tiled-a4.pdf  the same on A4 pages: cut the white margin
                                               at top and left, glue over the grey glue
                                               margin of the neighbours, crosses on crosses
    Settings may also come from kit.yaml (municipality, logo, date, values, legplan_size).
    """
    from kit.build.context import customization
    from kit.content.config import load_config
    from kit.content.customize import unprintable

    config = load_config(config_file, municipality=municipality, logo=str(logo) if logo else None, date=date,
                         values=values, legplan_size=size.upper() if size else None)
    ctx = context(content_dir, one_language(lang, config), config)
    for line in unprintable(customization(config)):  # every bad value is reported before anything is drawn
        warn(line)
    build(ctx, out_dir, ["legplan"], lambda e: f"{e['kind']}, {e['pages']} pages of {e['page_size_mm'][0]:g}x{e['page_size_mm'][1]:g} mm",
          legplan_size=size)
