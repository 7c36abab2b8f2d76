"""The results-entry website: a form per card behind its QR code, and the trekker's overview behind a secret link.

Pages are plain server-rendered HTML that works on any phone browser, in the
workshop's language (the words come from content/<lang>/strings.yaml, `web.*`).

    /                          start: create a workshop
    /w/<code>                  the workshop's cards, for people without a QR reader
    /w/<code>/c/<card>         one card's form (what a printed QR code opens)
    /o/<secret>                the overview: every card, its tallies and outcome
    /o/<secret>/results.csv    all answers as CSV, the format `kit results --csv` reads

Every form carries a token signed with the server's key and bound to a cookie,
so another site cannot post into a workshop. Every query is scoped to the
workshop the code or secret names. Requests are logged by route, status and
duration only: no addresses, codes, secrets or answers.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, abort, g, redirect, render_template, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from kit.content import placeholders
from kit.content.catalog import DEFAULT_CONTENT, available_languages, load_language
from kit.content.colour import text_colour_on
from kit.content.sources import as_layers
from kit.errors import KitError
from kit.workshop.fields import CODE_PATTERN, FIELD_BY_KEY, MAX_BLANKS, QUESTIONS, check_workshop, clean_answer, fields_for
from kit.workshop.netaddr import is_loopback_host, lan_address
from kit.workshop.results import from_store, to_csv
from kit.workshop.store import Store, Workshop

log = logging.getLogger("kit.serve")
COOKIE = "kit_form"
MAX_FORM_BYTES = 64 * 1024  # the longest answer set is about 16 000 characters


class _QuietFlask(Flask):
    def log_exception(self, exc_info) -> None:
        """A failure is logged by route and exception type: Flask's own log line would carry codes, secrets and answers."""
        rule = request.url_rule.rule if request.url_rule else "(no route)"
        log.error("%s %s failed: %s", request.method, rule, exc_info[0].__name__ if exc_info and exc_info[0] else "error")


def create_app(store: Store, content_dir=DEFAULT_CONTENT, public_url: str = "", web_create: bool = True) -> Flask:
    """The site on this store and content (a folder, or kit.content.sources.Layers). `public_url` is the address
    people use when a reverse proxy is in front; `web_create=False` leaves creating workshops to `kit workshop create`
    (for a shared public server)."""
    app = _QuietFlask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_FORM_BYTES
    public = urlsplit(public_url.rstrip("/")) if public_url else None
    https = bool(public and public.scheme == "https")
    # over HTTPS the __Host- prefix keeps a sibling subdomain from planting its own form cookie
    cookie = f"__Host-{COOKIE}" if https else COOKIE
    content_dir = as_layers(content_dir)
    languages = available_languages(content_dir)
    signing_key = store.signing_key()

    def catalog(lang: str):
        return _catalog(content_dir, lang)

    for lang in languages:  # a broken translation stops the server at start, not at a phone
        catalog(lang)

    def texts(lang: str):
        cat = catalog(lang)

        def t(key: str, **values) -> str:
            return placeholders.fill(cat.text(key), values) if values else cat.text(key)

        return t

    def page_lang() -> str:
        asked = request.args.get("lang", "")
        if asked in languages:
            return asked
        return request.accept_languages.best_match(languages) or ("nl" if "nl" in languages else languages[0])

    def render(template: str, lang: str, status: int = 200, **context):
        body = render_template(template, t=texts(lang), lang=lang, **context)
        return Response(body, status=status, mimetype="text/html")

    # -- tokens against forged posts -----------------------------------------------------------

    def sign(nonce: str, action: str) -> str:
        return hmac.new(signing_key, f"{nonce}|{action}".encode(), hashlib.sha256).hexdigest()

    def form_token(action: str) -> str:
        return sign(request.cookies.get(cookie) or g.setdefault("new_nonce", secrets.token_urlsafe(24)), action)

    def token_valid(action: str) -> bool:
        nonce = request.cookies.get(cookie, "")
        origin = request.headers.get("Origin")
        if origin and origin != "null" and urlsplit(origin).netloc not in {request.host, public.netloc if public else ""}:
            return False
        return bool(nonce) and hmac.compare_digest(request.form.get("token", ""), sign(nonce, action))

    # -- request bookkeeping -------------------------------------------------------------------

    @app.before_request
    def started():
        g.started = time.perf_counter()

    @app.after_request
    def finish(response: Response):
        if "new_nonce" in g:
            response.set_cookie(cookie, g.new_nonce, max_age=60 * 60 * 24 * 30, httponly=True, samesite="Lax",
                                secure=request.is_secure or https)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"  # the overview's secret must not leak to other sites
        response.headers["Content-Security-Policy"] = ("default-src 'none'; style-src 'self'; img-src 'self'; "
                                                       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        response.headers.setdefault("Cache-Control", "no-store")
        rule = request.url_rule.rule if request.url_rule else "(no route)"
        log.info("%s %s %d %.0fms", request.method, rule, response.status_code,
                 (time.perf_counter() - g.get("started", time.perf_counter())) * 1000)
        return response

    @app.errorhandler(404)
    @app.errorhandler(405)
    def not_found(error):
        lang = g.workshop.lang if g.get("workshop") else page_lang()
        return render("error.html", lang, error.code, message=texts(lang)("web.not_found"))

    @app.errorhandler(500)
    def failed(_error):
        lang = g.workshop.lang if g.get("workshop") else page_lang()
        return render("error.html", lang, 500, message=texts(lang)("web.server_error"))

    @app.errorhandler(413)
    def too_large(_error):
        lang = page_lang()
        return render("error.html", lang, 413, message=texts(lang)("web.too_large"))

    def workshop_or_404(code: str) -> Workshop:
        workshop = store.workshop(code) if CODE_PATTERN.fullmatch(code) else None
        if workshop is None or workshop.lang not in languages:
            abort(404)
        g.workshop = workshop
        return workshop

    def workshop_by_secret_or_404(secret: str) -> Workshop:
        workshop = store.workshop_by_secret(secret) if 16 <= len(secret) <= 64 else None
        if workshop is None or workshop.lang not in languages:
            abort(404)
        g.workshop = workshop
        return workshop

    # -- pages ---------------------------------------------------------------------------------

    @app.get("/static/kit.css")
    def stylesheet():
        css = (Path(__file__).parent / "static" / "kit.css").read_text(encoding="utf-8")
        response = Response(css, mimetype="text/css")
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    @app.get("/static/categories-<lang>.css")
    def category_colours(lang: str):
        """The category colours as classes: the page's security policy allows no inline styles."""
        if lang not in languages:
            abort(404)
        css = "".join(f".cat-{c.prefix} {{ --band: {_hex(c.colour)}; --on: {_hex(text_colour_on(c.colour))}; }}\n"
                      for c in catalog(lang).categories)
        response = Response(css, mimetype="text/css")
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    @app.route("/", methods=["GET", "POST"])
    def start():
        lang = page_lang()
        values, error = {"lang": lang}, ""
        if request.method == "POST" and not web_create:
            abort(405)
        if request.method == "POST":
            values = {k: request.form.get(k, "")[:300] for k in ("municipality", "date", "lang")}
            lang = values["lang"] if values["lang"] in languages else lang
            if not token_valid("start"):
                error = texts(lang)("web.expired")
            else:
                try:
                    name, date, chosen = check_workshop(values["municipality"], values["date"], values["lang"], languages)
                except KitError:
                    error = texts(lang)("web.refused")
                else:
                    _, secret = store.create_workshop(name, date, chosen)
                    return redirect(url_for("overview", secret=secret, new=1), code=303)
        return render("start.html", lang, 400 if error else 200, values=values, error=error, languages=languages,
                      token=form_token("start") if web_create else "", web_create=web_create)

    @app.get("/w/<code>")
    def card_list(code: str):
        workshop = workshop_or_404(code)
        cat = catalog(workshop.lang)
        return render("cards.html", workshop.lang, workshop=workshop, catalog=cat,
                      cards=[c for c in cat.cards if not c.blank], blanks=[c for c in cat.cards if c.blank])

    @app.route("/w/<code>/c/<card_id>", methods=["GET", "POST"])
    def card_form(code: str, card_id: str):
        workshop = workshop_or_404(code)
        cat = catalog(workshop.lang)
        try:
            card = cat.card(card_id.upper())
        except KeyError:
            abort(404)
        if card.id != card_id:
            return redirect(url_for("card_form", code=code, card_id=card.id), code=301)
        category = cat.category(card.category)
        fields = fields_for(card, category)
        t = texts(workshop.lang)
        action = f"card|{workshop.code}|{card.id}"
        errors, message, status = {}, "", 200
        if request.method == "POST":
            raw = {f.key: request.form.get(f.key, "") for f in fields}
            answer, refused = clean_answer(raw, fields)
            if workshop.closed:
                message, status, values = t("web.closed"), 403, raw
            elif not token_valid(action):
                message, status, values = t("web.expired"), 403, raw
            elif refused:
                errors = {e.key: t(f"web.errors.{e.reason}", limit=e.limit) if e.limit else t(f"web.errors.{e.reason}")
                          for e in refused}
                message, status, values = t("web.refused"), 400, raw
            else:
                try:
                    store.save_answer(workshop, card.id, answer)
                except SQLAlchemyError as exc:  # busy or restarting database: say so and keep what was typed
                    log.error("POST /w/<code>/c/<card_id> not saved: %s", type(exc).__name__)
                    message, status, values = t("web.retry"), 503, raw
                else:
                    return redirect(url_for("card_form", code=code, card_id=card.id, saved=1), code=303)
        history = store.history(workshop, card.id) if status != 503 else []
        if request.method == "GET":
            values = history[0].values if history else {}
            message = t("web.saved") if request.args.get("saved") and history else ""
            message = t("web.closed") if workshop.closed else message
        labels = _field_labels(cat)
        shown = [(a, [(labels[k], _shown_value(t, k, a.values[k])) for k in labels if k in a.values]) for a in history]
        return render("card.html", workshop.lang, status, workshop=workshop, card=card, category=category,
                      fields={f.key for f in fields}, field=FIELD_BY_KEY, values=values, errors=errors, message=message,
                      saved=bool(request.args.get("saved")) and status == 200, history=shown, when=_local_time,
                      questions=list(zip(QUESTIONS, cat.strings["fiche"]["questions"])),
                      token=form_token(action))

    @app.get("/o/<secret>")
    def overview(secret: str):
        workshop = workshop_by_secret_or_404(secret)
        results = _results(workshop)
        base = public_url_for_people()
        return render("overview.html", workshop.lang, workshop=workshop, results=results,
                      new=bool(request.args.get("new")), base=base, secret=secret,
                      participants_url=f"{base}{url_for('card_list', code=workshop.code)}", when=_local_time,
                      close_token=form_token(f"close|{workshop.code}"))

    @app.post("/o/<secret>/closed")
    def close(secret: str):
        """The trekker closes the workshop after the day, or opens it again."""
        workshop = workshop_by_secret_or_404(secret)
        if not token_valid(f"close|{workshop.code}"):
            return render("error.html", workshop.lang, 403, message=texts(workshop.lang)("web.expired"))
        store.set_closed(workshop, request.form.get("closed") == "1")
        return redirect(url_for("overview", secret=secret), code=303)

    @app.get("/o/<secret>/results.csv")
    def export(secret: str):
        workshop = workshop_by_secret_or_404(secret)
        response = Response("\ufeff" + to_csv(_results(workshop)), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="results-{workshop.code}.csv"'
        return response

    def public_url_for_people() -> str:
        """The address to print in QR codes: the public one, else this machine's network address, never loopback."""
        if public:
            return public.geturl()
        if is_loopback_host(request.host.rsplit(":", 1)[0]):
            lan = lan_address()
            if lan:
                port = request.host.rsplit(":", 1)[1] if ":" in request.host else "80"
                return f"{request.scheme}://{lan}:{port}"
        return request.host_url.rstrip("/")

    def _results(workshop: Workshop):
        return from_store(store, workshop, catalog(workshop.lang))

    return app


@lru_cache(maxsize=32)
def _catalog(content_dir, lang: str):
    """One language's catalog, with Dutch where a translation lacks a text; loaded once per process."""
    return load_language(content_dir, lang, blanks_per_category=MAX_BLANKS)


def _field_labels(catalog) -> dict:
    """Each answer field's label in the workshop's language, in form order, for the history."""
    labels = {"title": catalog.text("web.title"), "exists": catalog.text("web.exists"),
              "existing_actions": catalog.text("web.existing_actions"), "green": catalog.text("web.green"),
              "red": catalog.text("web.red"), "choice": catalog.text("web.choice")}
    labels.update((key, q["label"]) for key, q in zip(QUESTIONS, catalog.strings["fiche"]["questions"]))
    return labels


def _shown_value(t, key: str, value) -> str:
    """A stored value as the form shows it: the words for a choice, the number or text as typed."""
    if key in ("exists", "choice"):
        return t(f"web.{key}_{value}")
    return str(value)


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def _local_time(iso: str) -> str:
    """A saved time as the workshop sees it (Belgian time)."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    try:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo("Europe/Brussels"))
    except Exception:  # no time zone data: show UTC and say so
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.strftime("%Y-%m-%d %H:%M")
