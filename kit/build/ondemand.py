"""The builds `kit serve` makes on demand for a workshop (the trekker's workbench): the printable kit with its ZIP and
print instructions, the preview of the customised legplan, and the results. Run as a process of its own:

    python -m kit.build.ondemand --data DIR [--content DIR ...] [--builds 2]

with the database's URL in KIT_DATABASE_URL (never on the command line, where other users could read it).

`kit serve` starts this process with subprocess (never a fork of the server: Typst's threads do not survive one,
and a build's memory is not the server's). It claims the oldest queued build in the database
(kit.workshop.workbench), makes its files in a scratch folder, renames that folder into place as
DATA/builds/<workshop code>/<key>/ in one step, and says so in the database; then it takes the next queued build,
and stops when there is none or when `--builds` builds run already. A thread writes a heartbeat and the progress
every second, so every instance of `kit serve` can show it, and a build whose process died is queued again. A build
that fails leaves the files of earlier builds as they were and records one reason, which the overview says in the
workshop's language.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import secrets
import shutil
import socket
import sys
import threading
import time
import zipfile
from dataclasses import replace
from pathlib import Path

from kit.errors import KitError
from kit.workshop.workbench import LISTING, build_folder

log = logging.getLogger("kit.serve")
KIT_PARTS = ("cards", "legplan", "matrix", "worksheets", "manual", "calibration")
BEAT_SECONDS = 1.0
MAX_SECONDS = 600  # a build that takes longer is failed: something hangs
PREVIEW_PAGES = 8
PREVIEW_WIDTH_PX = 1400


class Refused(Exception):
    """A build that cannot be made: `reason` is a key of workbench.failed in strings.yaml, `detail` says more in
    English for the server's log."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason, self.detail = reason, detail


class Progress:
    """How far a build is, written to the database by a thread of its own every second (the heartbeat)."""

    def __init__(self, bench, build, owner: str):
        self.bench, self.build, self.owner = bench, build, owner
        self.percent, self.step = 0, ""
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="heartbeat", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)

    def at(self, percent: float, step: str) -> None:
        self.percent, self.step = int(percent), step

    def _beat(self) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        while not self._stop.wait(BEAT_SECONDS):
            if time.monotonic() - self.started > MAX_SECONDS:
                self.bench.fail(self.build.id, self.owner, "timeout", f"took more than {MAX_SECONDS} s")
                log.error("build %d (%s) stopped after %d s", self.build.id, self.build.kind, MAX_SECONDS)
                os._exit(1)
            try:
                ours = self.bench.beat(self.build.id, self.owner, self.percent, self.step)
            except SQLAlchemyError:  # the database is away for a moment: the next beat tries again
                continue
            if not ours:  # the build was given to another worker (this one looked dead): stop, it makes the files
                log.error("build %d (%s) was taken over; this worker stops", self.build.id, self.build.kind)
                os._exit(0)


class KitProgress:
    """The share of the work done while the kit's parts are made: the cards card by card, then each part."""

    def __init__(self, progress: Progress, cards: int):
        from kit.build.registry import RECIPES

        self.progress, self.cards, self.laid = progress, max(1, cards), 0
        self.done: list[str] = []
        self.part_of = {kind: recipe.PART for recipe in RECIPES for kind in recipe.KINDS}
        progress.at(2, "cards")

    def __getstate__(self) -> dict:
        """What a part made in another process takes along (the build's request is pickled): nothing to report to;
        the progress is told here, when that part's files come back."""
        return {"progress": None, "cards": self.cards, "laid": 0, "done": [], "part_of": {}}

    def tick(self, count: int) -> None:
        if self.progress is None:
            return
        self.laid += count
        self.progress.at(2 + 38 * min(1.0, self.laid / self.cards), "cards")

    def made(self, outputs) -> None:
        if self.progress is None:
            return
        if outputs:
            self.done.append(self.part_of.get(outputs[0].entry["kind"], ""))
        left = [part for part in KIT_PARTS if part not in self.done]
        share = 40 + 50 * (len(KIT_PARTS) - len(left)) / len(KIT_PARTS)
        self.progress.at(share, left[0] if left else "check")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.build.ondemand", description="Make the builds kit serve asked for.")
    parser.add_argument("--data", required=True, type=Path, help="kit serve's data folder; files go into DATA/builds/")
    parser.add_argument("--content", action="append", type=Path, default=[], help="content folders, the uppermost first")
    parser.add_argument("--builds", type=int, default=2, help="builds at once on this database (0: no limit)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # opening the database says nothing worth a line
    url = os.environ.get("KIT_DATABASE_URL", "")
    if not url:
        log.error("kit.build.ondemand: KIT_DATABASE_URL is not set")
        return 2
    from kit.content.sources import Layers
    from kit.workshop.store import Store
    from kit.workshop.workbench import Workbench

    store = Store(url, create=False)
    bench = Workbench(store)
    owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
    content = Layers(tuple(args.content)) if args.content else None
    try:
        while (build := bench.claim(owner, args.builds)) is not None:
            run(bench, build, owner, args.data.resolve(), content)
    finally:
        store.close()
    return 0


def run(bench, build, owner: str, data_dir: Path, content) -> None:
    """Make one claimed build and record how it went."""
    started = time.monotonic()
    state = "failed"
    with Progress(bench, build, owner) as progress:
        try:
            files = make(bench, build, data_dir, content, progress)
        except Refused as exc:
            bench.fail(build.id, owner, exc.reason, exc.detail)
        except KitError as exc:
            bench.fail(build.id, owner, "other", str(exc))
        except Exception as exc:  # a bug or a disk problem: a line in the log, one sentence for the trekker
            log.exception("build %d (%s) failed", build.id, build.kind)
            bench.fail(build.id, owner, "other", f"{type(exc).__name__}: {exc}")
        else:
            state = "done"
            bench.finish(build.id, owner, files)
            for gone in bench.superseded(build):
                shutil.rmtree(build_folder(data_dir, build.settings["code"], gone.key), ignore_errors=True)
    log.info("build %d (%s) %s in %.1f s", build.id, build.kind, state, time.monotonic() - started)


def make(bench, build, data_dir: Path, content, progress: Progress) -> list[dict]:
    """The build's files, in their folder; made in a scratch folder and renamed into place in one step."""
    settings = build.settings
    final = build_folder(data_dir, settings["code"], build.key)
    if (final / LISTING).is_file():  # made already, by a worker that died before it could say so
        return json.loads((final / LISTING).read_text(encoding="utf-8"))
    work = data_dir / "builds" / ".work" / f"{build.id}-{secrets.token_hex(6)}"
    work.mkdir(parents=True)
    try:
        config = _config(bench, build, work)
        files = MAKERS[build.kind](bench, build, config, content, work / "out", progress)
        folder = work / "out" / settings["lang"]
        (folder / LISTING).write_text(json.dumps(files, ensure_ascii=False), encoding="utf-8")
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(folder, final)  # one step: a reader sees no files or all of them
        except OSError:
            if not (final / LISTING).is_file():
                raise
            files = json.loads((final / LISTING).read_text(encoding="utf-8"))  # another worker was first: the same files
        return files
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _config(bench, build, work: Path):
    """The settings of kit.yaml with the workshop's over them; its logo, from the database, in the scratch folder."""
    from kit.build.context import customization
    from kit.content.config import KitConfig, load_config

    settings = build.settings
    logo = ""
    if settings.get("logo"):
        stored = bench.logo(bench.workshop_of(build), data=True)
        if stored is None or stored.sha != settings["logo"]:
            raise Refused("changed", "the logo changed after the build was asked for")
        path = work / f"logo.{'jpg' if stored.kind == 'jpeg' else stored.kind}"
        path.write_bytes(stored.data)
        logo = str(path)
    prints_codes = build.kind == "kit"  # the other files have no QR codes: no workshop address needed
    options = {"paper": settings.get("paper"), "cards": settings.get("cards"), "flip": settings.get("flip"),
               "back_offset": tuple(settings["offset"]) if "offset" in settings else None,
               "municipality": settings["municipality"], "logo": logo, "date": settings.get("date", ""),
               "values": _values(settings.get("values", ())), "legplan_size": settings.get("legplan_size"),
               "workshop": settings["code"] if prints_codes else "", "server": settings.get("server", "") if prints_codes else "",
               "form_url": KitConfig.form_url}
    try:
        config = load_config(None, **{key: value for key, value in options.items() if value is not None})
        customization(config)  # the logo, date and core values, checked before anything is drawn
    except KitError as exc:
        raise Refused("settings", str(exc)) from None
    return config


def _values(values) -> tuple:
    """The core values as the legplan prints them: what the typeface lacks marked, as `kit results` does with the
    values people typed on the online legplan."""
    from kit.build.results import printable_values

    return printable_values(tuple(values))


def _make_kit(bench, build, config, content, out: Path, progress: Progress) -> list[dict]:
    from kit.build.builder import build_language
    from kit.build.context import load_context

    ctx = load_context(content, build.settings["lang"], config)
    counter = KitProgress(progress, len(ctx.catalog.cards))
    result = build_language(ctx, out, only=KIT_PARTS, progress=counter.tick, made=counter.made, check=True)
    progress.at(94, "zip")
    files = [_listed(entry, result.folder) for entry in result.files]
    files.append(write_zip(ctx, result.folder, files))
    return files


def _make_preview(bench, build, config, content, out: Path, progress: Progress) -> list[dict]:
    """The customised legplan's whole sheets as PNG images (pypdfium2), for the overview."""
    import pypdfium2 as pdfium

    from kit.build.builder import build_language
    from kit.build.context import load_context

    progress.at(10, "preview")
    ctx = load_context(content, build.settings["lang"], config)
    result = build_language(ctx, out, only=("legplan",), check=False)
    whole = next(entry for entry in result.files if entry["kind"] == "legplan")
    progress.at(70, "preview")
    document = pdfium.PdfDocument(str(result.folder / whole["path"]))
    files = []
    try:
        for index in range(min(len(document), PREVIEW_PAGES)):
            page = document[index]
            image = page.render(scale=PREVIEW_WIDTH_PX / page.get_width()).to_pil().convert("RGB")
            name = f"legplan-preview-{index + 1}.png"
            image.save(result.folder / name, optimize=True)
            files.append({"name": name, "kind": "preview", "pages": 1, "bytes": (result.folder / name).stat().st_size,
                          "width": image.width, "height": image.height})
    finally:
        document.close()
    return files


def _make_results(bench, build, config, content, out: Path, progress: Progress) -> list[dict]:
    """What `kit results --workshop` writes, from the answers and the online legplan as they are now."""
    from kit.build.builder import build_language
    from kit.build.context import load_context
    from kit.workshop.fields import MAX_BLANKS
    from kit.workshop.results import from_store, highest_blank

    progress.at(10, "results")
    lang = build.settings["lang"]
    reading = load_context(content, lang, replace(config, blanks_per_category=MAX_BLANKS)).catalog
    outcome = from_store(bench.store, bench.workshop_of(build), reading)
    config = replace(config, blanks_per_category=max(config.blanks_per_category, highest_blank(outcome)))
    progress.at(25, "results")
    result = build_language(load_context(content, lang, config), out, only=("results",), results=outcome)
    return [_listed(entry, result.folder) for entry in result.files]


MAKERS = {"kit": _make_kit, "preview": _make_preview, "results": _make_results}


def _listed(entry: dict, folder: Path) -> dict:
    return {"name": entry["path"], "kind": entry["kind"], "pages": entry.get("pages"),
            "bytes": (folder / entry["path"]).stat().st_size}


def write_zip(ctx, folder: Path, files: list[dict]) -> dict:
    """Every file of the kit in one ZIP, with the print instructions in the workshop's language as a text file."""
    from kit.content import customize

    catalog = ctx.catalog
    text = "\n".join(instructions(catalog, ctx.config, files)) + "\n"
    slug = customize.safe_slug(ctx.config.municipality, ctx.config.workshop)
    name = f"kit-{slug}-{catalog.lang}.zip"
    with zipfile.ZipFile(folder / name, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        stem = catalog.text("workbench.instructions_file").rsplit(".", 1)[0]  # a translator's word, made a plain file name
        archive.writestr(f"{customize.safe_slug(stem, 'print')}.txt", text.replace("\n", "\r\n"))
        for entry in files:
            archive.write(folder / entry["name"], entry["name"])
    return {"name": name, "kind": "zip", "pages": None, "bytes": (folder / name).stat().st_size}


def instructions(catalog, config, files: list[dict]) -> list[str]:
    """The print instructions: the README's, short, in the workshop's language; then every file with what it is."""
    from kit.content import placeholders

    flip = catalog.text(f"workbench.flip_{config.flip}")
    lines = [catalog.text("workbench.instructions_title"), ""]
    lines += placeholders.fill(catalog.text("workbench.instructions"), {"flip": flip, "paper": config.paper}).strip().splitlines()
    lines += ["", catalog.text("workbench.files"), ""]
    for entry in files:
        about = placeholders.fill(catalog.text(f"workbench.kinds.{entry['kind'].replace('-', '_')}"), {"flip": flip})
        lines += [entry["name"], f"    {about}"]
    return lines


if __name__ == "__main__":
    sys.exit(main())
