"""Any script a participant types prints: Vietnamese, Greek, Cyrillic and Arabic (shaped, right to left) through the
fallback fonts, in the results report, the filled legplan, the draft plan and the customised legplan; what no font
has (Chinese) is named in a warning and prints as the kit's placeholder, never as nothing."""

from __future__ import annotations

import re
import unicodedata

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from kit.cli.main import cli
from kit.content import glyphs

pytestmark = pytest.mark.xdist_group("test_scripts")  # on one pytest-xdist worker: its results are made once

SCRIPTS = {"vietnamese": "Tiếng Việt", "greek": "Ελληνικά", "cyrillic": "Кириллица", "arabic": "مرحبا بكم"}
CHINESE = "中文"
HEADER = "card;exists;choice;motivation;title\n"


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def pdf_text(path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def normalised(text: str) -> str:
    """Letters as a reader compares them: compatibility forms folded (Arabic presentation forms are the letters
    they show), private-use codes and marks of direction dropped, spaces as one, and a letter repeated in a row once:
    Typst gives each glyph of a cluster the cluster's text (Noto draws "ế" and an Arabic "ب" as a letter and a mark),
    so readers get it twice from the report and the plan."""
    folded = unicodedata.normalize("NFKC", text)
    kept = "".join(ch for ch in folded if unicodedata.category(ch) not in ("Co", "Cf"))
    return re.sub(r"(.)\1+", r"\1", " ".join(kept.split()))


def found(word: str, text: str) -> bool:
    """A word read back from a PDF: as typed, or, for right-to-left text, in the visual order a reader may give."""
    text = normalised(text).replace(" ", "")  # pdfium may see a gap where Typst's repeated glyph stands
    parts = normalised(word).split()
    return "".join(parts) in text or all(part in text or part[::-1] in text for part in parts)


def test_the_kit_lists_its_fonts_and_finds_what_none_has():
    assert glyphs.FONT_FILES[0].name == "AtkinsonHyperlegible-Regular.ttf"
    assert all(path.is_file() for path in glyphs.FONT_FILES)
    for text in SCRIPTS.values():
        assert glyphs.unprintable(text) == []
    assert glyphs.unprintable(f"Gent {CHINESE} 中 \u200f\n{CHINESE}") == ["中", "文"]  # each once, in order; marks ignored
    assert glyphs.unprintable("e\u0301") == []  # a decomposed accent counts as the letter it makes


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scripts")
    rows = [f"T0{n};ja;korte termijn;{name} {text};" for n, (name, text) in enumerate(SCRIPTS.items(), 1)]
    rows.append(f"T05;nee;korte termijn;zh {CHINESE};")
    rows += [f"{card};;short;;{text}" for card, text in zip(("TB1", "CB1", "OB1", "DB1"), SCRIPTS.values())]
    rows.append(f"RB1;;long;;Naam {CHINESE}")
    csv_file = folder / "answers.csv"
    csv_file.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    code, output = run("results", "--csv", csv_file, "--municipality", "Gent", "--date", "2026-03-17", "--out", folder / "out")
    return code, output, folder / "out" / "nl"


def test_results_print_every_script_the_fonts_cover(results):
    code, output, folder = results
    assert code == 0, output
    report, plan = pdf_text(folder / "results-gent.pdf"), pdf_text(folder / "plan-gent.pdf")
    legplan = pdf_text(next(folder.glob("legplan-gent-filled-*[0-9].pdf")))
    for text in SCRIPTS.values():
        assert found(text, report), (text, "report")
        assert found(text, plan), (text, "plan")
        assert found(text, legplan), (text, "filled legplan")  # the blank cards' names, on the board
    assert "[?]" in report and "[?]" in legplan


def test_what_no_font_has_is_named_in_a_warning_and_printed_as_the_placeholder(results):
    code, output, folder = results
    assert code == 0
    warnings = [line for line in output.splitlines() if line.startswith("warning:")]
    assert any("card T05, field motivation" in line and "'中' (U+4E2D), '文' (U+6587)" in line for line in warnings), output
    assert any("card RB1, field title" in line and "[?]" in line for line in warnings), output
    assert not any(text in line for line in warnings for text in SCRIPTS.values())
    assert CHINESE not in pdf_text(folder / "results-gent.pdf")


@pytest.mark.parametrize("name", [*SCRIPTS, "chinese"])
def test_the_customised_legplan_prints_the_municipality_in_any_script(tmp_path, name):
    text = SCRIPTS.get(name, CHINESE)
    code, output = run("legplan", "--municipality", f"Gemeente {text}", "--size", "A3", "--out", tmp_path)
    assert code == 0, output
    sheet = next(p for p in (tmp_path / "nl").glob("legplan-*-a3.pdf"))
    shown = pdf_text(sheet).split("\n", 3)[1]  # the header's second line: the legplan's title and the name
    if name == "chinese":
        assert "Gemeente [?]" in shown and "municipality" in output and "'中' (U+4E2D)" in output
    else:
        assert found(text, shown) and "[?]" not in shown and "warning" not in output, (shown, output)


def test_arabic_is_shaped_and_set_right_to_left(tmp_path):
    """The joined forms harfbuzz chose are drawn (not the isolated letters), the first word at the right, and a
    reader gets the letters back from the span's text as typed."""
    from kit.typeset import fonts
    from kit.typeset.fit import shaped

    drawn = shaped(fonts.ARABIC, "مرحبا")
    assert drawn != "مرحبا" and len({ord(ch) for ch in drawn} & {ord(ch) for ch in "مرحبا"}) < 5
    assert run("legplan", "--municipality", "مرحبا بكم", "--size", "A3", "--out", tmp_path)[0] == 0
    sheet = next((tmp_path / "nl").glob("legplan*-a3.pdf"))
    document = pdfium.PdfDocument(str(sheet))
    try:
        page = document[0].get_textpage()
        boxes = {}
        for index in range(page.count_chars()):
            char = normalised(page.get_text_range(index, 1))
            if char in ("ح", "ك"):  # a letter only the first word has, and one only the second has
                boxes.setdefault(char, page.get_charbox(index))
    finally:
        document.close()
    assert boxes["ح"][0] > boxes["ك"][0]  # the first word stands to the right of the second
