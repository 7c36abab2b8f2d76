"""The HTML edition (output/<lang>/html/ and /kit/<lang>/ on kit serve): every card with its texts and the link its QR
code opens, headings in order, a language, no script, links that resolve, byte-identical rebuilds, and zero axe-core
WCAG 2.2 A/AA violations on every page in Dutch and French, opened from disk and served, with no sideways scrolling
at 320 px."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from kit.build.builder import build_language
from kit.build.context import load_context
from kit.content import typography
from kit.content.catalog import DEFAULT_CONTENT, load_language, load_matrix
from kit.content.colour import MIN_CONTRAST, contrast, parse_hex
from kit.edition import language_edition
from kit.edition.pages import band_colours
from kit.errors import KitError
from kit.output.files import output, read_manifest
from tests import test_accessibility as a11y
from tests.test_accessibility import LANGUAGES, accessible_at, no_sideways_scrolling

pytestmark = pytest.mark.xdist_group("test_html_edition")  # on one pytest-xdist worker: its editions and live kit serve are made once

served = a11y.served  # the accessibility tests' live kit serve, as a fixture here too

PAGES = ("index.html", "manual.html", "cards.html", "worksheets.html", "matrix.html")


@pytest.fixture(scope="module")
def editions(tmp_path_factory, config):
    """The html part built for nl and fr: {lang: (html folder, manifest, context)}."""
    out = tmp_path_factory.mktemp("edition")
    made = {}
    for lang in LANGUAGES:
        ctx = load_context(DEFAULT_CONTENT, lang, config)
        result = build_language(ctx, out, only=["html"])
        made[lang] = (result.folder / "html", read_manifest(result.folder), ctx)
    return made


def parse(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def text(element) -> str:
    return " ".join(element.text_content().split())


def test_the_pages_are_written_and_listed_in_the_manifest(editions):
    for lang, (folder, manifest, _) in editions.items():
        listed = {entry["path"]: entry for entry in manifest["files"]}
        for name in (*PAGES, "edition.css"):
            assert (folder / name).is_file(), (lang, name)
            entry = listed[f"html/{name}"]
            assert entry["kind"] == "html" and entry["pages"] is None
            assert entry["media_type"] == ("text/css" if name.endswith(".css") else "text/html")
        assert sorted(p.name for p in folder.iterdir()) == sorted((*PAGES, "edition.css"))


def test_the_full_kit_holds_the_edition_and_a_rebuild_is_byte_identical(built, config, tmp_path):
    """The whole kit writes the edition; building only the html part again gives the very same bytes."""
    folder, manifest, _ = built
    assert "html" in {entry["kind"] for entry in manifest["files"]}
    again = build_language(load_context(DEFAULT_CONTENT, "nl", config), tmp_path, only=["html"]).folder / "html"
    for name in (*PAGES, "edition.css"):
        assert (folder / "html" / name).read_bytes() == (again / name).read_bytes(), name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_card_is_there_with_its_texts_and_the_link_its_qr_code_opens(editions, lang):
    folder, manifest, ctx = editions[lang]
    page = parse(folder / "cards.html")
    listed = {card["id"]: card["qr"] for card in next(e for e in manifest["files"] if e["path"] == "html/cards.html")["cards"]}
    municipality = ctx.municipality()
    for card in ctx.catalog.cards:
        category = ctx.catalog.category(card.category)
        assert listed[card.id] == ctx.payload(card)
        if card.blank:
            item = page.get_element_by_id(f"card-{card.id}")
            assert [a.get("href") for a in item.iter("a")] == [ctx.payload(card)]
            block = page.get_element_by_id(f"blanks-{category.prefix}")
            assert ctx.catalog.text("edition.blank_purpose") in text(block)
            assert ctx.catalog.text("card.blank_name") in text(block) and category.name in text(block)
            continue
        article = page.get_element_by_id(f"card-{card.id}")
        # with French narrow no-break spaces where the typesetter puts them (kit.content.typography)
        filled = lambda value: typography.rules(lang).spaced(value.replace("{municipality}", municipality))  # noqa: E731
        assert text(article.find("h3")) == f"{card.id} {filled(card.title)}"
        body = text(article)
        for value in (category.name, card.description, *card.examples, card.question):
            assert " ".join(filled(value).split()) in body, (card.id, value)
        assert [li.text_content() for li in article.iter("li")] == [filled(e) for e in card.examples]
        links = [a.get("href") for a in article.iter("a")]
        assert links == [ctx.payload(card)], card.id
        assert ctx.payload(card) in body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_have_a_language_one_h1_headings_in_order_and_no_script(editions, lang):
    folder = editions[lang][0]
    for name in PAGES:
        page = parse(folder / name)
        assert page.get("lang") == lang, name
        levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1 and levels.count(1) == 1, name
        skipped = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert skipped == [], name
        assert page.findall(".//main") and page.findall(".//header") and page.findall(".//nav"), name
        skip = page.find(".//a[@class='skip']")
        assert skip is not None and skip.get("href") == "#main" and page.get_element_by_id("main").tag == "main"
        assert all(img.get("alt") is not None for img in page.iter("img")), name
        assert all(svg.get("aria-hidden") == "true" for svg in page.iter("{http://www.w3.org/2000/svg}svg", "svg")), name
        raw = (folder / name).read_text(encoding="utf-8")
        assert not page.findall(".//script") and "<script" not in raw.lower(), name
        assert not re.search(r"\son[a-z]+\s*=", raw) and "javascript:" not in raw.lower(), name
        assert page.findtext(".//title").startswith(page.findtext(".//h1")), name
    assert "<script" not in (folder / "edition.css").read_text().lower()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_links_between_the_pages_are_relative_and_resolve(editions, lang):
    """Every link is an address on the web or a file of the folder (with an anchor that exists): the folder works
    opened from disk."""
    folder = editions[lang][0]
    ids = {name: {e.get("id") for e in parse(folder / name).iter() if e.get("id")} for name in PAGES}
    for name in PAGES:
        for element in parse(folder / name).iter("a", "link"):
            href = element.get("href")
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), (name, href)
            target = parts.path or name
            assert (folder / target).is_file(), (name, href)
            if parts.fragment:
                assert parts.fragment in ids[target], (name, href)


def test_the_matrix_is_a_table_with_header_cells(editions):
    folder, _, ctx = editions["nl"]
    table = parse(folder / "matrix.html").find(".//table")
    head = [text(th) for th in table.find("thead").iter("th")]
    assert head == [ctx.catalog.text("matrix.actor"), *(c.name for c in ctx.catalog.categories)]
    assert all(th.get("scope") == "col" for th in table.find("thead").iter("th"))
    rows = load_matrix(DEFAULT_CONTENT, "nl")
    row_heads = [text(th) for th in table.iter("th") if th.get("scope") == "row"]
    assert row_heads == [a for g in rows.groups for a in g.actors] + [ctx.catalog.text("matrix.other")] * rows.extra_rows
    assert [text(th) for th in table.iter("th") if th.get("scope") == "rowgroup"] == [g.name for g in rows.groups]
    for tr in table.iter("tr"):
        if tr.find("th") is not None and tr.find("th").get("scope") == "row":
            assert len(tr.findall("td")) == len(ctx.catalog.categories)


def test_the_worksheets_questions_are_there(editions):
    folder, _, ctx = editions["fr"]
    body = text(parse(folder / "worksheets.html"))
    votes, fiche = ctx.catalog.strings["votes"], ctx.catalog.strings["fiche"]
    for value in (votes["title"], votes["intro"], votes["rule_keep"], votes["rule_drop"], votes["rule_discuss"],
                  votes["questions_title"], *votes["questions"], fiche["title"]):
        assert value in body
    for question in fiche["questions"]:
        assert question["label"] in body and question["hint"] in body


def test_the_manual_is_there_with_its_chapters(editions):
    folder = editions["nl"][0]
    from kit.content.manual import language_manual

    manual = language_manual(DEFAULT_CONTENT, "nl")
    page = parse(folder / "manual.html")
    assert [text(h) for h in page.iter("h2") if (h.get("id") or "").startswith("chapter-")] == [c.title for c in manual.chapters]
    tips = [b for c in manual.chapters for b in c.blocks if b.kind == "tip"]
    assert len(page.find_class("tip")) == len(tips) > 0
    links = {p.url for c in manual.chapters for b in c.blocks for p in b.inlines if p.role == "link"}
    assert links <= {a.get("href") for a in page.iter("a")}


def test_band_colours_reach_4_5_to_1_or_are_left_out():
    for lang in LANGUAGES:
        for category in load_language(DEFAULT_CONTENT, lang).categories:
            background, ink = band_colours(category.colour)
            assert contrast(parse_hex(background), parse_hex(ink)) >= MIN_CONTRAST
    assert band_colours((0.47, 0.47, 0.47)) is None  # a grey: neither white nor ink reaches 4.5:1


def test_an_output_stays_inside_its_language_folder():
    assert output("html/index.html", b"", "html", None, None).entry["path"] == "html/index.html"
    for bad in ("../index.html", "/tmp/x.html", "html//x.html", "html\\x.html", ""):
        with pytest.raises(ValueError):
            output(bad, b"", "html", None, None)


def test_a_broken_icon_is_one_sentence_with_its_file(content, tmp_path):
    (content / "icons" / "access.svg").write_text("<svg><path></svg>", encoding="utf-8")
    with pytest.raises(KitError, match=r"access\.svg: the icon cannot be read as SVG"):
        language_edition(content, "nl", "http://192.168.1.20:8000")


def test_kit_serve_serves_the_edition_and_links_to_it(served):
    live, store = served
    import urllib.request

    from kit.workshop.web.site import Address

    workshop = store.create_workshop("Gent", "2027-03-05", "fr")[0]
    with urllib.request.urlopen(f"{live.url}/?lang=fr") as response:
        start = lxml_html.fromstring(response.read())
    assert "/kit/fr/" in [a.get("href") for a in start.iter("a")]
    with urllib.request.urlopen(f"{live.url}/w/{workshop.code}/c/T01") as response:
        form = lxml_html.fromstring(response.read())
    assert "/kit/fr/cards.html#card-T01" in [a.get("href") for a in form.iter("a")]
    with urllib.request.urlopen(f"{live.url}/w/{workshop.code}/c/CB2") as response:
        assert "/kit/fr/cards.html#blanks-C" in [a.get("href") for a in lxml_html.fromstring(response.read()).iter("a")]
    server = Address().for_people()  # what the served app (made without an address) prints for phones
    files = dict(language_edition(DEFAULT_CONTENT, "fr", server))
    for name, data in files.items():
        with urllib.request.urlopen(f"{live.url}/kit/fr/{name}") as response:
            assert response.read() == data, name
            assert response.headers["Content-Type"].startswith("text/css" if name.endswith(".css") else "text/html")
    cards = lxml_html.fromstring(files["cards.html"])
    pattern = text(cards.get_element_by_id("card-T01").find_class("qr")[0])
    assert pattern.endswith(f"{server}/w/\u2039{load_language(DEFAULT_CONTENT, 'fr').text('web.code')}\u203a/c/T01")
    assert not list(cards.get_element_by_id("card-T01").iter("a"))  # no workshop: nothing to follow
    for missing in ("/kit/xx/", "/kit/fr/nothing.html", "/kit/fr/../pages.py"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(live.url + missing)
        assert refused.value.code == 404


def _pages(editions, live, lang: str) -> list[str]:
    """The edition's pages opened from disk, and each page kit serve serves otherwise than the file (cards.html: its
    cards show the address their QR code has on that server, not a workshop's link); the others are served byte for
    byte as the files, and so is the stylesheet they share, so one look at the file covers them."""
    import urllib.request

    folder = editions[lang][0]
    pages = [(folder / name).as_uri() for name in PAGES]
    for name in (*PAGES, "edition.css"):
        url = f"{live.url}/kit/{lang}/{'' if name == 'index.html' else name}"
        with urllib.request.urlopen(url) as response:
            same = response.read() == (folder / name).read_bytes()
        assert same or name.endswith(".html"), f"{url} is not {folder / name}: every served page would need a look"
        if not same:
            pages.append(url)
    return pages


def _look(session, url: str, lang: str, width: int, text_px: int) -> None:
    session.get(url)
    assert session.execute_script("return document.documentElement.lang") == lang, url
    assert session.execute_script("return document.styleSheets.length") == 1, url  # the stylesheet loaded
    assert session.execute_script("return window.innerWidth") == width, url
    assert session.execute_script("return getComputedStyle(document.body).fontSize") == f"{text_px * 1.0625:g}px", url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_passes_axe_and_fits_320_px(editions, served, chromiums, lang):
    """axe-core and no sideways scrolling at 320 px (a small phone, or 1280 px at 400 % zoom), on the same visit of
    each page, opened from disk and served."""
    session = chromiums.get(width=320)
    check = accessible_at(session, {}, 320)
    for url in _pages(editions, served[0], lang):
        _look(session, url, lang, 320, 16)
        check(url)


def test_no_sideways_scrolling_with_the_text_at_double_size(editions, served, chromiums):
    """At 640 px with the browser's text at double size (1280 px at 200 %, 400 % together): the matrix scrolls inside
    its own labelled region, the page does not."""
    browser = chromiums.get(width=640, text_px=32)
    check = no_sideways_scrolling(browser)
    for url in _pages(editions, served[0], "fr"):
        _look(browser, url, "fr", 640, 32)
        check(url)


def test_text_that_looks_like_markup_is_shown_as_text(content, tmp_path):
    """A card or a municipality may hold <, & or quotes: the pages show them as text and never run anything."""
    cards = content / "nl" / "cards.yaml"
    cards.write_text(cards.read_text(encoding="utf-8").replace("title: Publieke computers en wifi",
                                                               'title: "<script>alert(1)</script> & {municipality}"', 1),
                     encoding="utf-8")
    from kit.content.config import KitConfig

    ctx = load_context(content, "nl", KitConfig(municipality='Sint-"Pieters" & <Leeuw>'))
    folder = build_language(ctx, tmp_path, only=["html"]).folder / "html"
    raw = (folder / "cards.html").read_text(encoding="utf-8")
    assert "<script" not in raw.lower()
    title = text(parse(folder / "cards.html").get_element_by_id("card-T01").find("h3"))
    assert title == 'T01 <script>alert(1)</script> & Sint-"Pieters" & <Leeuw>'
    href = parse(folder / "cards.html").get_element_by_id("card-T01").find(".//a").get("href")
    assert href == ctx.payload(ctx.catalog.card("T01")) and "%3CLeeuw%3E" in href
