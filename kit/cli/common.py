"""What every `kit` command shares: help settings, the common options, one-sentence errors and how results are told."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from kit.errors import KitError

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
    return click.option("--content", "content_dir", type=click.Path(path_type=Path), default=None,
                        help="Read the texts from this folder alone (one sub-folder per language). Default: the working "
                             "folder's content/ (what `kit init` made), and the kit's own texts for all it leaves out.")(f)


def out_option(f):
    return click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
                        help="Output folder; files go into OUT/<lang>/ and into its manifest.")(f)


def config_options(f):
    """The settings of kit.yaml that a command line may override."""
    options = [
        click.option("--config", "config_file", type=click.Path(path_type=Path),
                     help="Settings file (default: kit.yaml in the current folder, if there is one). Its folder is the "
                          "working folder: its content/ and layouts/ come before the kit's own."),
        click.option("--paper", help="Paper for home printing: A4 or Letter. Beats kit.yaml."),
        click.option("--card-preset", "card_preset", help="Card size preset from layouts/cards/. Beats kit.yaml."),
        click.option("--flip", type=click.Choice(["long", "short"]), help="Duplex flip edge of your printer. Beats kit.yaml."),
        click.option("--municipality", help="Municipality name for the QR codes and texts. Beats kit.yaml."),
        click.option("--form-url", help="Form URL template for the QR codes, with {card} {lang} {category} {municipality} {workshop}."),
        click.option("--workshop", help="Workshop code from `kit workshop create`: the QR codes open that workshop's forms."),
        click.option("--server", help="Address of `kit serve` that phones reach, e.g. http://192.168.1.20:8000. Beats kit.yaml."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def lang_options(f):
    f = click.option("--strict", is_flag=True, help="A text missing in a translation is an error, not a Dutch fallback.")(f)
    f = click.option("--all-languages", is_flag=True, help="Every language that has content (built in parallel).")(f)
    return click.option("--lang", "langs", multiple=True,
                        help="Language to build, e.g. nl (repeatable). Default: the languages in kit.yaml, else nl.")(f)


def languages_command(f):
    """The options of a command on the kit in one or more languages: --lang, --all-languages, --strict, --content,
    and the settings of kit.yaml that a command line may override."""
    return lang_options(content_option(config_options(f)))


def contexts(content_dir, langs, all_languages: bool, strict: bool, options: dict):
    """(language, its build context) for every language asked for; warnings go to stderr."""
    config = settings(**options)
    for lang in languages(content_dir, langs, all_languages, config):
        yield lang, context(content_dir, lang, config, strict=strict, warn=warn)


def settings(config_file=None, paper=None, card_preset=None, flip=None, municipality=None, form_url=None, workshop=None,
             server=None, **more):
    """kit.yaml with the command line's options over it (kit.content.config)."""
    from kit.content.config import load_config

    return load_config(config_file, paper=paper, cards=card_preset, flip=flip, municipality=municipality, form_url=form_url,
                       workshop=workshop, server=server, **more)


def content_of(content_dir, config=None):
    """The content a command reads (kit.content.sources): --content alone, else the working folder's over the kit's."""
    from kit.content.sources import content_layers

    return content_layers(content_dir, config.folder if config is not None else ".")


def languages(content_dir, langs, all_languages: bool, config=None) -> list[str]:
    """The languages asked for: --lang, every one with --all-languages, else those of kit.yaml, else Dutch."""
    from kit.content.catalog import available_languages

    if all_languages:
        found = available_languages(content_of(content_dir, config))
        if not found:
            raise KitError(f"{content_of(content_dir, config)}: no language folder with a cards.yaml.")
        return found
    return list(dict.fromkeys(langs)) or list(getattr(config, "languages", ())) or ["nl"]


def one_language(lang: str | None, config) -> str:
    """The language of a command that makes one: --lang, else the first of kit.yaml's, else Dutch."""
    return lang or next(iter(config.languages), "nl")


def context(content_dir, lang: str, config, *, strict: bool = False, warn=None):
    """One language's build context (kit.build.context)."""
    from kit.build.context import load_context

    return load_context(content_dir, lang, config, strict=strict, warn=warn)


def warn(message: str) -> None:
    click.echo(message, err=True)


def progress_bar(label: str, total: int):
    """A progress bar on a terminal, as (bar, tick); (None, None) when output goes to a file or a CI log."""
    if total < 200 or not sys.stderr.isatty():
        return None, None
    bar = click.progressbar(length=total, label=label, file=sys.stderr)
    bar.__enter__()
    return bar, bar.update


def build(ctx, out_dir, parts, describe, *, check: bool = True, **options) -> None:
    """Build some parts into OUT/<lang>/ (added to its manifest) and say what was written."""
    from kit.build.builder import build_language

    result = build_language(ctx, out_dir, only=parts, check=check, **options)
    for entry in result.files:
        click.echo(f"{ctx.lang}: {result.folder / entry['path']}  ({describe(entry)})")
