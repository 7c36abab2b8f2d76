"""`kit serve`: the results-entry website that the cards' QR codes open."""

from __future__ import annotations

import gc
import logging

import click

from kit.cli.common import CONTEXT, content_of, content_option, friendly_errors
from kit.cli.dboptions import database_options, open_store
from kit.workshop.netaddr import lan_address


@click.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 lets phones on the same network reach it.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--threads", type=click.IntRange(1, 64), default=16, show_default=True, help="Requests handled at once.")
@click.option("--public-url", default="", help="The address people use when a reverse proxy (HTTPS) is in front, "
                                                "e.g. https://kit.gemeente.be; forms are accepted from it.")
@click.option("--web-create/--no-web-create", default=True, show_default=True,
              help="Whether the start page may create workshops; on a shared public server leave it to "
                   "`kit workshop create`.")
@database_options
@content_option
@friendly_errors
def serve(host, port, threads, public_url, web_create, database_url, data_dir, content_dir):
    """Serve the form behind every card's QR code, and the trekker's overview.

    \b
    Phones need to reach this machine: on a workshop network start it with
      kit serve --host 0.0.0.0
    then create a workshop (on the start page, or with `kit workshop create`)
    and print the cards with its code and this machine's address:
      kit build --workshop CODE --server http://192.168.1.20:8000

    Answers go into a SQLite file in --data, or into PostgreSQL with --database.
    Each request is logged by route, status and time, never with answers,
    addresses or codes.
    """
    from kit.content.formurl import server_template
    from kit.workshop.web.app import create_app
    from kit.workshop.web.server import make_server

    if public_url:
        server_template(public_url, "--public-url")  # the same rule as for printed addresses

    gc.enable()  # `kit` turns the cycle collector off for short builds; a server runs for days
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" is noise on a busy morning
    store = open_store(database_url, data_dir)
    app = create_app(store, content_of(content_dir), public_url, web_create)
    server = make_server(app, host, port, threads)
    click.echo(f"kit serve: {store.describe()}")
    for address in _addresses(host, server.effective_port):
        click.echo(f"kit serve: open {address}")
    click.echo("kit serve: stop with Ctrl+C")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        store.close()


def _addresses(host: str, port: int) -> list[str]:
    """Where people can open the site; for 0.0.0.0 also this machine's address on the network."""
    if host not in ("0.0.0.0", "::"):
        return [f"http://{host}:{port}/"]
    found = ["http://127.0.0.1:%d/  (this machine only)" % port]
    lan = lan_address()
    if lan:
        found.append(f"http://{lan}:{port}/  (phones on the network; use this address for --server)")
    return found
