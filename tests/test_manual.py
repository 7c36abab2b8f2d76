"""The manual: imposition as a pure function, and the A4 manual and A5 booklet read back from their PDFs."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from kit.content.catalog import DEFAULT_CONTENT
from kit.content.manual import headings, load_manual
from kit.errors import KitError
from kit.layout.imposition import booklet_sheets, padded
from tests.conftest import entry
from tests.pdfread import MM, decode_qr, text_in

pytestmark = pytest.mark.xdist_group("test_manual")  # on one pytest-xdist worker: the A4 manual's text is read once


def test_imposition_small_booklets():
    assert booklet_sheets(4) == [((4, 1), (2, 3))]
    assert booklet_sheets(8) == [((8, 1), (2, 7)), ((6, 3), (4, 5))]
    assert booklet_sheets(12) == [((12, 1), (2, 11)), ((10, 3), (4, 9)), ((8, 5), (6, 7))]
    assert booklet_sheets(16)[-1] == ((10, 7), (8, 9))


@pytest.mark.parametrize("n", range(1, 61))
def test_imposition_any_length(n):
    pages = padded(n)
    assert pages % 4 == 0 and n <= pages < n + 4
    sheets = booklet_sheets(pages)
    assert len(sheets) == pages // 4
    seen = [p for front, back in sheets for p in (*front, *back)]
    assert sorted(seen) == list(range(1, pages + 1))
    for _s, (front, back) in enumerate(sheets):
        # pages facing each other on a side add up to pages + 1, and a sheet's front and back are neighbours
        assert sum(front) == sum(back) == pages + 1
        assert front[1] + 1 == back[0]


def test_imposition_refuses_uneven_counts():
    with pytest.raises(ValueError):
        booklet_sheets(10)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("-\n", ""))


def _positioned(page):
    """The text of a page and (x, y, text) in mm of every text chunk on it, from one pass of pypdf's extraction."""
    chunks = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            chunks.append((x / MM, y / MM, text))

    return page.extract_text(visitor_text=visit), chunks


@pytest.fixture(scope="module")
def manual_pages(built) -> list:
    """Per page of the session's A4 manual: (its text, its positioned chunks), read once for the tests below (pypdf
    reads the whole manual in about half a second, and three tests read it)."""
    folder, manifest, _ = built
    return [_positioned(page) for page in PdfReader(folder / entry(manifest, "manual")["path"]).pages]


def test_manual_text_in_reading_order(manual_pages):
    manual = load_manual(DEFAULT_CONTENT / "nl" / "manual.md")
    # everything but the running footers (below 20 mm), in the order it is drawn
    text = _flat("".join(t for _, chunks in manual_pages for _, y, t in chunks if y > 20))
    position = text.index(_flat("Inhoud"))
    body = text[position + 1 :]
    after_contents = body.index(_flat(manual.chapters[0].title), body.index(_flat(manual.chapters[-1].title)) + 1)
    cursor = after_contents
    for _, title in headings(manual):
        title = title.split(":", 1)[-1] if title.startswith("Fase") else title  # phase banners print "Fase N" apart
        found = body.find(_flat(title), cursor)
        assert found >= 0, f"'{title}' missing or out of order"
        cursor = found
    for phrase in ("46%", "Koning Boudewijnstichting", "digistarter", "digihelper"):
        assert _flat(phrase) in text


def _heading_pages(path, manual):
    """(level, title) -> the page its bookmark opens, for every heading the contents list."""
    reader = PdfReader(path)
    marks = {}

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                marks[(level, _flat(item.title))] = reader.get_destination_page_number(item) + 1

    walk(reader.outline, 1)
    wanted = {(level, _flat(title)): (level, title) for level, title in headings(manual)}
    return {wanted[key]: page for key, page in marks.items() if key in wanted}


def test_contents_page_numbers_match_the_pages(built, manual_pages):
    folder, manifest, _ = built
    path = folder / entry(manifest, "manual")["path"]
    manual = load_manual(DEFAULT_CONTENT / "nl" / "manual.md")
    real = _heading_pages(path, manual)
    rows = {}
    for x, y, t in manual_pages[1][1]:
        rows.setdefault(round(y), []).append((x, t.strip()))
    listed = {}
    for row in rows.values():
        row.sort()
        line = "".join(t for _, t in row)
        found = re.fullmatch(r"(.*?)[ .]*(\d+)", line)  # the title, dot leaders, the page number
        if found:
            listed[_flat(found.group(1))] = int(found.group(2))
    for (_level, title), page in real.items():
        assert listed.get(_flat(title)) == page, f"contents says {listed.get(_flat(title))}, '{title}' is on page {page}"
    footer_numbers = [re.findall(r"^\d+$|^\d+\s|\s\d+$", t.strip()) for t, _ in manual_pages]
    assert footer_numbers[2]  # numbered pages carry their number


def test_bookmarks_point_to_the_headings(built, manual_pages):
    folder, manifest, _ = built
    path = folder / entry(manifest, "manual")["path"]
    reader = PdfReader(path)
    manual = load_manual(DEFAULT_CONTENT / "nl" / "manual.md")
    real = _heading_pages(path, manual)
    assert len(real) == len(headings(manual))  # a bookmark for every heading the contents list
    pages = [_flat(t) for t, _ in manual_pages]
    for (_level, title), page in real.items():
        key = _flat(title.split(":", 1)[-1]) if title.startswith("Fase") else _flat(title)
        assert key in pages[page - 1], f"'{title}' is not on the page its bookmark opens ({page})"
    assert reader.metadata.title.startswith(manual.title)
    assert reader.metadata.author
    assert str(reader.trailer["/Root"]["/Lang"]) == "nl"


def test_every_link_has_a_working_qr_code(built):
    folder, manifest, _ = built
    path = folder / entry(manifest, "manual")["path"]
    manual = load_manual(DEFAULT_CONTENT / "nl" / "manual.md")
    urls = {i.url for c in manual.chapters for b in c.blocks for _, inl in b.items if b.kind in ("bullets", "numbered")
            for i in inl if i.role == "link"}
    assert len(urls) >= 5
    found = set()
    for page in range(len(PdfReader(path).pages)):
        found |= {code for code, _ in decode_qr(path, page, dpi=150)}
    assert urls <= found


def _halves(path, index, footer_only=False):
    """Text of the left and right A5 page of an imposed A4 side (only the footer band, if asked)."""
    height = 18 if footer_only else 210
    return tuple(text_in(path, index, (x, 0, 148.5, height)).strip() for x in (0, 148.5))


def test_booklet_sheets_carry_the_right_page_pairs(built):
    folder, manifest, _ = built
    item = entry(manifest, "manual-booklet")
    path = folder / item["path"]
    pages = item["booklet_pages"]
    assert pages % 4 == 0 and item["pages"] == pages // 2
    assert item["page_size_mm"] == [297, 210]
    expected = [side for front, back in booklet_sheets(pages) for side in (front, back)]
    checked = 0
    for index, pair in enumerate(expected):
        for want, footer in zip(pair, _halves(path, index, footer_only=True)):
            numbers = [int(n) for n in re.findall(r"\b\d+\b", footer)]
            if numbers:
                assert want in numbers, f"side {index + 1}: footer {footer!r} where page {want} belongs"
                checked += 1
    assert checked >= pages - 6  # cover, blanks and back cover carry no number


def test_blank_pages_stand_before_the_back_cover(built):
    folder, manifest, _ = built
    item = entry(manifest, "manual-booklet")
    path = folder / item["path"]
    pages = item["booklet_pages"]
    order = [side for front, back in booklet_sheets(pages) for side in (front, back)]
    text_of = {}
    for index, (left, right) in enumerate(order):
        text_of[left], text_of[right] = _halves(path, index)
    empty = [n for n in range(1, pages + 1) if not text_of[n]]
    assert text_of[pages], "the back cover is the last page"
    assert empty == list(range(pages - len(empty), pages)), f"blank pages {empty} are not just before the back cover"


def test_manual_errors_name_the_line(tmp_path):
    path = tmp_path / "manual.md"
    source = (DEFAULT_CONTENT / "nl" / "manual.md").read_text(encoding="utf-8")
    path.write_text(source.replace("{kit:matrix}", "{kit:matrix2}", 1), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "{kit:matrix2}" in text)
    with pytest.raises(KitError, match=rf"manual\.md:{line}: unknown kit piece \{{kit:matrix2\}}"):
        load_manual(path)
    path.write_text(source.replace("- **Doel:**", "Doel:", 1), encoding="utf-8")
    with pytest.raises(KitError, match="must start with its fact list"):
        load_manual(path)
    path.write_text(source.replace("](https://www.vvsg.be)", "](www.vvsg.be)"), encoding="utf-8")
    with pytest.raises(KitError, match="must start with http"):
        load_manual(path)


def test_the_home_manual_and_booklet_keep_the_office_printers_border_white_and_their_covers_framed(built):
    """Office printers leave a white border: the covers' colour panels and the phase bands stop inside it (they ran
    off the sheet), and still reach close to it, so the cover reads as a framed panel."""
    from kit.content.colour import parse_hex
    from kit.layout.presets import load_manual_layout, load_paper
    from tests.pdfread import border_ink, render

    folder, manifest, _ = built
    preset = load_manual_layout()
    border = load_paper("A4").unprintable_mm
    for kind in ("manual", "manual-booklet"):
        assert border_ink(folder / entry(manifest, kind)["path"], border) == [], kind
    accent = tuple(round(255 * c) for c in parse_hex(preset.accent))
    a4 = preset.formats["a4"]
    cover = render(folder / entry(manifest, "manual")["path"], 0, 100)
    inside = int((a4.edge_mm + 3) / 25.4 * 100)  # a little inside the panel's top-left corner
    assert max(abs(a - b) for a, b in zip(cover.getpixel((inside, inside)), accent)) < 8
    assert a4.edge_mm >= border and preset.formats["a5"].edge_mm >= border
