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
from kit.build.registry import KIT_PARTS, RECIPES
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


def make(ctx: BuildContext, request: Request) -> list[Output]:
    """Every file of the parts asked for, in registry order; nothing is written."""
    outputs = []
    for recipe in RECIPES:
        if recipe.PART in request.parts:
            outputs += recipe.make(ctx, request)
    return outputs


def build_language(ctx: BuildContext, out_root: Path | str, *, only=None, progress=None, check: bool = True,
                   **options) -> BuildResult:
    """Make the parts asked for (the whole kit by default) into out_root/<lang>/ and record them in its manifest.

    A whole kit replaces the manifest; single parts are added to it. With `check`, every PDF
    passes the preflight (kit.output.preflight) before anything is written.
    """
    parts = _parts(only)
    out_root = Path(out_root)
    request = Request(parts=parts, cache=QrCache(out_root / ".cache" / "qr.json"), progress=progress, options=options)
    workers = checks.start() if check else None  # the checking workers get ready while the files are made
    try:
        outputs = make(ctx, request)
        if workers is not None:
            checks.preflight(outputs, ctx.catalog.cards if "cards" in parts else (), workers)
    finally:
        if workers is not None:
            workers.close()
    folder = out_root / ctx.lang
    if set(parts) == set(KIT_PARTS):
        write_all(folder, ctx.lang, outputs)
    else:
        merge_into_manifest(folder, ctx.lang, outputs)
    request.cache.save()
    return BuildResult(lang=ctx.lang, folder=folder, files=[o.entry for o in outputs], sheets=request.shared.get("sheets", 0))
