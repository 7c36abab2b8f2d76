"""`kit init`: a working folder of one's own (settings, texts, a read-me), and after an upgrade of the kit the texts
in it that went stale (kit.workfolder)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kit.cli.common import CONTEXT, friendly_errors


@click.command(context_settings=CONTEXT)
@click.argument("folder", required=False, type=click.Path(path_type=Path), default=Path("."))
@click.option("--lang", "langs", multiple=True,
              help="Language of the texts to edit, e.g. fr (repeatable); the first is also the read-me's. Default: nl.")
@click.option("--municipality", default="", help="Your municipality, written into kit.yaml (QR codes, legplan, texts).")
@click.option("--with-layouts", is_flag=True, help="Also copy the layout presets (card sizes, paper, legplan) to change.")
@click.option("--check", is_flag=True, help="Write nothing: list the texts in FOLDER that the kit has rewritten since "
                                            "kit init copied them (exit status 1 if there are any).")
@friendly_errors
def init(folder, langs, municipality, with_layouts, check):
    """Start a working folder of your own: settings, texts and a read-me.

    \b
      kit init zottegem --lang nl --municipality Zottegem
      cd zottegem
      kit build

    \b
    Writes into FOLDER (default: the current folder):
      kit.yaml          the settings, every line explained
      content/<lang>/   the texts of each --lang, to edit; whatever you remove
                        comes from the kit's own texts again
      layouts/          the layout presets, only with --with-layouts
      LEESMIJ.txt (nl), LISEZMOI.txt (fr), LIESMICH.txt (de) or README.txt (en):
                        what to change and how to build

    The kit reads, in this order: the options given, the working folder (the
    current one, or the folder of --config), the defaults inside the kit.
    A file that is already there is never overwritten, and upgrading the kit
    never changes the folder: afterwards `kit init --check` lists its texts
    that the kit has rewritten since.
    """
    from kit.content.customize import municipality_name
    from kit.workfolder import init as start
    from kit.workfolder import stale

    if check:
        found = stale(folder)
        for item in found:
            mine = "you changed it too: compare them" if item.edited else "yours is the copy: take the new one"
            if item.default is None:
                click.echo(f"{item.file}: {item.key}: the kit no longer has this text.")
                continue
            click.echo(f"{item.file}: {item.key}: the kit's text changed since kit init ({mine}); it is now:")
            click.echo("    " + item.default.replace("\n", "\n    "))
        said = {0: "no text is stale", 1: "1 text is stale"}.get(len(found), f"{len(found)} texts are stale")
        click.echo(f"{folder}: {said}.")
        if found:
            sys.exit(1)
        return
    written = start(folder, list(langs), municipality_name(municipality), with_layouts)
    for item in written:
        click.echo(f"{'kept' if item.kept else 'wrote'} {item.path}" + ("  (already there)" if item.kept else ""))
    go = "" if folder == Path(".") else f"cd {folder}, then "
    click.echo(f"next: {go}change kit.yaml and the texts, check them with `kit validate` and build with `kit build`.")
