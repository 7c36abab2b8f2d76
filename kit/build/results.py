"""Recipe `results`: after a workshop, the results report, the filled-in legplan and the draft plan (PDF and Word)."""

from __future__ import annotations

from dataclasses import replace

from kit.build import legplan
from kit.build.context import BuildContext
from kit.content import customize as custom
from kit.layout.board import SlotCard
from kit.layout.presets import ReportPreset, load_layout, load_paper
from kit.output.files import Output, office_printer, output

PART = "results"
KINDS = ("results", "plan", "plan-docx")
IN_KIT = False  # `kit results` makes it from a workshop's answers


def make(ctx: BuildContext, request) -> list[Output]:
    """The workshop's results (`request.options["results"]`, a kit.workshop.results.Results) as files."""
    from kit.render import plan as plan_pdf
    from kit.render import plan_docx
    from kit.render import results as results_pdf

    results = request.options["results"]
    slug = custom.safe_slug(results.municipality, results.code or "workshop")
    chosen = {term: [_slot(r) for r in results.chosen(term)] for term in ("short", "long")}
    chosen["existing"] = {r.card.id: _slot(r) for r in results.existing()}  # where the online legplan has them
    if results.board.core_values and not ctx.config.values:  # the core values the group wrote on the online legplan
        ctx = replace(ctx, config=replace(ctx.config, values=printable_values(results.board.core_values)))
    preset = load_layout("reports", ReportPreset, ctx.layouts)
    paper = load_paper(preset.paper, ctx.layouts)
    page = (paper.width_mm, paper.height_mm)
    report, report_pages = results_pdf.render(results, ctx.catalog, preset, page)
    draft, draft_pages = plan_pdf.render(results, ctx.catalog, preset, page)
    return [
        output(f"results-{slug}.pdf", report, "results", report_pages, page, **office_printer(paper)),
        *legplan.outputs(ctx, request.options.get("legplan_size"), chosen=chosen),
        output(f"plan-{slug}.pdf", draft, "plan", draft_pages, page, **office_printer(paper)),
        output(f"plan-{slug}.docx", plan_docx.render(results, ctx.catalog), "plan-docx", None, page),
    ]


def _slot(result) -> SlotCard:
    return SlotCard(result.card.id, result.title or result.card.id, result.category.colour)


def printable_values(values) -> tuple:
    """Typed core values as the legplan prints them: what the typeface lacks marked, invisible and control characters
    left out (a printed value may hold none), within a value's length; a value left empty is dropped."""
    import unicodedata

    from kit.content.customize import MAX_VALUE_CHARS
    from kit.typeset import fonts
    from kit.typeset.fit import printable

    shown = ("".join(ch for ch in printable(v, fonts.BOLD) if unicodedata.category(ch) not in ("Cc", "Cf")) for v in values)
    return tuple(v[:MAX_VALUE_CHARS].strip() for v in shown if v.strip())
