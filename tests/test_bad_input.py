"""More bad input, each ending in one sentence and exit status 1 (found in review)."""

from __future__ import annotations

from click.testing import CliRunner

from kit.cli.main import cli
from kit.content import i18n


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def test_impossible_date_in_kit_yaml(tmp_path):
    config = tmp_path / "kit.yaml"
    config.write_text("date: 2026-02-30\n", encoding="utf-8")
    code, output = run("legplan", "--config", config, "--out", tmp_path / "out")
    assert code == 1 and "does not exist" in output


def test_category_given_as_a_list(content):
    cards = content / "nl" / "cards.yaml"
    cards.write_text(cards.read_text(encoding="utf-8").replace("category: toegang", "category: [toegang]", 1), encoding="utf-8")
    code, output = run("validate", "--content", content)
    assert code == 1 and "cards.yaml:6: 'category' of card T01 must be a text, not a list." in output


def test_form_url_without_card_is_refused(tmp_path):
    code, output = run("build", "--only", "cards", "--form-url", "https://x.be/form", "--out", tmp_path)
    assert code == 1 and "has no {card}" in output


def test_form_url_too_long_for_the_code(tmp_path):
    url = "https://docs.google.com/forms/d/e/" + "A" * 300 + "/viewform?usp=pp_url&entry.1={card}"
    code, output = run("build", "--only", "cards", "--form-url", url, "--out", tmp_path)
    assert code == 1 and "too fine to scan" in output and "Traceback" not in output


def test_damaged_manifest_stops_before_writing(tmp_path):
    out = tmp_path / "out"
    (out / "nl").mkdir(parents=True)
    (out / "nl" / "manifest.json").write_text("{broken", encoding="utf-8")
    code, output = run("legplan", "--out", out)
    assert code == 1 and "manifest is damaged" in output
    assert [p.name for p in (out / "nl").iterdir()] == ["manifest.json"]


def test_broken_translation_record(content):
    (content / "fr" / i18n.HASHES).write_text("sources: [unclosed\n", encoding="utf-8")
    code, output = run("i18n", "status", "--content", content)
    assert code == 1 and ".i18n.yaml: broken YAML" in output


def test_export_needs_a_real_language(tmp_path):
    code, output = run("i18n", "export", "--lang", "fr/be", "--out", tmp_path / "x.xlsx")
    assert code == 1 and "not a language to translate into" in output


def test_untouched_stale_rows_stay_stale(content, tmp_path):
    cards = content / "nl" / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    cards.write_text(text.replace("title: Publieke computers en wifi", "title: Publieke pc's en wifi"), encoding="utf-8")
    assert i18n.status(content, "fr")["cards"].stale == 1
    sheet = tmp_path / "fr.xlsx"
    run("i18n", "export", "--lang", "fr", "--out", sheet, "--content", content)
    code, output = run("i18n", "import", sheet, "--content", content)
    assert code == 0, output
    assert i18n.status(content, "fr")["cards"].stale == 1


def test_manual_cell_with_an_empty_line_is_refused(content, tmp_path):
    from openpyxl import load_workbook

    sheet = tmp_path / "fr.xlsx"
    run("i18n", "export", "--lang", "fr", "--out", sheet, "--content", content)
    book = load_workbook(sheet)
    for row in book.active.iter_rows(min_row=2):
        if row[0].value == "manual.001":
            row[4].value = "Primo.\n\nSecondo."
    book.save(sheet)
    code, output = run("i18n", "import", sheet, "--content", content)
    assert code == 1 and "has an empty line" in output


def test_svg_logo_with_text_keeps_every_font_embedded(tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" height="60" fill="#1f6f8b"/>'
                    '<text x="10" y="40" font-family="Arial" font-weight="bold" font-size="28" fill="#fff">Gemeente</text></svg>',
                    encoding="utf-8")
    code, output = run("legplan", "--logo", logo, "--out", tmp_path / "out")
    assert code == 0, output
    pdf = next((tmp_path / "out" / "nl").glob("legplan-a1.pdf"))
    code, output = run("check", pdf, "--no-qr")
    assert code == 0, output


def test_kit_check_on_a_file_that_is_not_a_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("hello", encoding="utf-8")
    code, output = run("check", path)
    assert code == 1 and "not a readable PDF" in output and "Traceback" not in output
