"""The draft beleids- en actieplan (kind `plan`): the six Fase 3 answers of every chosen card, ready to rewrite.

Short-term choices come first, then long-term ones; a question nobody answered
says so, so the gaps are visible. The same text comes as an editable DOCX
(kind `plan-docx`, see plan_docx.py), because a plan is finished in a word processor.
A tagged PDF (PDF/UA-1, kit.render.tagged): a municipality may publish it.
"""

from __future__ import annotations

from kit.content.model import Catalog
from kit.layout.presets import ReportPreset
from kit.render import tagged
from kit.render.results import document, heading, heading_lines, para
from kit.workshop.fields import QUESTIONS
from kit.workshop.results import CardResult, Results

KIND = "plan"
TERMS = (("short", "legplan.short_term"), ("long", "legplan.long_term"))


def sections(results: Results, catalog: Catalog) -> list[tuple[str, list[CardResult]]]:
    """(heading, chosen cards) per term, in plan order; shared with the DOCX."""
    return [(catalog.text(key), results.chosen(term)) for term, key in TERMS if results.chosen(term)]


def answers(result: CardResult, catalog: Catalog) -> list[tuple[str, str]]:
    """(question label, answer or the 'to fill in' mark) for the six questions."""
    labels = [q["label"] for q in catalog.strings["fiche"]["questions"]]
    return [(label, result.values.get(key) or catalog.text("results.to_fill")) for label, key in zip(labels, QUESTIONS)]


def render(results: Results, catalog: Catalog, preset: ReportPreset, page: tuple) -> tuple[bytes, int]:
    """Headings a reader can walk: the plan (1), a term (2), a card (3); each answer under its question's label."""
    t = catalog.text
    title = t("results.plan_title")
    blocks = [heading(1, f"{title} {results.municipality}".strip()), para(heading_lines(results, catalog), "muted"),
              para(t("results.plan_draft"), "muted"), para(t("results.plan_intro"))]
    parts = sections(results, catalog)
    if not parts:
        blocks.append(para(t("results.plan_none")))
    for term, cards in parts:
        blocks.append(heading(2, term))
        for r in cards:
            blocks += [heading(3, f"{r.card.id} {r.title}"), para(r.category.name, "muted")]
            if r.card.description:
                blocks.append(para(r.card.description))
            if r.values.get("existing_actions"):
                blocks += [para(t("results.existing"), "label"), para(r.values["existing_actions"])]
            for label, answer in answers(r, catalog):
                blocks += [para(label, "label"), para(answer)]
    pdf = tagged.compile_pdf("report", document(title, results, catalog, preset, page, KIND, blocks))
    return pdf, tagged.page_count(pdf)
