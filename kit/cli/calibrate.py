"""`kit calibrate`: the two-page sheet that measures how far a printer's backs land from their fronts."""

from __future__ import annotations

import click

from kit.cli.common import CONTEXT, build, config_options, content_option, context, friendly_errors, one_language, out_option, settings


@click.command(context_settings=CONTEXT)
@click.option("--lang", help="Language of the instructions (default: the first of kit.yaml's languages, else nl).")
@content_option
@config_options
@out_option
@friendly_errors
def calibrate(lang, content_dir, out_dir, **options):
    """Write a two-page duplex calibration sheet to line fronts and backs up.

    \b
    1. Print calibration-<paper>.pdf duplex, same paper and flip edge as the cards, at 100 %.
    2. Hold it against a window: at five stations a red line from the back crosses a
       scale on the front. Read the numbers across and up.
    3. Add them to back_offset: [x, y] in kit.yaml; print again: the lines sit on 0.
    Seen through the paper the red arrow lies on the black one, pointing up; if it
    points down, your printer turns the sheet over the other edge: change flip.
    """
    config = settings(**options)
    build(context(content_dir, one_language(lang, config), config), out_dir, ["calibration"],
          lambda e: f"{e['pages']} pages; print duplex, flip on the {config.flip} edge, at 100 %")
