"""The workshop results report (kind `results`): the outcome per card, the cards to discuss, and the choices.

For the trekker after Fase 2: per category a table of every card with whether
it exists, its green and red stickers, the outcome (kept, to discuss, set aside)
and the group's choice; then each card to discuss with the guiding questions;
then what was chosen for the short and the long term. A4, print at 100 %.
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from kit.content import placeholders
from kit.content.colour import text_colour_on, tint
from kit.content.model import Catalog
from kit.layout.geometry import MM
from kit.layout.presets import ReportPreset
from kit.render import canvas as pdf
from kit.render import flow
from kit.typeset import fonts
from kit.workshop.results import Results

KIND = "results"
OUTCOME_KEYS = {"keep": "votes.keep", "drop": "votes.drop", "discuss": "votes.discuss",
                "open": "web.outcome_open", "not_voted": "web.outcome_not_voted"}


def heading_lines(results: Results, catalog: Catalog) -> str:
    parts = [results.municipality or catalog.text("municipality_default")]
    if results.date:
        parts.append(results.date)
    if results.code:
        parts.append(f"{catalog.text('web.code')}: {results.code}")
    return " \u00b7 ".join(parts)


def footer(results: Results, catalog: Catalog, title: str) -> str:
    return " \u00b7 ".join(p for p in (catalog.text("kit_name"), title, results.municipality) if p)


def render(results: Results, catalog: Catalog, preset: ReportPreset, page: tuple) -> tuple[bytes, int]:
    s = flow.styles(preset)
    t = catalog.text
    title = t("results.title")
    story = [flow.para(title, s["title"]), flow.para(heading_lines(results, catalog), s["muted"]),
             flow.para(_summary(results, catalog), s["body"])]
    story += _tables(results, catalog, s, preset)
    story += _discuss(results, catalog, s)
    for term, key in (("short", "legplan.short_term"), ("long", "legplan.long_term")):
        chosen = results.chosen(term)
        story.append(flow.para(t(key), s["h1"]))
        story += [flow.para(f"{r.card.id}  {r.title}", s["bullet"], bulletText="\u2022") for r in chosen] or \
                 [flow.para("\u2013", s["muted"])]
    return flow.render(story, preset, page, title=f"{title} {results.municipality}".strip(), subject=KIND, lang=catalog.lang,
                       author=t("kit_name"), footer=footer(results, catalog, title), creator=pdf.made_by(catalog))


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


def _tables(results: Results, catalog: Catalog, s: dict, preset: ReportPreset) -> list:
    t = catalog.text
    story = [flow.para(t("results.per_category"), s["h1"])]
    widths = [x * MM for x in preset.table_columns_mm]
    for category in catalog.categories:
        rows = [r for r in results.cards if r.category.id == category.id]
        if not rows:
            continue
        on = text_colour_on(category.colour)
        head_style = ParagraphStyle("head", parent=s["cell_bold"], textColor=Color(*on))
        head = [flow.para(x, head_style) for x in
                (category.name, t("results.exists"), t("votes.green"), t("votes.red"), t("votes.outcome"), t("results.choice"))]
        body = [[flow.para(f"{r.card.id}  {r.title}", s["cell"]), flow.para(exists_text(catalog, r.values), s["cell"]),
                 flow.para(str(r.values.get("green", "")), s["cell"]), flow.para(str(r.values.get("red", "")), s["cell"]),
                 flow.para(outcome_text(catalog, r.outcome), s["cell_bold" if r.outcome in ("keep", "discuss") else "cell"]),
                 flow.para(choice_text(catalog, r.values), s["cell"])] for r in rows]
        table = Table([head] + body, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # else the table names an unembedded Helvetica
            ("BACKGROUND", (0, 0), (-1, 0), Color(*category.colour)),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, Color(*tint(category.colour, 0.35))),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        story += [table, Spacer(1, 5 * MM)]
    return story


def _discuss(results: Results, catalog: Catalog, s: dict) -> list:
    t = catalog.text
    cards = results.with_outcome("discuss")
    story = [flow.para(t("results.to_discuss"), s["h1"])]
    if not cards:
        return story + [flow.para(t("results.to_discuss_none"), s["muted"])]
    questions = catalog.strings["votes"]["questions"]
    for r in cards:
        block = [flow.para(f"{r.card.id}  {r.title}", s["h2"]),
                 flow.para(f"{t('votes.green')}: {r.values.get('green', 0)} \u00b7 {t('votes.red')}: {r.values.get('red', 0)}",
                           s["muted"])]
        if r.card.description:
            block.append(flow.para(r.card.description, s["body"]))
        block += [flow.para(q, s["bullet"], bulletText="?") for q in questions]
        if r.card.question:
            block.append(flow.para(r.card.question, s["bullet"], bulletText="?"))
        story.append(KeepTogether(block))
    return story
