"""The `kit` command: build, check and preview the printable kit of the Beleidstool digitale inclusie.

Each command is a thin layer over a library function; errors come out as one
sentence and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import __version__
from .build import DEFAULT_CONTENT, build_language, lay_out_all, payload, plan
from .catalog import available_languages
from .config import load_config
from .errors import KitError
from .qr import MatrixCache

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def friendly_errors(command):
    """Turn every failure into `Error: <sentence>` on stderr and exit status 1 (2 for a bug of ours)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KitError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {where}{exc.strerror or exc}.", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug: still one line, so people can report it
            click.echo(f"Internal error: {type(exc).__name__}: {exc}. Please report this with the command you ran.", err=True)
            sys.exit(2)

    return wrapper


def content_option(f):
    return click.option("--content", "content_dir", type=click.Path(path_type=Path), default=DEFAULT_CONTENT,
                        show_default="content/", help="Folder with one sub-folder of YAML per language.")(f)


def config_options(f):
    options = [
        click.option("--config", "config_file", type=click.Path(path_type=Path),
                     help="Settings file (default: kit.yaml in the current folder, if there is one)."),
        click.option("--paper", help="Paper for home printing: A4 or Letter. Beats kit.yaml."),
        click.option("--cards", "card_preset", help="Card size preset from layouts/cards/. Beats kit.yaml."),
        click.option("--flip", type=click.Choice(["long", "short"]), help="Duplex flip edge of your printer. Beats kit.yaml."),
        click.option("--municipality", help="Municipality name for the QR codes and texts. Beats kit.yaml."),
        click.option("--form-url", help="Form URL template for the QR codes, with {card} {lang} {category} {municipality}."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def lang_options(f):
    f = click.option("--all-languages", is_flag=True, help="Every language that has content.")(f)
    return click.option("--lang", "langs", multiple=True, help="Language to build, e.g. nl (repeatable). Default: nl.")(f)


def _config(config_file, paper, card_preset, flip, municipality, form_url):
    return load_config(config_file, paper=paper, cards=card_preset, flip=flip, municipality=municipality, form_url=form_url)


def _languages(content_dir: Path, langs, all_languages: bool) -> list[str]:
    if all_languages:
        found = available_languages(content_dir)
        if not found:
            raise KitError(f"{content_dir}: no language folder with a cards.yaml.")
        return found
    return list(langs) or ["nl"]


def _progress(label: str, total: int):
    """A progress bar on a terminal; silent when output goes to a file or CI log."""
    if total < 200 or not sys.stderr.isatty():
        return None, None
    bar = click.progressbar(length=total, label=label, file=sys.stderr)
    bar.__enter__()
    return bar, bar.update


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="kit")
def cli():
    """Build the printable kit of the Beleidstool digitale inclusie voor lokale besturen.

    \b
    Start here:
      kit build                 cards for home and print shop, in output/nl/
      kit validate              check the content and that every text fits
      kit preview               PNG images of every page, to look before you print

    Settings live in kit.yaml (form URL for the QR codes, paper, card size,
    duplex flip edge, municipality); an option on the command line beats it.
    """


@cli.command(context_settings=CONTEXT)
@lang_options
@content_option
@config_options
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output folder; each language goes into its own sub-folder.")
@friendly_errors
def build(langs, all_languages, content_dir, out_dir, **settings):
    """Build the card PDFs and manifest for each language.

    \b
    Writes into OUT/<lang>/:
      cards-home-a4.pdf     N-up sheets, fronts and backs alternating: print
                            duplex at 100 % (never "fit to page"), cut on the marks
      cards-printshop.pdf   one card face per page with 3 mm bleed, TrimBox and BleedBox
      manifest.json         every file with its kind, pages, size and QR payloads

    A failed build leaves the previous files untouched.
    """
    config = _config(**settings)
    for lang in _languages(content_dir, langs, all_languages):
        p = plan(content_dir, lang, config)
        bar, tick = _progress(f"{lang}: laying out cards", len(p.catalog.cards))
        try:
            result = build_language(p, out_dir, progress=tick)
        finally:
            if bar:
                bar.__exit__(None, None, None)
        for entry in result.files:
            click.echo(f"{lang}: {result.folder / entry['path']}  ({entry['kind']}, {entry['pages']} pages)")
        click.echo(f"{lang}: {len(p.catalog.cards)} cards on {result.sheets} sheets of {config.paper}; manifest at {result.folder / 'manifest.json'}")
        example = payload(p, p.catalog.cards[0])
        click.echo(f"QR codes open {example} (card {p.catalog.cards[0].id}); set form_url in {config.source if config.source != '(defaults)' else 'kit.yaml'} to use your own form.")


@cli.command(context_settings=CONTEXT)
@lang_options
@content_option
@config_options
@friendly_errors
def validate(langs, all_languages, content_dir, **settings):
    """Check the catalog and that every text fits its frame; writes no files.

    Reports the first problem with its file and line, or its language, card and field.
    """
    config = _config(**settings)
    for lang in _languages(content_dir, langs, all_languages):
        p = plan(content_dir, lang, config)
        lay_out_all(p, MatrixCache())
        blanks = sum(card.blank for card in p.catalog.cards)
        click.echo(f"{lang}: {len(p.catalog.cards) - blanks} bouwstenen and {blanks} blank cards in "
                   f"{len(p.catalog.categories)} categories: every text fits.")


@cli.command(context_settings=CONTEXT)
@lang_options
@content_option
@config_options
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output folder; previews go into OUT/<lang>/preview/.")
@click.option("--dpi", type=click.IntRange(20, 300), default=72, show_default=True, help="Resolution of the images.")
@friendly_errors
def preview(langs, all_languages, content_dir, out_dir, dpi, **settings):
    """Build, then write a PNG of every page into OUT/<lang>/preview/."""
    from .preview import write_previews

    config = _config(**settings)
    for lang in _languages(content_dir, langs, all_languages):
        result = build_language(plan(content_dir, lang, config), out_dir)
        images = write_previews(result.folder, dpi=dpi)
        click.echo(f"{lang}: {len(images)} page images in {result.folder / 'preview'}")


def main():
    cli(prog_name="kit")


if __name__ == "__main__":
    main()
