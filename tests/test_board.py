"""The online legplan through Flask's test client, on SQLite and on PostgreSQL: the zones and cards of the printed
legplan, moves and their history, the Fase 2 stickers and their limits, the trekker's controls, what the board adds
to the overview and to `kit results`, and the round trip to the filled legplan PDF."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from kit.build.context import load_context
from kit.cli.main import cli
from kit.content.catalog import DEFAULT_CONTENT
from kit.content.config import KitConfig
from kit.workshop.board import STICKERS, Boards
from kit.workshop.limits import Limits
from kit.workshop.store import Store
from kit.workshop.web.app import create_app
from tests.pdfread import text_in
from tests.webkit import POSTGRES_URL, open_store, token, unique_name

CATALOG = load_context(DEFAULT_CONTENT, "nl", KitConfig()).catalog
VOTED = [c.id for c in CATALOG.cards if not c.blank and CATALOG.category(c.category).voting]


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request, tmp_path):
    store = open_store(request.param, tmp_path)
    yield store, create_app(store, DEFAULT_CONTENT)
    store.close()


def board_token(client, code: str) -> str:
    page = client.get(f"/w/{code}/board")
    assert page.status_code == 200
    return token(page.get_data(as_text=True))


class Participant:
    """A browser on the board: its cookies, its form token, and the board's answers as JSON."""

    def __init__(self, app, code: str, name: str = ""):
        self.client, self.code = app.test_client(), code
        self.token = board_token(self.client, code)
        if name:
            assert self.post("join", name=name).status_code == 303

    def post(self, action: str, json_answer: bool = False, **data):
        headers = {"Accept": "application/json"} if json_answer else {}
        return self.client.post(f"/w/{self.code}/board/{action}", data={"token": self.token, **data}, headers=headers)

    def sticker(self, card: str, colour: str):
        return self.post("sticker", json_answer=True, card=card, colour=colour)

    def state(self) -> dict:
        return self.client.get(f"/w/{self.code}/board.json").get_json()


def test_the_board_has_the_printed_zones_and_every_card(site):
    store, app = site
    workshop, _ = store.create_workshop(unique_name(), "2026-03-17", "nl")
    page = app.test_client().get(f"/w/{workshop.code}/board").get_data(as_text=True)
    t = CATALOG.text
    for zone in ("existing", "values", "short", "long", "aside", "pile"):
        assert f'id="zone-{zone}"' in page
    for label in (t("legplan.values"), t("legplan.existing"), t("legplan.short_term"), t("legplan.long_term"), t("board.aside")):
        assert label in page
    for category in CATALOG.categories:  # the category coding of print: its colour class, its icon and its name
        assert f'class="category cat-{category.prefix}"' in page and f"icon-{category.prefix}" in page and category.name in page
    state = app.test_client().get(f"/w/{workshop.code}/board.json").get_json()
    printed = {c.id for c in CATALOG.cards if not c.blank}
    blanks = {f"{c.prefix}B{n}" for c in CATALOG.categories for n in (1, 2, 3)}
    assert set(state["cards"]) == printed | blanks
    assert all(card["zone"] == "pile" for card in state["cards"].values())
    assert all(f'id="card-{card_id}"' in page for card_id in printed | blanks)
    icons = app.test_client().get("/static/board-icons-nl.css").get_data(as_text=True)
    for category in CATALOG.categories:
        assert f"/static/icons/{category.icon}.svg" in icons
        assert app.test_client().get(f"/static/icons/{category.icon}.svg").mimetype == "image/svg+xml"
    assert app.test_client().get("/static/icons/..%2Fnl%2Fcards.svg").status_code == 404


def test_moves_are_kept_with_their_time_never_who_and_the_last_move_wins(site):
    store, app = site
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    first, second = Participant(app, workshop.code), Participant(app, workshop.code)
    before = first.state()["version"]
    moved = first.post("move", card="T01", zone="short")
    assert moved.status_code == 303 and moved.headers["Location"].endswith(f"/w/{workshop.code}/board#card-T01")
    assert "T01 ligt nu bij Dit willen we doen op korte termijn." in first.client.get(f"/w/{workshop.code}/board").get_data(as_text=True)
    assert second.post("move", json_answer=True, card="T01", zone="long").get_json()["ok"]
    state = second.state()
    assert state["cards"]["T01"]["zone"] == "long" and state["version"] > before
    assert first.state()["cards"]["T01"]["zone"] == "long"  # both see the last move
    moves = Boards(store).moves(workshop, "T01")
    assert [zone for zone, _ in moves] == ["long", "short"] and all(re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z", when) for _, when in moves)
    with store.engine.connect() as db:  # the history of moves holds no one's name, cookie or address
        columns = {column["name"] for column in sa.inspect(db).get_columns("board_moves")}
    assert columns == {"id", "workshop_id", "card_id", "zone", "moved_at"}
    form = first.client.get(f"/w/{workshop.code}/c/T01").get_data(as_text=True)
    assert "Ligt bij: Dit willen we doen op lange termijn" in form and "naar Dit willen we doen op korte termijn" in form


def test_the_history_of_moves_is_kept_up_to_the_history_limit(tmp_path):
    store = open_store("sqlite", tmp_path)
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    app = create_app(store, DEFAULT_CONTENT, limits=Limits(history=3))
    client = Participant(app, workshop.code)
    for zone in ("short", "long", "aside", "existing", "short"):
        assert client.post("move", card="C01", zone=zone).status_code == 303
    assert [zone for zone, _ in Boards(store).moves(workshop, "C01")] == ["short", "existing", "aside"]
    store.close()


def test_the_fase_2_limits_hold_and_a_refused_sticker_says_why(site):
    store, app = site
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    ann = Participant(app, workshop.code, "Ann")
    for card in VOTED[:STICKERS]:
        assert ann.sticker(card, "green").status_code == 200
    eleventh = ann.sticker(VOTED[STICKERS], "green")
    assert eleventh.status_code == 409 and "je 10 groene stickers al gekleefd" in eleventh.get_json()["message"]
    twice = ann.sticker(VOTED[0], "red")
    assert twice.status_code == 409 and "hoogstens één sticker" in twice.get_json()["message"]
    regie = ann.sticker("R01", "red")
    assert regie.status_code == 409 and "Lokale regierol wordt niet gestemd" in regie.get_json()["message"]
    no_json = ann.post("sticker", card="R02", colour="green")  # without JavaScript: the board again, with the reason
    page = no_json.get_data(as_text=True)
    assert no_json.status_code == 409 and 'role="alert"' in page and "Lokale regierol wordt niet gestemd" in page
    nobody = Participant(app, workshop.code)
    assert "Geef eerst je naam" in nobody.sticker("T02", "green").get_json()["message"]
    # a sticker taken off frees it for another card
    assert ann.sticker(VOTED[0], "none").status_code == 200
    assert ann.sticker(VOTED[STICKERS], "green").status_code == 200
    state = ann.state()
    assert state["me"] == {"name": "Ann", "green_left": 0, "red_left": STICKERS}
    assert state["cards"][VOTED[STICKERS]]["mine"] == "green" and state["cards"][VOTED[0]]["mine"] is None
    with store.engine.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM stickers")).scalar_one() >= STICKERS


def test_board_stickers_and_the_forms_paper_stickers_add_up_everywhere(site, tmp_path):
    store, app = site
    workshop, secret = store.create_workshop(unique_name(), "", "nl")
    form = app.test_client()
    url = f"/w/{workshop.code}/c/T02"
    form_token = token(form.get(url).get_data(as_text=True))
    assert form.post(url, data={"token": form_token, "green": "2", "red": "0"}).status_code == 303  # paper stickers
    ann, bob = Participant(app, workshop.code, "Ann"), Participant(app, workshop.code, "Bob")
    ann.sticker("T02", "green")
    bob.sticker("T02", "red")
    ann.sticker("T03", "green")
    card = ann.state()["cards"]["T02"]
    assert (card["green"], card["red"], card["online_green"], card["online_red"], card["outcome"]) == (3, 1, 1, 1, "discuss")
    assert ann.state()["cards"]["T04"]["outcome"] == "drop"  # the group votes on the board: no sticker is none
    overview = form.get(f"/o/{secret}").get_data(as_text=True)
    row = overview.split('id="row-T02"')[1].split("</tr>")[0]
    assert re.findall(r'class="num"[^>]*>(\d+)<', row) == ["3", "1"] and "bespreken" in row
    export = form.get(f"/o/{secret}/results.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = {r["card"]: r for r in csv.DictReader(io.StringIO(export), delimiter=";")}
    assert (rows["T02"]["green"], rows["T02"]["red"], rows["T02"]["outcome"]) == ("3", "1", "discuss")
    assert (rows["T04"]["green"], rows["T04"]["red"], rows["T04"]["outcome"]) == ("0", "0", "drop")
    page = form.get(url).get_data(as_text=True)  # the form keeps its own paper count and shows the board's beside it
    assert 'id="green" name="green" inputmode="numeric" maxlength="3" value="2"' in page
    assert "Stickers op het online legplan: 1 groen, 1 rood" in page


def test_a_closed_workshop_refuses_moves_and_votes_and_shows_the_board_read_only(site):
    store, app = site
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    ann = Participant(app, workshop.code, "Ann")
    store.set_closed(workshop, True)
    moved = ann.post("move", card="T01", zone="short")
    assert moved.status_code == 403 and "afgesloten" in moved.get_data(as_text=True)
    assert ann.sticker("T01", "green").status_code == 403
    assert ann.post("join", name="Cas").status_code == 403
    state = ann.state()
    assert state["closed"] and state["cards"]["T01"]["zone"] == "pile" and state["cards"]["T01"]["mine"] is None
    page = ann.client.get(f"/w/{workshop.code}/board").get_data(as_text=True)
    assert "<form" not in page and "data-json" not in page and "je kunt het legplan bekijken, maar niet meer wijzigen" in page


@pytest.mark.parametrize("forgery", ["no token", "wrong token", "another workshop's token", "other site", "no cookie"])
def test_a_forged_post_is_refused(site, forgery):
    store, app = site
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    other, _ = store.create_workshop(unique_name(), "", "nl")
    ann = Participant(app, workshop.code, "Ann")
    data, headers, client = {"card": "T01", "zone": "short"}, {}, ann.client
    if forgery == "wrong token":
        data["token"] = "0" * 64
    elif forgery == "another workshop's token":
        data["token"] = board_token(ann.client, other.code)
    elif forgery == "other site":
        data["token"], headers = ann.token, {"Origin": "https://evil.example"}
    elif forgery == "no cookie":
        data["token"], client = ann.token, app.test_client()
    moved = client.post(f"/w/{workshop.code}/board/move", data=data, headers=headers)
    data["colour"] = "green"
    stuck = client.post(f"/w/{workshop.code}/board/sticker", data=data, headers=headers)
    assert moved.status_code == 403 and stuck.status_code == 403
    assert "verlopen of kwam van een andere pagina" in moved.get_data(as_text=True)
    state = ann.state()
    assert state["cards"]["T01"]["zone"] == "pile" and state["cards"]["T01"]["green"] is None


def test_the_trekker_locks_voting_and_resets_a_participant(site):
    store, app = site
    workshop, secret = store.create_workshop(unique_name(), "", "nl")
    ann = Participant(app, workshop.code, "Ann")
    for card in VOTED[:3]:
        ann.sticker(card, "red")
    trekker = app.test_client()
    page = trekker.get(f"/o/{secret}/board").get_data(as_text=True)
    assert "Ann: 0 groen en 3 rood gekleefd" in page and "Projectorweergave" in page
    voting_form = page.split('class="voting-form">')[1]
    trekker_token = token(voting_form)
    # a participant's token does not open the trekker's controls, nor does another path
    assert ann.client.post(f"/o/{secret}/board/voting", data={"token": ann.token, "locked": "1"}).status_code == 403
    assert ann.post("voting", locked="1").status_code == 404
    assert trekker.post(f"/o/{secret}/board/voting", data={"token": trekker_token, "locked": "1"}).status_code == 303
    locked = ann.sticker(VOTED[5], "green")
    assert locked.status_code == 409 and "afgesloten door de trekker" in locked.get_json()["message"]
    assert ann.sticker(VOTED[0], "none").status_code == 409  # nor taken off
    assert ann.post("move", card="T01", zone="short").status_code == 303  # moving goes on
    participant = Boards(store).participants(workshop)[0]
    assert trekker.post(f"/o/{secret}/board/reset", data={"token": trekker_token, "participant": str(participant.id)}).status_code == 303
    assert Boards(store).participants(workshop)[0].red_used == 0
    assert all(card["online_red"] == 0 for card in ann.state()["cards"].values())
    trekker.post(f"/o/{secret}/board/voting", data={"token": trekker_token, "locked": "0"})
    assert ann.sticker(VOTED[5], "green").status_code == 200


def test_a_blank_card_is_named_on_the_board_as_in_its_form(site):
    store, app = site
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    ann = Participant(app, workshop.code)
    url = f"/w/{workshop.code}/c/CB1"
    form_token = token(ann.client.get(url).get_data(as_text=True))
    ann.client.post(url, data={"token": form_token, "motivation": "omdat"})
    assert ann.post("name", card="CB1", title="  Digicafé   in de bib ").status_code == 303
    assert store.current_answers(workshop)["CB1"].values == {"motivation": "omdat", "title": "Digicafé in de bib"}
    assert ann.state()["cards"]["CB1"]["title"] == "Digicafé in de bib"
    assert "<h1>Digicafé in de bib</h1>" in ann.client.get(url).get_data(as_text=True)
    assert ann.post("name", card="T01", title="Niet blanco").status_code == 400
    assert ann.post("name", card="CB1", title="x" * 121).status_code == 400
    # all three blank cards of a category used: the board offers a fourth
    for blank in ("CB2", "CB3"):
        ann.post("move", card=blank, zone="existing")
    assert "CB4" in ann.state()["cards"] and "CB5" not in ann.state()["cards"]


def test_the_core_values_are_written_on_the_board(site):
    store, app = site
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    ann = Participant(app, workshop.code)
    assert ann.post("values", values="Nabijheid\r\n\r\n  Iedereen   mee \nSamen").status_code == 303
    assert ann.state()["core_values"] == ["Nabijheid", "Iedereen mee", "Samen"]
    refused = ann.post("values", values="\n".join(f"Waarde {n}" for n in range(9)))
    assert refused.status_code == 400 and "Hoogstens 8 kernwaarden" in refused.get_data(as_text=True)
    assert ann.post("values", values="x" * 41).status_code == 400
    assert ann.state()["core_values"] == ["Nabijheid", "Iedereen mee", "Samen"]


def test_the_overview_says_where_board_and_forms_disagree(site):
    store, app = site
    workshop, secret = store.create_workshop(unique_name(), "", "nl")
    client = Participant(app, workshop.code)
    for card, values in (("T01", {"choice": "long"}), ("C01", {"exists": "no"}), ("O01", {"choice": "short"})):
        url = f"/w/{workshop.code}/c/{card}"
        client.client.post(url, data={"token": token(client.client.get(url).get_data(as_text=True)), **values})
    client.post("move", card="T01", zone="short")
    client.post("move", card="C01", zone="existing")
    client.post("move", card="O01", zone="short")  # board and form agree
    overview = client.client.get(f"/o/{secret}").get_data(as_text=True)
    section = overview.split('class="board-overview"')[1].split("</section>")[0]
    said = CATALOG.text("board.disagree_choice")
    assert said.format(card="T01 Publieke computers en wifi", zone=CATALOG.text("legplan.short_term"), choice="lange termijn") in section
    assert "C01" in section and "bestaat dit niet" in section and "O01" not in section
    row = overview.split('id="row-T01"')[1].split("</tr>")[0]
    assert "korte termijn" in row  # where a card lies, the board decides


def test_board_json_answers_small_while_nothing_changed_and_grows_with_form_saves(site):
    store, app = site
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    client = Participant(app, workshop.code)
    version = client.state()["version"]
    unchanged = client.client.get(f"/w/{workshop.code}/board.json?since={version}")
    assert unchanged.get_json() == {"version": version, "unchanged": True} and len(unchanged.data) < 60
    url = f"/w/{workshop.code}/c/T05"
    client.client.post(url, data={"token": token(client.client.get(url).get_data(as_text=True)), "green": "4"})
    changed = client.client.get(f"/w/{workshop.code}/board.json?since={version}").get_json()
    assert changed["version"] > version and changed["cards"]["T05"]["green"] == 4  # a form's save shows on the board too
    assert client.client.get("/w/aaaaaaaaaaaa/board.json").status_code == 404


def test_board_actions_joins_and_participants_are_limited(tmp_path):
    store = open_store("sqlite", tmp_path)
    workshop, _ = store.create_workshop(unique_name(), "", "de")
    app = create_app(store, DEFAULT_CONTENT, limits=Limits(board_actions_per_minute=3, joins_per_hour=3, participants=2))
    ann = Participant(app, workshop.code)
    statuses = [ann.post("move", card="T01", zone=zone).status_code for zone in ("short", "long", "aside", "pile")]
    assert statuses == [303, 303, 303, 429]
    refused = ann.post("move", card="T01", zone="short")
    assert refused.headers["Retry-After"] and '<html lang="de">' in refused.get_data(as_text=True)
    joins = [ann.post("join", name=f"Person {n}").status_code for n in range(4)]
    assert joins == [303, 303, 409, 429]  # the third is over the workshop's cap, the fourth over the address's limit
    assert len(Boards(store).participants(workshop)) == 2
    store.close()


def test_two_instances_on_one_postgresql_share_the_board():
    if not POSTGRES_URL:
        pytest.skip("no PostgreSQL server (set KIT_TEST_POSTGRES_URL)")
    first, second = Store(POSTGRES_URL), Store(POSTGRES_URL)
    try:
        workshop, _ = first.create_workshop(unique_name(), "", "nl")
        a, b = create_app(first, DEFAULT_CONTENT), create_app(second, DEFAULT_CONTENT)
        ann = Participant(a, workshop.code, "Ann")
        version = json.loads(b.test_client().get(f"/w/{workshop.code}/board.json").data)["version"]
        ann.post("move", card="D02", zone="long")
        ann.sticker("D02", "green")
        seen = b.test_client().get(f"/w/{workshop.code}/board.json?since={version}").get_json()
        assert seen["version"] > version and seen["cards"]["D02"]["zone"] == "long" and seen["cards"]["D02"]["green"] == 1
        other = b.test_client()  # the same browser's next request reaches the other instance (no sticky sessions)
        for name in ("kit_form", f"kit_board_{workshop.code}"):
            cookie = ann.client.get_cookie(name)
            other.set_cookie(cookie.key, cookie.value)
        ann.client = other
        assert ann.sticker("D03", "green").status_code == 200
        assert Boards(first).participants(workshop)[0].green_used == 2
    finally:
        first.close()
        second.close()


# -- kit results and the filled legplan ------------------------------------------------------------


def test_a_board_round_trip_to_the_filled_legplan_pdf(site, tmp_path):
    """Moves and votes on the board, then `kit results`: the filled legplan shows those cards in those zones (read
    back from the PDF's text positions), and the CSV export reads back to the same places."""
    store, app = site
    workshop, secret = store.create_workshop("Zottegem", "2026-03-17", "nl")
    ann = Participant(app, workshop.code, "Ann")
    laid = {"T01": "short", "C02": "short", "O03": "long", "O01": "existing", "D04": "existing", "D03": "aside"}
    for card, zone in laid.items():
        assert ann.post("move", card=card, zone=zone).status_code == 303
    ann.sticker("T01", "green")
    ann.post("name", card="TB1", title="Repair café")
    ann.post("move", card="TB1", zone="long")
    url = f"/w/{workshop.code}/c/C03"  # a card only its form places, on the pile of the board
    ann.client.post(url, data={"token": token(ann.client.get(url).get_data(as_text=True)), "choice": "long"})
    ann.post("values", values="Nabijheid\nIedereen mee")
    expected = {"short": ["T01", "C02"], "long": ["O03", "TB1", "C03"]}
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["results", "--workshop", workshop.code, "--database", store.url, "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "2 short term, 3 long term" in run.output
    _check_filled_legplan(out / "nl" / "legplan-zottegem-filled-a1.pdf", expected, {"O01", "D04"}, {"D03"})
    export = tmp_path / "answers.csv"
    export.write_bytes(app.test_client().get(f"/o/{secret}/results.csv").data)
    run = CliRunner().invoke(cli, ["results", "--csv", str(export), "--out", str(tmp_path / "again")])
    assert run.exit_code == 0, run.output
    _check_filled_legplan(tmp_path / "again" / "nl" / "legplan-zottegem-filled-a1.pdf", expected, {"O01", "D04"}, {"D03"},
                          ordered=False)


def _slots(config: KitConfig):
    """{card id or priority slot label: (sheet index, slot rect)} of the filled legplan, from the same geometry."""
    from kit.build.legplan import _zones
    from kit.layout.board import BoardSpec, plan_board
    from kit.layout.presets import load_board_layout, load_card_layout, load_paper

    ctx = load_context(DEFAULT_CONTENT, "nl", config)
    board = load_board_layout("legplan", ctx.layouts)
    cards = load_card_layout(config.cards, ctx.layouts)
    spec = BoardSpec(slot_w=cards.width_mm + 2 * board.slot_margin_mm, slot_h=cards.height_mm + 2 * board.slot_margin_mm,
                     margin=board.margin_mm, header=board.header_mm, footer=board.footer_mm, gap=board.gap_mm, label=board.label_mm)
    requests, labels = _zones(ctx, board, None)
    sheets = plan_board(*load_paper("A1", ctx.layouts).landscape, requests, spec)
    found = {}
    for index, sheet in enumerate(sheets):
        for zone in sheet.zones:
            for n, slot in enumerate(zone.slots):
                key = labels[zone.key][zone.first + n] if zone.key.startswith("category:") else f"{zone.key}:{zone.first + n}"
                found[key] = (index, (slot.x, slot.y, slot.w, slot.h))
    return found


def _check_filled_legplan(path, terms: dict, existing: set, nowhere: set, ordered: bool = True) -> None:
    slots = _slots(KitConfig())
    for term, cards in terms.items():
        read = [text_in(path, *slots[f"{term}:{n}"]).replace("\r", "").replace("\n", " ") for n in range(len(cards))]
        got = [next((card for card in cards if card in text), "") for text in read]
        assert (got if ordered else sorted(got)) == (cards if ordered else sorted(cards)), (term, read)
    for card in existing | nowhere:
        text = text_in(path, *slots[card]).replace("\n", " ")
        title = CATALOG.card(card).title.split()[0]
        assert card in text and (title in text) == (card in existing), (card, text)


def test_any_character_in_the_boards_core_values_and_names_reaches_the_reports(tmp_path):
    store = open_store("sqlite", tmp_path)
    workshop, _ = store.create_workshop("Gent", "", "nl")
    app = create_app(store, DEFAULT_CONTENT)
    ann = Participant(app, workshop.code, "Ann \U0001f600\u200f\x07")
    odd = "Samen \U0001f91d\u200d\U0001f600\u202e \x01 sterk"
    assert ann.post("values", values=f"Nabijheid\n{odd}\n\u200f\n").status_code == 303
    assert ann.post("name", card="DB1", title="Café \U0001f642 \u2066voor\u2069 iedereen").status_code == 303
    ann.post("move", card="DB1", zone="short")
    assert "Ann \U0001f600" in ann.client.get(f"/w/{workshop.code}/board").get_data(as_text=True)
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["results", "--workshop", workshop.code, "--database", store.url, "--out", str(out)])
    assert run.exit_code == 0, run.output
    from tests.pdfread import glyph_boxes

    words = "".join(ch for page in (0, 1) for ch, *_ in glyph_boxes(out / "nl" / "legplan-gent-filled-a1.pdf", page))
    assert "Nabijheid" in words and "Samen[?]" in words.replace(" ", "") and "Café" in words
    store.close()


def test_deleting_a_workshop_erases_its_board(site):
    store, app = site
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    other, _ = store.create_workshop(unique_name(), "", "nl")
    for made in (workshop, other):
        ann = Participant(app, made.code, "Ann")
        ann.post("move", card="T01", zone="short")
        ann.sticker("T01", "green")
        ann.post("values", values="Samen")
    store.delete_workshop(workshop)
    with store.engine.connect() as db:
        for table in ("boards", "board_cards", "board_moves", "participants", "stickers"):
            left = db.execute(sa.text(f"SELECT count(*) FROM {table} WHERE workshop_id IN (:gone, :kept)"),
                              {"gone": workshop.id, "kept": other.id}).scalar_one()
            gone = db.execute(sa.text(f"SELECT count(*) FROM {table} WHERE workshop_id = :gone"), {"gone": workshop.id}).scalar_one()
            assert gone == 0 and left >= 1, table
