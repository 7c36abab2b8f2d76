"""The draft beleids- en actieplan (kind `plan`): the six Fase 3 answers of every chosen card, ready to rewrite.

Short-term choices come first, then long-term ones; a question nobody answered
says so, so the gaps are visible. The same text comes as an editable DOCX
(kind `plan-docx`, see plan_docx.py), because a plan is finished in a word processor.
"""

from __future__ import annotations

from kit.content.model import Catalog
from kit.layout.presets import ReportPreset
from kit.render import canvas as pdf
from kit.render import flow
from kit.render.results import footer, heading_lines
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
    s = flow.styles(preset)
    t = catalog.text
    title = t("results.plan_title")
    story = [flow.para(f"{title} {results.municipality}".strip(), s["title"]),
             flow.para(heading_lines(results, catalog), s["muted"]),
             flow.para(t("results.plan_draft"), s["muted"]),
             flow.para(t("results.plan_intro"), s["body"])]
    parts = sections(results, catalog)
    if not parts:
        story.append(flow.para(t("results.plan_none"), s["body"]))
    for heading, cards in parts:
        story.append(flow.para(heading, s["h1"]))
        for r in cards:
            story.append(flow.para(f"{r.card.id}  {r.title}", s["h2"]))
            story.append(flow.para(r.category.name, s["muted"]))
            if r.card.description:
                story.append(flow.para(r.card.description, s["body"]))
            if r.values.get("existing_actions"):
                story += [flow.para(t("results.existing"), s["label"]), flow.para(r.values["existing_actions"], s["body"])]
            for label, answer in answers(r, catalog):
                story += [flow.para(label, s["label"]), flow.para(answer, s["body"])]
    return flow.render(story, preset, page, title=f"{title} {results.municipality}".strip(), subject=KIND, lang=catalog.lang,
                       author=t("kit_name"), footer=footer(results, catalog, title), creator=pdf.made_by(catalog))
