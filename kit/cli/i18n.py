"""`kit i18n`: translations: what is missing per language, a spreadsheet to translate in, and importing it back."""

from __future__ import annotations

from pathlib import Path

import click

from kit.cli.common import CONTEXT, content_of, content_option, friendly_errors


@click.group(context_settings=CONTEXT)
def i18n():
    """Translate the kit: see what is missing, export a spreadsheet, import it back.

    \b
      kit i18n status                          coverage per language and piece
      kit i18n export --lang fr --out fr.xlsx  one row per text: key, context, room, Dutch, translation
      kit i18n export --lang fr --out fr.po    the same as a PO file, for translators' tools (Weblate, Poedit)
      kit i18n import fr.xlsx                  check it (or fr.po), prove it builds and fits, write content/fr/
    A new language (say Italian) starts with `kit i18n export --lang it`.
    """


@i18n.command("status", context_settings=CONTEXT)
@content_option
@friendly_errors
def status(content_dir):
    """A table of translated, missing and stale texts per language and piece of the kit."""
    from kit.content import i18n as translations
    from kit.content.catalog import available_languages

    content = content_of(content_dir)
    langs = [lang for lang in available_languages(content) if lang != translations.SOURCE]
    click.echo(f"{'lang':<6}{'piece':<12}{'translated':>11}{'missing':>9}{'stale':>7}")
    for lang in langs:
        for piece, row in translations.status(content, lang).items():
            click.echo(f"{lang:<6}{piece:<12}{row.translated:>11}{row.missing:>9}{row.stale:>7}")
    if not langs:
        click.echo("(only the Dutch source so far: start a language with `kit i18n export --lang fr --out fr.xlsx`)")


@i18n.command("export", context_settings=CONTEXT)
@click.option("--lang", required=True, help="Language to translate into, e.g. fr, de, en, it, tr.")
@click.option("--out", "out_file", type=click.Path(path_type=Path), required=True,
              help="The file to write: a spreadsheet (.xlsx) or, for translators' tools, a PO file (.po).")
@content_option
@friendly_errors
def export(lang, out_file, content_dir):
    """Write every text with its stable key, where it appears, its room, the Dutch source and the translation: a
    spreadsheet, or a PO file when OUT ends in .po (its msgctxt is the key, its msgstr the translation)."""
    from kit.content import pofile, sheet

    po = Path(out_file).suffix.lower() == pofile.SUFFIX
    rows = (pofile.export if po else sheet.export)(content_of(content_dir), lang, out_file)
    fill = "each msgstr" if po else "the 'translation' column"
    click.echo(f"{lang}: {rows} texts in {out_file}; fill {fill}, then `kit i18n import {out_file}`.")


@i18n.command("import", context_settings=CONTEXT)
@click.argument("sheet", type=click.Path(path_type=Path))
@click.option("--lang", help="Language of the sheet (default: the one it was exported for).")
@content_option
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Settings file (default: kit.yaml).")
@friendly_errors
def import_(sheet, lang, content_dir, config_file):
    """Check a filled spreadsheet (or PO file) and write the language's content files.

    Unknown keys, emptied translations, lost or added placeholders and text that
    does not fit are refused with the row; nothing is written then.
    """
    from kit.build.translation import import_sheet
    from kit.content.config import load_config

    config = load_config(config_file)
    content = content_of(content_dir, config)
    lang, rows = import_sheet(sheet, content, config, lang)
    click.echo(f"{lang}: {rows} rows imported into {content.top / lang}; it builds and every text fits.")
