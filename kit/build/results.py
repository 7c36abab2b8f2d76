"""Recipe `results`: after a workshop, the results report, the filled-in legplan and the draft plan (PDF and Word)."""

from __future__ import annotations

from kit.build import legplan
from kit.build.context import BuildContext
from kit.content import customize as custom
from kit.layout.board import SlotCard
from kit.layout.presets import ReportPreset, load_layout, load_paper
from kit.output.files import Output, output

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
    chosen = {term: [SlotCard(r.card.id, r.title or r.card.id, r.category.colour) for r in results.chosen(term)]
              for term in ("short", "long")}
    preset = load_layout("reports", ReportPreset, ctx.layouts)
    paper = load_paper(preset.paper, ctx.layouts)
    page = (paper.width_mm, paper.height_mm)
    report, report_pages = results_pdf.render(results, ctx.catalog, preset, page)
    draft, draft_pages = plan_pdf.render(results, ctx.catalog, preset, page)
    return [
        output(f"results-{slug}.pdf", report, "results", report_pages, page),
        *legplan.outputs(ctx, request.options.get("legplan_size"), chosen=chosen),
        output(f"plan-{slug}.pdf", draft, "plan", draft_pages, page),
        output(f"plan-{slug}.docx", plan_docx.render(results, ctx.catalog), "plan-docx", None, page),
    ]
