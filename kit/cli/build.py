"""`kit build`: the whole kit (or some of its parts) for one or more languages, with the preflight before writing."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kit.cli.common import CONTEXT, context, friendly_errors, languages, languages_command, progress_bar, settings, warn
from kit.cli.dboptions import database_options
from kit.errors import KitError


@click.command(context_settings=CONTEXT)
@languages_command
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output folder; each language goes into its own sub-folder.")
@click.option("--only", help="Build only these parts, comma-separated: cards, legplan, matrix, worksheets, manual, html.")
@click.option("--no-check", is_flag=True, help="Skip the preflight of the PDFs before writing (faster; not for print shops).")
@database_options
@friendly_errors
def build(langs, all_languages, strict, content_dir, out_dir, only, no_check, database_url, data_dir, **options):
    """Build the whole kit and its manifest for each language.

    \b
    Writes into OUT/<lang>/:
      cards-home-a4.pdf     N-up sheets, fronts and backs alternating: print
                            duplex at 100 % (never "fit to page"), cut on the marks
      cards-printshop.pdf   one card face per page with 3 mm bleed, TrimBox and BleedBox
      legplan-a1.pdf        the board on whole sheets (A0 holds it on one)
      legplan-a1-tiled-a4.pdf  the board on A4 pages to glue together
      matrix-a3.pdf         the digitale-inclusiematrix
      worksheet-votes.pdf   the Fase 2 voting tally
      worksheet-fiches.pdf  a Fase 3 fiche per card, with its QR code
      manual-a4.pdf         the handleiding; manual-booklet-a5.pdf as a folded booklet
      html/index.html       the kit as accessible web pages, to open in a browser
      manifest.json         every file with its kind, pages, size and QR payloads

    A failed build leaves the previous files untouched. With --workshop the kit is built in
    the workshop's language (looked up in kit serve's database: --database, or --data)
    unless --lang is given.
    """
    config = settings(**options)
    chosen = languages(content_dir, langs, all_languages, config)
    if config.workshop and not all_languages:
        chosen = _for_the_workshop(config.workshop, list(dict.fromkeys(langs)), chosen, database_url, data_dir)
    parts = [x.strip() for x in only.split(",")] if only else None
    if len(chosen) > 1:
        from functools import partial

        from kit.build.workers import fork_map

        # each language in its own process; output does not depend on the order or the number of cores
        results = fork_map(partial(build_one, content_dir=content_dir, config=config, out_dir=out_dir, parts=parts,
                                   strict=strict, check=not no_check), chosen)
    else:
        results = [build_one(chosen[0], content_dir, config, out_dir, parts, strict, progress=True, check=not no_check)]
    failed = False
    for _, lines, error in results:
        for line in lines:
            click.echo(line, err=line.startswith("warning:"))
        if error:
            click.echo(f"Error: {error}", err=True)
            failed = True
    if failed:
        sys.exit(1)


def _for_the_workshop(code: str, asked: list[str], chosen: list[str], database_url, data_dir) -> list[str]:
    """The languages to build for a workshop: the workshop's own, unless --lang asks for others (said in one line)."""
    lang, why = workshop_language(code, database_url, data_dir)
    if lang is None:
        if not asked:
            warn(f"warning: the language of workshop {code} is not known here ({why}); building {', '.join(chosen)}. "
                 "Give --lang, or the --database or --data of kit serve.")
        return chosen
    if not asked:
        return [lang]
    other = [each for each in asked if each != lang]
    if other:
        warn(f"warning: workshop {code} is in '{lang}'; building '{', '.join(other)}' as --lang asks, so those cards' QR codes "
             f"open forms in '{lang}'.")
    return asked


def workshop_language(code: str, database_url, data_dir) -> tuple[str | None, str]:
    """(the workshop's language, "") from kit serve's database, or (None, why it is not known)."""
    from kit.cli.dboptions import open_store

    if not database_url and not (Path(data_dir) / "kit.sqlite3").is_file():
        return None, f"no database at {Path(data_dir) / 'kit.sqlite3'}"
    try:
        store = open_store(database_url, data_dir, create=False)
    except KitError as exc:
        return None, str(exc).rstrip(".")
    try:
        found = store.workshop(code)
        where = store.describe()
    finally:
        store.close()
    return (found.lang, "") if found else (None, f"there is no workshop with that code in {where}")


def build_one(lang, content_dir, config, out_dir, parts, strict, progress=False, check=True):
    """Build one language; returns (lang, lines to print, error sentence or None) so workers report cleanly."""
    from kit.build.builder import build_language

    lines = []
    try:
        ctx = context(content_dir, lang, config, strict=strict, warn=lines.append)
        if parts is None or {"legplan", "matrix"} & set(parts):  # the pieces that print the name
            from kit.content.customize import unprintable

            lines += unprintable(ctx.customization())
        bar, tick = progress_bar(f"{lang}: laying out cards", len(ctx.catalog.cards)) if progress else (None, None)
        try:
            result = build_language(ctx, out_dir, progress=tick, only=parts, check=check)
        finally:
            if bar:
                bar.__exit__(None, None, None)
    except KitError as exc:
        return lang, lines, str(exc)
    for entry in result.files:
        if entry["pages"] is not None:
            lines.append(f"{lang}: {result.folder / entry['path']}  ({entry['kind']}, {entry['pages']} pages)")
    pageless = [entry for entry in result.files if entry["pages"] is None]  # web pages: one line for the folder
    if pageless:
        lines.append(f"{lang}: {result.folder / pageless[0]['path']}  ({pageless[0]['kind']}, {len(pageless)} files)")
    if result.sheets:
        lines += _about_the_cards(ctx, result)
    return lang, lines, None


def _about_the_cards(ctx, result) -> list[str]:
    """How many sheets the deck takes (with each preset) and what the QR codes open."""
    from kit.build.cards import sheets_per_preset
    from kit.workshop.netaddr import is_loopback_url

    config, cards, lang = ctx.config, ctx.catalog.cards, ctx.lang
    lines = [f"{lang}: {len(cards)} cards on {result.sheets} sheets of {config.paper} with preset '{config.cards}'; "
             f"manifest at {result.folder / 'manifest.json'}",
             f"{lang}: sheets per preset for these {len(cards)} cards on {config.paper}: "
             + ", ".join(f"{name} {count}" for name, count in sheets_per_preset(ctx))]
    example = ctx.payload(cards[0])
    source = config.source if config.source != "(defaults)" else "kit.yaml"
    if config.workshop:
        lines.append(f"QR codes open {example} (card {cards[0].id}): workshop {config.workshop} on kit serve.")
        if is_loopback_url(example):
            lines.append("warning: phones cannot reach that address (it is this computer itself); give --server "
                         "with the network address that kit serve prints, e.g. http://192.168.1.20:8000.")
    else:
        lines.append(f"QR codes open {example} (card {cards[0].id}); set form_url in {source} to use your own "
                     "form, or give --workshop and --server for kit serve.")
    return lines
