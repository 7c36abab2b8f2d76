"""`kit preview`: builds the kit, then writes a PNG of every page to look at before printing."""

from __future__ import annotations

from pathlib import Path

import click

from kit.cli.common import CONTEXT, contexts, friendly_errors, languages_command


@click.command(context_settings=CONTEXT)
@languages_command
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output folder; previews go into OUT/<lang>/preview/.")
@click.option("--dpi", type=click.IntRange(20, 300), default=72, show_default=True, help="Resolution of the images.")
@friendly_errors
def preview(langs, all_languages, strict, content_dir, out_dir, dpi, **options):
    """Build, then write a PNG of every page into OUT/<lang>/preview/."""
    from kit.build.builder import build_language
    from kit.output.preview import write_previews

    for lang, ctx in contexts(content_dir, langs, all_languages, strict, options):
        result = build_language(ctx, out_dir)
        images = write_previews(result.folder, dpi=dpi)
        click.echo(f"{lang}: {len(images)} page images in {result.folder / 'preview'}")
