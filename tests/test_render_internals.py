"""The contract of kit.render.internals: every private part of ReportLab the kit uses still exists and still means
what the kit takes it to mean. When an upgrade of ReportLab changes one, a test here fails and names it."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from kit.layout.geometry import MM, Rect
from kit.render import canvas as pdf
from kit.render import internals
from kit.typeset import fonts


def _canvas(**options):
    return pdf.new_canvas(63, 88, title="t", subject="s", lang="nl", author="a", **options)


def test_reportlab_is_the_version_the_internals_were_read_from():
    assert internals.reportlab_version() == internals.PINNED


def test_the_operator_list_takes_what_the_canvas_draws_and_what_we_add():
    canvas, buffer = _canvas()
    code = internals.content(canvas)
    assert isinstance(code, list)
    before = len(code)
    canvas.rect(0, 0, 10, 10, stroke=0, fill=1)
    assert len(code) > before and any(" re" in str(op) for op in code[before:])
    code.append("0 0 1 rg")
    canvas.showPage()
    page = PdfReader(io.BytesIO(pdf.finish(canvas, buffer))).pages[0]
    assert page.get_contents().get_data().count(b"0 0 1 rg") == 1


def test_font_subsets_are_kept_per_document_as_character_codes():
    canvas, _ = _canvas()
    doc = internals.document(canvas)
    assert hasattr(doc, "idToObjectNumberAndVersion") and hasattr(doc, "Reference") and hasattr(doc, "addPage")
    font = fonts.font(fonts.REGULAR)
    font.splitString("Knokke-Heist, Ruiselede, Ë", doc)
    codes = internals.font_codes(fonts.REGULAR, doc)
    assert {ord(c) for c in "Gent\u00cb"} <= set(codes) and all(isinstance(code, int) for code in codes.values())
    other, _ = _canvas()
    font.splitString("x", internals.document(other))
    assert ord("\u00cb") not in internals.font_codes(fonts.REGULAR, internals.document(other))  # each document its own


def test_forms_in_use_and_plain_forms():
    canvas, _ = _canvas()
    canvas.beginForm("dot")
    canvas.circle(5, 5, 2, stroke=0, fill=1)
    assert internals.form_is_plain(canvas)
    canvas.setFont(fonts.REGULAR, 8)
    canvas.drawString(0, 0, "x")
    assert not internals.form_is_plain(canvas)  # a form with text needs its font: not replayable as operators
    canvas.endForm()
    canvas.doForm("dot")
    assert "dot" in "".join(internals.forms_in_use(canvas))


def test_the_colour_object_a_canvas_keeps_is_the_one_we_set():
    canvas, _ = _canvas()
    internals.set_colour_object(canvas, "fill", (0.1, 0.2, 0.3))
    assert canvas._fillColorObj == (0.1, 0.2, 0.3)
    internals.set_colour_object(canvas, "stroke", (0.3, 0.2, 0.1))
    assert canvas._strokeColorObj == (0.3, 0.2, 0.1)


def test_colours_go_through_the_converter_and_the_output_intent_is_declared():
    canvas, buffer = _canvas(palette=[((0.9, 0.5, 0.1), (0.0, 0.5, 0.9, 0.05))])
    assert isinstance(internals.colour_converter(canvas), pdf.Palette)
    canvas.setFillColorRGB(0.9, 0.5, 0.1)
    canvas.rect(0, 0, 5, 5, stroke=0, fill=1)
    canvas.showPage()
    data = pdf.finish(canvas, buffer)
    assert b"0 .5 .9 .05 k" in PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data()
    intent = PdfReader(io.BytesIO(data)).trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/OutputConditionIdentifier"] == "FOGRA39" and intent["/S"] == "/GTS_PDFX"


def test_ending_a_page_fast_keeps_boxes_resources_content_and_links():
    canvas, buffer = _canvas()
    pdf.set_boxes(canvas, Rect(3, 3, 57, 82), Rect(0, 0, 63, 88))
    canvas.beginForm("dot")
    canvas.circle(5, 5, 2, stroke=0, fill=1)
    canvas.endForm()
    canvas.drawString(20, 100, "Eerste pagina")
    canvas.doForm("dot")
    internals.end_page(canvas)
    canvas.drawString(20, 100, "Tweede pagina")
    canvas.linkURL("https://example.org", (10, 10, 50, 30))  # a link: ReportLab's own showPage ends this one
    internals.end_page(canvas)
    reader = PdfReader(io.BytesIO(pdf.finish(canvas, buffer)), strict=True)
    first, second = reader.pages
    assert [round(float(v) / MM, 2) for v in first.trimbox] == [3, 3, 60, 85]
    assert [round(float(v) / MM, 2) for v in first.mediabox] == [0, 0, 63, 88]
    assert "/FormXob.dot" in first["/Resources"]["/XObject"]
    assert "Eerste pagina" in first.extract_text() and "Tweede pagina" in second.extract_text()
    assert second["/Annots"][0].get_object()["/A"]["/URI"] == "https://example.org"
    assert "/Annots" not in first


def test_numbers_and_strings_are_written_as_reportlab_writes_them():
    assert internals.number(1.0, 0.5, 0.333333) == "1 .5 .333333"
    assert internals.escape_pdf(b"a(b)\\") == "a\\(b\\)\\\\"
    assert isinstance(internals.memo(Canvas(None)), dict)
