"""The `kit` command group: every command lives in its own module of kit.cli and is added here."""

from __future__ import annotations

import atexit
import gc
import importlib

import click

from kit import __version__
from kit.cli.common import CONTEXT

# Each command's module is imported only when the command runs (or --help lists them): importing all twelve, with
# the web server and the results' readers, took 30 ms of every `kit build`.
COMMANDS = {name: f"kit.cli.{module}" for name, module in (
    ("init", "init"), ("build", "build"), ("validate", "validate"), ("preview", "preview"), ("legplan", "legplan"),
    ("worksheets", "worksheets"), ("calibrate", "calibrate"), ("check", "check"), ("i18n", "i18n"), ("serve", "serve"),
    ("workshop", "workshop"), ("results", "results"))}


class Commands(click.Group):
    """The group of `kit`'s commands, in the order of COMMANDS, each loaded from its module when asked for."""

    def list_commands(self, ctx) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx, name: str):
        if name not in COMMANDS:
            return None
        return getattr(importlib.import_module(COMMANDS[name]), name)


@click.group(cls=Commands, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="kit")
def cli():
    """Build the printable kit of the Beleidstool digitale inclusie voor lokale besturen.

    \b
    Start here:
      kit init zottegem --municipality Zottegem
                                a working folder of your own: settings, texts, a read-me
      kit build                 the whole kit (cards, legplan, matrix, worksheets, manual) in output/nl/
      kit legplan --municipality "Sint-Genesius-Rode" --logo logo.png --date 2026-03-17
                                a legplan with your name, logo, date and core values
      kit worksheets --cards T01,C03
                                Fase 3 fiches for the cards you chose
      kit validate              check the content and that every text fits
      kit preview               PNG images of every page, to look before you print

    \b
    The workshop and its results:
      kit serve --host 0.0.0.0  the form behind every card's QR code, and the overview
      kit workshop create --municipality "Zottegem" --date 2026-03-17
                                a workshop code and the secret link to its overview
      kit build --workshop CODE --server http://192.168.1.20:8000
                                cards whose QR codes open that workshop's forms
      kit results --workshop CODE
                                results report, filled-in legplan, draft plan (PDF, DOCX)

    Settings live in kit.yaml (form URL for the QR codes, paper, card size,
    duplex flip edge, municipality); an option on the command line beats it.
    Texts and layout presets come from the working folder (kit.yaml's folder:
    its content/ and layouts/) first, then from the kit's own.
    """



def main():
    # A build makes millions of small objects (fitted lines, PDF operators, page objects) that live until
    # the files are written and hardly ever form reference cycles. Python's cyclic collector would scan
    # them again and again: a quarter of the time of a 6000-card build. Reference counting still frees
    # everything else; a command is one short process.
    gc.disable()
    # At exit Python still runs that collector over every object while it takes the modules apart (0.1 s after a
    # whole-kit build). Frozen objects are skipped; the system takes the memory back. Registered first, this runs
    # after every other exit handler (the files are written and closed by then).
    atexit.register(gc.freeze)
    cli(prog_name="kit")


if __name__ == "__main__":
    main()
