"""The trekker's workbench on the overview of `kit serve` (behind its secret link): set up the legplan, download the
printable kit for this workshop and the results, each in the browser, in the workshop's language.

    /o/<secret>/legplan              POST: logo, date, core values, board size; then a preview of the board is made
    /o/<secret>/kit                  POST: paper, card preset, flip edge, back offset; then the kit is made
    /o/<secret>/results              POST: the results are made from the answers of now
    /o/<secret>/builds/<id>          a build's progress, its files once done, why it failed and the files before
    /o/<secret>/builds/<id>.json     the same for static/kit.js, which follows a build without reloading
    /o/<secret>/files/<id>/<name>    one file of a finished build (a PDF, the kit's ZIP, a preview image)
    /o/<secret>/results.xlsx         every answer as a spreadsheet in the workshop's language

Every form is a plain POST with the form token that works without JavaScript. Nothing is drawn in this
process: a build runs in a process of its own (`python -m kit.build.ondemand`, started with subprocess; never a
fork of the server), its state is in the database (kit.workshop.workbench), so every instance of `kit serve` shows
it and none makes the same build twice, and a page shows its progress without waiting for it. Files are served
only from the data folder's builds/, by names the database lists for a build of this workshop.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path

from flask import Response, abort, jsonify, redirect, request, send_file, url_for

from kit import __version__
from kit.content.characters import storable
from kit.content.customize import (
    BOARD_SIZES,
    MAX_LOGO_BYTES,
    MAX_LOGO_PIXELS,
    MAX_VALUE_CHARS,
    MAX_VALUES,
    LogoRefused,
    core_values,
    inspect_logo,
    workshop_date,
)
from kit.errors import KitError
from kit.workshop.board import Boards
from kit.workshop.limits import max_upload_bytes
from kit.workshop.results import Results, from_store, to_csv
from kit.workshop.store import Workshop
from kit.workshop.web.pages import NOTE_COOKIE
from kit.workshop.web.site import Site, local_time
from kit.workshop.workbench import LISTING, Build, PrintSettings, Workbench, build_folder, build_key

log = logging.getLogger("kit.serve")
PAPERS = ("A4", "Letter")
FLIPS = ("long", "short")
MAX_OFFSET = 10  # mm, as kit.yaml's back_offset
MIMETYPES = {".pdf": "application/pdf", ".png": "image/png", ".zip": "application/zip", ".svg": "image/svg+xml",
             ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def register(app, site: Site) -> None:
    """Add the workbench's pages to the app."""
    site.workbench = Workbench(site.store)
    rules = (("/o/<secret>/legplan", "workbench_legplan", _legplan, ["GET", "POST"]),
             ("/o/<secret>/kit", "workbench_kit", _kit, ["GET", "POST"]),
             ("/o/<secret>/results", "workbench_results", _results, ["GET", "POST"]),
             ("/o/<secret>/builds/<int:build_id>", "build_page", _build_page, ["GET"]),
             ("/o/<secret>/builds/<int:build_id>.json", "build_json", _build_json, ["GET"]),
             ("/o/<secret>/files/<int:build_id>/<name>", "build_file", _build_file, ["GET"]),
             ("/o/<secret>/results.xlsx", "export_xlsx", _export_xlsx, ["GET"]))
    for rule, endpoint, view, methods in rules:
        app.add_url_rule(rule, endpoint, partial(view, site), methods=methods)


# -- what a workshop's settings ask for --------------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    """The build the workshop's settings of now ask for: its kind, key, and what the worker needs to make it."""

    kind: str
    key: str
    settings: dict


def wanted(site: Site, workshop: Workshop, kind: str, results: Results, printing: PrintSettings | None = None,
           logo=False) -> Wanted:
    """The build of a kind for the settings, the logo, the core values (and for the results, the answers) of now
    (the settings and logo are read when not given)."""
    bench = site.workbench
    printing = printing or bench.settings(workshop)
    logo = bench.logo(workshop) if logo is False else logo
    settings = {"code": workshop.code, "lang": workshop.lang, "municipality": workshop.municipality, "date": workshop.date,
                "cards": printing.cards, "legplan_size": printing.legplan_size, "logo": logo.sha if logo else ""}
    if kind in ("kit", "preview"):
        settings["values"] = list(results.board.core_values)
    if kind == "kit":
        settings.update(paper=printing.paper, flip=printing.flip, offset=list(printing.offset), server=site.address.for_people())
    if kind == "results":  # what the report shows: every answer, the board's places and order, its core values
        answers = f"{to_csv(results)}\0{results.board.version}\0" + "\n".join(results.board.core_values)
        settings["answers"] = hashlib.sha256(answers.encode("utf-8")).hexdigest()
    material = {"kind": kind, "version": __version__, "content": site.catalog(workshop.lang).content_hash, "local": local_hash(),
                **settings}
    return Wanted(kind, build_key(material), settings)


@lru_cache(maxsize=4)
def local_hash(folder: str = ".") -> str:
    """A hash of the working folder's kit.yaml and layouts/, which a build reads beside the content (read once: like
    the content, they are read again when the server starts)."""
    digest = hashlib.sha256()
    root = Path(folder)
    for path in [root / "kit.yaml", *sorted((root / "layouts").rglob("*"))]:
        if path.is_file():
            digest.update(f"{path.relative_to(root)}\0".encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def ask(site: Site, workshop: Workshop, want: Wanted) -> Build:
    """The build for these settings: made before, under way, or queued now (and a worker started for it)."""
    build, _ = site.workbench.request(workshop, want.kind, want.key, want.settings)
    return nudge(site, workshop, build)


def nudge(site: Site, workshop: Workshop, build: Build | None) -> Build | None:
    """A build as it is, after whatever it needs: a running one whose worker died queued again, a finished one whose
    files this data folder lacks made again, a queued one a worker started for (at most one start per ten seconds)."""
    if build is None:
        return None
    bench = site.workbench
    if build.stale and bench.recover():  # looked at before it is written: a page that polls writes nothing
        build = bench.get(workshop, build.id) or build
    if build.state == "done" and not (build_folder(site.data_dir, workshop.code, build.key) / LISTING).is_file() \
            and bench.again(build):
        build = bench.get(workshop, build.id) or build
    if build.state == "queued" and bench.running() < site.limits.builds and bench.kick(build):
        start_worker(site)
    return build


def start_worker(site: Site) -> None:
    """Start a worker process (kit.build.ondemand) that makes the queued builds; the database's URL goes in its
    environment, never on a command line others can read. A thread waits for it, so it leaves no zombie."""
    command = [sys.executable, "-m", "kit.build.ondemand", "--data", str(site.data_dir), "--builds", str(site.limits.builds)]
    for folder in site.content.folders:
        command += ["--content", str(Path(folder).resolve())]
    try:
        process = subprocess.Popen(command, env=dict(os.environ, KIT_DATABASE_URL=site.store.url), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, close_fds=True, start_new_session=True)
    except OSError as exc:
        log.error("could not start a build worker: %s", type(exc).__name__)
        return
    threading.Thread(target=process.wait, name="build-worker", daemon=True).start()


# -- the overview's three steps -----------------------------------------------------------------------


def overview_context(site: Site, workshop: Workshop, secret: str, results: Results, forms: dict | None = None) -> dict:
    """What the overview shows of the workbench: the forms with their values, each step's build and files."""
    bench, forms = site.workbench, forms or {}
    printing, logo = bench.settings(workshop), bench.logo(workshop)
    kit, preview = (nudge(site, workshop, bench.find(workshop, kind, wanted(site, workshop, kind, results, printing, logo).key))
                    for kind in ("kit", "preview"))
    results_want = wanted(site, workshop, "results", results, printing, logo)
    latest_results = nudge(site, workshop, bench.latest(workshop, "results"))
    legplan_form = forms.get("legplan") or {"legplan_date": workshop.date, "values": "\n".join(results.board.core_values),
                                            "legplan_size": printing.legplan_size}
    kit_form = forms.get("kit") or {"paper": printing.paper, "cards": printing.cards, "flip": printing.flip,
                                    "offset_x": _number(printing.offset[0], workshop.lang),
                                    "offset_y": _number(printing.offset[1], workshop.lang)}
    return {
        "bench_token": site.guard.token(f"workbench|{workshop.code}"), "logo": logo, "legplan_form": legplan_form,
        "kit_form": kit_form, "papers": PAPERS, "presets": card_presets(), "sizes": BOARD_SIZES, "flips": FLIPS,
        "max_values": MAX_VALUES, "max_value_chars": MAX_VALUE_CHARS, "max_logo_mb": MAX_LOGO_BYTES // (1024 * 1024),
        "max_logo_pixels": MAX_LOGO_PIXELS, "max_offset": MAX_OFFSET, "address": site.address.for_people(),
        "preview": preview, "preview_shown": _done(preview) or bench.latest(workshop, "preview", "done"),
        "kit": kit, "kit_previous": None if _done(kit) else bench.latest(workshop, "kit", "done"),
        "results_build": latest_results, "results_done": _done(latest_results) or bench.latest(workshop, "results", "done"),
        "results_current": bool(latest_results and latest_results.key == results_want.key),
        "file_label": _file_label(site, workshop, printing), "build_status": lambda build: status_text(site, workshop, build),
        "legplan_saved": request.cookies.get(NOTE_COOKIE) == f"legplan-{workshop.code}",
    }


def _done(build: Build | None) -> Build | None:
    return build if build is not None and build.state == "done" else None


def _number(value: float, lang: str) -> str:
    """A number as the form shows it: with a decimal comma, but in English (the form takes either)."""
    return f"{value:g}" if lang == "en" else f"{value:g}".replace(".", ",")


@lru_cache(maxsize=4)
def card_presets(folder: str = ".") -> tuple[tuple[str, str], ...]:
    """(name, "name (63 x 88 mm)", with a multiplication sign) of every card preset the working folder and the kit have."""
    from kit.content.sources import layout_layers
    from kit.layout.presets import card_presets as names
    from kit.layout.presets import load_card_layout

    layers, found = layout_layers(folder), []
    for name in names(layers):
        try:
            layout = load_card_layout(name, layers)
        except KitError:  # a broken preset of the working folder: not offered (kit validate names it)
            continue
        found.append((name, f"{name} ({layout.width_mm:g} \u00d7 {layout.height_mm:g} mm)"))
    return tuple(found)


def _file_label(site: Site, workshop: Workshop, printing: PrintSettings | None = None):
    """What a file of a build is, in words: its kind's label (the card sheets' with the flip edge)."""
    t = site.texts(workshop.lang)
    flip = t(f"workbench.flip_{(printing or site.workbench.settings(workshop)).flip}")

    def label(entry: dict) -> str:
        return t(f"workbench.kinds.{entry['kind'].replace('-', '_')}", **({"flip": flip} if entry["kind"] == "cards-home" else {}))
    return label


def _again(site: Site, workshop: Workshop, secret: str, form: str, raw: dict, errors: dict, message: str, status: int,
           headers=None) -> Response:
    """The overview again, with what was typed in the form and why it was refused."""
    from kit.workshop.web.pages import overview_page

    return overview_page(site, workshop, secret, status, forms={form: raw}, errors=errors, message=message, headers=headers)


def _expired(site: Site, workshop: Workshop) -> tuple | None:
    """(message, status, headers) when a post of the workbench carries no valid form token (expired, or forged)."""
    if not site.guard.token_valid(f"workbench|{workshop.code}"):
        return site.texts(workshop.lang)("web.expired"), 403, None
    return None


def _too_many(site: Site, workshop: Workshop) -> tuple | None:
    """(message, status, headers) when this client has asked too much of this workshop's workbench this hour."""
    wait = site.guard.over("workbench", site.limits.workbench_per_hour, 3600, workshop.code)
    if wait:
        return site.texts(workshop.lang)("web.too_many", seconds=wait), 429, {"Retry-After": str(wait)}
    return None


def _field(name: str, limit: int) -> str:
    return storable(request.form.get(name, ""))[:limit]


def _legplan(site: Site, secret: str):
    workshop = site.workshop_by_secret_or_404(secret)
    if request.method != "POST":
        return redirect(url_for("overview", secret=secret) + "#legplan", code=303)
    request.max_content_length = max_upload_bytes()  # this form alone carries a file
    raw = {"legplan_date": _field("legplan_date", 40), "values": _field("values", 4000), "legplan_size": _field("legplan_size", 8),
           "logo_remove": request.form.get("logo_remove") == "1"}
    refused = _expired(site, workshop)
    if refused:
        return _again(site, workshop, secret, "legplan", raw, {}, *refused)
    upload = request.files.get("logo")
    data = upload.read(MAX_LOGO_BYTES + 1) if upload is not None and upload.filename else b""
    errors, parsed = _legplan_errors(site.texts(workshop.lang), raw, data)
    if errors:
        return _again(site, workshop, secret, "legplan", raw, errors, site.texts(workshop.lang)("workbench.refused"), 400)
    refused = _too_many(site, workshop)
    if refused:
        return _again(site, workshop, secret, "legplan", raw, {}, *refused)
    date, values, size, logo = parsed
    bench = site.workbench
    bench.set_date(workshop, date)
    boards = Boards(site.store)
    if boards.state(workshop).core_values != values:
        boards.set_core_values(workshop, values)
    bench.save_settings(workshop, replace(bench.settings(workshop), legplan_size=size))
    if logo:
        bench.set_logo(workshop, *logo, data)
    elif raw["logo_remove"]:
        bench.remove_logo(workshop)
    workshop = site.store.workshop(workshop.code)
    ask(site, workshop, wanted(site, workshop, "preview", from_store(site.store, workshop, site.catalog(workshop.lang))))
    done = redirect(url_for("overview", secret=secret) + "#legplan", code=303)
    done.set_cookie(NOTE_COOKIE, f"legplan-{workshop.code}", max_age=120, httponly=True, samesite="Lax",
                    path=url_for("overview", secret=secret), secure=request.is_secure or site.guard.https)
    return done


def _legplan_errors(t, raw: dict, data: bytes) -> tuple[dict, tuple]:
    """The legplan form's errors by field (in the form's order), and (date, core values, board size, (kind, width,
    height) of a new logo)."""
    errors, logo = {}, None
    if data:
        try:
            logo = inspect_logo(data, "upload")
        except LogoRefused as refused:
            errors["logo"] = t(f"workbench.errors.logo_{refused.reason}", **refused.values)
    try:
        when = workshop_date(raw["legplan_date"].strip())
    except KitError:
        errors["legplan_date"], when = t("web.errors.date"), None
    try:  # one per line; the same rules as kit legplan --values (at most 8, 40 characters, no control characters)
        values = core_values([line for line in raw["values"].replace("\r", "\n").split("\n") if line.strip()])
    except KitError:
        errors["values"], values = t("board.refused.values", count=MAX_VALUES, limit=MAX_VALUE_CHARS), ()
    if raw["legplan_size"] not in BOARD_SIZES:
        errors["legplan_size"] = t("web.errors.unknown_choice")
    return errors, (when.isoformat() if when else "", values, raw["legplan_size"], logo)


def _kit(site: Site, secret: str):
    workshop = site.workshop_by_secret_or_404(secret)
    if request.method != "POST":
        return redirect(url_for("overview", secret=secret) + "#kit", code=303)
    t = site.texts(workshop.lang)
    raw = {key: _field(key, 80) for key in ("paper", "cards", "flip", "offset_x", "offset_y")}
    refused = _expired(site, workshop)
    if refused:
        return _again(site, workshop, secret, "kit", raw, {}, *refused)
    errors, offset = {}, []
    for key, allowed in (("paper", PAPERS), ("cards", [name for name, _ in card_presets()]), ("flip", FLIPS)):
        if raw[key] not in allowed:
            errors[key] = t("web.errors.unknown_choice")
    for key in ("offset_x", "offset_y"):
        try:
            offset.append(float(raw[key].strip().replace(",", ".") or "0"))
            if not -MAX_OFFSET <= offset[-1] <= MAX_OFFSET or offset[-1] != offset[-1]:
                raise ValueError
        except ValueError:
            errors[key] = t("workbench.errors.offset", limit=MAX_OFFSET)
    if errors:
        return _again(site, workshop, secret, "kit", raw, errors, t("web.refused"), 400)
    refused = _too_many(site, workshop)
    if refused:
        return _again(site, workshop, secret, "kit", raw, {}, *refused)
    bench = site.workbench
    chosen = PrintSettings(raw["paper"], raw["cards"], raw["flip"], (round(offset[0], 2), round(offset[1], 2)),
                           bench.settings(workshop).legplan_size)
    bench.save_settings(workshop, chosen)
    build = ask(site, workshop, wanted(site, workshop, "kit", from_store(site.store, workshop, site.catalog(workshop.lang))))
    return redirect(url_for("build_page", secret=secret, build_id=build.id), code=303)


def _results(site: Site, secret: str):
    workshop = site.workshop_by_secret_or_404(secret)
    if request.method != "POST":
        return redirect(url_for("overview", secret=secret) + "#results", code=303)
    refused = _expired(site, workshop) or _too_many(site, workshop)
    if refused:
        return _again(site, workshop, secret, "results", {}, {}, *refused)
    build = ask(site, workshop, wanted(site, workshop, "results", from_store(site.store, workshop, site.catalog(workshop.lang))))
    return redirect(url_for("build_page", secret=secret, build_id=build.id), code=303)


# -- a build: its progress, its files -------------------------------------------------------------------


def _found_build(site: Site, secret: str, build_id: int) -> tuple[Workshop, Build]:
    workshop = site.workshop_by_secret_or_404(secret)
    build = nudge(site, workshop, site.workbench.get(workshop, build_id))
    if build is None:
        abort(404)
    return workshop, build


def status_text(site: Site, workshop: Workshop, build: Build) -> str:
    """One sentence on where a build is, in the workshop's language."""
    t = site.texts(workshop.lang)
    if build.state == "queued":
        return t("workbench.state_queued")
    if build.state == "running":
        step = build.step if build.step in STEPS else {"kit": "cards"}.get(build.kind, build.kind)
        return t("workbench.state_running", step=t(f"workbench.steps.{step}"), percent=build.progress)
    if build.state == "failed":
        return t(f"workbench.failed.{build.error if build.error in FAILURES else 'other'}")
    return t("workbench.made_at", when=local_time(build.finished_at))


STEPS = ("cards", "legplan", "matrix", "worksheets", "manual", "calibration", "check", "zip", "preview", "results")
FAILURES = ("settings", "changed", "other", "stopped", "timeout")


def _build_page(site: Site, secret: str, build_id: int):
    workshop, build = _found_build(site, secret, build_id)
    previous = None if build.state == "done" else site.workbench.latest(workshop, build.kind, "done")
    return site.render("build.html", workshop.lang, workshop=workshop, secret=secret, build=build, previous=previous,
                       status_line=status_text(site, workshop, build), file_label=_file_label(site, workshop), when=local_time)


def _build_json(site: Site, secret: str, build_id: int):
    workshop, build = _found_build(site, secret, build_id)
    t = site.texts(workshop.lang)
    images = [{"src": url_for("build_file", secret=secret, build_id=build.id, name=f["name"]),
               "alt": t("workbench.preview_alt", n=n, total=len(build.files))}
              for n, f in enumerate(build.files, start=1)] if build.kind == "preview" and build.state == "done" else []
    return jsonify(state=build.state, progress=build.progress, text=status_text(site, workshop, build), images=images)


def _build_file(site: Site, secret: str, build_id: int, name: str):
    """A file of a finished build of this workshop, by a name its listing holds; never a path from the request."""
    workshop, build = _found_build(site, secret, build_id)
    entry = next((f for f in build.files if f["name"] == name), None) if build.state == "done" else None
    if entry is None:
        abort(404)
    root = site.data_dir / "builds"
    path = build_folder(site.data_dir, workshop.code, build.key) / entry["name"]
    if not path.resolve().is_relative_to(root.resolve()) or not path.is_file():
        abort(404)
    suffix = path.suffix.lower()
    response = send_file(path, mimetype=MIMETYPES.get(suffix, "application/octet-stream"), as_attachment=suffix != ".png",
                         download_name=entry["name"], max_age=0, conditional=True)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _export_xlsx(site: Site, secret: str):
    from kit.workshop.spreadsheet import answers_xlsx

    workshop = site.workshop_by_secret_or_404(secret)
    catalog = site.catalog(workshop.lang)
    data = answers_xlsx(from_store(site.store, workshop, catalog), catalog, local_time)
    response = Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f'attachment; filename="results-{workshop.code}.xlsx"'
    return response
