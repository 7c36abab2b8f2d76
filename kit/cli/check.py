"""`kit check`: preflights any PDF the way a print shop would, page by page; exit status 1 on any failure."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kit.cli.common import CONTEXT, friendly_errors
from kit.errors import KitError

QR_KINDS = ("cards-home", "cards-printshop", "worksheet-fiches")  # our files whose QR payloads the manifest lists


@click.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--cmyk", is_flag=True, help="Hold the files to a print shop's rules: no RGB, text under 12 pt in one solid "
                                         "ink, no colour over 300 % total ink.")
@click.option("--border", type=float, help="Keep this many mm along the edges blank (an office printer's border).")
@click.option("--min-text", type=float, help="Smallest text size allowed, in points (default: the kit's 7 pt, or what "
                                             "the manifest says of our own files).")
@click.option("--min-dpi", type=float, default=300, show_default=True, help="Lowest raster image resolution at print size.")
@click.option("--no-qr", is_flag=True, help="Skip rendering pages to decode QR codes.")
@friendly_errors
def check(files, cmyk, border, min_text, min_dpi, no_qr):
    """Preflight PDFs the way a print shop would, page by page; exits 1 on any failure.

    \b
    Every PDF: fonts embedded; TrimBox present and inside BleedBox and MediaBox;
    the smallest text (7 pt or more); every QR code decodable at 150 dpi (and, for
    our own files, every payload the manifest lists); raster images at 300 dpi or
    more at their printed size; the colour spaces used.
    Our own files, from the manifest beside them (or the options): cards keep their
    text inside the safe zone; office-printer files print nothing in the border the
    printer cannot reach; the print-shop file is CMYK, with small text in one solid
    ink and no colour over 300 % total ink.
    Each problem names its page, its place in mm and the text or object concerned.
    """
    from kit.build.checks import SINGLE_INK_BELOW_PT, TOTAL_INK_PCT, rules_for
    from kit.output.preflight import check_pdf

    failed = False
    for path in files:
        if not path.is_file():
            raise KitError(f"{path}: file not found.")
        entry = _manifest_entry(path)
        expected = [c["qr"] for c in entry["cards"]] if entry.get("cards") and entry.get("kind") in QR_KINDS else None
        options = rules_for(entry)
        if cmyk:
            options.update(require_cmyk=True, single_ink_below_pt=SINGLE_INK_BELOW_PT, total_ink_pct=TOTAL_INK_PCT)
        if border is not None:
            options["unprintable_mm"] = border
        if min_text is not None:
            options["min_text_pt"] = min_text
        report = check_pdf(path, str(path), expected_qr=expected, min_dpi=min_dpi, qr=not no_qr, **options)
        click.echo(f"{path}: {'ok' if report.ok else 'FAILED'}")
        for finding in report.findings:
            where = f"page {finding.page}: " if finding.page else ""
            click.echo(f"  {'ok  ' if finding.ok else 'FAIL'} {finding.check:<7} {where}{finding.message}")
        failed = failed or not report.ok
    if failed:
        sys.exit(1)


def _manifest_entry(path: Path) -> dict:
    """Our manifest's entry for the file, when the file is our own output ({} for any other PDF)."""
    manifest = path.parent / "manifest.json"
    if not manifest.is_file():
        return {}
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        found = next((f for f in files if isinstance(f, dict) and f.get("path") == path.name), None)
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}  # not our manifest: check the file on its own
    return found if isinstance(found, dict) else {}
