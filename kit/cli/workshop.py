"""`kit workshop`: create, list, close and delete workshops on a database, and rotate the key of its form tokens."""

from __future__ import annotations

import click

from kit.cli.common import CONTEXT, content_of, content_option, friendly_errors
from kit.cli.dboptions import database_options, open_store, stored_workshop
from kit.content.catalog import available_languages
from kit.workshop.fields import check_workshop
from kit.workshop.netaddr import lan_address


@click.group(context_settings=CONTEXT)
def workshop():
    """Create and list workshops for `kit serve`."""


@workshop.command("create", context_settings=CONTEXT)
@click.option("--municipality", required=True, help="The municipality that holds the workshop.")
@click.option("--date", "date", default="", help="Workshop date, YYYY-MM-DD.")
@click.option("--lang", default="nl", show_default=True, help="Language of the forms and the results.")
@click.option("--server", help="Address of kit serve as phones reach it, e.g. http://192.168.1.20:8000 "
                               "(default: this machine's network address, port 8000).")
@database_options
@content_option
@friendly_errors
def create(municipality, date, lang, server, database_url, data_dir, content_dir):
    """Create a workshop; prints its code and the secret link to its overview (shown only once)."""
    if server:
        from kit.content.formurl import server_template

        server_template(server, "--server")
    name, when, lang = check_workshop(municipality, date, lang, available_languages(content_of(content_dir)))
    store = open_store(database_url, data_dir)
    try:
        made, secret = store.create_workshop(name, when, lang)
    finally:
        store.close()
    base = (server or f"http://{lan_address() or '127.0.0.1'}:8000").rstrip("/")
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
    store = open_store(database_url, data_dir, create=False)
    try:
        for w in store.list_workshops():
            state = "closed" if w.closed else "open  "
            click.echo(f"{w.code}  {w.lang}  {w.date or '----------'}  {state}  {store.count_answers(w):5d} saves  "
                       f"{w.municipality}")
    finally:
        store.close()


@workshop.command("close", context_settings=CONTEXT)
@click.argument("code")
@click.option("--reopen", is_flag=True, help="Open a closed workshop again.")
@database_options
@friendly_errors
def close(code, reopen, database_url, data_dir):
    """Close a workshop after the day: its answers stay readable, nobody can change them (the overview can too)."""
    with stored_workshop(database_url, data_dir, code) as (store, found):
        store.set_closed(found, not reopen)
    click.echo(f"workshop {found.code} ({found.municipality}) is {'open again' if reopen else 'closed'}.")


@workshop.command("delete", context_settings=CONTEXT)
@click.argument("code")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@database_options
@friendly_errors
def delete(code, yes, database_url, data_dir):
    """Erase a workshop and every answer in it, for good (for example when its data must be removed), and the files its
    overview made in --data/builds/."""
    with stored_workshop(database_url, data_dir, code) as (store, found):
        if not yes:
            click.confirm(f"Erase the workshop of {found.municipality} ({found.code}) and its "
                          f"{store.count_answers(found)} saved answers?", abort=True)
        removed = store.delete_workshop(found)
    _erase_builds(data_dir, found.code)
    click.echo(f"erased workshop {found.code} ({found.municipality}) and {removed} saved answers.")


def _erase_builds(data_dir, code: str) -> None:
    """The files the overview made for the workshop (its kit, previews and results) in the data folder's builds/."""
    import shutil

    from kit.workshop.fields import CODE_PATTERN

    if CODE_PATTERN.fullmatch(code):  # a folder name from the database, never a path
        shutil.rmtree(data_dir / "builds" / code, ignore_errors=True)


@workshop.command("rotate-key", context_settings=CONTEXT)
@database_options
@friendly_errors
def rotate_key(database_url, data_dir):
    """Give the server a new key for its form tokens (for example after a backup went astray).

    Forms opened before still save: the key before stays accepted until the next rotation.
    Every running kit serve on this database picks the new key up within half a minute.
    """
    store = open_store(database_url, data_dir, create=False)
    try:
        store.rotate_signing_key()
    finally:
        store.close()
    click.echo(f"new signing key in {store.describe()}; the one before stays accepted until the next rotation.")
