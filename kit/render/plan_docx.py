"""The draft plan as an editable Word document (kind `plan-docx`), with the same content as the PDF.

Headings use Word's own heading styles, so the navigation pane and a table of
contents work; the document language is set so spelling checks the right words.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

import kit
from kit.content.model import Catalog
from kit.render.plan import answers, sections
from kit.render.results import heading_lines
from kit.workshop.results import Results

KIND = "plan-docx"
LANG_TAGS = {"nl": "nl-BE", "fr": "fr-BE", "de": "de-BE", "en": "en-GB"}


def render(results: Results, catalog: Catalog) -> bytes:
    t = catalog.text
    doc = Document()
    _language(doc, LANG_TAGS.get(catalog.lang, catalog.lang))
    title = f"{t('results.plan_title')} {results.municipality}".strip()
    doc.core_properties.title = title
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
            doc.add_heading(f"{r.card.id}  {r.title}", level=2)
            _muted(doc.add_paragraph(r.category.name))
            if r.card.description:
                doc.add_paragraph(r.card.description)
            if r.values.get("existing_actions"):
                doc.add_heading(t("results.existing"), level=3)
                doc.add_paragraph(r.values["existing_actions"])
            for label, answer in answers(r, catalog):
                doc.add_heading(label, level=3)
                doc.add_paragraph(answer)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


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
