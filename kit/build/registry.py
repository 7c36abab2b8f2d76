"""The artefacts the kit makes, one recipe module each, in the order a build makes them.

A recipe module says which `PART` it is (what `--only` names), the `KINDS` of file
it makes (the manifest's `kind`), whether the default kit includes it (`IN_KIT`),
and `make(context, request) -> [Output]`; `ASIDE = True` has it made in a second process
(kit.build.builder.make), and an optional `prepare(context)` reads before that fork what both need. Adding an artefact means one new module
and one line here.
"""

from __future__ import annotations

from kit.build import calibration, cards, html, legplan, manual, matrix, results, worksheets

RECIPES = (
    cards,
    legplan,
    matrix,
    worksheets,
    manual,
    html,
    calibration,
    results,
)
KIT_PARTS = tuple(recipe.PART for recipe in RECIPES if recipe.IN_KIT)
