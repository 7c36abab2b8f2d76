"""`kit serve`: the results-entry website that the cards' QR codes open, on a laptop or on a shared public server."""

from __future__ import annotations

import gc
import logging

import click

from kit.cli.common import CONTEXT, content_of, content_option, friendly_errors
from kit.cli.dboptions import database_options, open_store
from kit.workshop.limits import Limits
from kit.workshop.netaddr import lan_address

DEFAULTS = Limits()


def _limit(name: str, help_text: str, minimum: int = 0):
    """An option for one of the limits of kit.workshop.limits, with its default."""
    return click.option(f"--{name.replace('_', '-')}", name, type=click.IntRange(minimum), default=getattr(DEFAULTS, name),
                        show_default=True, envvar=f"KIT_{name.upper()}", show_envvar=True, help=help_text)


@click.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 lets phones on the same network reach it.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--threads", type=click.IntRange(1, 64), default=16, show_default=True, help="Requests handled at once.")
@click.option("--public-url", default="", envvar="KIT_PUBLIC_URL", show_envvar=True, help="The address people use when a reverse proxy "
              "(HTTPS) is in front, e.g. https://kit.provincie.be; only that origin and host are accepted.")
@click.option("--proxies", type=click.IntRange(0, 5), default=0, show_default=True, envvar="KIT_PROXIES", show_envvar=True,
              help="Reverse proxies in front whose X-Forwarded-For names the client (for the rate limits).")
@click.option("--web-create/--no-web-create", default=True, show_default=True,
              help="Whether the start page may create workshops; on a shared public server leave it to "
                   "`kit workshop create`.")
@_limit("history", "Versions kept per card, the current one included.", 1)
@_limit("workshop_chars", "Text one workshop may hold, in characters, all kept versions together.")
@_limit("saves_per_minute", "Saves per client address and workshop per minute (0: no limit).")
@_limit("creations_per_hour", "New workshops per client address per hour (0: no limit).")
@_limit("lookups_per_minute", "Unknown workshop codes or overview links per client address per minute (0: no limit).")
@_limit("board_actions_per_minute", "Moves and stickers on the online legplan per client address and workshop per minute "
                                    "(0: no limit).")
@_limit("joins_per_hour", "Participants joining the online legplan per client address per hour (0: no limit).")
@_limit("participants", "Participants one workshop's online legplan takes (0: no limit).")
@_limit("connections", "Open connections at once; more wait in the queue.", 10)
@_limit("idle_seconds", "An idle or half-sent connection is closed after this many seconds.", 1)
@_limit("builds", "Builds on demand (the overview's kit, legplan preview and results) made at once.", 1)
@_limit("workbench_per_hour", "Legplan settings saved and builds asked for on the overview, per client address and workshop "
                              "per hour (0: no limit).")
@database_options
@content_option
@friendly_errors
def serve(host, port, threads, public_url, proxies, web_create, database_url, data_dir, content_dir, **limits):
    """Serve the form behind every card's QR code, and the trekker's overview.

    \b
    Phones need to reach this machine: on a workshop network start it with
      kit serve --host 0.0.0.0
    then create a workshop (on the start page, or with `kit workshop create`)
    and print the cards with its code and this machine's address:
      kit build --workshop CODE --server http://192.168.1.20:8000

    \b
    On a shared server behind an HTTPS reverse proxy (see README, "Deployment"):
      kit serve --public-url https://kit.provincie.be --proxies 1 --no-web-create \\
                --database postgresql+psycopg://kit:secret@db/kit

    Answers go into a SQLite file in --data, or into PostgreSQL with --database; the
    database is upgraded on start. The files the overview makes on demand (the kit,
    the legplan's preview, the results) go into --data/builds/; instances on one
    database share that folder. Each request is logged by route, status and time,
    never with answers, addresses or codes.
    """
    from kit.content.formurl import server_template
    from kit.workshop.web.app import create_app
    from kit.workshop.web.server import make_server
    from kit.workshop.web.site import Address

    if public_url:
        server_template(public_url, "--public-url")  # the same rule as for printed addresses
    gc.enable()  # `kit` turns the cycle collector off for short builds; a server runs for days
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" is noise on a busy morning
    checked = Limits(**limits).checked()
    store = open_store(database_url, data_dir)
    app = create_app(store, content_of(content_dir), public_url, web_create, address=Address(public_url, host, port), limits=checked,
                     proxies=proxies, data_dir=data_dir)
    server = make_server(app, host, port, threads, checked)
    click.echo(f"kit serve: {store.describe()}")
    for address in _addresses(host, server.effective_port, public_url):
        click.echo(f"kit serve: open {address}")
    click.echo("kit serve: stop with Ctrl+C")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        store.close()


def _addresses(host: str, port: int, public_url: str) -> list[str]:
    """Where people can open the site; for 0.0.0.0 also this machine's address on the network."""
    if public_url:
        return [f"{public_url.rstrip('/')}/  (through the reverse proxy; this process listens on {host}:{port})"]
    if host not in ("0.0.0.0", "::"):
        return [f"http://{host}:{port}/"]
    found = ["http://127.0.0.1:%d/  (this machine only)" % port]
    lan = lan_address()
    if lan:
        found.append(f"http://{lan}:{port}/  (phones on the network; use this address for --server)")
    return found
