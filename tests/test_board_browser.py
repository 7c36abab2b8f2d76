"""The online legplan in headless Chromium: two participants see each other's moves and stickers within 2 s without a
reload, a lost connection shows and catches up, cards move by mouse, by touch and with the keyboard alone, the three
views (participant, projector, read-only) pass axe-core in Dutch and French, and nothing scrolls sideways at 320 px."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from kit.content.catalog import DEFAULT_CONTENT, load_language
from kit.workshop.board import Boards
from kit.workshop.store import Store
from kit.workshop.web.app import create_app
from tests.test_accessibility import accessibility_tree, accessible_at, after_next_page, no_sideways_scrolling, prop, violations
from tests.webkit import LiveServer, unique_name

pytestmark = pytest.mark.xdist_group("test_board_browser")  # on one pytest-xdist worker: its live kit serve is made once

LIVE_SECONDS = 2.0  # every open board sees every change within this


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("board")
    store = Store(f"sqlite:///{folder / 'kit.sqlite3'}")
    with LiveServer(create_app(store, DEFAULT_CONTENT)) as live:
        yield live, store


@pytest.fixture
def browsers(chromiums):
    """Two participants' browsers: a phone and a projector's screen."""
    return chromiums.get(0, width=390), chromiums.get(1, width=1280)


def zone_of(session, card: str) -> str:
    return session.execute_script(f"var c = document.getElementById('card-{card}'); return c ? c.dataset.zone : ''")


def list_of(session, card: str) -> str:
    return session.execute_script(f"return document.getElementById('card-{card}').parentElement.dataset.list")


def join(session, url: str, name: str) -> None:
    session.get(url)
    session.find_element("id", "join-name").send_keys(name)
    after_next_page(session, lambda: session.find_element("id", "join-name").send_keys(Keys.ENTER))


def seen_within(session, condition, seconds: float = LIVE_SECONDS) -> float:
    """How long the page took to show what `condition` checks, failing beyond `seconds`."""
    started = time.perf_counter()
    WebDriverWait(session, seconds, poll_frequency=0.05).until(lambda s: condition(s))
    return time.perf_counter() - started


def test_two_participants_see_each_others_moves_and_stickers_within_two_seconds(served, browsers):
    live, store = served
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    url = f"{live.url}/w/{workshop.code}/board"
    ann, bob = browsers
    join(ann, url, "Ann")
    bob.get(url)
    bob.execute_script("window.kitSamePage = true")
    time.sleep(1.2)  # both boards are polling
    ann.find_element("css selector", "#card-T01 details.move summary").click()
    ann.find_element("css selector", "#card-T01 .move-form button[value=short]").click()
    took = seen_within(bob, lambda s: zone_of(s, "T01") == "short")
    assert list_of(bob, "T01") == "short"
    WebDriverWait(bob, LIVE_SECONDS, poll_frequency=0.05).until(
        lambda s: "T01 ligt nu bij" in s.find_element("id", "board-live").get_attribute("textContent"))
    ann.find_element("css selector", "#card-T02 .vote-form button[value=green]").click()
    took_vote = seen_within(bob, lambda s: s.find_element("css selector", "#card-T02 [data-tally]").text.startswith("1 groen"))
    assert bob.execute_script("return window.kitSamePage === true")  # no reload
    assert zone_of(ann, "T01") == "short" and ann.find_element("css selector", "#card-T02 [data-mine]").is_displayed()
    assert max(took, took_vote) < LIVE_SECONDS
    # two people move the same card at once: the last move wins, both see it, nothing errors
    for session, zone in ((ann, "long"), (bob, "aside")):
        session.execute_script(
            "var f = document.querySelector('#card-C01 .move-form'); var d = new FormData(f); d.append('zone', arguments[0]);"
            "fetch(f.action, {method: 'POST', body: new URLSearchParams(d), headers: {Accept: 'application/json'}})", zone)
    time.sleep(0.5)
    final = Boards(store).placement(workshop, "C01").zone
    assert final in ("long", "aside")
    for session in (ann, bob):
        seen_within(session, lambda s: zone_of(s, "C01") == final)
        assert not session.find_elements("css selector", ".bcard-message:not([hidden])")


def test_a_lost_connection_shows_and_the_board_catches_up_on_return(served, browsers):
    live, store = served
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    ann, _ = browsers
    ann.get(f"{live.url}/w/{workshop.code}/board")
    time.sleep(1.2)
    ann.execute_cdp_cmd("Network.enable", {})
    ann.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1,
                                                              "uploadThroughput": -1})
    try:
        offline = load_language(DEFAULT_CONTENT, "nl").text("board.offline")
        seen_within(ann, lambda s: s.find_element("id", "board-connection").text == offline, 5)
        assert ann.find_element("id", "board-connection").get_attribute("role") == "status"
        Boards(store).move(workshop, "O02", "long")  # someone else moves a card meanwhile
        time.sleep(1)
        assert zone_of(ann, "O02") == "pile"
    finally:
        ann.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1,
                                                                  "uploadThroughput": -1})
    seen_within(ann, lambda s: zone_of(s, "O02") == "long", 5)
    assert ann.find_element("id", "board-connection").text == load_language(DEFAULT_CONTENT, "nl").text("board.online")


def test_cards_move_by_mouse_and_by_touch(served, browsers):
    live, store = served
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    _, wide = browsers
    # a tall screen holds both the card on the pile and the zone it goes to
    wide.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 2400, "deviceScaleFactor": 1,
                                                                "mobile": False})
    wide.get(f"{live.url}/w/{workshop.code}/board")
    wide.execute_script("document.getElementById('zone-existing').scrollIntoView({block: 'start'})")
    band = wide.find_element("css selector", "#card-T03 .bcard-band")
    target = wide.find_element("css selector", "#zone-long")
    ActionChains(wide).click_and_hold(band).move_by_offset(10, 10).move_to_element(target).move_by_offset(0, 5).release().perform()
    seen_within(wide, lambda s: zone_of(s, "T03") == "long")
    assert Boards(store).placement(workshop, "T03").zone == "long"
    # a finger: touch events become pointer events with pointerType "touch"
    wide.execute_script("document.getElementById('zone-existing').scrollIntoView({block: 'start'})")
    start = wide.execute_script("var r = document.querySelector('#card-C04 .bcard-band').getBoundingClientRect();"
                                "return [r.left + 20, r.top + r.height / 2]")
    end = wide.execute_script("var r = document.querySelector('[data-list=existing-C]').getBoundingClientRect();"
                              "return [r.left + 30, r.top + 10]")
    touch = [{"x": start[0], "y": start[1], "id": 1}]
    wide.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": touch})
    for step in range(1, 11):
        point = {"x": start[0] + (end[0] - start[0]) * step / 10, "y": start[1] + (end[1] - start[1]) * step / 10, "id": 1}
        wide.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    wide.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    try:
        seen_within(wide, lambda s: zone_of(s, "C04") == "existing")
        assert list_of(wide, "C04") == "existing-C"
    finally:
        wide.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_board_works_with_the_keyboard_alone(served, chromiums):
    """Tab to a card's "move to..." menu, Enter opens it, Tab and Enter move the card: the focus stays with the card;
    then join with a name and put a sticker, all without a mouse."""
    live, store = served
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    session = chromiums.get(width=390)
    session.get(f"{live.url}/w/{workshop.code}/board")
    keys = ActionChains(session)

    def tab_to(selector: str, limit: int = 400) -> None:
        for _ in range(limit):
            keys.send_keys(Keys.TAB).perform()
            if session.execute_script("return document.activeElement.matches(arguments[0])", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#join-name")
    keys.send_keys("Cas").perform()
    after_next_page(session, lambda: keys.send_keys(Keys.ENTER).perform())
    tab_to("#card-T04 summary")
    keys.send_keys(Keys.ENTER).perform()
    tab_to("#card-T04 button[value=short]", 10)
    keys.send_keys(Keys.ENTER).perform()
    seen_within(session, lambda s: zone_of(s, "T04") == "short")
    assert session.execute_script("return document.activeElement.matches('#card-T04 summary')")  # the focus follows the card
    WebDriverWait(session, 2, poll_frequency=0.05).until(
        lambda s: "T04 ligt nu bij" in s.find_element("id", "board-live").get_attribute("textContent"))
    tab_to("#card-T04 .vote-form button[value=green]", 10)
    keys.send_keys(Keys.SPACE).perform()
    seen_within(session, lambda s: s.find_element("css selector", "#card-T04 [data-mine]").is_displayed())
    assert session.execute_script("return document.activeElement.closest('#card-T04') !== null")  # focus not lost
    assert Boards(store).participants(workshop)[0].green_used == 1
    tree = accessibility_tree(session)
    regions = [n for n in tree.values() if any(p.get("name") == "live" and p["value"]["value"] == "polite"
                                               for p in n.get("properties", []))]
    assert regions  # changes are announced politely


# -- axe-core on the three views -------------------------------------------------------------------


def _board_with_cards(store, lang: str):
    workshop, secret = store.create_workshop(f"Zèle {lang} {unique_name()[-4:]}", "2027-03-05", lang)
    boards = Boards(store)
    for card, zone in (("T01", "short"), ("C02", "long"), ("O01", "existing"), ("D03", "aside")):
        boards.move(workshop, card, zone)
    person, _ = boards.join(workshop, "Dana")
    boards.place(workshop, person, "T01", "green")
    boards.place(workshop, person, "C02", "red")
    boards.set_core_values(workshop, ("Nabijheid", "Samen"))
    return workshop, secret


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_three_views_pass_axe_and_fit_320_px(served, chromiums, lang):
    """axe-core on the participant's board (new, joined, with menus open, refused, read-only) and what the board adds
    to other pages on a 320 px phone, checked for sideways scrolling on the same visits; the projector's view gets
    axe on a wide screen and the sideways check on the phone."""
    live, store = served
    session, wide = chromiums.get(0, width=320), chromiums.get(1, width=1280)
    workshop, secret = _board_with_cards(store, lang)
    board, projector = f"{live.url}/w/{workshop.code}/board", f"{live.url}/o/{secret}/board"
    check = accessible_at(session, {}, 320)
    titles = {}
    session.get(board)
    titles["participant"] = session.title
    check("participant")
    join(session, board, "Eef")
    check("joined")
    session.find_element("css selector", "#card-T01 details.move summary").click()
    session.find_element("css selector", "#card-R01 details.move summary").click()
    check("menus open")
    session.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    no_sideways_scrolling(session)("every menu open")
    session.execute_script("document.querySelector('#card-R02 .move-form input[name=token]').value = 'forged';"
                           "document.querySelector('#card-R02 .move-form').classList.remove('board-action')")
    after_next_page(session, lambda: session.find_element("css selector", "#card-R02 .move-form button[value=short]").click())
    assert session.find_element("id", "board-message").get_attribute("role") == "alert"
    titles["refused"] = session.title
    check("refused")
    wide.get(projector)
    titles["projector"] = wide.title
    assert violations(wide) == [], "projector"
    session.get(projector)
    no_sideways_scrolling(session)("projector")
    store.set_closed(workshop, True)
    session.get(board)
    titles["read-only"] = session.title
    check("read-only")
    assert not session.find_elements("css selector", "main form")
    assert len(set(titles.values())) == len(titles), titles
    assert session.find_element("tag name", "html").get_attribute("lang") == lang
    for page in (f"{live.url}/w/{workshop.code}/c/T01", f"{live.url}/o/{secret}"):  # what the board adds to other pages
        session.get(page)
        check(page)


def test_the_move_menu_is_named_for_its_card(served, browsers):
    live, store = served
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    session, _ = browsers
    session.get(f"{live.url}/w/{workshop.code}/board")
    session.find_element("css selector", "#card-T05 details.move summary").click()
    names = {prop(n, "name") for n in accessibility_tree(session).values() if prop(n, "role") in ("button", "DisclosureTriangle")}
    title = load_language(DEFAULT_CONTENT, "nl").card("T05").title
    assert f"Verplaats naar… T05 {title}" in names
    assert "Dit willen we doen op korte termijn" in names


def test_the_overview_follows_the_board(served, browsers):
    """The trekker's overview updates its tallies and outcomes as stickers go on the board."""
    live, store = served
    workshop, secret = store.create_workshop(unique_name(), "", "nl")
    _, wide = browsers
    wide.get(f"{live.url}/o/{secret}")
    boards = Boards(store)
    person, _ = boards.join(workshop, "Gert")
    boards.place(workshop, person, "C03", "green")
    cells = "#row-C03 td.num"
    seen_within(wide, lambda s: [c.text for c in s.find_elements("css selector", cells)] == ["1", "0"], 4)
    assert wide.find_element("css selector", "#row-C03 td.outcome-keep").text == "behouden"
    assert wide.find_element("css selector", "#row-C04 td.outcome-drop").text == "opzij"


def test_a_board_open_while_the_workshop_closes_becomes_read_only(served, browsers):
    live, store = served
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    ann, _ = browsers
    join(ann, f"{live.url}/w/{workshop.code}/board", "Hans")
    assert ann.find_element("css selector", "#card-T01 .vote-form").is_displayed()
    store.set_closed(workshop, True)
    read_only = load_language(DEFAULT_CONTENT, "nl").text("board.read_only")
    seen_within(ann, lambda s: s.find_element("id", "board-connection").text == read_only)
    assert not ann.find_element("css selector", "#card-T01 .vote-form").is_displayed()
    assert not ann.find_element("css selector", "#card-T01 details.move").is_displayed()
