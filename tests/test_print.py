"""Print hardening: presets and their sheet geometry, back offsets, calibration sheet, cut lines."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from kit.build.cards import cards_and_outputs
from kit.build.context import load_context
from kit.content.catalog import DEFAULT_CONTENT
from kit.content.config import KitConfig
from kit.errors import KitError
from kit.layout.geometry import Rect, grid_sheet
from kit.layout.presets import card_presets, load_card_layout, load_paper
from kit.qr import QrCache
from tests.pdfread import card_placements

from .conftest import make_parts

pytestmark = pytest.mark.xdist_group("test_print")  # on one pytest-xdist worker: the cards without an offset are made once


@pytest.mark.parametrize("paper_name", ["A4", "Letter"])
@pytest.mark.parametrize("preset", card_presets())
def test_every_preset_keeps_marks_outside_the_bleed_and_inside_the_printable_area(preset, paper_name):
    layout = load_card_layout(preset)
    paper = load_paper(paper_name)
    sheet = grid_sheet(paper.width_mm, paper.height_mm, layout.width_mm, layout.height_mm, bleed=layout.bleed_mm,
                       unprintable=paper.unprintable_mm, mark_gap=layout.mark_gap_mm, mark_length=layout.mark_length_mm,
                       shared=layout.shared_cuts)
    assert len(sheet.slots) >= 4
    printable = Rect(0, 0, sheet.width, sheet.height).inset(paper.unprintable_mm)
    art = sheet.block  # all bleeds together
    assert printable.contains(art)
    for slot, (left, right, bottom, top) in zip(sheet.slots, sheet.bleeds):
        assert (slot.w, slot.h) == (layout.width_mm, layout.height_mm)
        assert art.contains(Rect(slot.x - left, slot.y - bottom, slot.w + left + right, slot.h + bottom + top))
    for mark in sheet.marks:
        segment = Rect(min(mark.x1, mark.x2), min(mark.y1, mark.y2), abs(mark.x2 - mark.x1), abs(mark.y2 - mark.y1))
        assert printable.contains(segment), mark
        assert segment.right <= art.x or segment.x >= art.right or segment.top <= art.y or segment.y >= art.top, mark


def test_nine_up_and_a7_counts():
    a4 = load_paper("A4")

    def count(preset):
        layout = load_card_layout(preset)
        return len(grid_sheet(a4.width_mm, a4.height_mm, layout.width_mm, layout.height_mm, bleed=layout.bleed_mm,
                              unprintable=5, mark_gap=layout.mark_gap_mm, mark_length=layout.mark_length_mm,
                              shared=layout.shared_cuts).slots)

    assert count("poker") == 8
    assert count("poker-9up") == 9
    assert count("a7") == 4


def test_preset_extends_and_scales():
    a7 = load_card_layout("a7")
    poker = load_card_layout("poker")
    assert (a7.width_mm, a7.height_mm) == (74, 105)
    assert a7.bleed_mm == poker.bleed_mm
    assert a7.frames["title"].w == pytest.approx(poker.frames["title"].w * 74 / 63, abs=0.01)
    assert a7.qr_symbol_mm >= 12
    assert load_card_layout("poker-9up").shared_cuts and not poker.shared_cuts


def _cards(config):
    p = load_context(DEFAULT_CONTENT, "nl", config)
    return p, cards_and_outputs(p, QrCache())[1]


@pytest.fixture(scope="module")
def unmoved() -> dict:
    """flip -> the card files without a back offset, made when a test first asks (three offsets compare with each)."""
    return {}


@pytest.mark.parametrize("offset", [(1.5, 0.0), (0.0, -2.25), (-0.8, 1.2)])
@pytest.mark.parametrize("flip", ["long", "short"])
def test_back_offset_moves_backs_by_exactly_that(offset, flip, unmoved):
    if flip not in unmoved:
        unmoved[flip] = _cards(KitConfig(flip=flip))[1]
    plain = unmoved[flip]
    _, moved = _cards(KitConfig(flip=flip, back_offset=offset))
    a = PdfReader(io.BytesIO(plain[0][1]))
    b = PdfReader(io.BytesIO(moved[0][1]))
    width, height = plain[0][2]["page_size_mm"]
    swap_vertical = (width > height) == (flip == "long")
    expected = (offset[0], -offset[1]) if swap_vertical else (-offset[0], offset[1])
    for page in (1, 3):
        for (x0, y0, _), (x1, y1, _) in zip(card_placements(a, page), card_placements(b, page)):
            assert (x1 - x0, y1 - y0) == pytest.approx(expected, abs=0.001)
    for (x0, y0, _), (x1, y1, _) in zip(card_placements(a, 0), card_placements(b, 0)):
        assert (x1, y1) == pytest.approx((x0, y0), abs=0.001)  # fronts stay


def test_shared_cut_lines_keep_art_out_of_the_neighbour():
    from tests.pdfread import render

    p, outputs = _cards(KitConfig(cards="poker-9up"))
    path = io.BytesIO(outputs[0][1])
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(outputs[0][1])
        tmp.flush()
        image = render(tmp.name, 0, 100)
        reader = PdfReader(path)
        _width, height = outputs[0][2]["page_size_mm"]
        placements = card_placements(reader, 0)
        # just above the bottom edge of a top-row card lies its question box, not the band of the card below
        x, y, _ = placements[0]
        px = lambda mx, my: (int(mx / 25.4 * 100), int((height - my) / 25.4 * 100))  # noqa: E731
        band = tuple(round(c * 255) for c in p.catalog.category(p.catalog.cards[3].category).colour)
        pixel = image.getpixel(px(x + 45, y + 1.5))
        assert max(abs(a - b) for a, b in zip(pixel, band)) > 40


def test_cut_lines_match_the_pdf_trims():
    _p, outputs = _cards(KitConfig(cards="custom"))
    pdf_entry = outputs[0]
    svg = next(o for o in outputs if o[0].endswith(".svg"))
    text = svg[1].decode()
    width, height = pdf_entry[2]["page_size_mm"]
    assert f'width="{width:g}mm"' in text and f'height="{height:g}mm"' in text
    rects = [tuple(float(v) for v in m) for m in re.findall(r'x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', text)]
    placements = card_placements(PdfReader(io.BytesIO(pdf_entry[1])), 0)
    layout = load_card_layout("custom")
    assert len(rects) == svg[2]["cards_per_sheet"] == len(placements)
    for (x, y, w, h), (px, py, _) in zip(rects, placements):
        assert (x, height - y - h, w, h) == pytest.approx((px, py, layout.width_mm, layout.height_mm), abs=0.001)
    assert 'rx="3"' in text


def test_calibration_sheet_has_two_pages_with_stations():
    p = load_context(DEFAULT_CONTENT, "nl", KitConfig(back_offset=(1.0, 0.5)))
    (_name, data, entry), = make_parts(p, "calibration")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2 and entry["page_size_mm"] == [297.0, 210.0]
    front = reader.pages[0].extract_text()
    assert "back_offset" in front and "\u22124" in front and "+4" in front


def _run(*args):
    from click.testing import CliRunner

    from kit.cli.main import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def test_check_passes_on_our_output(built):
    folder, manifest, _ = built
    pdfs = [folder / f["path"] for f in manifest["files"] if f["path"].endswith(".pdf")]
    code, output = _run("check", *pdfs)
    assert code == 0, output
    assert output.count(": ok") == len(pdfs)
    assert "DeviceCMYK" in output and "smallest text 7.00 pt" in output
    # the manifest tells kit check what each file is for, and so what it is held to
    office = {"cards-home", "legplan-tiled", "matrix", "worksheet-votes", "worksheet-fiches", "manual", "manual-booklet"}
    kinds = {f["kind"]: f for f in manifest["files"]}
    assert {kind for kind, f in kinds.items() if f.get("printer") == "office"} == office
    assert all(kinds[kind]["unprintable_mm"] == 5 for kind in office)
    assert kinds["cards-printshop"]["printer"] == "print shop" and "printer" not in kinds["legplan"]
    assert output.count("ok   border  nothing printed within 5 mm of the sheet's edges") == len(office)
    assert output.count("ok   safe    every card's text keeps 3.5 mm inside its trim (safe zone)") == 2
    assert output.count("ok   ink     text under 12 pt is one solid ink") == 1


def _reportlab_pdf(path, draw, boxes=True):
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(200, 200), invariant=1)
    if boxes:
        canvas.setTrimBox((0, 0, 200, 200))
        canvas.setBleedBox((0, 0, 200, 200))
    draw(canvas)
    canvas.save()


def test_check_fails_on_an_unembedded_font(tmp_path):
    path = tmp_path / "helvetica.pdf"
    _reportlab_pdf(path, lambda c: c.drawString(20, 100, "Helvetica is not embedded"))
    code, output = _run("check", path, "--no-qr")
    assert code == 1 and "fonts not embedded: /Helvetica" in output


def test_check_fails_without_trimbox(tmp_path):
    from kit.typeset import fonts

    fonts.register()
    path = tmp_path / "notrim.pdf"

    def draw(c):
        c.setFont(fonts.REGULAR, 12)
        c.drawString(20, 100, "no boxes")

    _reportlab_pdf(path, draw, boxes=False)
    code, output = _run("check", path, "--no-qr")
    assert code == 1 and "no TrimBox" in output


def test_check_fails_on_an_undecodable_qr(tmp_path):
    import json

    from kit.qr import encode
    from kit.render.card import draw_qr

    payload = "https://forms.example.org/f?card=T01&lang=nl&cat=toegang&m=" + "x" * 120
    path = tmp_path / "cards-home-a4.pdf"

    def draw(c):
        draw_qr(c, encode(payload), 20, 20, 6)  # far too small to scan at 150 dpi

    _reportlab_pdf(path, draw)
    (tmp_path / "manifest.json").write_text(json.dumps({"lang": "nl", "files": [
        {"path": path.name, "kind": "cards-home", "pages": 1, "page_size_mm": [70, 70], "cards": [{"id": "T01", "qr": payload}]}]}))
    code, output = _run("check", path)
    assert code == 1 and "expected QR codes not found" in output


def test_check_fails_on_a_low_resolution_image(tmp_path):
    from PIL import Image

    image = tmp_path / "logo.png"
    Image.new("RGB", (60, 60), (200, 30, 30)).save(image)
    path = tmp_path / "image.pdf"
    _reportlab_pdf(path, lambda c: c.drawImage(str(image), 10, 10, 150, 150))
    code, output = _run("check", path, "--no-qr")
    assert code == 1 and "under 300 dpi" in output


def test_build_stops_when_preflight_fails(tmp_path, monkeypatch):
    import kit.output.preflight as pf

    original = pf.check_pdf

    def failing(*args, **kwargs):
        report = original(*args, **kwargs)
        report.add(None, "fonts", False, "fonts not embedded: /Injected")
        return report

    out = tmp_path / "out"
    assert _run("build", "--only", "cards", "--no-check", "--out", out)[0] == 0  # the earlier files; the check is below
    before = {p.name: p.read_bytes() for p in (out / "nl").iterdir()}
    monkeypatch.setattr(pf, "check_pdf", failing)
    code, output = _run("build", "--only", "cards", "--out", out)
    assert code == 1 and "preflight failed, nothing was written" in output
    assert {p.name: p.read_bytes() for p in (out / "nl").iterdir()} == before


def test_square_cards_carry_question_and_qr_on_their_back(tmp_path):
    from tests.pdfread import decode_qr

    p, outputs = _cards(KitConfig(cards="square"))
    shop = next(o for o in outputs if o[2]["kind"] == "cards-printshop")
    path = tmp_path / "square.pdf"
    path.write_bytes(shop[1])
    reader = PdfReader(path)
    card = p.catalog.cards[0]
    assert card.question.split()[0] in reader.pages[1].extract_text()
    assert decode_qr(path, 0, 200) == []  # the front has no code
    codes = decode_qr(path, 1, 200)
    assert [c for c, _ in codes] == [shop[2]["cards"][0]["qr"]] and codes[0][1] >= 12


def test_only_square_detections_count_as_unreadable_qr_codes():
    from kit.output.preflight import plausible_symbol

    # a real, slightly rotated code, and the skewed shape the detector once found in the manual's bullet list
    assert plausible_symbol([(100, 100), (200, 102), (198, 202), (98, 200)])
    assert not plausible_symbol([(1062, 414), (1260, 189), (1665, 900), (1467, 1125)])
    assert not plausible_symbol([(0, 0), (0, 0), (0, 0), (0, 0)])


def test_a_bad_preset_value_names_the_file_and_line_that_set_it(tmp_path):
    import shutil

    from kit.layout.presets import DEFAULT_LAYOUTS, WorksheetPreset, load_card_layout, load_layout

    layouts = tmp_path / "layouts"
    shutil.copytree(DEFAULT_LAYOUTS, layouts)
    poker = layouts / "cards" / "poker.yaml"
    poker.write_text(poker.read_text(encoding="utf-8").replace("safe_mm: 3.5", "safe_mm: lots"), encoding="utf-8")
    line = next(n for n, text in enumerate(poker.read_text(encoding="utf-8").splitlines(), 1) if "safe_mm" in text)
    with pytest.raises(KitError, match=rf"poker\.yaml:{line}: 'safe_mm' of the cards preset 'poker-9up' must be a number"):
        load_card_layout("poker-9up", layouts)  # the value comes from the preset it extends
    sheet = layouts / "worksheets" / "default.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("  row_mm: 9", "  row_mm: 9\n  rows_mm: 9"), encoding="utf-8")
    with pytest.raises(KitError, match=r"default\.yaml:\d+: the worksheets preset 'default' has an unknown field 'rows_mm'"):
        load_layout("worksheets", WorksheetPreset, layouts)
