"""`kit results`: a workshop's report, filled-in legplan and draft plan, from the database or from a CSV file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from kit.cli.common import CONTEXT, build, content_option, context, friendly_errors, one_language, out_option, warn
from kit.cli.dboptions import database_options, stored_workshop
from kit.content.config import KitConfig, load_config
from kit.errors import KitError
from kit.workshop.fields import MAX_BLANKS
from kit.workshop.results import csv_language, from_csv, from_store, highest_blank


@click.command(context_settings=CONTEXT)
@click.option("--workshop", "code", help="Workshop code: read its answers from the kit serve database.")
@click.option("--csv", "csv_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Read the answers from a CSV file instead (the overview's export, or any form tool's; see README).")
@click.option("--lang", help="Language of the CSV's answers and of the reports (default: the workshop's, the CSV's "
                             "'lang' column, or nl).")
@click.option("--municipality", help="Municipality name for a CSV without a municipality column (default: kit.yaml's).")
@click.option("--date", "date", help="Workshop date (YYYY-MM-DD) for a CSV without a date column.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Settings file (default: kit.yaml).")
@database_options
@content_option
@out_option
@friendly_errors
def results(code, csv_file, lang, municipality, date, config_file, database_url, data_dir, content_dir, out_dir):
    """Print what a workshop decided: results PDF, filled-in legplan, draft plan as PDF and DOCX.

    \b
      kit results --workshop k7m2x9qp4hzt          from kit serve's database
      kit results --csv antwoorden.csv --lang nl   from a CSV export

    The files go into OUT/<lang>/ next to the kit, and into its manifest.
    """
    if bool(code) == bool(csv_file):
        raise KitError("give either --workshop CODE (answers in kit serve's database) or --csv FILE.")
    # the reports print no QR codes, so a workshop or form address in kit.yaml does not matter here
    neutral = {"workshop": "", "server": "", "form_url": KitConfig.form_url}
    reading = replace(load_config(config_file, **neutral), blanks_per_category=MAX_BLANKS)  # every blank a form can have
    if code:
        with stored_workshop(database_url, data_dir, code) as (store, found):
            lang = found.lang
            outcome = from_store(store, found, context(content_dir, lang, reading).catalog)
    else:
        lang = lang or csv_language(csv_file) or one_language(None, reading)
        outcome = from_csv(csv_file, context(content_dir, lang, reading).catalog, municipality=municipality, date=date,
                           warn=warn)
        if not outcome.municipality and reading.municipality:  # a CSV without the name: the working folder's kit.yaml
            outcome = replace(outcome, municipality=reading.municipality)
    for line in outcome.unprintable():
        warn(line)
    config = load_config(config_file, municipality=outcome.municipality or None, date=outcome.date or None, **neutral)
    # the legplan shows as many blank cards as the kit printed, or more when the group used more
    config = replace(config, blanks_per_category=max(config.blanks_per_category, highest_blank(outcome)))
    build(context(content_dir, lang, config), out_dir, ["results"],
          lambda e: f"{e['kind']}, {e['pages']} pages" if e["pages"] else e["kind"], results=outcome)
    click.echo(f"{lang}: {len(outcome.answered())} cards answered; "
               f"{len(outcome.chosen('short'))} short term, {len(outcome.chosen('long'))} long term.")
