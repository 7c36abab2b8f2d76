"""The documents a municipality publishes are accessible PDFs (PDF/UA-1): the manual on A4, the results report and
the draft plan, read back with pypdf; the print files carry a language, a title shown by the viewer and XMP."""

from __future__ import annotations

import io
from collections import defaultdict
from itertools import pairwise

import pytest
from pypdf import PdfReader

from kit.build.context import load_context
from kit.content.catalog import DEFAULT_CONTENT, load_language
from kit.content.config import KitConfig
from kit.workshop.results import from_store
from kit.workshop.store import Store
from tests.conftest import entry, make_parts
from tests.pdfread import glyph_boxes
from tests.pdftags import heading_levels, links_without_description, structure, untagged_text

pytestmark = pytest.mark.xdist_group("test_tagged")  # on one pytest-xdist worker: its reports and manuals are made once

LANGUAGES = ("nl", "fr", "de", "en")
LONG_NAME = "Braine-l\u2019Alleud et Communes associées du Brabant wallon, Région de Bruxelles-Capitale"


def answers(lang: str) -> dict:
    """Answers for the first fourteen cards, every outcome and choice, long and typed texts."""
    cards = [c for c in load_language(DEFAULT_CONTENT, lang).cards if not c.blank]
    made = {}
    for i, card in enumerate(cards[:14]):
        made[card.id] = {"exists": ("yes", "partly", "no")[i % 3], "green": (4, 0, 3, 0)[i % 4], "red": (0, 2, 3, 0)[i % 4],
                         "choice": ("short", "long", "not_now")[i % 3], "existing_actions": "Digipunt <b>in</b> de bib 😀",
                         "motivation": "Omdat veel mensen thuis geen computer hebben.\nEen tweede regel.", "actions": "Lang. " * 200}
    return made


@pytest.fixture(scope="module")
def made_reports(tmp_path_factory) -> dict:
    """lang -> (every output of the results part, the store and workshop they were made from) for a workshop with a
    long name."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('tagged') / 'kit.sqlite3'}")
    made = {}
    for lang in LANGUAGES:
        workshop, _ = store.create_workshop(LONG_NAME, "2027-03-05", lang)
        for card_id, values in answers(lang).items():
            store.save_answer(workshop, card_id, values)
        ctx = load_context(DEFAULT_CONTENT, lang, KitConfig())
        made[lang] = (make_parts(ctx, "results", results=from_store(store, workshop, ctx.catalog)), store, workshop)
    return made


@pytest.fixture(scope="module")
def reports(made_reports) -> dict:
    """lang -> {kind: PDF bytes} of the results report and the draft plan of a workshop with a long name."""
    return {lang: {o.entry["kind"]: o.data for o in outputs if o.entry["kind"] in ("results", "plan")}
            for lang, (outputs, _, _) in made_reports.items()}


@pytest.fixture(scope="module")
def manuals(built) -> dict:
    """lang -> the A4 manual's bytes (Dutch from the session's kit, French made here)."""
    folder, manifest, _ = built
    made = {"nl": (folder / entry(manifest, "manual")["path"]).read_bytes()}
    ctx = load_context(DEFAULT_CONTENT, "fr", KitConfig())
    made["fr"] = next(o.data for o in make_parts(ctx, "manual") if o.entry["kind"] == "manual")
    return made


def assert_accessible(data: bytes, lang: str) -> None:
    """What PDF/UA-1 asks that a reader can check: tags, language, title, XMP, headings, links, artifacts."""
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]) == lang
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfuaid:part" in xmp and reader.metadata.title and reader.metadata.title in xmp.replace("&amp;", "&")
    tags = structure(reader)
    assert tags[0][0] == "/Document"
    levels = heading_levels(reader)
    assert levels and levels[0] <= 1, levels
    assert all(b - a <= 1 for a, b in pairwise(levels)), f"a heading level is skipped: {levels}"
    assert not links_without_description(reader)
    assert not untagged_text(reader), untagged_text(reader)[:3]
    assert all(alt for tag, _, alt in tags if tag == "/Figure"), "a figure without alternative text"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["results", "plan"])
def test_reports_are_tagged(reports, lang, kind):
    assert_accessible(reports[lang][kind], lang)


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_a4_manual_is_tagged_with_its_qr_codes_described(manuals, lang):
    assert_accessible(manuals[lang], lang)
    reader = PdfReader(io.BytesIO(manuals[lang]))
    figures = [alt for tag, _, alt in structure(reader) if tag == "/Figure"]
    assert len(figures) >= 5 and all("https://" in alt for alt in figures)  # each QR code says where it leads
    tags = {tag for tag, _, _ in structure(reader)}
    assert {"/TOC", "/L", "/LI", "/Link", "/H1", "/H2"} <= tags


def test_results_table_has_header_cells_and_no_heading_breaks_inside_a_word(reports):
    for lang in LANGUAGES:
        reader = PdfReader(io.BytesIO(reports[lang]["results"]))
        headers = [tag for tag, _, _ in structure(reader) if tag == "/TH"]
        assert len(headers) == 6
        t = load_language(DEFAULT_CONTENT, lang).text
        first_page = reader.pages[0].extract_text()
        for label in (t("web.card"), t("results.exists"), t("votes.green"), t("votes.red"), t("votes.outcome"), t("results.choice")):
            assert label in first_page, f"{lang}: '{label}' is broken across lines in the table's header"


def overlapping(boxes: list) -> list:
    """Pairs of glyphs whose boxes overlap by more than a hair (kerned neighbours touch; two texts printed over
    each other overlap), found through a 5 mm grid."""
    grid = defaultdict(list)
    for box in boxes:
        grid[(int(box[1] // 5), int(box[2] // 5))].append(box)
    found = []
    for (gx, gy), here in grid.items():
        near = [b for dx in (-1, 0, 1) for dy in (-1, 0, 1) for b in grid.get((gx + dx, gy + dy), [])]
        for a in here:
            for b in near:
                if a is b or a > b:
                    continue
                width = min(a[3], b[3]) - max(a[1], b[1])
                height = min(a[4], b[4]) - max(a[2], b[2])
                if width > 0.35 and height > 0.5:
                    found.append((a[0], b[0], round(a[1], 1), round(a[2], 1)))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_overlaps_in_the_reports(reports, tmp_path, lang):
    """Not the page number over a long municipality name in the footer, nor anything else, on any page."""
    for kind, data in reports[lang].items():
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(data)
        for index in range(len(PdfReader(path).pages)):
            clashes = overlapping(glyph_boxes(path, index))
            assert not clashes, f"{lang} {kind} page {index + 1}: {clashes[:5]}"


def test_typed_text_is_text_and_unknown_characters_print_a_placeholder(reports):
    plan = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(reports["nl"]["plan"])).pages)
    assert "Digipunt <b>in</b> de bib [?]" in plan  # markup stays text; the emoji becomes the kit's placeholder


def test_rebuilds_are_byte_identical(made_reports):
    first, store, workshop = made_reports["nl"]
    ctx = load_context(DEFAULT_CONTENT, "nl", KitConfig())
    second = make_parts(ctx, "results", results=from_store(store, workshop, ctx.catalog))
    assert [o.data for o in first] == [o.data for o in second]


@pytest.mark.parametrize("kind", ["cards-home", "cards-printshop", "legplan", "matrix", "worksheet-votes", "manual-booklet"])
def test_print_files_have_language_title_and_xmp(built, kind):
    folder, manifest, _ = built
    reader = PdfReader(folder / entry(manifest, kind)["path"])
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]) == "nl"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert root["/ViewerPreferences"]["/PrintScaling"] == "/None"  # the print dialog starts at 100 %
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert reader.metadata.title and f">{reader.metadata.title}<" in xmp and "<rdf:li>nl</rdf:li>" in xmp


def _compile_in_child(queue) -> None:
    from kit.render import tagged

    queue.put(tagged.compile_pdf("report", SMALL))


SMALL = {"meta": {"title": "t", "author": "a", "subject": "results", "lang": "nl", "keywords": []}, "footer": "f",
         "page": {"width_mm": 210, "height_mm": 297, "margin_mm": 18, "footer_mm": 10, "footer_pt": 8, "body_pt": 10,
                  "title_pt": 20, "h1_pt": 14, "h2_pt": 12, "cell_pt": 9},
         "blocks": [{"kind": "heading", "level": 1, "text": "Titel"}, {"kind": "para", "text": "Tekst"}]}


def test_a_process_forked_after_typst_started_still_makes_documents():
    """Typst's worker threads do not survive a fork; the forked process must not hang (as kit serve, or a build
    after `kit results` in one process, would), and makes the same bytes."""
    import multiprocessing

    from kit.render import tagged

    here = tagged.compile_pdf("report", SMALL)
    queue = multiprocessing.get_context("fork").Queue()
    child = multiprocessing.get_context("fork").Process(target=_compile_in_child, args=(queue,))
    child.start()
    child.join(timeout=120)
    assert child.exitcode == 0, "the forked process hung or failed"
    assert queue.get(timeout=5) == here


def test_the_trim_boxes_and_creator_are_an_update_that_keeps_typsts_bytes(manuals):
    """kit.render.tagged writes the TrimBox of every page and the kit's Creator as an incremental update: Typst's
    file is the unchanged start of ours, the update's cross-reference stream chains to Typst's, and strict readers
    (pypdf, pdfium) find the boxes, the Creator and the structure tree."""
    import re

    import pypdfium2

    data = manuals["nl"]
    starts = [int(m.group(1)) for m in re.finditer(rb"startxref\s+(\d+)\s+%%EOF", data)]
    assert len(starts) == 2, "Typst's cross-reference and the update's"
    first_end = data.index(b"%%EOF", starts[0]) + len(b"%%EOF")
    assert f"/Prev {starts[0]}".encode() in data[first_end:]
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert reader.metadata["/Creator"].startswith("beleidstool-kit ")
    assert all(list(page.trimbox) == list(page.mediabox) for page in reader.pages)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    document = pypdfium2.PdfDocument(data)
    assert len(document) == len(reader.pages) and document[0].get_trimbox() == document[0].get_mediabox()
    older = PdfReader(io.BytesIO(data[:first_end]), strict=True)  # Typst's own file, as it was
    assert "/TrimBox" not in older.pages[0] and older.metadata["/Creator"] != reader.metadata["/Creator"]
