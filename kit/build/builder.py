"""Builds one language: walks the recipe registry, runs the preflight, then writes every file atomically with its manifest.

All artefacts are made in memory first; files are written only when every one
succeeded and passed the preflight, so a failing build leaves the previous
output as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kit.build import checks
from kit.build.context import BuildContext
from kit.build.provenance import stamp
from kit.build.registry import KIT_PARTS, RECIPES
from kit.build.workers import in_fork, workers
from kit.errors import KitError
from kit.output.files import Output, merge_into_manifest, write_all
from kit.qr import QrCache


@dataclass
class Request:
    """What one build is asked for, and what its recipes share on the way (the laid-out cards for the fiches)."""

    parts: tuple[str, ...]
    cache: QrCache
    progress: object = None  # called with a number of cards as they are laid out
    options: dict = field(default_factory=dict)  # legplan_size, fiche_cards, results
    shared: dict = field(default_factory=dict)
    check: bool = False  # a recipe made in a process of its own runs the preflight of its files there too


@dataclass
class BuildResult:
    lang: str
    folder: Path
    files: list
    sheets: int


def _parts(only) -> tuple[str, ...]:
    known = tuple(recipe.PART for recipe in RECIPES)
    parts = tuple(only or KIT_PARTS)
    unknown = [part for part in parts if part not in known]
    if unknown:
        raise KitError(f"unknown part '{unknown[0]}' to build (parts: {', '.join(KIT_PARTS)}).")
    return parts


def make(ctx: BuildContext, request: Request, made=None) -> list[Output]:
    """Every file of the parts asked for, in registry order; nothing is written. `made(outputs, problems)` hears of
    each recipe's files as soon as they are there (the preflight starts on them); `problems` is None, or what the
    preflight found when the recipe's own process ran it (`request.check`).

    The recipes that say `ASIDE = True` (the manual, the longest part) are made one after the other in a
    forked process while the others are made here: on two cores the whole kit takes little more than the
    larger half. That process also checks its files, so that their preflight does not wait for the others'.
    A recipe's `prepare(ctx)`, where it has one, reads before that fork what both processes need.
    """
    chosen = _chosen(request)
    aside = [recipe.PART for recipe in _aside(chosen)]
    if aside:  # what recipes of both processes read is read once, before the fork, and shared
        for recipe in chosen:
            if hasattr(recipe, "prepare"):
                recipe.prepare(ctx)
    later = in_fork(lambda job: _made_aside(*job), (aside, ctx, request)) if aside else None
    results = {}
    for recipe in chosen:
        if recipe.PART not in aside:
            results[recipe.PART] = recipe.make(ctx, request)
            if made:
                made(results[recipe.PART], None)
    if later is not None:
        made_aside, codes = later.result()
        for url, modules in codes.items():  # what the other process encoded is kept for the next build
            request.cache.remember(url, modules)
        for part, (outputs, problems) in made_aside.items():
            results[part] = outputs
            if made:
                made(outputs, problems)
    return [output for recipe in chosen for output in results[recipe.PART]]


def _chosen(request: Request) -> list:
    return [recipe for recipe in RECIPES if recipe.PART in request.parts]


def _aside(chosen: list) -> list:
    """The recipes made in the other process: those that ask for it, when there is other work beside them."""
    aside = [recipe for recipe in chosen if getattr(recipe, "ASIDE", False)]
    return aside if len(aside) < len(chosen) else []


def _made_aside(parts: list[str], ctx: BuildContext, request: Request) -> tuple[dict, dict]:
    """Part -> (its outputs, and with `request.check` what the preflight of its files found); and the QR codes
    encoded here that the cache did not have yet."""
    before = set(request.cache.entries)
    made = {}
    for recipe in (recipe for recipe in RECIPES if recipe.PART in parts):
        outputs = recipe.make(ctx, request)
        made[recipe.PART] = outputs, checks.problems(outputs) if request.check else None
    return made, {url: request.cache.modules(url) for url in request.cache.entries if url not in before}


def build_language(ctx: BuildContext, out_root: Path | str, *, only=None, progress=None, check: bool = True, made=None,
                   **options) -> BuildResult:
    """Make the parts asked for (the whole kit by default) into out_root/<lang>/ and record them in its manifest.

    A whole kit replaces the manifest; single parts are added to it. With `check`, every PDF
    passes the preflight (kit.output.preflight) before anything is written. `made(outputs)` hears
    of each recipe's files as they are made (a build on demand shows its progress with it).
    """
    parts = _parts(only)
    out_root = Path(out_root)
    request = Request(parts=parts, cache=QrCache(out_root / ".cache" / "qr.json"), progress=progress, options=options,
                      check=check)
    preflight = None
    if check:  # its workers take the cores that the recipes made aside leave; that process checks its own files
        aside = bool(_aside(_chosen(request)))
        preflight = checks.Preflight(ctx.catalog.cards if "cards" in parts else (), processes=max(1, workers() - aside),
                                     import_here=aside)

    def heard(outputs, problems):
        if preflight is not None:
            preflight.made(outputs, problems)
        if made is not None:
            made(outputs)

    try:
        outputs = make(ctx, request, heard)
        if preflight is not None:
            preflight.wait()
    finally:
        if preflight is not None:
            preflight.close()
    folder = out_root / ctx.lang
    if set(parts) == set(KIT_PARTS):
        write_all(folder, ctx.lang, outputs, stamp(ctx))
    else:
        merge_into_manifest(folder, ctx.lang, outputs, stamp(ctx))
    request.cache.save()
    return BuildResult(lang=ctx.lang, folder=folder, files=[o.entry for o in outputs], sheets=request.shared.get("sheets", 0))
