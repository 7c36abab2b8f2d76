"""The online legplan of `kit serve`: the board with every card of the workshop, live for every participant, with the
Fase 2 stickers.

    /w/<code>/board               the board for participants (read-only once the workshop is closed)
    /w/<code>/board.json          its state: per card its zone, green and red, and a version number
    /w/<code>/board/qr.svg        a QR code of the board's address, for the projector
    /w/<code>/board/<action>      move, sticker, name (a blank card), values (the core values), join
    /o/<secret>/board             the trekker's large view for the projector, with the participants
    /o/<secret>/board/<action>    the same actions, and voting (lock or open) and reset (a participant's stickers)

Every action is a plain POST form with the form token, which works without
JavaScript; static/board.js sends the same forms in the background, polls the
JSON for changes, and adds drag and drop. A participant is a browser that joined
with a display name: a cookie holds a random secret, the database its hash.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from flask import Response, abort, g, jsonify, redirect, request, url_for

from kit.content.catalog import icon_path
from kit.content.characters import storable
from kit.content.customize import MAX_VALUE_CHARS, MAX_VALUES
from kit.qr import encode
from kit.workshop.board import COLOURS, MAX_NAME, STICKERS, ZONES, Boards, Participant, Refused
from kit.workshop.fields import FIELD_BY_KEY, FieldError, clean_value
from kit.workshop.results import from_store
from kit.workshop.store import Workshop, WorkshopFull
from kit.workshop.web.boardview import board_cards, state_json, tally_text, zone_names
from kit.workshop.web.site import Site, local_time

log = logging.getLogger("kit.serve")
STATIC = Path(__file__).parent / "static"
NOTE_COOKIE = "kit_board_note"  # a one-time note that an action worked, for browsers without JavaScript
ACTIONS = ("move", "sticker", "name", "values", "join")
TREKKER_ACTIONS = ACTIONS + ("voting", "reset")


@dataclass(frozen=True)
class View:
    """The board as one visitor sees it: a participant (by workshop code) or the trekker (by the secret link)."""

    workshop: Workshop
    secret: str = ""  # the overview link's secret: the trekker's view

    @property
    def trekker(self) -> bool:
        return bool(self.secret)

    def page_url(self, **anchor) -> str:
        if self.trekker:
            return url_for("board_projector", secret=self.secret, **anchor)
        return url_for("board", code=self.workshop.code, **anchor)

    def action_url(self, action: str) -> str:
        if self.trekker:
            return url_for("board_trekker_action", secret=self.secret, action=action)
        return url_for("board_action", code=self.workshop.code, action=action)


class Refusal(Exception):
    """An action refused before it reached the board: a status, a message key of strings.yaml and its values."""

    def __init__(self, status: int, key: str, headers=None, **values):
        super().__init__(key)
        self.status, self.key, self.headers, self.values = status, key, headers or {}, values


def register(app, site: Site) -> None:
    """Add the online legplan's pages to the app."""
    def static(name: str, mimetype: str):
        return lambda: _cached((STATIC / name).read_text(encoding="utf-8"), mimetype)

    app.add_url_rule("/static/board.css", "board_stylesheet", static("board.css", "text/css"))
    app.add_url_rule("/static/board.js", "board_script", static("board.js", "text/javascript"))
    app.add_url_rule("/static/board-icons-<lang>.css", "board_icons", lambda lang: _icons_css(site, lang))
    app.add_url_rule("/static/icons/<name>.svg", "icon", lambda name: _icon(site, name))
    app.add_url_rule("/w/<code>/board", "board", lambda code: _page(site, View(site.workshop_or_404(code))))
    app.add_url_rule("/w/<code>/board.json", "board_json", lambda code: _json(site, code))
    app.add_url_rule("/w/<code>/board/qr.svg", "board_qr", lambda code: _qr(site, code))
    app.add_url_rule("/w/<code>/board/<action>", "board_action", lambda code, action: _act(site, code, "", action),
                     methods=["POST"])
    app.add_url_rule("/o/<secret>/board", "board_projector",
                     lambda secret: _page(site, View(site.workshop_by_secret_or_404(secret), secret)))
    app.add_url_rule("/o/<secret>/board/<action>", "board_trekker_action",
                     lambda secret, action: _act(site, "", secret, action), methods=["POST"])
    app.context_processor(lambda: {"board_card": lambda workshop, card: _card_note(site, workshop, card),
                                   "board_zone_names": lambda lang: zone_names(site.catalog(lang))})


def _cached(body: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def _icons_css(site: Site, lang: str) -> Response:
    """Each category's icon as a mask in the colour of its band's text, as on the printed legplan (the page's security
    policy allows no inline styles)."""
    if lang not in site.languages:
        abort(404)
    css = "".join(f".icon-{c.prefix} {{ -webkit-mask-image: url({url_for('icon', name=c.icon)}); "
                  f"mask-image: url({url_for('icon', name=c.icon)}); }}\n" for c in site.catalog(lang).categories)
    return _cached(css, "text/css")


def _icon(site: Site, name: str) -> Response:
    """A category's icon from content/icons (only the ones a category names)."""
    known = {c.icon for lang in site.languages for c in site.catalog(lang).categories}
    path = icon_path(site.content, name)
    if name not in known or not path.is_file():
        abort(404)
    return _cached(path.read_text(encoding="utf-8"), "image/svg+xml")


def _qr(site: Site, code: str) -> Response:
    """The board's address as a QR code, so people in the room join from the projector."""
    workshop = site.workshop_or_404(code)
    modules = encode(f"{site.address.for_people()}{url_for('board', code=workshop.code)}")
    size = len(modules) + 8
    runs = []
    for row, line in enumerate(modules):
        column = 0
        for run in line.split("0"):
            if run:
                runs.append(f"M{column + 4} {row + 4}h{len(run)}v1h-{len(run)}z")
            column += len(run) + 1
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
           f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{"".join(runs)}" fill="#000"/></svg>')
    return Response(svg, mimetype="image/svg+xml")


# -- the participant ------------------------------------------------------------------------------------


def _cookie(site: Site, workshop: Workshop) -> str:
    """One cookie per workshop: a browser may take part in two workshops."""
    return f"{'__Host-' if site.guard.https else ''}kit_board_{workshop.code}"


def _me(site: Site, workshop: Workshop) -> Participant | None:
    return Boards(site.store).participant(workshop, request.cookies.get(_cookie(site, workshop), ""))


# -- the page and the JSON ---------------------------------------------------------------------------------


def _page(site: Site, view: View, status: int = 200, message: str = "", ok: bool = False, focus_card: str = ""):
    workshop = view.workshop
    catalog = site.catalog(workshop.lang)
    t = site.texts(workshop.lang)
    boards = Boards(site.store)
    me = _me(site, workshop)
    results = from_store(site.store, workshop, catalog)
    mine = boards.stickers_of(workshop, me) if me else {}
    cards = board_cards(results, catalog, mine)
    note = request.cookies.get(NOTE_COOKIE, "")
    code, _, said = note.partition("|")
    if not message and code == workshop.code:  # a note of this workshop's board (another's is only cleared)
        message, ok = _note_text(t, catalog, said), True
    base = site.address.for_people()
    response = site.render(
        "board.html", workshop.lang, status, workshop=workshop, view=view, catalog=catalog, cards=cards, results=results,
        me=me, message=message, ok=ok, focus_card=focus_card, zones=ZONES, zone_names=zone_names(catalog),
        editable=not workshop.closed, voting=not workshop.closed and not results.board.voting_locked, stickers=STICKERS,
        token=site.guard.token(f"board|{workshop.code}"), trekker_token=site.guard.token(f"board-trekker|{workshop.code}"),
        participants=boards.participants(workshop) if view.trekker else [], tally=lambda r: tally_text(catalog, r),
        board_url=f"{base}{url_for('board', code=workshop.code)}", max_name=MAX_NAME, max_values=MAX_VALUES,
        max_value_chars=MAX_VALUE_CHARS, title_limit=FIELD_BY_KEY["title"].limit)
    if note:
        response.delete_cookie(NOTE_COOKIE, path="/")
    return response


def _json(site: Site, code: str):
    """The board's state; with ?since=N only the version while it is still N (what every open board polls)."""
    workshop = site.workshop_or_404(code)
    boards = Boards(site.store)
    since = request.args.get("since", "")
    if since.isdigit() and boards.version(workshop) == int(since):  # closing a workshop changes no version: say it
        return jsonify({"version": int(since), "unchanged": True, **({"closed": True} if workshop.closed else {})})
    return jsonify(_state(site, workshop))


def _state(site: Site, workshop: Workshop) -> dict:
    catalog = site.catalog(workshop.lang)
    me = _me(site, workshop)
    results = from_store(site.store, workshop, catalog)
    mine = Boards(site.store).stickers_of(workshop, me) if me else {}
    return state_json(results, catalog, board_cards(results, catalog, mine), closed=workshop.closed, me=me)


# -- actions ------------------------------------------------------------------------------------------------


def _act(site: Site, code: str, secret: str, action: str):
    """One action from a form: refused with a reason the visitor reads, or done (then the board again, or its JSON)."""
    view = View(site.workshop_by_secret_or_404(secret), secret) if secret else View(site.workshop_or_404(code))
    if action not in (TREKKER_ACTIONS if view.trekker else ACTIONS):
        abort(404)
    workshop = view.workshop
    card_id = request.form.get("card", "")[:32]
    try:
        _allowed(site, view, action)
        note = _do(site, view, action)
    except Refusal as refusal:
        return _refused(site, view, refusal, card_id)
    except Refused as refused:
        return _refused(site, view, _refusal(site, refused), card_id)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if wants_json:
        response = jsonify({"ok": True, "message": _note_text(site.texts(workshop.lang), site.catalog(workshop.lang), note),
                            "state": _state(site, workshop)})
    else:
        response = redirect(view.page_url(_anchor=f"card-{card_id}" if card_id else "board"), code=303)
        response.set_cookie(NOTE_COOKIE, f"{workshop.code}|{note}", max_age=120, httponly=True, samesite="Lax", path="/",
                            secure=request.is_secure or site.guard.https)
    if "board_secret" in g:  # a participant just joined: their browser keeps the secret
        response.set_cookie(_cookie(site, workshop), g.board_secret, max_age=60 * 60 * 24 * 30, httponly=True,
                            samesite="Lax", path="/", secure=request.is_secure or site.guard.https)
    return response


def _allowed(site: Site, view: View, action: str) -> None:
    """A closed workshop, a forged or expired form, or too many actions from one address are refused."""
    workshop = view.workshop
    if workshop.closed:
        raise Refusal(403, "web.closed")
    trekker_only = action in ("voting", "reset")
    if not site.guard.token_valid(f"{'board-trekker' if trekker_only else 'board'}|{workshop.code}"):
        raise Refusal(403, "board.refused.expired")
    if action == "join":
        wait = site.guard.over("join", site.limits.joins_per_hour, 3600)
    else:
        wait = site.guard.over("board", site.limits.board_actions_per_minute, 60, workshop.code)
    if wait:
        raise Refusal(429, "web.too_many", headers={"Retry-After": str(wait)}, seconds=wait)


def _do(site: Site, view: View, action: str) -> str:
    """Carry out an action; the note that says it worked ("moved|T01|short")."""
    return {"move": _move, "sticker": _sticker, "name": _name, "values": _values, "join": _join,
            "voting": _voting, "reset": _reset}[action](site, view.workshop)


def _card_of(site: Site, workshop: Workshop):
    try:
        return site.catalog(workshop.lang).card(request.form.get("card", "").upper())
    except KeyError:
        raise Refusal(400, "board.refused.unknown") from None


def _move(site: Site, workshop: Workshop) -> str:
    card = _card_of(site, workshop)
    zone = request.form.get("zone", "")
    if zone not in ZONES:
        raise Refusal(400, "board.refused.unknown")
    Boards(site.store).move(workshop, card.id, zone, keep=site.limits.history)
    return f"moved|{card.id}|{zone}"


def _sticker(site: Site, workshop: Workshop) -> str:
    card = _card_of(site, workshop)
    colour = request.form.get("colour", "")
    if colour not in COLOURS + ("none",):
        raise Refusal(400, "board.refused.unknown")
    category = site.catalog(workshop.lang).category(card.category)
    if not category.voting:
        raise Refusal(409, "board.refused.not_voted", category=category.name)
    me = _me(site, workshop)
    if me is None:
        raise Refused("not_joined")
    boards = Boards(site.store)
    if colour == "none":
        boards.remove(workshop, me, card.id)
        return f"removed|{card.id}|"
    boards.place(workshop, me, card.id, colour)
    return f"stuck|{card.id}|{colour}"


def _name(site: Site, workshop: Workshop) -> str:
    """A blank card's name: saved as a new version of its answer, so the form, the board and the reports agree."""
    card = _card_of(site, workshop)
    if not card.blank:
        raise Refusal(400, "board.refused.unknown")
    try:
        title = clean_value(FIELD_BY_KEY["title"], request.form.get("title", ""))
    except FieldError:
        raise Refusal(400, "board.refused.name", limit=FIELD_BY_KEY["title"].limit) from None
    history = site.store.history(workshop, card.id, limit=1)
    values = dict(history[0].values) if history else {}
    if values.get("title") == title or (title is None and "title" not in values):
        return f"named|{card.id}|"
    values.pop("title", None)
    if title:
        values["title"] = title
    try:
        site.store.save_answer(workshop, card.id, values, keep=site.limits.history, cap=site.limits.workshop_chars)
    except WorkshopFull:
        raise Refusal(413, "web.workshop_full") from None
    return f"named|{card.id}|"


def _values(site: Site, workshop: Workshop) -> str:
    raw = storable(request.form.get("values", "")[:4000])
    values = tuple(" ".join(line.split()) for line in raw.replace("\r", "\n").split("\n") if line.strip())
    if len(values) > MAX_VALUES or any(len(v) > MAX_VALUE_CHARS for v in values):
        raise Refusal(400, "board.refused.values", count=MAX_VALUES, limit=MAX_VALUE_CHARS)
    Boards(site.store).set_core_values(workshop, values)
    return "values||"


def _join(site: Site, workshop: Workshop) -> str:
    name = " ".join(storable(request.form.get("name", "")[:400]).split())
    if not name or len(name) > MAX_NAME:
        raise Refusal(400, "board.refused.display_name", limit=MAX_NAME)
    participant, secret = Boards(site.store).join(workshop, name, cap=site.limits.participants)
    g.board_secret = secret  # the cookie is set on the response
    return f"joined||{participant.id}"


def _voting(site: Site, workshop: Workshop) -> str:
    locked = request.form.get("locked") == "1"
    Boards(site.store).lock_voting(workshop, locked)
    return "locked||" if locked else "unlocked||"


def _reset(site: Site, workshop: Workshop) -> str:
    wanted = request.form.get("participant", "")
    found = [p for p in Boards(site.store).participants(workshop) if str(p.id) == wanted]
    if not found:
        raise Refusal(400, "board.refused.unknown")
    Boards(site.store).reset(workshop, found[0].id)
    return f"reset||{found[0].id}"


# -- what the visitor reads ---------------------------------------------------------------------------------


def _refusal(site: Site, refused: Refused) -> Refusal:
    """A refusal of the board's rules, as a page's message."""
    if refused.reason == "full":
        return Refusal(409, "board.refused.full", limit=site.limits.participants)
    if refused.reason in ("no_green_left", "no_red_left"):
        return Refusal(409, f"board.refused.{refused.reason}", count=STICKERS)
    return Refusal(409, f"board.refused.{refused.reason}")


def _refused(site: Site, view: View, refusal: Refusal, card_id: str):
    workshop = view.workshop
    message = site.texts(workshop.lang)(refusal.key, **refusal.values)
    if "application/json" in request.headers.get("Accept", ""):
        response = jsonify({"ok": False, "message": message, "card": card_id})
        response.status_code = refusal.status
    else:
        response = _page(site, view, refusal.status, message, focus_card=card_id)
    response.headers.update(refusal.headers)
    return response


def _note_text(t, catalog, note: str) -> str:
    """The sentence for a one-time note ("moved|T01|short"); an unknown or damaged note says nothing."""
    kind, _, rest = note.partition("|")
    card_id, _, detail = rest.partition("|")
    try:
        card = catalog.card(card_id) if card_id else None
    except KeyError:
        return ""
    label = card.id if card else ""
    if kind == "moved" and detail in ZONES:
        return t("board.done.moved", card=label, zone=zone_names(catalog)[detail])
    if kind == "stuck" and detail in COLOURS:
        return t(f"board.done.stuck_{detail}", card=label)
    simple = {"removed": "board.done.removed", "named": "board.done.named", "values": "board.done.values",
              "joined": "board.done.joined", "locked": "board.done.locked", "unlocked": "board.done.unlocked",
              "reset": "board.done.reset"}
    if kind not in simple:
        return ""
    return t(simple[kind], card=label, count=STICKERS) if kind in ("removed", "named", "joined") else t(simple[kind])


# -- the card form's note on the board ------------------------------------------------------------------------


def _card_note(site: Site, workshop: Workshop, card):
    """What the card form shows of the board: where the card lies, its online stickers, when it was moved. Nothing
    while the database is away (the form then has no workshop id)."""
    if not workshop or not workshop.id:
        return None
    boards = Boards(site.store)
    placement = boards.placement(workshop, card.id)
    names = zone_names(site.catalog(workshop.lang))
    return {"zone": names[placement.zone if placement else "pile"], "online": boards.online(workshop, card.id),
            "moves": [(local_time(when), names.get(zone, zone)) for zone, when in boards.moves(workshop, card.id,
                                                                                               site.limits.history)],
            "url": url_for("board", code=workshop.code, _anchor=f"card-{card.id}")}
