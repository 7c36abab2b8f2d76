"""kit serve for everyone: every page and state passes axe-core's WCAG 2.2 A/AA rules in Dutch and French, the
accessibility tree names every radio group and reads each Fase 3 question with its field, nothing scrolls sideways
at 320 px even with the browser's text at double size, and a card can be filled in and saved with the keyboard."""

from __future__ import annotations

import importlib.resources
import json
from urllib.parse import urlsplit

import pytest

from kit.content.catalog import DEFAULT_CONTENT, load_language
from kit.workshop.store import Store
from kit.workshop.web.app import create_app
from tests.webkit import LiveServer

pytestmark = pytest.mark.xdist_group("test_accessibility")  # on one pytest-xdist worker: its live kit serve is made once

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGUAGES = ("nl", "fr")


def axe_source() -> str:
    return (importlib.resources.files("selenium_axe_python") / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def violations(session) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations on the page in the browser, one line each with the elements it names."""
    found = session.execute_async_script(
        axe_source() + ";const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ' + JSON.stringify(v.nodes.map(n => n.target)))))"
        ".catch(e => done(['axe failed: ' + e]));", WCAG_TAGS)
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("a11y")
    store = Store(f"sqlite:///{folder / 'kit.sqlite3'}")
    app = create_app(store, DEFAULT_CONTENT, public_url="", web_create=True)
    with LiveServer(app) as live:
        yield live, store


@pytest.fixture
def session(chromiums):
    return chromiums.get(width=390)


def submit(session, button: str = "form.card-form button[type=submit]") -> None:
    """Click a form's button and wait for the page it leads to."""
    after_next_page(session, lambda: session.find_element("css selector", button).click())


def after_next_page(session, action) -> None:
    """Do something that loads a page, and wait until the new page has loaded."""
    from selenium.webdriver.support.wait import WebDriverWait

    session.execute_script("window.kitOldPage = true")
    action()
    WebDriverWait(session, 10, poll_frequency=0.05).until(
        lambda s: s.execute_script("return !window.kitOldPage && document.readyState === 'complete'"))


def axe_check(session, seen: dict):
    """A check for walk_workshop: axe on the page the browser shows; its title is kept to check that titles differ."""
    def check(state: str) -> None:
        found = violations(session)
        assert not found, f"{state}: {found}"
        seen[state] = session.title
    return check


def no_sideways_scrolling(session):
    """A check for walk_workshop: the page is no wider than the window."""
    def check(state: str) -> None:
        wide = session.execute_script(
            "const w = document.documentElement.clientWidth;"
            "return [document.documentElement.scrollWidth, w, [...document.querySelectorAll('main *')]"
            ".filter(e => e.getBoundingClientRect().right > w + 0.5).map(e => e.tagName + '.' + e.className).slice(0, 5)]")
        assert wide[0] <= wide[1], f"{state}: the page is {wide[0]} px wide in a {wide[1]} px window: {wide[2]}"
    return check


def all_of(*checks):
    """One check for walk_workshop that makes each of these checks on the same visit of each state."""
    def check(state: str) -> None:
        for each in checks:
            each(state)
    return check


def accessible_at(session, seen: dict, width: int):
    """A check for walk_workshop: the window is `width` px wide, nothing scrolls sideways in it, and axe finds
    nothing (axe_check keeps the title in `seen`)."""
    def window(state: str) -> None:
        inner = session.execute_script("return window.innerWidth")
        assert inner == width, f"{state}: the window is {inner} px wide, not {width} px"
    return all_of(window, no_sideways_scrolling(session), axe_check(session, seen))


def fill(session, values: dict) -> None:
    for key, value in values.items():
        field = session.find_element("id", key)
        field.clear()
        field.send_keys(value)


def walk_workshop(session, url: str, lang: str, check) -> None:
    """Every page and state of one workshop in one language, with a check on each."""
    session.get(f"{url}/?lang={lang}")
    check("start")
    fill(session, {"municipality": "", "date": "03052027"})
    submit(session)
    check("start refused")
    assert session.switch_to.active_element.get_attribute("id") == "error-summary"
    assert session.find_element("id", "date").get_attribute("value") == "2027-03-05"
    fill(session, {"municipality": f"Zèle-Sur-Mer {lang}"})
    session.find_element("css selector", f"#lang option[value={lang}]").click()
    submit(session)
    check("overview new")
    secret_url = url + urlsplit(session.find_element("id", "secret-link").get_attribute("value")).path
    participants = url + urlsplit(session.find_element("css selector", ".facts a").get_attribute("href")).path
    session.get(participants)
    check("card list")
    first = session.find_element("css selector", ".card-list a").get_attribute("href")
    session.get(first)
    check("card open")
    fill(session, {"green": "veel", "red": "-1"})
    submit(session)
    check("card refused")
    assert session.switch_to.active_element.get_attribute("id") == "error-summary"
    fill(session, {"green": "4", "red": "1", "existing_actions": "Digipunt in de bib"})
    submit(session)
    check("card saved")
    fill(session, {"green": "5"})
    submit(session)
    session.get(session.current_url)
    check("card history")
    session.get(participants + "/c/" + blank_id(lang))
    check("blank card")
    session.get(secret_url)
    check("overview")
    session.get(secret_url + "/close")
    check("close confirmation")
    session.execute_script("document.querySelector('input[name=token]').value = 'forged'")
    submit(session, "main form button")
    check("close expired")
    session.get(secret_url + "/close")
    submit(session, "main form button")
    check("overview closed")
    session.get(first)
    check("card closed")
    session.get(participants + "/c/XX99")
    check("not found")


def catalog(lang: str):
    return load_language(DEFAULT_CONTENT, lang)


def blank_id(lang: str) -> str:
    return next(c.id for c in catalog(lang).cards if c.blank)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_and_state_passes_axe_and_fits_320_px(served, chromiums, lang):
    """axe-core on every page and state, and no sideways scrolling on a 320 px phone (or a 1280 px screen at 400 %
    zoom), both on the same visit of each; on the card, open and refused, what a screen reader hears too."""
    live, _ = served
    session = chromiums.get(width=320)
    seen: dict = {}
    accessible, heard = accessible_at(session, seen, 320), []

    def check(state: str) -> None:
        accessible(state)
        if state in SCREEN_READER_CHECKS:
            SCREEN_READER_CHECKS[state](session, lang)
            heard.append(state)

    walk_workshop(session, live.url, lang, check)
    assert heard == list(SCREEN_READER_CHECKS)
    assert session.find_element("tag name", "html").get_attribute("lang") == lang
    pages = ("start", "overview", "card list", "card open", "blank card", "close confirmation", "not found")
    titles = [seen[page] for page in pages]
    assert len(set(titles)) == len(titles), json.dumps(seen, ensure_ascii=False, indent=1)
    error = catalog(lang).text("web.error_prefix")
    assert seen["start refused"] == f"{error} {seen['start']}"
    assert seen["card refused"] == f"{error} {seen['card open']}"
    assert seen["close expired"] == f"{error} {seen['close confirmation']}"


def test_the_walks_check_finds_what_it_should(chromiums):
    """The check each state of a walk gets (accessible_at): a page that fits passes it; a window of another width
    fails it, so does a page wider than the window, and axe finds a page without a language, a label or a title."""
    session = chromiums.get(width=320)
    fits = "data:text/html,<html lang=nl><title>t</title><body><main><h1>h</h1><p>past</p></main></body></html>"
    session.get(fits)
    accessible_at(session, {}, 320)("fits")
    with pytest.raises(AssertionError, match="the window is 320 px wide, not 390 px"):
        accessible_at(session, {}, 390)("fits")
    session.get(fits.replace("<p>", "<p style='width:400px'>"))
    with pytest.raises(AssertionError, match="px wide in a 320 px window"):
        accessible_at(session, {}, 320)("too wide")
    session.get("data:text/html,<html><body><input></body></html>")
    with pytest.raises(AssertionError) as failed:
        accessible_at(session, {}, 320)("no language, label or title")
    found = str(failed.value)
    assert "html-has-lang" in found and "label" in found and "document-title" in found


def test_no_sideways_scrolling_with_the_text_at_double_size(served, chromiums):
    """With the browser's text size doubled at 640 px (a 1280 px screen at 200 % zoom, 400 % together): the sizes are
    in rem, so the pages follow the browser's text size. (At 320 px: test_every_page_and_state_passes_axe_and_fits_320_px.)"""
    live, _ = served
    browser = chromiums.get(width=640, text_px=32)
    walk_workshop(browser, live.url, "fr", no_sideways_scrolling(browser))
    assert browser.execute_script("return window.innerWidth") == 640
    assert browser.execute_script("return getComputedStyle(document.body).fontSize") == f"{32 * 1.0625:g}px"


def accessibility_tree(session) -> dict:
    """Chromium's accessibility tree of the page (what a screen reader is given), by node id."""
    return {n["nodeId"]: n for n in session.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]}


def prop(node: dict, key: str) -> str:
    return (node.get(key) or {}).get("value", "")


def open_card(session, url: str, store, lang: str):
    """A new workshop's first card in the browser: (workshop, card id)."""
    workshop = store.create_workshop(f"Gemeente {lang}", "2027-03-05", lang)[0]
    card = next(c for c in catalog(lang).cards if not c.blank)
    session.get(f"{url}/w/{workshop.code}/c/{card.id}")
    return workshop, card.id


def hears_each_question_with_its_field(session, lang: str) -> None:
    """On a card's form: every radio button sits in a group named by its question; every Fase 3 field carries its
    question as its description, as Chromium hands them to a screen reader."""
    tree = accessibility_tree(session)
    t = catalog(lang).text
    groups = set()
    for node in tree.values():
        if prop(node, "role") == "radio":
            parent = tree[node["parentId"]]
            while prop(parent, "role") not in ("group", "radiogroup"):
                parent = tree[parent["parentId"]]
            groups.add(prop(parent, "name"))
    assert groups == {t("web.exists"), t("web.choice")}
    fields = {prop(n, "name"): prop(n, "description") for n in tree.values() if prop(n, "role") == "textbox"}
    for question in catalog(lang).strings["fiche"]["questions"]:
        assert question["hint"] in fields[question["label"]], (question, fields.get(question["label"]))


def hears_the_error_with_its_field(session, lang: str) -> None:
    """On a card's form refused for a green count that is no number: the field is invalid and says why."""
    t = catalog(lang).text
    fields = {prop(n, "name"): (prop(n, "description"), n.get("properties", [])) for n in accessibility_tree(session).values()
              if prop(n, "role") == "textbox"}
    description, properties = fields[t("web.green")]
    assert t("web.errors.not_a_number") in description and t("web.error_prefix") in description
    assert {"name": "invalid", "value": {"type": "token", "value": "true"}} in properties


# what a screen reader hears, checked on the walk's visits of these states
SCREEN_READER_CHECKS = {"card open": hears_each_question_with_its_field, "card refused": hears_the_error_with_its_field}


def test_a_card_is_filled_in_and_saved_with_the_keyboard_alone(served, session):
    """Tab to each field, arrows to choose, Space to pick, Enter to save: no mouse."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    live, store = served
    workshop, card = open_card(session, live.url, store, "nl")
    keys = ActionChains(session)

    def tab_to(field_id: str, limit: int = 60) -> None:
        for _ in range(limit):
            keys.send_keys(Keys.TAB).perform()
            if session.switch_to.active_element.get_attribute("id") == field_id:
                return
        raise AssertionError(f"Tab never reached {field_id}")

    tab_to("exists")  # the first radio of "Bestaat dit al bij ons?"
    keys.send_keys(Keys.ARROW_DOWN).perform()  # arrows move and choose: "gedeeltelijk"
    tab_to("existing_actions")
    keys.send_keys("Digipunt in de bib").perform()
    tab_to("green")
    keys.send_keys("7").perform()
    tab_to("red")
    keys.send_keys("2").perform()
    tab_to("choice")
    keys.send_keys(Keys.SPACE).perform()  # Space picks the first: "korte termijn"
    tab_to("motivation")
    keys.send_keys("Omdat het werkt").perform()
    after_next_page(session, lambda: session.find_element("id", "green").send_keys(Keys.ENTER))  # Enter in a line submits
    message = session.find_element("css selector", ".message.saved")
    assert message.get_attribute("role") == "status"
    saved = store.history(workshop, card, limit=1)[0].values
    assert saved["exists"] == "partly" and saved["choice"] == "short" and saved["green"] == 7 and saved["red"] == 2
    assert saved["existing_actions"] == "Digipunt in de bib" and saved["motivation"] == "Omdat het werkt"
