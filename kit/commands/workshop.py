"""`kit workshop`: create a workshop (its code and secret overview link) and list the workshops on a database."""

from __future__ import annotations

import click

from ..catalog import available_languages
from ..cliutil import CONTEXT, content_option, friendly_errors
from ..workshop import check_workshop
from .dboptions import database_options, open_store


@click.group(context_settings=CONTEXT)
def workshop():
    """Create and list workshops for `kit serve`."""


@workshop.command("create", context_settings=CONTEXT)
@click.option("--municipality", required=True, help="The municipality that holds the workshop.")
@click.option("--date", "date", default="", help="Workshop date, YYYY-MM-DD.")
@click.option("--lang", default="nl", show_default=True, help="Language of the forms and the results.")
@click.option("--server", default="http://127.0.0.1:8000", show_default=True,
              help="Address of kit serve as phones reach it; used in the links printed here.")
@database_options
@content_option
@friendly_errors
def create(municipality, date, lang, server, database_url, data_dir, content_dir):
    """Create a workshop; prints its code and the secret link to its overview (shown only once)."""
    name, when, lang = check_workshop(municipality, date, lang, available_languages(content_dir))
    store = open_store(database_url, data_dir)
    try:
        made, secret = store.create_workshop(name, when, lang)
    finally:
        store.close()
    base = server.rstrip("/")
    click.echo(f"workshop code:  {made.code}")
    click.echo(f"overview:       {base}/o/{secret}   (secret: whoever has it sees every answer)")
    click.echo(f"participants:   {base}/w/{made.code}")
    click.echo(f"print the cards: kit build --lang {lang} --workshop {made.code} --server {base}")
    click.echo(f"afterwards:      kit results --workshop {made.code}")


@workshop.command("list", context_settings=CONTEXT)
@database_options
@friendly_errors
def list_(database_url, data_dir):
    """List the workshops: code, municipality, date, language and number of saved answers."""
    store = open_store(database_url, data_dir)
    try:
        for w in store.list_workshops():
            click.echo(f"{w.code}  {w.lang}  {w.date or '----------'}  {store.count_answers(w):5d} saves  {w.municipality}")
    finally:
        store.close()
