"""The `kit` command: build, check and preview the printable kit of the Beleidstool digitale inclusie.

Each command is a thin layer over a library function; errors come out as one
sentence and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import gc
import sys
import tempfile
from pathlib import Path

import click

from kit import __version__
from kit.build.builder import build_language, lay_out_all, payload, plan, sheets_per_preset
from kit.content.catalog import available_languages
from kit.content.config import load_config
from kit.errors import KitError
from kit.workshop.netaddr import is_loopback_url
from kit.qr import MatrixCache

from kit.cli.common import CONTEXT, content_option, friendly_errors, out_option as _out_option, write_outputs as _write


def config_options(f):
    options = [
        click.option("--config", "config_file", type=click.Path(path_type=Path),
                     help="Settings file (default: kit.yaml in the current folder, if there is one)."),
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
    return click.option("--lang", "langs", multiple=True, help="Language to build, e.g. nl (repeatable). Default: nl.")(f)


def _config(config_file, paper, card_preset, flip, municipality, form_url, workshop=None, server=None):
    return load_config(config_file, paper=paper, cards=card_preset, flip=flip, municipality=municipality, form_url=form_url,
                       workshop=workshop, server=server)


def _languages(content_dir: Path, langs, all_languages: bool) -> list[str]:
    if all_languages:
        found = available_languages(content_dir)
        if not found:
            raise KitError(f"{content_dir}: no language folder with a cards.yaml.")
        return found
    return list(dict.fromkeys(langs)) or ["nl"]


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
      kit build                 the whole kit (cards, legplan, matrix, worksheets) in output/nl/
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
    """


@cli.command(context_settings=CONTEXT)
@lang_options
@content_option
@config_options
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output folder; each language goes into its own sub-folder.")
@click.option("--only", help="Build only these parts, comma-separated: cards, legplan, matrix, worksheets, manual.")
@click.option("--no-check", is_flag=True, help="Skip the preflight of the PDFs before writing (faster; not for print shops).")
@friendly_errors
def build(langs, all_languages, strict, content_dir, out_dir, only, no_check, **settings):
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
      manifest.json         every file with its kind, pages, size and QR payloads

    A failed build leaves the previous files untouched.
    """
    config = _config(**settings)
    languages = _languages(content_dir, langs, all_languages)
    parts = [x.strip() for x in only.split(",")] if only else None
    if len(languages) > 1:
        from kit.build.workers import fork_map

        # each language in its own process; output does not depend on the order or the number of cores
        results = fork_map(lambda lang: _build_one(content_dir, lang, config, out_dir, parts, strict, check=not no_check), languages)
    else:
        results = [_build_one(content_dir, languages[0], config, out_dir, parts, strict, progress=True, check=not no_check)]
    failed = False
    for lang, lines, error in results:
        for line in lines:
            click.echo(line, err=line.startswith("warning:"))
        if error:
            click.echo(f"Error: {error}", err=True)
            failed = True
    if failed:
        sys.exit(1)


def _build_one(content_dir, lang, config, out_dir, parts, strict, progress=False, check=True):
    """Build one language; returns (lang, lines to print, error sentence or None) so workers report cleanly."""
    lines = []
    try:
        p = plan(content_dir, lang, config, strict=strict, warn=lines.append)
        bar, tick = _progress(f"{lang}: laying out cards", len(p.catalog.cards)) if progress else (None, None)
        try:
            result = build_language(p, out_dir, progress=tick, only=parts, check=check)
        finally:
            if bar:
                bar.__exit__(None, None, None)
    except KitError as exc:
        return lang, lines, str(exc)
    for entry in result.files:
        lines.append(f"{lang}: {result.folder / entry['path']}  ({entry['kind']}, {entry['pages']} pages)")
    if result.sheets:
        lines.append(f"{lang}: {len(p.catalog.cards)} cards on {result.sheets} sheets of {config.paper} with preset "
                     f"'{config.cards}'; manifest at {result.folder / 'manifest.json'}")
        lines.append(f"{lang}: sheets per preset for these {len(p.catalog.cards)} cards on {config.paper}: " + ", ".join(
            f"{name} {count}" for name, count in sheets_per_preset(p)))
        example = payload(p, p.catalog.cards[0])
        source = config.source if config.source != "(defaults)" else "kit.yaml"
        if config.workshop:
            lines.append(f"QR codes open {example} (card {p.catalog.cards[0].id}): workshop {config.workshop} on kit serve.")
            if is_loopback_url(example):
                lines.append("warning: phones cannot reach that address (it is this computer itself); give --server "
                             "with the network address that kit serve prints, e.g. http://192.168.1.20:8000.")
        else:
            lines.append(f"QR codes open {example} (card {p.catalog.cards[0].id}); set form_url in {source} to use your own "
                         "form, or give --workshop and --server for kit serve.")
    return lang, lines, None


@cli.command(context_settings=CONTEXT)
@lang_options
@content_option
@config_options
@friendly_errors
def validate(langs, all_languages, strict, content_dir, **settings):
    """Check the catalog and that every text of every piece fits its frame; writes no files.

    Reports the first problem with its file and line, or its language, card and field.
    """
    config = _config(**settings)
    for lang in _languages(content_dir, langs, all_languages):
        p = plan(content_dir, lang, config, strict=strict, warn=lambda message: click.echo(message, err=True))
        with tempfile.TemporaryDirectory(prefix="kit-validate-") as scratch:
            build_language(p, scratch, check=False)  # every piece is laid out; nothing reaches --out
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
def preview(langs, all_languages, strict, content_dir, out_dir, dpi, **settings):
    """Build, then write a PNG of every page into OUT/<lang>/preview/."""
    from kit.output.preview import write_previews

    config = _config(**settings)
    for lang in _languages(content_dir, langs, all_languages):
        p = plan(content_dir, lang, config, strict=strict, warn=lambda message: click.echo(message, err=True))
        result = build_language(p, out_dir)
        images = write_previews(result.folder, dpi=dpi)
        click.echo(f"{lang}: {len(images)} page images in {result.folder / 'preview'}")


@cli.command(context_settings=CONTEXT)
@click.option("--lang", default="nl", show_default=True, help="Language of the board's words.")
@content_option
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Settings file (default: kit.yaml).")
@click.option("--municipality", help="Name on the board, e.g. \"Sint-Genesius-Rode\".")
@click.option("--logo", type=click.Path(path_type=Path), help="Logo: PNG, JPEG or SVG, under 10 MB.")
@click.option("--date", "date", help="Workshop date, YYYY-MM-DD.")
@click.option("--values", help="Core values, separated by commas, e.g. \"Nabijheid, Iedereen mee\".")
@click.option("--size", type=click.Choice(["A0", "A1", "A2", "A3"], case_sensitive=False),
              help="Sheet size (default from kit.yaml, else A1). A0 holds the whole board; smaller sizes make a set.")
@_out_option
@friendly_errors
def legplan(lang, content_dir, config_file, municipality, logo, date, values, size, out_dir):
    """Print a legplan customised for your municipality.

    \b
    Writes into OUT/<lang>/:
      legplan-<municipality>-<size>.pdf        whole sheets for a plotter or print shop
      legplan-<municipality>-<size>-tiled-a4.pdf  the same on A4 pages: cut the white margin
                                               at top and left, glue over the grey glue
                                               margin of the neighbours, crosses on crosses
    Settings may also come from kit.yaml (municipality, logo, date, values, legplan_size).
    """
    from kit.build.builder import customization, legplan_outputs, with_paths

    config = load_config(config_file, municipality=municipality, logo=str(logo) if logo else None, date=date,
                         values=values, legplan_size=size.upper() if size else None)
    p = plan(content_dir, lang, config)
    customization(config)  # every bad value is reported before anything is drawn
    _write(out_dir, lang, with_paths(legplan_outputs(p, size)),
           lambda e: f"{e['kind']}, {e['pages']} pages of {e['page_size_mm'][0]:g}x{e['page_size_mm'][1]:g} mm")


@cli.command(context_settings=CONTEXT)
@click.option("--lang", default="nl", show_default=True, help="Language of the sheets.")
@content_option
@config_options
@click.option("--cards", "card_ids", help="Fiches for these cards only, e.g. T01,C03 (then no voting sheet).")
@_out_option
@friendly_errors
def worksheets(lang, content_dir, card_ids, out_dir, **settings):
    """Print the Fase 2 voting sheet and the Fase 3 fiches (one A4 per card, with its QR code)."""
    from kit.build.builder import select_cards, with_paths, worksheet_outputs

    config = _config(**settings)
    p = plan(content_dir, lang, config)
    ids = [i.strip() for i in card_ids.split(",") if i.strip()] if card_ids else None
    select_cards(p, ids)  # an unknown id stops here, before any layout
    arts = lay_out_all(p, MatrixCache(Path(out_dir) / ".cache" / "qr.json"))
    _write(out_dir, lang, with_paths(worksheet_outputs(p, arts, ids, votes=not ids)), lambda e: f"{e['kind']}, {e['pages']} pages")


@cli.command(context_settings=CONTEXT)
@click.option("--lang", default="nl", show_default=True, help="Language of the instructions.")
@content_option
@config_options
@_out_option
@friendly_errors
def calibrate(lang, content_dir, out_dir, **settings):
    """Write a two-page duplex calibration sheet to line fronts and backs up.

    \b
    1. Print calibration-<paper>.pdf duplex, same paper and flip edge as the cards, at 100 %.
    2. Hold it against a window: at five stations a red line from the back crosses a
       scale on the front. Read the numbers across and up.
    3. Add them to back_offset: [x, y] in kit.yaml; print again: the lines sit on 0.
    If the red arrow points down, your printer flips on the other edge: change flip.
    """
    from kit.build.builder import calibration_outputs, with_paths

    config = _config(**settings)
    p = plan(content_dir, lang, config)
    _write(out_dir, lang, with_paths(calibration_outputs(p)),
           lambda e: f"{e['pages']} pages; print duplex, flip on the {config.flip} edge, at 100 %")


@cli.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--cmyk", is_flag=True, help="Fail on RGB colour (what print shops ask for).")
@click.option("--min-text", type=float, default=5.0, show_default=True, help="Smallest text size allowed, in points.")
@click.option("--min-dpi", type=float, default=300, show_default=True, help="Lowest raster image resolution at print size.")
@click.option("--no-qr", is_flag=True, help="Skip rendering pages to decode QR codes.")
@friendly_errors
def check(files, cmyk, min_text, min_dpi, no_qr):
    """Preflight PDFs the way a print shop would, page by page; exits 1 on any failure.

    \b
    Checks: fonts embedded; TrimBox present and inside BleedBox and MediaBox;
    the smallest text size; every QR code decodable at 150 dpi (and, for our own
    files, every payload the manifest lists); raster images at 300 dpi or more at
    their printed size; the colour spaces used.
    """
    import json

    from kit.output.preflight import check_pdf

    failed = False
    for path in files:
        if not path.is_file():
            raise KitError(f"{path}: file not found.")
        expected, require = None, cmyk
        manifest = path.parent / "manifest.json"
        if manifest.is_file():  # our own output: we know which QR payloads it must carry
            try:
                entry = next((f for f in json.loads(manifest.read_text(encoding="utf-8"))["files"]
                              if isinstance(f, dict) and f.get("path") == path.name), None)
            except (ValueError, KeyError, TypeError, AttributeError):
                entry = None  # not our manifest: check the file on its own
            if entry and entry.get("cards") and entry["kind"] in ("cards-home", "cards-printshop", "worksheet-fiches"):
                expected = [c["qr"] for c in entry["cards"]]
            require = require or (entry or {}).get("kind") == "cards-printshop"
        report = check_pdf(path, str(path), expected_qr=expected, min_text_pt=min_text, min_dpi=min_dpi,
                           require_cmyk=require, qr=not no_qr)
        click.echo(f"{path}: {'ok' if report.ok else 'FAILED'}")
        for finding in report.findings:
            where = f"page {finding.page}: " if finding.page else ""
            click.echo(f"  {'ok  ' if finding.ok else 'FAIL'} {finding.check:<7} {where}{finding.message}")
        failed = failed or not report.ok
    if failed:
        sys.exit(1)


@cli.group(context_settings=CONTEXT)
def i18n():
    """Translate the kit: see what is missing, export a spreadsheet, import it back.

    \b
      kit i18n status                          coverage per language and piece
      kit i18n export --lang fr --out fr.xlsx  one row per text: key, context, room, Dutch, translation
      kit i18n import fr.xlsx                  check it, prove it builds and fits, write content/fr/
    A new language (say Italian) starts with `kit i18n export --lang it`.
    """


@i18n.command("status", context_settings=CONTEXT)
@content_option
@friendly_errors
def i18n_status(content_dir):
    """A table of translated, missing and stale texts per language and piece of the kit."""
    from kit.content import i18n as translations
    from kit.content.catalog import available_languages

    langs = [lang for lang in available_languages(content_dir) if lang != translations.SOURCE]
    click.echo(f"{'lang':<6}{'piece':<12}{'translated':>11}{'missing':>9}{'stale':>7}")
    for lang in langs:
        for piece, row in translations.status(content_dir, lang).items():
            click.echo(f"{lang:<6}{piece:<12}{row.translated:>11}{row.missing:>9}{row.stale:>7}")
    if not langs:
        click.echo("(only the Dutch source so far: start a language with `kit i18n export --lang fr --out fr.xlsx`)")


@i18n.command("export", context_settings=CONTEXT)
@click.option("--lang", required=True, help="Language to translate into, e.g. fr, de, en, it, tr.")
@click.option("--out", "out_file", type=click.Path(path_type=Path), required=True, help="The XLSX file to write.")
@content_option
@friendly_errors
def i18n_export(lang, out_file, content_dir):
    """Write a spreadsheet with every text: stable key, where it appears, its room, the Dutch source and the translation."""
    from kit.content.sheet import export

    rows = export(content_dir, lang, out_file)
    click.echo(f"{lang}: {rows} texts in {out_file}; fill the 'translation' column, then `kit i18n import {out_file}`.")


@i18n.command("import", context_settings=CONTEXT)
@click.argument("sheet", type=click.Path(path_type=Path))
@click.option("--lang", help="Language of the sheet (default: the one it was exported for).")
@content_option
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Settings file (default: kit.yaml).")
@friendly_errors
def i18n_import(sheet, lang, content_dir, config_file):
    """Check a filled spreadsheet and write the language's content files.

    Unknown keys, emptied translations, lost or added placeholders and text that
    does not fit are refused with the row; nothing is written then.
    """
    from kit.content.sheet import import_sheet

    lang, rows = import_sheet(sheet, content_dir, load_config(config_file), lang)
    click.echo(f"{lang}: {rows} rows imported into {Path(content_dir) / lang}; it builds and every text fits.")


from kit.cli.results import results  # noqa: E402  (the commands need the helpers above)
from kit.cli.serve import serve  # noqa: E402
from kit.cli.workshop import workshop  # noqa: E402

cli.add_command(serve)
cli.add_command(workshop)
cli.add_command(results)


def main():
    # A build makes millions of small objects (fitted lines, PDF operators, page objects) that live until
    # the files are written and hardly ever form reference cycles. Python's cyclic collector would scan
    # them again and again: a quarter of the time of a 6000-card build. Reference counting still frees
    # everything else; a command is one short process.
    gc.disable()
    cli(prog_name="kit")


if __name__ == "__main__":
    main()
