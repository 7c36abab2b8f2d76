"""The legplan: slots the size of a card, zones for everything, tiles that reassemble the board, customisation."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from kit.build.context import load_context
from kit.build.legplan import outputs as legplan_outputs
from kit.cli.main import cli
from kit.content.catalog import DEFAULT_CONTENT
from kit.content.config import KitConfig
from kit.layout.board import BoardSpec, Tile, ZoneRequest, alignment_marks, plan_board, tile_board
from kit.layout.geometry import Rect
from kit.layout.presets import load_board_layout, load_card_layout, load_paper
from kit.output.files import read_manifest
from tests.pdfread import MM, border_ink

SIZES = {"A0": (1189, 841), "A1": (841, 594), "A2": (594, 420), "A3": (420, 297)}


def _spec():
    cards, board = load_card_layout("poker"), load_board_layout()
    return BoardSpec(cards.width_mm + 2 * board.slot_margin_mm, cards.height_mm + 2 * board.slot_margin_mm,
                     board.margin_mm, board.header_mm, board.footer_mm, board.gap_mm, board.label_mm), cards, board


@pytest.mark.parametrize("size", list(SIZES))
def test_every_zone_fits_with_card_sized_slots(size, built):
    _, _, p = built
    spec, cards, board = _spec()
    assert spec.slot_w == cards.width_mm + 2 * board.slot_margin_mm == 67
    assert spec.slot_h == cards.height_mm + 2 * board.slot_margin_mm == 92
    requests = [ZoneRequest(f"category:{c.id}", sum(k.category == c.id for k in p.catalog.cards)) for c in p.catalog.categories]
    requests += [ZoneRequest("values", 0, fixed=board.values_slots), ZoneRequest("short", board.priority_slots, 4),
                 ZoneRequest("long", board.priority_slots, 4)]
    w, h = SIZES[size]
    sheets = plan_board(w, h, requests, spec)
    zones = {}
    for sheet in sheets:
        for zone in sheet.zones:
            zones.setdefault(zone.key, []).append(zone)
    assert set(zones) == {r.key for r in requests}
    for request in requests:
        parts = zones[request.key]
        assert sum(len(z.slots) for z in parts) == request.slots
        assert [z.first for z in parts] == [sum(len(q.slots) for q in parts[:i]) for i in range(len(parts))]
        for zone in parts:
            for slot in zone.slots:
                assert (slot.w, slot.h) == (67, 92)
                assert zone.body.contains(slot)
    assert board.priority_slots >= 8
    for sheet in sheets:
        page = Rect(0, 0, w, h).inset(spec.margin - 1e-6)
        rects = [z.rect for z in sheet.zones] + [sheet.header]
        for i, a in enumerate(rects):
            assert page.contains(a)
            for b in rects[i + 1:]:
                assert a.right <= b.x + 1e-6 or b.right <= a.x + 1e-6 or a.top <= b.y + 1e-6 or b.top <= a.y + 1e-6
    if size == "A0":
        assert len(sheets) == 1


def own_area(tile: Tile, overlap: float) -> Rect:
    """The part of a tile's region that no earlier tile (above or to the left) shows."""
    left = overlap if tile.col > 1 else 0.0
    top = overlap if tile.row > 1 else 0.0
    r = tile.region
    return Rect(r.x + left, r.y, r.w - left, r.h - top)


@pytest.mark.parametrize("board", [(841, 594), (1189, 841), (420, 297), (1000, 700)])
@pytest.mark.parametrize("paper", [(210, 297), (297, 420)])
def test_tiles_reassemble_the_board(board, paper):
    overlap = 10
    tiles = tile_board(*board, *paper, unprintable=5, overlap=overlap, label=12)
    rows, cols = tiles[0].rows, tiles[0].cols
    assert len(tiles) == rows * cols
    own = [own_area(t, overlap) for t in tiles]
    assert sum(a.w * a.h for a in own) == pytest.approx(board[0] * board[1])
    for i, a in enumerate(own):
        assert Rect(0, 0, *board).contains(a)
        for b in own[i + 1:]:
            assert a.right <= b.x + 1e-6 or b.right <= a.x + 1e-6 or a.top <= b.y + 1e-6 or b.top <= a.y + 1e-6
    grid = {(t.row, t.col): t for t in tiles}
    for (r, c), t in grid.items():
        if (r, c + 1) in grid:
            assert t.region.right - grid[(r, c + 1)].region.x == pytest.approx(overlap)
        if (r + 1, c) in grid:
            assert grid[(r + 1, c)].region.top - t.region.y == pytest.approx(overlap)
        # everything printed lies inside the printable area, label strip included
        x, y = t.origin
        assert x >= 5 and y - 12 >= 5 - 1e-9 and x + t.region.w <= t.page_w - 5 + 1e-9 and y + t.region.h <= t.page_h - 5 + 1e-9


def test_alignment_crosses_meet():
    tiles = tile_board(841, 594, 210, 297, unprintable=5, overlap=10, label=12)
    grid = {(t.row, t.col): t for t in tiles}
    for (r, c), t in grid.items():
        mine = {(round(x, 6), round(y, 6)) for x, y in alignment_marks(t, 10)}
        for neighbour in ((r, c + 1), (r + 1, c)):
            if neighbour in grid:
                theirs = {(round(x, 6), round(y, 6)) for x, y in alignment_marks(grid[neighbour], 10)}
                assert len(mine & theirs) == 2


def _context(**settings):
    return load_context(DEFAULT_CONTENT, "nl", KitConfig(**settings))


@pytest.mark.parametrize("size", ["A0", "A1", "A2", "A3"])
def test_tiled_pages_keep_the_unprintable_border_blank(tmp_path, size):
    """Cut lines, glue margins, crosses and labels stay clear of the 5 mm border, strokes included."""
    outputs = legplan_outputs(_context(municipality="Écaussinnes"), size)
    path = tmp_path / "tiled.pdf"
    path.write_bytes(outputs[1][1])
    assert border_ink(path, load_paper(load_board_layout().tile_paper).unprintable_mm) == []


@pytest.mark.parametrize("size", ["A0", "A1", "A2", "A3"])
@pytest.mark.parametrize("paper", ["A4", "A3", "Letter"])
def test_every_tile_mark_keeps_its_whole_stroke_in_the_printable_area(size, paper):
    from kit.layout.board import tile_marks

    board, tile_paper = load_board_layout(), load_paper(paper)
    style = board.tiles
    cut, glue = style.cut_line_pt / MM, style.glue_line_pt / MM
    tiles = tile_board(*SIZES[size], tile_paper.width_mm, tile_paper.height_mm, unprintable=tile_paper.unprintable_mm,
                       overlap=board.tile_overlap_mm, label=board.tile_label_mm)
    for tile in tiles:
        printable = Rect(0, 0, tile.page_w, tile.page_h).inset(tile_paper.unprintable_mm)
        marks = tile_marks(tile, board.tile_overlap_mm, cut_line_mm=cut, glue_line_mm=glue)
        assert len(marks.cut_lines) == (tile.col > 1) + (tile.row > 1)
        assert len(marks.glue) == len(marks.glue_lines) == (tile.col < tile.cols) + (tile.row < tile.rows)
        strokes = [(line, cut) for line in marks.cut_lines] + [(line, glue) for line in marks.glue_lines]
        for line, width in strokes:  # the line's box grown by its whole width: any cap, any join
            box = Rect(min(line.x1, line.x2), min(line.y1, line.y2), abs(line.x2 - line.x1), abs(line.y2 - line.y1))
            assert printable.contains(box.expand(width), tol=1e-9), (tile.row, tile.col, line)
        for rect in marks.glue:
            assert printable.contains(rect, tol=1e-9)


def test_tile_pages_show_their_region_of_the_board(built):
    _folder, _manifest, p = built
    outputs = legplan_outputs(p)
    reader = PdfReader(__import__("io").BytesIO(outputs[1][1]))
    sheet_w, sheet_h = outputs[0][2]["page_size_mm"]
    board = load_board_layout()
    paper = load_paper(board.tile_paper)
    tiles = tile_board(sheet_w, sheet_h, paper.width_mm, paper.height_mm, unprintable=5, overlap=board.tile_overlap_mm,
                       label=board.tile_label_mm)
    from pypdf.generic import ContentStream

    for tile, page in zip(tiles, reader.pages):
        ops = ContentStream(page.get_contents(), reader).operations
        rect = next(args for args, op in ops if op == b"re")
        assert [float(v) / MM for v in rect] == pytest.approx([*tile.origin, tile.region.w, tile.region.h], abs=0.01)
        shift = [args for args, op in ops if op == b"cm"][1]
        assert float(shift[4]) / MM == pytest.approx(tile.origin[0] - tile.region.x, abs=0.01)
        assert float(shift[5]) / MM == pytest.approx(tile.origin[1] - tile.region.y, abs=0.01)


def _pdf_text(data: bytes) -> str:
    import io

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("name", ["Sint-Genesius-Rode", "Écaussinnes", "Comines-Warneton / Komen-Waasten"])
def test_customisation_is_printed(name, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 160), (30, 90, 160)).save(logo)
    outputs = legplan_outputs(_context(municipality=name, date="2026-03-17", values=("Nabijheid", "Iedereen mee"), logo=str(logo)))
    text = _pdf_text(outputs[0][1])
    assert name in text
    assert "17 maart 2026" in text
    assert "Nabijheid" in text and "Iedereen mee" in text
    assert PdfReader(__import__("io").BytesIO(outputs[0][1])).pages[0].images  # the logo is on the board
    assert "/" not in outputs[0][0] and outputs[0][0].startswith("legplan-")


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def test_cli_legplan_with_svg_logo_and_a0(tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#1f6f8b"/></svg>')
    code, output = run("legplan", "--municipality", "Sint-Genesius-Rode", "--logo", logo, "--date", "2026-03-17",
                       "--values", "Nabijheid; Samen", "--size", "a0", "--out", tmp_path / "out")
    assert code == 0, output
    manifest = read_manifest(tmp_path / "out" / "nl")
    paths = [f["path"] for f in manifest["files"]]
    assert "legplan-sint-genesius-rode-a0.pdf" in paths
    entry = next(f for f in manifest["files"] if f["kind"] == "legplan")
    assert entry["page_size_mm"] == [1189, 841] and entry["pages"] == 1


def test_file_name_cannot_escape_the_output_folder(tmp_path):
    out = tmp_path / "out"
    code, output = run("legplan", "--municipality", "../../etc/passwd", "--out", out)
    assert code == 0, output
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == {"nl/legplan-etc-passwd-a1.pdf", "nl/legplan-etc-passwd-a1-tiled-a4.pdf", "nl/manifest.json"}


def _png(path, size=(100, 100)):
    Image.new("RGB", size, (200, 0, 0)).save(path)
    return path


@pytest.mark.parametrize(
    "make, args, message",
    [
        (None, ["--logo", "missing.png"], "logo file not found"),
        (lambda d: (d / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 20) and d / "bad.png", [], "could not be read"),
        (lambda d: _png(d / "huge.png", (9000, 10)), [], "9000x10 pixels"),
        (lambda d: (d / "logo.gif").write_bytes(b"GIF89a" + b"\0" * 50) and d / "logo.gif", [], "must be a PNG, JPEG or SVG"),
        (lambda d: (d / "bad.svg").write_text("<svg><rect") and d / "bad.svg", [], "SVG logo could not be read"),
        (None, ["--date", "17/03/2026"], "must be written as YYYY-MM-DD"),
        (None, ["--date", "2026-02-30"], "does not exist"),
        (None, ["--values", ",".join(f"waarde {i}" for i in range(9))], "room for 8"),
        (None, ["--values", "x" * 41], "at most 40"),
        (None, ["--municipality", "G" * 151], "at most 150"),
        (None, ["--municipality", "Gemeente\u200b"], "invisible character"),
        (None, ["--size", "A5"], "Invalid value for '--size'"),
    ],
)
def test_bad_customisation_is_one_clear_error(tmp_path, make, args, message):
    out = tmp_path / "out"
    assert run("legplan", "--municipality", "Gent", "--out", out)[0] == 0
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()}
    if make:
        args = ["--logo", make(tmp_path)] + args
    code, output = run("legplan", "--municipality", "Gent", *args, "--out", out)
    assert code != 0
    assert message in output and "Traceback" not in output
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()} == before
