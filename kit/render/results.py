"""The workshop results report (kind `results`): the outcome per card, the cards to discuss, and the choices.

For the trekker after Fase 2: per category a table of every card with whether
it exists, its green and red stickers, the outcome (kept, to discuss, set aside)
and the group's choice; then each card to discuss with the guiding questions;
then what was chosen for the short and the long term. A4, print at 100 %.
A tagged PDF (PDF/UA-1, kit.render.tagged): a municipality may publish it.
"""

from __future__ import annotations

from kit.content import placeholders
from kit.content.colour import text_colour_on
from kit.content.model import Catalog
from kit.layout.presets import ReportPreset
from kit.render import tagged
from kit.render.canvas import made_by
from kit.workshop.results import Results

KIND = "results"
OUTCOME_KEYS = {"keep": "votes.keep", "drop": "votes.drop", "discuss": "votes.discuss",
                "open": "web.outcome_open", "not_voted": "web.outcome_not_voted"}


def heading_lines(results: Results, catalog: Catalog) -> str:
    parts = [results.municipality or catalog.text("municipality_default")]
    if results.date:
        parts.append(results.date)
    if results.code:
        parts.append(placeholders.fill(catalog.text("results.workshop_code"), {"code": results.code}))
    return " \u00b7 ".join(parts)


def footer(results: Results, catalog: Catalog, title: str) -> str:
    return " \u00b7 ".join(p for p in (catalog.text("kit_name"), title, results.municipality) if p)


def hex_colour(rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def document(title: str, results: Results, catalog: Catalog, preset: ReportPreset, page: tuple, subject: str, blocks: list) -> dict:
    """A report as the data kit/render/typst/report.typ sets: metadata, page, footer and blocks."""
    return {
        "meta": {"title": f"{title} {results.municipality}".strip(), "author": catalog.text("kit_name"), "subject": subject,
                 "lang": catalog.lang, "keywords": [catalog.text("kit_name"), results.municipality or ""],
                 "creator": made_by(catalog)},
        "page": {"width_mm": page[0], "height_mm": page[1], "margin_mm": preset.margin_mm, "footer_mm": preset.footer_mm,
                 "footer_pt": preset.footer_pt, "body_pt": preset.body_pt, "title_pt": preset.title_pt, "h1_pt": preset.h1_pt,
                 "h2_pt": preset.h2_pt, "cell_pt": preset.cell_pt},
        "footer": footer(results, catalog, title),
        "blocks": blocks,
    }


def heading(level: int, text: str) -> dict:
    return {"kind": "heading", "level": level, "text": text}


def para(text: str, style: str = "body") -> dict:
    return {"kind": "para", "text": text or "", "style": style}


def render(results: Results, catalog: Catalog, preset: ReportPreset, page: tuple) -> tuple[bytes, int]:
    t = catalog.text
    title = t("results.title")
    blocks = [heading(1, title), para(heading_lines(results, catalog), "muted"), para(_summary(results, catalog))]
    blocks += _tables(results, catalog)
    blocks += _discuss(results, catalog)
    for term, key in (("short", "legplan.short_term"), ("long", "legplan.long_term")):
        chosen = results.chosen(term)
        blocks.append(heading(2, t(key)))
        blocks.append({"kind": "list", "items": [{"text": f"{r.card.id} {r.title}"} for r in chosen]} if chosen
                      else para("\u2013", "muted"))
    pdf = tagged.compile_pdf("report", document(title, results, catalog, preset, page, KIND, blocks))
    return pdf, tagged.page_count(pdf)


def _summary(results: Results, catalog: Catalog) -> str:
    counts = {"cards": len(results.answered()), "short": len(results.chosen("short")), "long": len(results.chosen("long"))}
    counts.update({name: len(results.with_outcome(name)) for name in ("keep", "discuss", "drop")})
    return placeholders.fill(catalog.text("results.summary"), counts)


def outcome_text(catalog: Catalog, name: str) -> str:
    return catalog.text(OUTCOME_KEYS[name])


def choice_text(catalog: Catalog, values: dict) -> str:
    return catalog.text(f"web.choice_{values['choice']}") if values.get("choice") else ""


def exists_text(catalog: Catalog, values: dict) -> str:
    return catalog.text(f"web.exists_{values['exists']}") if values.get("exists") else ""


def _tables(results: Results, catalog: Catalog) -> list:
    """One table, its header on every page, a band per category: the columns line up from the first card to the
    last. The card column takes what the others leave; each other column is as wide as its longest word or value,
    so no heading breaks inside a word in any language."""
    t = catalog.text
    rows = []
    for category in catalog.categories:
        cards = [r for r in results.cards if r.category.id == category.id]
        if cards:
            rows.append({"group": category.name, "fill": hex_colour(category.colour), "ink": hex_colour(text_colour_on(category.colour))})
        rows += [[f"{r.card.id} {r.title}", exists_text(catalog, r.values), str(r.values.get("green", "")), str(r.values.get("red", "")),
                  [{"t": outcome_text(catalog, r.outcome), "b": r.outcome in ("keep", "discuss")}], choice_text(catalog, r.values)]
                 for r in cards]
    head = [t("web.card"), t("results.exists"), t("votes.green"), t("votes.red"), t("votes.outcome"), t("results.choice")]
    return [heading(2, t("results.per_category")),
            {"kind": "table", "columns": ["1fr", "auto", "auto", "auto", "auto", "auto"], "numeric": [2, 3], "head": head,
             "rows": rows, "head_fill": "#2b2b33", "head_ink": "#ffffff", "line": "#b9b9c0"}]


def _discuss(results: Results, catalog: Catalog) -> list:
    t = catalog.text
    cards = results.with_outcome("discuss")
    blocks = [heading(2, t("results.to_discuss"))]
    if not cards:
        return blocks + [para(t("results.to_discuss_none"), "muted")]
    questions = catalog.strings["votes"]["questions"]
    for r in cards:
        kept = [heading(3, f"{r.card.id} {r.title}"),
                para(placeholders.fill(t("results.stickers"), {"green": r.values.get("green", 0), "red": r.values.get("red", 0)}),
                     "muted")]
        if r.card.description:
            kept.append(para(r.card.description))
        asked = questions + ([r.card.question] if r.card.question else [])
        kept.append({"kind": "list", "items": [{"text": q} for q in asked]})
        blocks.append({"kind": "keep", "blocks": kept})
    return blocks
