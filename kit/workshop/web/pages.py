"""The pages of `kit serve`: the start page, a workshop's cards, a card's form (what a QR code opens), and the
trekker's overview with its close button and CSV export.

    /                          start: create a workshop
    /w/<code>                  the workshop's cards, for people without a QR reader
    /w/<code>/c/<card>         one card's form (what a printed QR code opens)
    /o/<secret>                the overview: the workbench's three steps, every card, its tallies and outcome
    /o/<secret>/results.csv    all answers as CSV, the format `kit results --csv` reads
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Response, abort, redirect, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from kit.content.colour import text_colour_on
from kit.content.customize import MAX_NAME_CHARS
from kit.workshop.fields import (
    FIELD_BY_KEY,
    QUESTIONS,
    check_workshop,
    clean_answer,
    fields_for,
    status,
    unprintable_in_name,
    workshop_errors,
)
from kit.workshop.results import from_store, to_csv
from kit.workshop.store import Workshop, WorkshopFull
from kit.workshop.web.site import RETRY_SECONDS, Site, local_time

log = logging.getLogger("kit.serve")
STATIC = Path(__file__).parent / "static"
PRINTED_BLANKS = 3  # the blank cards per category a default kit prints; the list shows more once they are used
NOTE_COOKIE = "kit_workbench_note"  # kit.workshop.web.workbench: the legplan was saved, shown once
SAVED_COOKIE = "kit_saved"  # a one-time note that a save worked, shown once (a reload does not show it again)


def register(app, site: Site) -> None:
    """Add the pages to the app."""
    app.add_url_rule("/static/kit.css", "stylesheet", lambda: _cached((STATIC / "kit.css").read_text(encoding="utf-8"), "text/css"))
    app.add_url_rule("/static/kit.js", "script", lambda: _cached((STATIC / "kit.js").read_text(encoding="utf-8"), "text/javascript"))
    app.add_url_rule("/static/categories-<lang>.css", "category_colours", lambda lang: _category_colours(site, lang))
    app.add_url_rule("/", "start", lambda: _start(site), methods=["GET", "POST"])
    app.add_url_rule("/w/<code>", "card_list", lambda code: _card_list(site, code))
    app.add_url_rule("/w/<code>/c/<card_id>", "card_form", lambda code, card_id: _card_form(site, code, card_id),
                     methods=["GET", "POST"])
    app.add_url_rule("/o/<secret>", "overview", lambda secret: _overview(site, secret))
    app.add_url_rule("/o/<secret>/close", "close", lambda secret: _close(site, secret), methods=["GET", "POST"])
    app.add_url_rule("/o/<secret>/results.csv", "export", lambda secret: _export(site, secret))


def _cached(body: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def _category_colours(site: Site, lang: str) -> Response:
    """The category colours as classes: the page's security policy allows no inline styles."""
    if lang not in site.languages:
        abort(404)
    css = "".join(f".cat-{c.prefix} {{ --band: {_hex(c.colour)}; --on: {_hex(text_colour_on(c.colour))}; }}\n"
                  for c in site.catalog(lang).categories)
    return _cached(css, "text/css")


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


# -- the start page -----------------------------------------------------------------------------------


def _start(site: Site):
    lang = site.page_lang()
    values, errors, message, status = {"lang": lang}, {}, "", 200
    if request.method == "POST":
        if not site.web_create:
            abort(405)
        values = {k: request.form.get(k, "")[:300] for k in ("municipality", "date", "lang")}
        lang = values["lang"] if values["lang"] in site.languages else lang
        outcome = _create(site, values, lang)
        if isinstance(outcome, Response):
            return outcome
        if isinstance(outcome, str):
            return redirect(url_for("overview", secret=outcome, new=1), code=303)
        errors, message, status = outcome
    return _start_page(site, lang, values, errors, message, status)


def _start_page(site: Site, lang: str, values: dict, errors: dict, message: str, status: int, headers=None) -> Response:
    t = site.texts(lang)
    labels = {"municipality": t("web.municipality"), "date": t("web.date"), "lang": t("web.language")}
    languages = [(code, site.texts(code)("web.language_name")) for code in site.languages]
    return site.render("start.html", lang, status, headers=headers, values=values, errors=errors, labels=labels, message=message,
                       languages=languages, token=site.guard.token("start") if site.web_create else "", web_create=site.web_create,
                       max_name=MAX_NAME_CHARS)


def _create(site: Site, values: dict, lang: str):
    """The secret of a new workshop; else (field errors, message, status) or a refusal page."""
    t = site.texts(lang)
    if not site.guard.token_valid("start"):
        return {}, t("web.expired"), 403
    errors = workshop_errors(values, site.languages)
    if errors:
        said = {"too_long": {"limit": MAX_NAME_CHARS}, "unprintable": {"chars": " ".join(unprintable_in_name(values["municipality"]))}}
        return {key: t(f"web.errors.{reason}", **said.get(reason, {})) for key, reason in errors.items()}, t("web.refused"), 400
    try:
        wait = site.guard.over("create", site.limits.creations_per_hour, 3600)
        if wait:
            return site.too_many(wait)
        name, date, chosen = check_workshop(values["municipality"], values["date"], values["lang"], site.languages)
        return site.store.create_workshop(name, date, chosen)[1]
    except SQLAlchemyError as exc:
        log.error("POST / not saved: %s", type(exc).__name__)
        return _start_page(site, lang, values, {}, t("web.retry"), 503, headers={"Retry-After": str(RETRY_SECONDS)})


# -- a workshop's cards and a card's form -------------------------------------------------------------


def _card_list(site: Site, code: str):
    """Every card with how far it is; the blank cards the kit prints, and any other the group has used."""
    workshop = site.workshop_or_404(code)
    catalog = site.catalog(workshop.lang)
    current = site.store.current_answers(workshop)
    statuses = {card_id: status(answer.values) for card_id, answer in current.items()}
    titles = {card_id: answer.values["title"] for card_id, answer in current.items() if answer.values.get("title")}
    cards = [c for c in catalog.cards if not c.blank or int(c.id[2:]) <= PRINTED_BLANKS or c.id in current]
    return site.render("cards.html", workshop.lang, workshop=workshop, catalog=catalog, cards=cards, statuses=statuses,
                       titles=titles)


def _card_form(site: Site, code: str, card_id: str):
    if request.method == "POST":
        try:
            return _save(site, code, card_id)
        except SQLAlchemyError as exc:  # the database is away: say so, and keep what was typed
            log.error("POST /w/<code>/c/<card_id> not saved: %s", type(exc).__name__)
            return _form_while_away(site, code, card_id)
    workshop, card = _card(site, code, card_id)
    if card.id != card_id:
        return redirect(url_for("card_form", code=workshop.code, card_id=card.id), code=308)
    history = site.store.history(workshop, card.id, limit=site.limits.history)
    t = site.texts(workshop.lang)
    values = history[0].values if history else {}
    just_saved = request.cookies.get(SAVED_COOKIE) == f"{workshop.code}-{card.id}" and bool(history)
    message = t("web.closed") if workshop.closed else (t("web.saved") if just_saved else "")
    response = _form(site, workshop, card, values=values, message=message, history=history, saved=just_saved and not workshop.closed)
    if request.cookies.get(SAVED_COOKIE):
        response.delete_cookie(SAVED_COOKIE, path=url_for("card_list", code=workshop.code))
    return response


def _card(site: Site, code: str, card_id: str):
    """The workshop and the card (any case of its id), or a 404."""
    workshop = site.workshop_or_404(code)
    try:
        return workshop, site.catalog(workshop.lang).card(card_id.upper())
    except KeyError:
        abort(404)


def _save(site: Site, code: str, card_id: str):
    workshop, card = _card(site, code, card_id)
    fields = fields_for(card, site.catalog(workshop.lang).category(card.category))
    raw = {f.key: request.form.get(f.key, "") for f in fields}
    t = site.texts(workshop.lang)
    if workshop.closed:
        return _form(site, workshop, card, raw, t("web.closed"), status=403)
    if not site.guard.token_valid(f"card|{workshop.code}|{card.id}"):
        return _form(site, workshop, card, raw, t("web.expired"), status=403)
    answer, refused = clean_answer(raw, fields)
    if refused:
        errors = {e.key: t(f"web.errors.{e.reason}", limit=e.limit) if e.limit else t(f"web.errors.{e.reason}") for e in refused}
        return _form(site, workshop, card, raw, t("web.refused"), status=400, errors=errors)
    wait = site.guard.over("save", site.limits.saves_per_minute, 60, workshop.code)
    if wait:
        return _form(site, workshop, card, raw, t("web.too_many", seconds=wait), status=429, headers={"Retry-After": str(wait)})
    try:
        site.store.save_answer(workshop, card.id, answer, keep=site.limits.history, cap=site.limits.workshop_chars)
    except WorkshopFull:
        return _form(site, workshop, card, raw, t("web.workshop_full"), status=413)
    done = redirect(url_for("card_form", code=workshop.code, card_id=card.id), code=303)
    done.set_cookie(SAVED_COOKIE, f"{workshop.code}-{card.id}", max_age=120, httponly=True, samesite="Lax",
                    path=url_for("card_list", code=workshop.code), secure=request.is_secure or site.guard.https)
    return done


def _form_while_away(site: Site, code: str, card_id: str):
    """The form with what was typed and a 503 "try again", without the database: the language comes from the
    form itself, the card from the catalog."""
    lang = request.form.get("lang", "")
    lang = lang if lang in site.languages else site.page_lang()
    try:
        card = site.catalog(lang).card(card_id.upper())
    except KeyError:
        return site.unavailable()
    workshop = Workshop(0, code, "", "", lang, "")
    fields = fields_for(card, site.catalog(lang).category(card.category))
    raw = {f.key: request.form.get(f.key, "") for f in fields}
    return _form(site, workshop, card, raw, site.texts(lang)("web.retry"), status=503,
                 headers={"Retry-After": str(RETRY_SECONDS)}, token=request.form.get("token", ""))


def _form(site: Site, workshop: Workshop, card, values: dict, message: str, status: int = 200, *, errors=None, history=(),
          saved: bool = False, headers=None, token: str | None = None):
    catalog = site.catalog(workshop.lang)
    category = catalog.category(card.category)
    labels = _field_labels(catalog)
    t = site.texts(workshop.lang)
    shown = [(a, [(labels[k], _shown_value(t, k, a.values[k])) for k in labels if k in a.values]) for a in history]
    if token is None:
        token = site.guard.token(f"card|{workshop.code}|{card.id}")
    named = card.blank and (values.get("title") or (history[0].values.get("title") if history else ""))
    return site.render("card.html", workshop.lang, status, headers=headers, workshop=workshop, card=card, category=category,
                       heading=named or card.title, fields={f.key for f in fields_for(card, category)}, field=FIELD_BY_KEY,
                       values=values, errors=errors or {}, labels=labels, message=message, saved=saved, history=shown,
                       when=local_time, questions=list(zip(QUESTIONS, catalog.strings["fiche"]["questions"])), token=token,
                       shown=lambda key: _shown_value(t, key, values[key]) if values.get(key) not in (None, "") else "")


def _field_labels(catalog) -> dict:
    """Each answer field's label in the workshop's language, in form order, for the history."""
    labels = {"title": catalog.text("web.title"), "exists": catalog.text("web.exists"),
              "existing_actions": catalog.text("web.existing_actions"), "green": catalog.text("web.green"),
              "red": catalog.text("web.red"), "choice": catalog.text("web.choice")}
    labels.update({key: q["label"] for key, q in zip(QUESTIONS, catalog.strings["fiche"]["questions"])})
    return labels


def _shown_value(t, key: str, value) -> str:
    """A stored value as the form shows it: the words for a choice, the number or text as typed."""
    if key in ("exists", "choice"):
        return t(f"web.{key}_{value}")
    return str(value)


# -- the trekker's overview ---------------------------------------------------------------------------


def _overview(site: Site, secret: str):
    workshop = site.workshop_by_secret_or_404(secret)
    return overview_page(site, workshop, secret)


def overview_page(site: Site, workshop: Workshop, secret: str, status: int = 200, *, forms: dict | None = None,
                  errors: dict | None = None, message: str = "", headers=None) -> Response:
    """The overview: the workshop's links, the workbench's three steps (kit.workshop.web.workbench), the online
    legplan and every card's state; with `forms`, `errors` and `message`, a workbench form refused as it was typed."""
    from kit.workshop.web.workbench import overview_context

    results = from_store(site.store, workshop, site.catalog(workshop.lang))
    base = site.address.for_people()
    t = site.texts(workshop.lang)
    labels = {"logo": t("workbench.logo"), "legplan_date": t("web.date"), "values": t("workbench.values"),
              "legplan_size": t("workbench.size"), "paper": t("workbench.paper"), "cards": t("workbench.cards"),
              "flip": t("workbench.flip"), "offset_x": f"{t('workbench.offset')}: {t('workbench.offset_x')}",
              "offset_y": f"{t('workbench.offset')}: {t('workbench.offset_y')}"}
    response = site.render("overview.html", workshop.lang, status, headers=headers, workshop=workshop, results=results,
                           new=bool(request.args.get("new")), base=base, secret=secret,
                           participants_url=f"{base}{url_for('card_list', code=workshop.code)}",
                           secret_url=f"{base}{url_for('overview', secret=secret)}", when=local_time,
                           close_token=site.guard.token(f"close|{workshop.code}"), reachable=site.address.reachable_by_phones(),
                           errors=errors or {}, labels=labels, message=message,
                           **overview_context(site, workshop, secret, results, forms))
    if status == 200 and request.cookies.get(NOTE_COOKIE):  # the note that the legplan was saved is shown once
        response.delete_cookie(NOTE_COOKIE, path=url_for("overview", secret=secret))
    return response


def _close(site: Site, secret: str):
    """The trekker closes the workshop after the day (after a page that asks to confirm), or opens it again."""
    workshop = site.workshop_by_secret_or_404(secret)
    expired = request.method == "POST" and not site.guard.token_valid(f"close|{workshop.code}")
    if request.method != "POST" or expired:
        message = site.texts(workshop.lang)("web.close_expired") if expired else ""
        return site.render("close.html", workshop.lang, 403 if expired else 200, workshop=workshop, secret=secret, message=message,
                           close_token=site.guard.token(f"close|{workshop.code}"))
    site.store.set_closed(workshop, request.form.get("closed") == "1")
    return redirect(url_for("overview", secret=secret), code=303)


def _export(site: Site, secret: str):
    workshop = site.workshop_by_secret_or_404(secret)
    response = Response("\ufeff" + to_csv(from_store(site.store, workshop, site.catalog(workshop.lang))), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="results-{workshop.code}.csv"'
    return response
