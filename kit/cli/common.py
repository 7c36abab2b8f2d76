"""What every `kit` command shares: help settings, the --content option and one-sentence errors."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from kit.build.builder import DEFAULT_CONTENT
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
    return click.option("--content", "content_dir", type=click.Path(path_type=Path), default=DEFAULT_CONTENT,
                        show_default="content/", help="Folder with one sub-folder of YAML per language.")(f)


def write_outputs(out_dir, lang: str, outputs: list, describe) -> None:
    """Write a command's files into OUT/<lang>/, add them to the manifest and say what was written."""
    from kit.output.files import merge_into_manifest

    folder = Path(out_dir) / lang
    merge_into_manifest(folder, lang, outputs)
    for name, _, entry in outputs:
        click.echo(f"{lang}: {folder / name}  ({describe(entry)})")


def out_option(f):
    return click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
                        help="Output folder; files go into OUT/<lang>/ and into its manifest.")(f)
