"""Properties of the generated card PDFs, read back from the files themselves."""

from __future__ import annotations

import hashlib
import itertools

import pytest
from pypdf import PdfReader

import kit
from kit.build import workers
from kit.build.builder import build_language
from kit.build.context import load_context
from kit.content.sources import content_hash
from kit.layout.geometry import Rect, grid_sheet, mirror_for_back
from kit.layout.presets import load_card_layout, load_paper
from kit.qr import QUIET_MODULES
from tests.conftest import entry
from tests.pdfread import MM, card_placements, decode_qr, glyph_boxes, render

TOL = 0.01  # mm


def test_every_file_says_which_tool_and_texts_made_it(built):
    """The manifest and each PDF's metadata carry the tool's version and the content's hash: a printed kit is traced."""
    folder, manifest, p = built
    assert (manifest["tool"], manifest["version"]) == ("beleidstool-kit", kit.__version__)
    assert manifest["content_hash"] == content_hash(p.content, "nl") and len(manifest["content_hash"]) == 16
    assert all((f["version"], f["content_hash"]) == (kit.__version__, manifest["content_hash"]) for f in manifest["files"])
    pdfs = [f["path"] for f in manifest["files"] if f["path"].endswith(".pdf")]
    assert len(pdfs) == 9
    for name in pdfs:
        info = PdfReader(folder / name).metadata
        assert info["/Creator"] == f"beleidstool-kit {kit.__version__} (content {manifest['content_hash']})", name
        assert info["/Title"] and info["/Author"], name


def test_manifest_lists_both_card_files(built):
    folder, manifest, p = built
    assert manifest["lang"] == "nl"
    home, shop = entry(manifest, "cards-home"), entry(manifest, "cards-printshop")
    assert home["path"] == "cards-home-a4.pdf" and (folder / home["path"]).is_file()
    assert home["page_size_mm"] == [297.0, 210.0]
    assert shop["page_size_mm"] == [69.0, 94.0]
    ids = [card.id for card in p.catalog.cards]
    assert [c["id"] for c in home["cards"]] == ids == [c["id"] for c in shop["cards"]]
    assert all(c["qr"].startswith("https://forms.example.org/f?card=") for c in home["cards"])
    for item in manifest["files"]:
        if item["path"].endswith(".pdf"):
            assert len(PdfReader(folder / item["path"]).pages) == item["pages"]


def test_home_sheet_holds_eight_cards_with_own_bleed(built):
    folder, manifest, _ = built
    reader = PdfReader(folder / entry(manifest, "cards-home")["path"])
    placements = card_placements(reader, 0)
    assert len(placements) == 8
    xs = sorted({round(x, 3) for x, _, _ in placements})
    # 63 mm cards with 3 mm bleed each side: trims 69 mm apart
    assert all(abs((b - a) - 69) < TOL for a, b in itertools.pairwise(xs))


def test_every_qr_decodes_to_its_manifest_payload(built):
    folder, manifest, _ = built
    shop = entry(manifest, "cards-printshop")
    for number, card in enumerate(shop["cards"]):
        codes = decode_qr(folder / shop["path"], 2 * number, dpi=300)
        assert [text for text, _ in codes] == [card["qr"]], card["id"]
        assert codes[0][1] >= 12.0, f"{card['id']}: QR symbol only {codes[0][1]:.1f} mm wide"


def test_qr_codes_decode_on_the_home_sheets(built):
    folder, manifest, _ = built
    home = entry(manifest, "cards-home")
    expected = [c["qr"] for c in home["cards"]]
    seen = []
    for page in range(0, home["pages"], 2):
        seen += [text for text, _ in decode_qr(folder / home["path"], page, dpi=200)]
    assert sorted(seen) == sorted(expected)


def test_printshop_boxes(built):
    folder, manifest, p = built
    layout = load_card_layout(p.config.cards)
    reader = PdfReader(folder / entry(manifest, "cards-printshop")["path"])
    for page in reader.pages:
        media = [float(v) / MM for v in page.mediabox]
        trim = [float(v) / MM for v in page.trimbox]
        bleed = [float(v) / MM for v in page.bleedbox]
        assert media == pytest.approx([0, 0, 69, 94], abs=TOL)
        assert bleed == pytest.approx(media, abs=TOL)
        assert trim == pytest.approx([3, 3, 66, 91], abs=TOL)
        assert trim[2] - trim[0] == pytest.approx(layout.width_mm, abs=TOL)


def test_art_runs_into_the_bleed(built):
    folder, manifest, _p = built
    path = folder / entry(manifest, "cards-printshop")["path"]
    dpi = 300
    front = render(path, 0, dpi)
    back = render(path, 1, dpi)
    px = lambda mm: int(mm / 25.4 * dpi)  # noqa: E731
    # the corners of the page are bleed: the band (front) and the back colour reach them, same as inside the trim
    for image in (front, back):
        inside = image.getpixel((px(20), px(8)))
        assert sum(inside) < 600  # coloured, not paper
        for corner in ((px(0.5), px(0.5)), (px(68.5), px(0.5))):
            assert all(abs(a - b) <= 2 for a, b in zip(image.getpixel(corner), inside))


def test_print_shop_file_is_cmyk_with_pure_black_text(built):
    from pypdf.generic import ContentStream

    folder, manifest, p = built
    reader = PdfReader(folder / entry(manifest, "cards-printshop")["path"])
    seen = set()

    def scan(content):
        in_text = False
        for operands, op in ContentStream(content, reader).operations:
            if op in (b"rg", b"RG", b"g", b"G", b"k", b"K", b"scn", b"sc"):
                seen.add(op)
            if op == b"BT":
                in_text = True
            elif op == b"ET":
                in_text = False
            elif op == b"k" and in_text:
                c, m, y, k = (float(v) for v in operands)
                if c + m + y > 0:  # coloured text is allowed (labels in the category colour), black text is K only
                    assert k < 0.8, "rich black text"

    for page in reader.pages[:6]:
        scan(page.get_contents())
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            scan(xobject.get_object())
    assert seen <= {b"k", b"K"}, seen
    category = p.catalog.categories[0]
    assert category.cmyk is not None
    intent = reader.trailer["/Root"]["/OutputIntents"][0]
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert reader.metadata["/Trapped"] == "/False" and reader.metadata.title
    assert str(reader.trailer["/Root"]["/Lang"]) == "nl"


def test_all_fonts_are_embedded(built):
    folder, manifest, _ = built
    for item in manifest["files"]:
        if not item["path"].endswith(".pdf"):
            continue
        reader = PdfReader(folder / item["path"])
        fonts = {}
        for page in reader.pages:
            _collect_fonts(page["/Resources"], fonts)
        assert fonts, item["path"]
        for name, font in fonts.items():
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            assert descriptor is not None, f"{item['path']}: font {name} has no descriptor (not embedded)"
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} not embedded"


def _collect_fonts(resources, fonts):
    resources = resources.get_object()
    for _name, font in (resources.get("/Font") or {}).items():
        font = font.get_object()
        fonts[str(font.get("/BaseFont"))] = font
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if "/Resources" in xobject:
            _collect_fonts(xobject["/Resources"], fonts)


def test_duplex_fronts_and_backs_coincide(built):
    """Turn each sheet over its flip edge: every back lands exactly on its own card, in its own category."""
    folder, manifest, p = built
    home = entry(manifest, "cards-home")
    reader = PdfReader(folder / home["path"])
    layout = load_card_layout(p.config.cards)
    width, height = home["page_size_mm"]
    cards = [p.catalog.card(c["id"]) for c in home["cards"]]
    index = 0
    for page in range(0, home["pages"], 2):
        fronts = card_placements(reader, page)
        backs = card_placements(reader, page + 1)
        assert len(fronts) == len(backs)
        for x, y, _ in fronts:
            card = cards[index]
            index += 1
            turned = mirror_for_back(Rect(x, y, layout.width_mm, layout.height_mm), width, height, p.config.flip)
            match = [b for b in backs if abs(b[0] - turned.x) < TOL and abs(b[1] - turned.y) < TOL]
            assert len(match) == 1, f"no back behind {card.id}"
            assert match[0][2] == f"/FormXob.back-{card.category}", card.id
    assert index == len(cards)


def test_long_edge_flip_on_landscape_swaps_rows_on_the_rendered_sheet(built):
    """Check it on pixels too: the back colour found behind the first front card is that card's colour."""
    folder, manifest, p = built
    home = entry(manifest, "cards-home")
    path = folder / home["path"]
    dpi = 50
    front, back = render(path, 0, dpi), render(path, 1, dpi)
    reader = PdfReader(path)
    layout = load_card_layout(p.config.cards)
    width, height = home["page_size_mm"]
    px = lambda x, y: (int(x / 25.4 * dpi), int((height - y) / 25.4 * dpi))  # noqa: E731
    for x, y, _ in card_placements(reader, 0):
        band = front.getpixel(px(x + 2, y + layout.height_mm - 2))
        turned = mirror_for_back(Rect(x, y, layout.width_mm, layout.height_mm), width, height, "long")
        behind = back.getpixel(px(turned.x + 2, turned.y + 2))
        assert all(abs(a - b) <= 3 for a, b in zip(band, behind))


def test_no_text_leaves_the_safe_area_or_touches_the_qr(built):
    folder, manifest, p = built
    layout = load_card_layout(p.config.cards)
    shop = entry(manifest, "cards-printshop")
    path = folder / shop["path"]
    b = layout.bleed_mm
    safe = Rect(b, b, layout.width_mm, layout.height_mm).inset(layout.safe_mm - 0.3)
    for page in range(shop["pages"]):
        boxes = glyph_boxes(path, page)
        assert boxes
        qr = None
        if page % 2 == 0:
            modules = len(_matrix_for(p, shop["cards"][page // 2]["qr"]))
            quiet = QUIET_MODULES * layout.qr_symbol_mm / modules
            qr = Rect(b + layout.qr_x_mm, b + layout.qr_y_mm, layout.qr_symbol_mm, layout.qr_symbol_mm).expand(quiet)
        for char, left, bottom, right, top in boxes:
            glyph = Rect(left, bottom, right - left, top - bottom)
            assert safe.contains(glyph, tol=0.05), f"page {page + 1}: '{char}' at {glyph} leaves the safe area"
            if qr:
                overlap = glyph.x < qr.right and glyph.right > qr.x and glyph.y < qr.top and glyph.top > qr.y
                assert not overlap, f"page {page + 1}: '{char}' lies on the QR code"


def _matrix_for(p, payload):
    from kit.qr import encode

    return encode(payload)


def test_text_stays_inside_its_frames_on_a_card(built):
    """Glyphs of the title sit in the title frame, glyphs of the question in the question box."""
    folder, manifest, p = built
    layout = load_card_layout(p.config.cards)
    path = folder / entry(manifest, "cards-printshop")["path"]
    b = layout.bleed_mm
    frames = {name: Rect(f.x + b, f.y + b, f.w, f.h) for name, f in layout.frames.items()}
    boxes = glyph_boxes(path, 0)
    text = "".join(c for c, *_ in boxes)
    card = p.catalog.cards[0]
    assert card.title.replace(" ", "") in text
    title_chars = boxes[text.index(card.title.replace(" ", "")[:5]) :][: len(card.title.replace(" ", ""))]
    for char, left, bottom, right, top in title_chars:
        assert frames["title"].contains(Rect(left, bottom, right - left, top - bottom), tol=0.3), char
    start = text.index(card.question.replace(" ", "")[:8])
    for char, left, bottom, right, top in boxes[start : start + len(card.question.replace(" ", ""))]:
        assert frames["question"].contains(Rect(left, bottom, right - left, top - bottom), tol=0.3), char


def test_rebuild_is_byte_identical_without_fork_too(built, tmp_path, config, monkeypatch):
    """The whole kit with its preflight, rebuilt in one process (as where there is no fork: the manual is made
    beside the rest and the preflight runs in warm workers only when forked) gives the bytes of the forked build."""
    folder, manifest, p = built
    monkeypatch.setenv("KIT_START_METHOD", "none")
    assert not workers.can_fork() and not workers.can_spread()
    again = build_language(load_context(p.content, "nl", config), tmp_path)
    for item in manifest["files"] + [{"path": "manifest.json"}]:
        first = hashlib.sha256((folder / item["path"]).read_bytes()).hexdigest()
        second = hashlib.sha256((again.folder / item["path"]).read_bytes()).hexdigest()
        assert first == second, item["path"]


def test_grid_geometry_of_every_paper():
    layout = load_card_layout("poker")
    for name, count in (("A4", 8), ("Letter", 6)):
        paper = load_paper(name)
        sheet = grid_sheet(paper.width_mm, paper.height_mm, layout.width_mm, layout.height_mm, bleed=3,
                           unprintable=paper.unprintable_mm, mark_gap=1, mark_length=5)
        assert len(sheet.slots) == count
        printable = Rect(0, 0, sheet.width, sheet.height).inset(paper.unprintable_mm)
        bleeds = [s.expand(3) for s in sheet.slots]
        for mark in sheet.marks:
            segment = Rect(min(mark.x1, mark.x2), min(mark.y1, mark.y2), abs(mark.x2 - mark.x1), abs(mark.y2 - mark.y1))
            assert printable.contains(segment), f"{name}: mark {mark} in the unprintable border"
            for bleed in bleeds:
                inside = segment.x < bleed.right and segment.right > bleed.x and segment.y < bleed.top and segment.top > bleed.y
                assert not inside, f"{name}: mark {mark} cuts into the bleed"
            assert abs(mark.x2 - mark.x1) + abs(mark.y2 - mark.y1) >= 2


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
@pytest.mark.parametrize("preset", ["poker", "poker-9up", "a7", "square", "custom"])
def test_every_glyph_of_every_card_face_keeps_out_of_the_safe_zone(tmp_path, preset, lang):
    """Read back from the print-shop file (one card face per page, with its TrimBox): no glyph of any card, front
    or back, comes closer to the trim than the preset's safe_mm, in any language."""
    from kit.build.cards import cards_and_outputs
    from kit.content.catalog import DEFAULT_CONTENT
    from kit.content.config import KitConfig
    from kit.qr import QrCache
    from tests.pdfread import every_glyph_box

    ctx = load_context(DEFAULT_CONTENT, lang, KitConfig(cards=preset))
    shop = next(o for o in cards_and_outputs(ctx, QrCache())[1] if o[2]["kind"] == "cards-printshop")
    path = tmp_path / shop[0]
    path.write_bytes(shop[1])
    safe = load_card_layout(preset).safe_mm
    intruders = []
    for number, ((left, bottom, right, top), boxes) in enumerate(every_glyph_box(path), 1):
        for char, x1, y1, x2, y2 in boxes:
            if min(x1 - left, y1 - bottom, right - x2, top - y2) < safe - TOL:
                intruders.append(f"page {number} '{char}' {min(x1 - left, y1 - bottom, right - x2, top - y2):.2f} mm")
    assert intruders == []


def test_a_text_that_reaches_into_the_safe_zone_stops_the_layout_naming_language_card_and_field(tmp_path):
    """What `kit validate` and `kit build` say when a frame lets text into the safe zone: here the square preset
    as it was, whose band name wrapped to a second line 2.1 mm under the top trim."""
    import shutil

    from kit.content.catalog import DEFAULT_CONTENT
    from kit.content.config import KitConfig
    from kit.errors import KitError
    from kit.layout.presets import DEFAULT_LAYOUTS
    from tests.conftest import make_parts

    layouts = tmp_path / "layouts"
    shutil.copytree(DEFAULT_LAYOUTS, layouts)
    square = layouts / "cards" / "square.yaml"
    text = square.read_text(encoding="utf-8")
    text = text.replace("band_name: [12, 62.75, 45.5, 4.5]", "band_name: [12, 60.5, 44, 9]")
    square.write_text(text.replace("card_id: [57.5, 60.5, 9, 9]", "card_id: [56, 60.5, 10.5, 9]"), encoding="utf-8")
    ctx = load_context(DEFAULT_CONTENT, "de", KitConfig(cards="square"), layouts)
    with pytest.raises(KitError, match=r"^language de, card D01, field category name: the text reaches 2\.\d\d mm from "
                                       r"the top edge of the card, inside its 3\.5 mm safe zone"):
        make_parts(ctx, "cards")


def test_print_shop_text_is_one_solid_ink_and_home_text_keeps_its_screen_colours(built):
    """On press a tint of black is screened and a colour of two or three inks fringes when the plates shift: every
    text of the print-shop file is 100 % K or paper white, the "for example" label and the bullets included; the
    home file keeps the near-black and the category colours of the screen."""
    from tests.pdfread import text_colours

    folder, manifest, p = built
    shop = folder / entry(manifest, "cards-printshop")["path"]
    blank = next(i for i, card in enumerate(p.catalog.cards) if card.blank)
    for index in (0, 1, 2 * blank, 2 * blank + 1):  # a card's front and back, a blank card's front and back
        colours = text_colours(shop, index)
        assert colours and set(colours) <= {("k", (0.0, 0.0, 0.0, 1.0)), ("k", (0.0, 0.0, 0.0, 0.0))}, (index, set(colours))
    home = set(text_colours(folder / entry(manifest, "cards-home")["path"], 0))
    category = p.catalog.category(p.catalog.cards[0].category).colour
    assert ("rg", (0.1, 0.1, 0.1)) in home  # the kit's near-black
    assert ("rg", tuple(round(c, 4) for c in category)) in home  # the label and the bullets
