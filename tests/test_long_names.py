"""A municipality's or a partnership's name of up to 150 characters prints where the kit prints the name (the legplan's
header, the matrix's title): over two lines, then smaller, every glyph inside its frame and none over another."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from PIL import Image

from kit.cli.main import cli
from kit.content.customize import MAX_NAME_CHARS
from kit.layout.presets import load_board_layout, load_paper
from tests.pdfread import glyph_boxes
from tests.test_tagged import overlapping

NAME = ("Intergemeentelijk samenwerkingsverband voor digitale inclusie van Sint-Genesius-Rode, Linkebeek, Drogenbos, "
        "Wemmel, Kraainem en Wezembeek-Oppem, samen")


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def test_the_name_may_be_150_characters_long():
    assert len(NAME) == MAX_NAME_CHARS == 150


@pytest.mark.parametrize("size, logo", [("A1", False), ("A3", True), ("A2", False)])
def test_a_150_character_name_prints_on_the_legplan_inside_its_header(tmp_path, size, logo):
    args = ["--municipality", NAME, "--size", size, "--date", "2026-03-17", "--out", tmp_path]
    if logo:
        Image.new("RGB", (600, 300), (30, 90, 160)).save(tmp_path / "logo.png")
        args += ["--logo", tmp_path / "logo.png"]
    code, output = run("legplan", *args)
    assert code == 0, output
    sheet = next((tmp_path / "nl").glob(f"legplan-*-{size.lower()}.pdf"))
    board = load_board_layout()
    page_w, page_h = load_paper(size).landscape
    header_top, header_bottom = page_h - board.margin_mm, page_h - board.margin_mm - board.header_mm + board.gap_mm / 2
    right = page_w - board.margin_mm - ((board.header.logo_width_mm + board.header.logo_gap_mm) if logo else 0)
    boxes = glyph_boxes(sheet, 0)
    header = [b for b in boxes if b[4] > header_bottom - 0.01]
    assert all(board.margin_mm - 0.2 <= b[1] and b[3] <= right + 0.2 and b[4] <= header_top + 0.2 for b in header), \
        "a glyph of the header leaves its frame"
    lines = _text(sheet).splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("Legplan "))
    end = next(n for n in range(at, len(lines)) if lines[n].endswith(NAME[-5:]))
    assert end - at <= 1  # one line, or two
    assert " ".join(line.strip() for line in lines[at:end + 1]) == f"Legplan {NAME}"  # every word, none cut off
    # a j's hook reaches under the letter before it ("Intergemeentelijk" at 30 pt): that is the typeface, not a clash
    assert [clash for clash in overlapping(boxes) if clash[:2] != ("i", "j")] == []


def _text(path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return document[0].get_textpage().get_text_range().replace("\r", "")
    finally:
        document.close()


def test_a_150_character_name_prints_in_the_matrix_title(tmp_path):
    code, output = run("build", "--only", "matrix", "--municipality", NAME, "--out", tmp_path)
    assert code == 0, output
    boxes = glyph_boxes(tmp_path / "nl" / "matrix-a3.pdf", 0)
    assert overlapping(boxes) == []
    assert all(word in "".join(b[0] for b in boxes) for word in NAME.replace(",", "").split())
    assert all(0 <= b[1] and b[3] <= 420 and 0 <= b[2] and b[4] <= 297 for b in boxes)


def test_a_151_character_name_is_refused_in_one_sentence(tmp_path):
    code, output = run("legplan", "--municipality", NAME + "x", "--out", tmp_path)
    assert code == 1 and "151 characters long; at most 150" in output and "Traceback" not in output
