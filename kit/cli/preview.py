"""`kit preview`: builds the kit, then writes a PNG of every page to look at before printing."""

from __future__ import annotations

from pathlib import Path

import click

from kit.cli.common import (
    CONTEXT,
    config_options,
    content_option,
    context,
    friendly_errors,
    lang_options,
    languages,
    settings,
    warn,
)


@click.command(context_settings=CONTEXT)
@lang_options
@content_option
@config_options
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output folder; previews go into OUT/<lang>/preview/.")
@click.option("--dpi", type=click.IntRange(20, 300), default=72, show_default=True, help="Resolution of the images.")
@friendly_errors
def preview(langs, all_languages, strict, content_dir, out_dir, dpi, **options):
    """Build, then write a PNG of every page into OUT/<lang>/preview/."""
    from kit.build.builder import build_language
    from kit.output.preview import write_previews

    config = settings(**options)
    for lang in languages(content_dir, langs, all_languages):
        result = build_language(context(content_dir, lang, config, strict=strict, warn=warn), out_dir)
        images = write_previews(result.folder, dpi=dpi)
        click.echo(f"{lang}: {len(images)} page images in {result.folder / 'preview'}")
