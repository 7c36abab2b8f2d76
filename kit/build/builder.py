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
from kit.build.workers import in_fork
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
    """Every file of the parts asked for, in registry order; nothing is written. `made(outputs)` hears of each
    recipe's files as soon as they are there (the preflight starts on them).

    A recipe that says `ALONE = True` (the manual) runs in a forked process of its own while
    the others run here: on two cores the whole kit takes little more than its longest part.
    """
    chosen = [recipe for recipe in RECIPES if recipe.PART in request.parts]
    alone = {recipe.PART: in_fork(lambda job: _made_alone(*job), (recipe.PART, ctx, request)) for recipe in chosen
             if getattr(recipe, "ALONE", False) and len(chosen) > 1}
    results = {}
    for recipe in chosen:
        if recipe.PART not in alone:
            results[recipe.PART] = recipe.make(ctx, request)
            if made:
                made(results[recipe.PART])
    for part, future in alone.items():
        results[part], codes = future.result()
        for url, modules in codes.items():  # what the other process encoded is kept for the next build
            request.cache.remember(url, modules)
        if made:
            made(results[part])
    return [output for recipe in chosen for output in results[recipe.PART]]


def _made_alone(part: str, ctx: BuildContext, request: Request) -> tuple[list[Output], dict]:
    """A recipe's outputs, and the QR codes it encoded that the cache did not have yet."""
    recipe = next(recipe for recipe in RECIPES if recipe.PART == part)
    before = set(request.cache.entries)
    outputs = recipe.make(ctx, request)
    return outputs, {url: request.cache.modules(url) for url in request.cache.entries if url not in before}


def build_language(ctx: BuildContext, out_root: Path | str, *, only=None, progress=None, check: bool = True, made=None,
                   **options) -> BuildResult:
    """Make the parts asked for (the whole kit by default) into out_root/<lang>/ and record them in its manifest.

    A whole kit replaces the manifest; single parts are added to it. With `check`, every PDF
    passes the preflight (kit.output.preflight) before anything is written. `made(outputs)` hears
    of each recipe's files as they are made (a build on demand shows its progress with it).
    """
    parts = _parts(only)
    out_root = Path(out_root)
    request = Request(parts=parts, cache=QrCache(out_root / ".cache" / "qr.json"), progress=progress, options=options)
    preflight = checks.Preflight(ctx.catalog.cards if "cards" in parts else ()) if check else None

    def heard(outputs):
        if preflight is not None:
            preflight.check(outputs)
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
