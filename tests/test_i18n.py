"""Languages: every one builds and fits; the spreadsheet round trip; fallback to Dutch; a new language by import."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kit.build.cards import lay_out_all
from kit.build.context import load_context
from kit.cli.main import cli
from kit.content import i18n
from kit.content.catalog import DEFAULT_CONTENT, available_languages
from kit.content.config import KitConfig
from kit.qr import QrCache

pytestmark = pytest.mark.xdist_group("test_i18n")  # on one pytest-xdist worker: its round-tripped content is made once

LANGS = available_languages(DEFAULT_CONTENT)


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def test_the_four_languages_are_there():
    assert {"nl", "fr", "de", "en"} <= set(LANGS)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "nl"])
def test_translation_is_complete_and_keeps_ids(lang):
    assert i18n.missing_keys(DEFAULT_CONTENT, lang) == []
    source = i18n.flatten(DEFAULT_CONTENT / "nl")
    target = i18n.flatten(DEFAULT_CONTENT / lang)
    assert set(target) == set(source)
    for key, text in source.items():
        assert i18n.tokens(target[key]) == i18n.tokens(text), key
        if not key.startswith(("strings.months", "manual.meta.author")) and len(text) > 25:
            assert target[key] != text, f"{lang}: {key} is still Dutch"


DESIGN_FLOOR_PT = 8.0  # the card body is designed at 8.5 pt and the question at 8 pt; the fitter may go to 7 pt, our texts may not


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_fits_in_every_language_at_the_design_size(lang):
    """Every card of the default preset keeps its body and question at 8 pt or more: a text that runs long is
    rewritten shorter, the floor is not lowered."""
    p = load_context(DEFAULT_CONTENT, lang, KitConfig(), strict=True)
    arts = lay_out_all(p, QrCache())
    assert [a.card.id for a in arts] == [c.id for c in load_context(DEFAULT_CONTENT, "nl", KitConfig()).catalog.cards]
    small = {f"{a.card.id} {key}": a.frames[key].size for a in arts for key in ("body", "question")
             if key in a.frames and a.frames[key].size < DESIGN_FLOOR_PT}
    assert small == {}, f"{lang}: set below {DESIGN_FLOOR_PT} pt; shorten these texts"
    assert sum("body" in a.frames for a in arts) == sum(not a.card.blank for a in arts)


def test_all_languages_build_in_parallel_and_byte_identical(tmp_path, monkeypatch):
    # the languages in spawned workers (as on Windows and macOS), each one on its own with forked helpers; neither
    # way runs the build's preflight, which reads the files and changes nothing: `kit check` below reads every page
    # of every file (a spawned worker's preflight is the one-process preflight, as test_cards_pdf's rebuild runs it)
    monkeypatch.setenv("KIT_START_METHOD", "spawn")
    code, output = run("build", "--all-languages", "--strict", "--no-check", "--out", tmp_path / "a")
    assert code == 0, output
    monkeypatch.delenv("KIT_START_METHOD")
    for lang in LANGS:
        code, output = run("build", "--lang", lang, "--no-check", "--out", tmp_path / "b")
        assert code == 0, output
    for lang in LANGS:
        first = sorted((tmp_path / "a" / lang).glob("*.*"))
        second = sorted((tmp_path / "b" / lang).glob("*.*"))
        assert [p.name for p in first] == [p.name for p in second]
        for a, b in zip(first, second):
            assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest(), a
    manifest = (tmp_path / "a" / "fr" / "manifest.json").read_text(encoding="utf-8")
    assert '"lang": "fr"' in manifest and "/fr/T01" in manifest  # {lang} in the QR payload
    # every PDF of every language passes the whole preflight: every page, every QR code against its manifest
    pdfs = sorted((tmp_path / "a").glob("*/*.pdf"))
    assert len(pdfs) == 9 * len(LANGS)
    code, output = run("check", *pdfs)
    assert code == 0, output
    assert output.count(": ok\n") == len(pdfs) and "FAIL" not in output


def _sheet_rows(path):
    book = load_workbook(path)
    return book, book.active


@pytest.fixture(scope="module")
def round_tripped(tmp_path_factory):
    """A copy of content/ whose first translation went out to a spreadsheet and came back unchanged (an import
    builds the whole kit to prove it fits: made once for the tests below): (folder, language, its texts before,
    the import's exit code and output)."""
    content = tmp_path_factory.mktemp("round-trip") / "content"
    shutil.copytree(DEFAULT_CONTENT, content)
    lang = next(lang for lang in LANGS if lang != "nl")
    before = i18n.flatten(content / lang)
    sheet = content.parent / f"{lang}.xlsx"
    assert run("i18n", "export", "--lang", lang, "--out", sheet, "--content", content)[0] == 0
    code, output = run("i18n", "import", sheet, "--content", content)
    return content, lang, before, code, output


def test_export_import_round_trip_leaves_content_unchanged(round_tripped):
    content, lang, before, code, output = round_tripped
    assert code == 0, output
    assert i18n.flatten(content / lang) == before
    assert i18n.missing_keys(content, lang) == []


def test_import_keeps_files_it_does_not_change_as_they_were(content, tmp_path):
    """A coordinator's comments and layout survive an import that changes nothing in that file."""
    lang = next(lang for lang in LANGS if lang != "nl")
    files = {name: (content / lang / name).read_bytes() for name in ("cards.yaml", "categories.yaml", "matrix.yaml", "manual.md")}
    (content / lang / "cards.yaml").write_bytes(b"# note from the coordinator\n" + files["cards.yaml"])
    sheet = tmp_path / f"{lang}.xlsx"
    assert run("i18n", "export", "--lang", lang, "--out", sheet, "--content", content)[0] == 0
    from openpyxl import load_workbook

    book = load_workbook(sheet)
    _set(book.active, "strings.legplan.glue", "colle ici")
    book.save(sheet)
    code, output = run("i18n", "import", sheet, "--content", content)
    assert code == 0, output
    assert (content / lang / "cards.yaml").read_bytes().startswith(b"# note from the coordinator\n")
    for name in ("categories.yaml", "matrix.yaml", "manual.md"):
        assert (content / lang / name).read_bytes() == files[name], name
    assert i18n.flatten(content / lang)["strings.legplan.glue"] == "colle ici"


def _diff(before: bytes, after: bytes) -> list[str]:
    import difflib

    return [line for line in difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_importing_a_one_cell_change_changes_one_line_of_the_file(content, tmp_path):
    """Coordinators review translations as diffs: an import keeps every comment, the order, the quoting and the line
    breaks of the file, and replaces only the text that changed, in the style it had (a folded description stays
    folded)."""
    files = {name: (content / "fr" / name).read_bytes() for name in ("cards.yaml", "categories.yaml", "strings.yaml",
                                                                     "matrix.yaml", "manual.md")}
    sheet = tmp_path / "fr.xlsx"
    assert run("i18n", "export", "--lang", "fr", "--out", sheet, "--content", content)[0] == 0
    book, ws = _sheet_rows(sheet)
    _set(ws, "cards.T01.title", "Ordinateurs et wifi en libre accès")
    _set(ws, "cards.T02.description", "Les ménages modestes reçoivent un portable reconditionné à bas prix.")
    _set(ws, "manual.003", "Un paragraphe réécrit du manuel.")
    book.save(sheet)
    code, output = run("i18n", "import", sheet, "--content", content)
    assert code == 0, output
    assert _diff(files["cards.yaml"], (content / "fr" / "cards.yaml").read_bytes()) == [
        "-    title: Ordinateurs et wifi publics",
        "+    title: Ordinateurs et wifi en libre accès",
        "-      Les ménages modestes reçoivent à bas prix un portable ou une tablette reconditionnés, pour apprendre "
        "et travailler chez eux.",
        "+      Les ménages modestes reçoivent un portable reconditionné à bas prix.",
    ]
    manual = _diff(files["manual.md"], (content / "fr" / "manual.md").read_bytes())
    assert manual[-1] == "+Un paragraphe réécrit du manuel." and all(line[0] == "-" for line in manual[:-1])
    for name in ("categories.yaml", "strings.yaml", "matrix.yaml"):
        assert (content / "fr" / name).read_bytes() == files[name], name
    assert i18n.flatten(content / "fr")["cards.T01.title"] == "Ordinateurs et wifi en libre accès"


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda ws: ws.append(["cards.T99.title", "", "", "x", "y", ""]), "unknown key 'cards.T99.title'"),
        (lambda ws: _set(ws, "strings.legplan.sheet", "Feuille {n}"), "lost {total}"),
        (lambda ws: _set(ws, "cards.T01.title", "Titre {gemeente}"), "added {gemeente}"),
        (lambda ws: _set(ws, "cards.T01.title", ""), "was emptied"),
        (lambda ws: _set(ws, "cards.T01.title", "Un titre beaucoup trop long " * 12), "does not fit"),
    ],
)
def test_bad_sheets_are_refused_and_nothing_is_written(content, tmp_path, edit, message):
    lang = next(lang for lang in LANGS if lang != "nl")
    sheet = tmp_path / "sheet.xlsx"
    run("i18n", "export", "--lang", lang, "--out", sheet, "--content", content)
    book, ws = _sheet_rows(sheet)
    edit(ws)
    book.save(sheet)
    before = {p: p.read_bytes() for p in (content / lang).rglob("*") if p.is_file()}
    code, output = run("i18n", "import", sheet, "--content", content)
    assert code == 1 and message in output and "Traceback" not in output
    assert {p: p.read_bytes() for p in (content / lang).rglob("*") if p.is_file()} == before


def _set(ws, key, value):
    for row in ws.iter_rows(min_row=2):
        if row[0].value == key:
            row[4].value = value
            return
    raise AssertionError(key)


def test_a_new_language_through_import_builds(content, tmp_path):
    sheet = tmp_path / "it.xlsx"
    assert run("i18n", "export", "--lang", "it", "--out", sheet, "--content", content)[0] == 0
    book, ws = _sheet_rows(sheet)
    for row in ws.iter_rows(min_row=2):
        if row[0].value in ("cards.T01.title", "categories.toegang.name", "strings.kit_name"):
            row[4].value = {"cards.T01.title": "Computer pubblici e wifi", "categories.toegang.name": "Accesso",
                            "strings.kit_name": "Strumento per l'inclusione digitale"}[row[0].value]
    book.save(sheet)
    code, output = run("i18n", "import", sheet, "--content", content)
    assert code == 0, output
    # the import above made the whole kit in Italian in memory to prove it fits: the build here makes the cards, whose
    # print-shop file is read below
    code, output = run("build", "--lang", "it", "--only", "cards", "--content", content, "--out", tmp_path / "out")
    assert code == 0, output
    assert "texts fall back to Dutch" in output
    code, output = run("build", "--lang", "it", "--content", content, "--out", tmp_path / "out2", "--strict")
    assert code == 1 and "are not translated" in output
    code, output = run("i18n", "status", "--content", content)
    row = next(line for line in output.splitlines() if line.startswith("it") and "cards" in line)
    assert row.split()[2:] == ["3", "182", "0"] or int(row.split()[2]) == 2  # cards and the category name are translated
    from pypdf import PdfReader

    text = PdfReader(tmp_path / "out" / "it" / "cards-printshop.pdf").pages[0].extract_text()
    assert "Computer pubblici e wifi" in text and "Accesso" in text


def test_stale_translation_is_reported(round_tripped, tmp_path):
    content, lang = tmp_path / "content", round_tripped[1]
    shutil.copytree(round_tripped[0], content)  # its own copy to change
    cards = content / "nl" / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    cards.write_text(text.replace("title: Publieke computers en wifi", "title: Publieke computers, printers en wifi"), encoding="utf-8")
    table = i18n.status(content, lang)
    assert table["cards"].stale == 1


def test_missing_translation_falls_back_with_a_warning(content, tmp_path):
    lang = next(lang for lang in LANGS if lang != "nl")
    cards = content / lang / "cards.yaml"
    import yaml

    data = yaml.safe_load(cards.read_text(encoding="utf-8"))
    del data["cards"][0]["question"]
    cards.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, output = run("validate", "--lang", lang, "--content", content)
    assert code == 0 and "cards.T01.question" in output and "fall back to Dutch" in output
    code, output = run("validate", "--lang", lang, "--content", content, "--strict")
    assert code == 1 and "cards.T01.question" in output


def test_a_po_file_round_trips_with_the_same_keys_context_and_room_as_the_sheet(content, tmp_path):
    """Translators' tools (Weblate, Poedit, CAT tools) get the same texts as the spreadsheet, in a PO file."""
    import polib

    po_path, sheet = tmp_path / "fr.po", tmp_path / "fr.xlsx"
    assert run("i18n", "export", "--lang", "fr", "--out", po_path, "--content", content)[0] == 0
    assert run("i18n", "export", "--lang", "fr", "--out", sheet, "--content", content)[0] == 0
    po = polib.pofile(str(po_path))
    rows = {row[0].value: [c.value for c in row] for row in _sheet_rows(sheet)[1].iter_rows(min_row=2)}
    assert po.metadata["Language"] == "fr"
    assert [entry.msgctxt for entry in po] == list(rows)
    for entry in po:
        _key, where, room, source, translation = rows[entry.msgctxt][:5]
        assert (entry.msgid, entry.msgstr) == (source, translation or "")
        assert entry.comment.splitlines()[0] == where and (not room or f"room: {room}" in entry.comment)
    before = i18n.flatten(content / "fr")
    files = {p.name: p.read_bytes() for p in (content / "fr").iterdir() if p.is_file() and p.name != ".i18n.yaml"}
    code, output = run("i18n", "import", po_path, "--content", content)
    assert code == 0, output
    assert i18n.flatten(content / "fr") == before
    assert {p.name: p.read_bytes() for p in (content / "fr").iterdir() if p.is_file() and p.name != ".i18n.yaml"} == files
    entry = po.find("cards.T01.title", by="msgctxt")
    entry.msgstr = "Ordinateurs et wifi en libre accès"
    po.save(str(po_path))
    code, output = run("i18n", "import", po_path, "--content", content)
    assert code == 0, output
    assert i18n.flatten(content / "fr")["cards.T01.title"] == "Ordinateurs et wifi en libre accès"
    assert len(_diff(files["cards.yaml"], (content / "fr" / "cards.yaml").read_bytes())) == 2


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda text: text.replace('msgctxt "cards.T01.title"', 'msgctxt "cards.T99.title"'),
         r"fr\.po: line \d+: unknown key 'cards\.T99\.title'"),
        (lambda text: text.replace('msgstr "Feuille {n} sur {total}"', 'msgstr "Feuille {n}"'),
         r"fr\.po: line \d+: the translation of strings\.legplan\.sheet lost \{total\}"),
        (lambda text: text.replace('msgid "Publieke computers en wifi"', 'msgidd "Publieke computers en wifi"'),
         r"fr\.po: not a readable PO file \(.*line \d+"),
        (lambda text: text.replace('"Language: fr\\n"\n', ""), r"fr\.po: its header must say which language it is"),
    ],
)
def test_a_bad_po_file_is_refused_in_one_sentence_with_its_line(content, tmp_path, edit, message):
    import re

    po_path = tmp_path / "fr.po"
    assert run("i18n", "export", "--lang", "fr", "--out", po_path, "--content", content)[0] == 0
    text = po_path.read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text
    po_path.write_text(changed, encoding="utf-8")
    before = {p: p.read_bytes() for p in (content / "fr").rglob("*") if p.is_file()}
    code, output = run("i18n", "import", po_path, "--content", content)
    assert code == 1 and "Traceback" not in output and len(output.strip().splitlines()) == 1, output
    assert re.search(message, output), output
    assert {p: p.read_bytes() for p in (content / "fr").rglob("*") if p.is_file()} == before
