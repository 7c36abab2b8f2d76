"""The draft plan as an editable Word document (kind `plan-docx`), with the same content as the PDF.

Headings use Word's own heading styles, so the navigation pane and a table of
contents work; the document language is set so spelling checks the right words.
What Word's XML cannot hold (control characters, noncharacters) shows as U+FFFD.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

import kit
from kit.content.characters import xml_safe
from kit.content.model import Catalog
from kit.render.plan import answers, sections
from kit.render.results import heading_lines
from kit.workshop.results import Results

KIND = "plan-docx"
FIXED_TIME = datetime(2000, 1, 1)  # as the PDFs' invariant date
LANG_TAGS = {"nl": "nl-BE", "fr": "fr-BE", "de": "de-BE", "en": "en-GB"}


def render(results: Results, catalog: Catalog) -> bytes:
    t = catalog.text
    doc = _Document()
    _language(doc, LANG_TAGS.get(catalog.lang, catalog.lang))
    title = f"{t('results.plan_title')} {results.municipality}".strip()
    doc.core_properties.title = xml_safe(title)
    doc.core_properties.author = t("kit_name")
    doc.core_properties.language = LANG_TAGS.get(catalog.lang, catalog.lang)
    doc.core_properties.comments = kit.made_by(catalog.content_hash)  # the tool, its version and the texts: traceable
    doc.add_heading(title, level=0)
    _muted(doc.add_paragraph(heading_lines(results, catalog)))
    _muted(doc.add_paragraph(t("results.plan_draft")))
    doc.add_paragraph(t("results.plan_intro"))
    parts = sections(results, catalog)
    if not parts:
        doc.add_paragraph(t("results.plan_none"))
    for heading, cards in parts:
        doc.add_heading(heading, level=1)
        for r in cards:
            doc.add_heading(f"{r.card.id} {r.title}", level=2)
            _muted(doc.add_paragraph(r.category.name))
            if r.card.description:
                doc.add_paragraph(r.card.description)
            if r.values.get("existing_actions"):
                doc.add_heading(t("results.existing"), level=3)
                doc.add_paragraph(r.values["existing_actions"])
            for label, answer in answers(r, catalog):
                doc.add_heading(label, level=3)
                doc.add_paragraph(answer)
    doc.core_properties.created = doc.core_properties.modified = FIXED_TIME
    doc.core_properties.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _same_bytes(buffer.getvalue())


def _same_bytes(package: bytes) -> bytes:
    """The document's zip with every entry dated FIXED_TIME: python-docx stamps entries with the clock, and the same
    answers should give the same file (as the PDFs do)."""
    source, out = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6]), source.read(info.filename),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


class _Document:
    """A Word document whose every heading and paragraph is made XML-safe first (kit.content.characters)."""

    def __init__(self):
        self.document = Document()

    def __getattr__(self, name):
        return getattr(self.document, name)

    def add_heading(self, text: str, level: int):
        return self.document.add_heading(xml_safe(text), level=level)

    def add_paragraph(self, text: str = ""):
        return self.document.add_paragraph(xml_safe(text))


def _muted(paragraph) -> None:
    for run in paragraph.runs:
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x5C)
        run.font.size = Pt(10)


def _language(doc, tag: str) -> None:
    """Set the language on the default paragraph style, so Word checks spelling in it."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
