"""The preflight's print rules, on small PDFs made to break them: the safe zone of cards, the border an office printer
cannot reach, the smallest text, and single-ink small text in the print-shop file. Each problem is reported with its
page, its place in mm and the text or object concerned; `kit check` reads the rules from the manifest beside a file."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kit.cli.main import cli
from kit.typeset import fonts
from tests.pdfread import MM


def _run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def _pdf(path, size_mm, draw, *, trim_inset_mm: float = 0.0, cmyk: bool = False):
    """A PDF of one page with embedded fonts and page boxes; `draw(canvas)` paints it, in points."""
    from reportlab.pdfgen.canvas import Canvas

    fonts.register()
    width, height = size_mm[0] * MM, size_mm[1] * MM
    canvas = Canvas(str(path), pagesize=(width, height), invariant=1, initialFontName=fonts.REGULAR,
                    enforceColorSpace="cmyk" if cmyk else None)
    inset = trim_inset_mm * MM
    canvas.setTrimBox((inset, inset, width - inset, height - inset))
    canvas.setBleedBox((0, 0, width, height))
    draw(canvas)
    canvas.showPage()
    canvas.save()


def _manifest(folder, **entry):
    (folder / "manifest.json").write_text(json.dumps({"lang": "nl", "files": [entry]}), encoding="utf-8")


def _text(canvas, x_mm, y_mm, words, size=8.0, font=fonts.REGULAR):
    canvas.setFont(font, size)
    canvas.drawString(x_mm * MM, y_mm * MM, words)


# -- the safe zone ---------------------------------------------------------------------------------


def test_check_finds_text_in_a_cards_safe_zone_with_page_place_and_text(tmp_path):
    """A print-shop card (70 x 70 mm plus 3 mm bleed) whose band text's top glyph is 2.1 mm under the trim, as the
    square preset's was: the manifest says the cards keep 3.5 mm."""
    path = tmp_path / "cards-printshop.pdf"

    def draw(c):
        c.setFillColorCMYK(0, 0, 0, 1)
        _text(c, 15, 3 + 70 - 2.1 - 0.758 * 8 / MM, "Dienstverlening en", font=fonts.BOLD)  # the dot of an i: 0.758 em
        _text(c, 15, 40, "Comfortably inside")

    _pdf(path, (76, 76), draw, trim_inset_mm=3, cmyk=True)
    _manifest(tmp_path, path=path.name, kind="cards-printshop", pages=1, page_size_mm=[76, 76], printer="print shop",
              safe_zone={"safe_mm": 3.5})
    code, output = _run("check", path, "--no-qr")
    assert code == 1
    line = next(line for line in output.splitlines() if "FAIL safe" in line)
    assert re.search(r"page 1: text 'Dienstverlening en' \(x 15\.\d\d.*mm\) comes 2\.1\d mm from the top trim of its card "
                     r"\(x 3\.0, y 3\.0 mm\), inside the 3\.5 mm safe zone", line), line
    assert "Comfortably" not in output


def test_check_reads_the_trims_of_a_home_sheet_from_the_manifest(tmp_path):
    """On a home sheet the manifest lists where each card's trim lies on fronts and backs; text is held to the card
    it stands on, and a sheet's own text outside every card is not."""
    path = tmp_path / "cards-home-a4.pdf"

    def draw(c):
        _text(c, 20, 150, "Inside card one")
        _text(c, 100 + 63 - 24, 120, "Near the right trim")  # ends 1.1 mm from the trim of card two
        _text(c, 20, 8, "Sheet label, on no card")

    _pdf(path, (297, 210), draw)
    trims = [[10, 110, 63, 88], [100, 110, 63, 88]]
    _manifest(tmp_path, path=path.name, kind="cards-home", pages=1, page_size_mm=[297, 210], printer="office",
              unprintable_mm=5, safe_zone={"safe_mm": 3.5, "front": trims, "back": trims})
    code, output = _run("check", path, "--no-qr")
    assert code == 1
    fails = [line for line in output.splitlines() if "FAIL safe" in line]
    assert len(fails) == 1 and "'Near the right trim'" in fails[0], output
    assert re.search(r"comes 1\.1\d mm from the right trim of its card \(x 100\.0, y 110\.0 mm\)", fails[0]), fails[0]


def test_the_builds_preflight_stops_a_card_whose_text_enters_the_safe_zone(tmp_path, monkeypatch):
    """Were the layout's own check to miss it, the build's preflight reads the glyphs back from the PDFs."""
    import shutil

    import kit.typeset.card
    from kit.build.builder import build_language
    from kit.build.context import load_context
    from kit.content.catalog import DEFAULT_CONTENT
    from kit.content.config import KitConfig
    from kit.errors import KitError
    from kit.layout.presets import DEFAULT_LAYOUTS

    layouts = tmp_path / "layouts"
    shutil.copytree(DEFAULT_LAYOUTS, layouts)
    square = layouts / "cards" / "square.yaml"
    square.write_text(square.read_text(encoding="utf-8").replace("band_name: [12, 62.75, 45.5, 4.5]", "band_name: [12, 60.5, 44, 9]"),
                      encoding="utf-8")
    monkeypatch.setattr(kit.typeset.card, "check_safe_zone", lambda *args: None)
    ctx = load_context(DEFAULT_CONTENT, "nl", KitConfig(cards="square"), layouts)
    with pytest.raises(KitError, match=r"preflight failed, nothing was written: cards-(home-a4|printshop)\.pdf: page \d+: "
                                       r"text 'Dienstverlening en' .* comes 2\.10 mm from the top trim"):
        build_language(ctx, tmp_path / "out", only=["cards"])
    assert not (tmp_path / "out" / "nl").exists()


# -- the border an office printer cannot reach ----------------------------------------------------


def _lines(c, segments, width_pt, cap=0):
    c.setLineWidth(width_pt)
    c.setLineCap(cap)
    for x1, y1, x2, y2 in segments:
        c.line(x1 * MM, y1 * MM, x2 * MM, y2 * MM)


def test_check_finds_a_stroke_half_in_the_unprintable_border_and_names_it(tmp_path):
    """The tiled legplan's fault: a cut line on x = 5 mm with a 0.4 pt stroke prints half its width in the border."""
    path = tmp_path / "tile.pdf"
    _pdf(path, (297, 210), lambda c: _lines(c, [(5, 20, 5, 200)], 0.4))
    code, output = _run("check", path, "--no-qr", "--border", 5)
    assert code == 1
    line = next(line for line in output.splitlines() if "FAIL border" in line)
    assert re.search(r"page 1: ink 4\.9\d mm from the left edge, inside the 5 mm unprintable border: a line 0\.40 pt wide "
                     r"\(x 4\.86\u20135\.14 mm, y 19\.86\u2013200\.14 mm\)", line), line


def test_border_ink_is_measured_as_printed_caps_and_clipping_included(tmp_path):
    """A crop mark that ends on the border's line with butt caps prints nothing in it, the same mark with square caps
    does; a shape that runs off the page but is clipped to the printable area prints nothing there; text does."""
    def draw(c, square_caps: bool, words: bool):
        _lines(c, [(100, 30, 100, 5), (30, 100, 5, 100)], 0.25, cap=2 if square_caps else 0)
        c.saveState()
        clip = c.beginPath()
        clip.rect(5 * MM, 5 * MM, 287 * MM, 200 * MM)
        c.clipPath(clip, stroke=0, fill=0)
        c.setFillColorRGB(0.2, 0.3, 0.5)
        c.rect(-10 * MM, 150 * MM, 320 * MM, 80 * MM, stroke=0, fill=1)  # a band off the page, clipped
        c.restoreState()
        if words:
            _text(c, 150, 2.5, "Footer too low")

    results = {}
    for square_caps, words in ((False, False), (True, False), (False, True)):
        path = tmp_path / f"marks-{square_caps}-{words}.pdf"
        _pdf(path, (297, 210), lambda c, s=square_caps, w=words: draw(c, s, w))
        results[(square_caps, words)] = _run("check", path, "--no-qr", "--border", 5)
    assert results[(False, False)][0] == 0, results[(False, False)][1]
    code, output = results[(True, False)]
    assert code == 1 and re.search(r"ink 4\.9\d mm from the (bottom|left) edge.*a line 0\.25 pt wide", output), output
    code, output = results[(False, True)]
    assert code == 1 and re.search(r"from the bottom edge, inside the 5 mm unprintable border: text 'Footer too low'", output)


# -- the smallest text ------------------------------------------------------------------------------


def test_check_holds_any_pdf_to_7_pt_and_names_the_small_text(tmp_path):
    """The calibration sheet's numbers were 5 pt: `kit check` let them pass (its floor was 5 pt)."""
    path = tmp_path / "small.pdf"

    def draw(c):
        _text(c, 50, 100, "+4", size=5)
        _text(c, 50, 120, "Readable", size=9)

    _pdf(path, (297, 210), draw)
    code, output = _run("check", path, "--no-qr")
    assert code == 1
    assert re.search(r"FAIL text +page 1: text '\+4' \(x 50\.\d\d\u201352\.\d\d mm, y 100\.\d\d\u2013101\.\d\d mm\) is set at "
                     r"5\.00 pt, under the 7 pt floor", output), output
    assert "smallest text 5.00 pt, under 7 pt" in output and "Readable" not in output


def test_an_artefacts_own_floor_holds_where_it_is_larger(tmp_path):
    path = tmp_path / "cards-printshop.pdf"
    _pdf(path, (69, 94), lambda c: (c.setFillColorCMYK(0, 0, 0, 1), _text(c, 10, 40, "Seven and a half", size=7.5)),
         trim_inset_mm=3, cmyk=True)
    _manifest(tmp_path, path=path.name, kind="cards-printshop", pages=1, page_size_mm=[69, 94], printer="print shop",
              min_text_pt=8)
    code, output = _run("check", path, "--no-qr")
    assert code == 1 and "is set at 7.50 pt, under the 8 pt floor" in output


# -- one solid ink for small text in the print-shop file --------------------------------------------


def test_check_wants_small_print_shop_text_in_one_solid_ink(tmp_path):
    """A 90 % tint of K and a three-ink category colour at 8 pt fail, with the text and its colour; 100 % K, a
    solid single ink and paper white pass, and so does a three-ink colour at 14 pt."""
    path = tmp_path / "cards-printshop.pdf"

    def draw(c):
        rows = [((0, 0, 0, 0.9), 8, "Tinted black body"), ((0.78, 0.2, 0, 0.45), 8, "Bijvoorbeeld"),
                ((0, 0, 0, 1), 8, "Solid black"), ((0, 1, 0, 0), 8, "Solid magenta"), ((0, 0, 0, 0), 8, "Paper white"),
                ((0.78, 0.2, 0, 0.45), 14, "Big heading")]
        for n, (cmyk, size, words) in enumerate(rows):
            c.setFillColorCMYK(*cmyk)
            _text(c, 8, 80 - 10 * n, words, size=size)

    _pdf(path, (69, 94), draw, trim_inset_mm=3, cmyk=True)
    code, output = _run("check", path, "--no-qr", "--cmyk")
    assert code == 1
    fails = [line for line in output.splitlines() if "FAIL ink" in line]
    assert len(fails) == 2, output
    assert re.search(r"page 1: text 'Tinted black body' at x 8\.0, y 80\.0 mm, 8\.00 pt, in C 0 M 0 Y 0 K 90 %", fails[0])
    assert re.search(r"page 1: text 'Bijvoorbeeld' at x 8\.0, y 70\.0 mm, 8\.00 pt, in C 78 M 20 Y 0 K 45 %", fails[1])


def test_text_colour_and_size_follow_the_graphics_state():
    """q and Q restore the colour; a scaled coordinate system scales the size the text prints at."""
    from kit.output.inks import one_solid_ink, text_inks

    content = (b"q 0 0 0 .9 k BT /F1 8 Tf 1 0 0 1 10 10 Tm (a) Tj ET Q "
               b"BT /F1 8 Tf 1 0 0 1 10 20 Tm (b q Q) Tj ET "  # the initial colour, DeviceGray 0: solid black
               b"0 .5 .5 0 k q 2 0 0 2 0 0 cm BT /F1 5 Tf (c) Tj ET Q")
    inks = text_inks(content, None)
    assert [(ink.space, ink.values) for ink in inks] == [("DeviceCMYK", (0.0, 0.0, 0.0, 0.9)), ("DeviceGray", (0.0,)),
                                                         ("DeviceCMYK", (0.0, 0.5, 0.5, 0.0))]
    assert [one_solid_ink(ink) for ink in inks] == [False, True, False]
    assert [ink.size for ink in inks] == pytest.approx([8.0, 8.0, 10.0])  # 5 pt text drawn at twice the scale


def test_check_finds_a_colour_over_the_total_ink_a_print_shop_allows(tmp_path):
    """Rich black of four full inks (400 %) floods coated paper; the palette's colours and 100 % K stay far under."""
    path = tmp_path / "cards-printshop.pdf"

    def draw(c):
        c.setFillColorCMYK(1, 1, 1, 1)
        c.rect(5 * MM, 5 * MM, 30 * MM, 20 * MM, stroke=0, fill=1)
        c.setFillColorCMYK(0.78, 0.2, 0, 0.45)
        c.rect(5 * MM, 40 * MM, 30 * MM, 20 * MM, stroke=0, fill=1)

    _pdf(path, (69, 94), draw, trim_inset_mm=3, cmyk=True)
    code, output = _run("check", path, "--no-qr", "--cmyk")
    assert code == 1
    fails = [line for line in output.splitlines() if "FAIL total" in line]
    assert fails == ["  FAIL total   page 1: a colour of C 100 M 100 Y 100 K 100 % lays down 400 % ink, over the 300 % "
                     "the paper takes"], output
