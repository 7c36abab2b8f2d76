"""The trekker's workbench in headless Chromium: the whole route as a trekker goes it (create a workshop, upload a logo
and set the legplan, download the kit's ZIP, scan a card's QR code from its cards PDF and save an answer, download the
results and find the answer in the plan's Word file), and axe-core's WCAG 2.2 A/AA rules with no sideways scrolling
at 320 px on every page and state the workbench adds, in Dutch and French."""

from __future__ import annotations

import hashlib
import io
import json
import time
import zipfile
from urllib.parse import urlsplit

import pytest
from docx import Document
from PIL import Image
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.wait import WebDriverWait

from kit.content.catalog import DEFAULT_CONTENT, load_language
from kit.workshop.store import Store, now
from kit.workshop.web.app import create_app
from kit.workshop.workbench import LISTING, Workbench, build_folder, builds
from tests.pdfread import decode_qr
from tests.test_accessibility import accessible_at, fill, submit
from tests.webkit import LiveServer, free_port

pytestmark = pytest.mark.xdist_group("test_workbench_browser")  # on one pytest-xdist worker: its live kit serve is made once

BUILD_SECONDS = 180
LOOK_EVERY = 0.5  # seconds between the test's looks at a build's page: kit.js itself asks every 1.5 s (static/kit.js)


def downloaded(folder, suffix: str, seconds: float = 60):
    """The file with this suffix the browser finished downloading into the folder."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {list(folder.iterdir())}")


def wait_for_heading(session, heading: str, seconds: float = BUILD_SECONDS) -> None:
    """Wait until the page (which kit.js reloads once its build is done) shows this heading. The heading is read in
    one script (an element found just before the reload is gone when its text is asked for), and a look that falls
    in the reload itself is tried again."""
    WebDriverWait(session, seconds, poll_frequency=LOOK_EVERY, ignored_exceptions=(WebDriverException,)).until(
        lambda s: s.execute_script("var h = document.querySelector('h1'); return h ? h.innerText : null") == heading)


def test_a_trekker_does_every_step_in_the_browser(tmp_path, chromiums):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    store = Store(f"sqlite:///{tmp_path / 'kit.sqlite3'}")
    app = create_app(store, DEFAULT_CONTENT, public_url=url, data_dir=tmp_path / "data")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    t = load_language(DEFAULT_CONTENT, "nl").text
    session = chromiums.get(width=390)
    session.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    logo = tmp_path / "logo.png"
    Image.new("RGB", (600, 240), (31, 78, 121)).save(logo)
    try:
        with LiveServer(app, port=port):
            # 1. create a workshop
            session.get(f"{url}/?lang=nl")
            fill(session, {"municipality": "Zèle-sur-Mer", "date": "03052027"})
            submit(session)
            secret_url = url + urlsplit(session.find_element("id", "secret-link").get_attribute("value")).path
            workshop = store.list_workshops()[0]
            # 2. upload a logo and set the legplan's values
            session.find_element("id", "logo").send_keys(str(logo))
            fill(session, {"values": "Nabijheid\nIedereen mee\nSamen"})
            session.find_element("css selector", "input[name=legplan_size][value=A0]").click()
            submit(session, "#legplan form button[type=submit]")
            assert session.find_element("css selector", "#legplan .message.saved").text == t("workbench.saved")
            WebDriverWait(session, BUILD_SECONDS, poll_frequency=LOOK_EVERY).until(  # kit.js shows the preview once it is made
                lambda s: s.find_elements("css selector", "#legplan .images img"))
            assert Workbench(store).logo(workshop).kind == "png"
            # 3. download the kit's ZIP
            session.find_element("css selector", "input[name=flip][value=short]").click()
            submit(session, "#kit form button[type=submit]")
            wait_for_heading(session, t("workbench.ready"))
            session.find_element("css selector", "ul.files li.zip a").click()
            archive = zipfile.ZipFile(downloaded(downloads, ".zip"))
            assert "afdrukken.txt" in archive.namelist() and "korte zijde" in archive.read("afdrukken.txt").decode("utf-8")
            # 4. decode a QR code of the downloaded cards and open it
            cards = tmp_path / "cards-home-a4.pdf"
            cards.write_bytes(archive.read("cards-home-a4.pdf"))
            payloads = sorted(text for text, _ in decode_qr(cards, 0, 200))
            assert payloads and all(p.startswith(f"{url}/w/{workshop.code}/c/") for p in payloads), payloads
            session.get(payloads[0])
            # 5. save an answer
            answer = f"Een digipunt in elke deelgemeente {hashlib.sha256(payloads[0].encode()).hexdigest()[:6]}"
            session.find_element("css selector", "input[name=choice][value=short]").click()
            fill(session, {"motivation": answer})
            submit(session)
            assert session.find_element("css selector", ".message.saved")
            # 6. download the results and find the answer in the plan's Word file
            session.get(secret_url)
            submit(session, "#results form button[type=submit]")
            wait_for_heading(session, t("workbench.ready"))
            plan_link = next(a for a in session.find_elements("css selector", "ul.files a") if a.text.endswith(".docx"))
            plan_link.click()
            plan = Document(str(downloaded(downloads, ".docx")))
            assert any(answer in paragraph.text for paragraph in plan.paragraphs)
    finally:
        store.close()


# -- every page and state, with axe and at 320 px -------------------------------------------------------


KINDS = {"legplan-preview-1.png": "preview", "legplan-preview-2.png": "preview", "kit-zele.zip": "zip",
         "cards-home-a4.pdf": "cards-home", "legplan-a1.pdf": "legplan", "results-zele.pdf": "results", "plan-zele.docx": "plan-docx"}
SHOWN = {"preview": ["legplan-preview-1.png", "legplan-preview-2.png"], "kit": ["kit-zele.zip", "cards-home-a4.pdf", "legplan-a1.pdf"],
         "results": ["results-zele.pdf", "plan-zele.docx"]}


def key_of(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def fake_build(store, data_dir, workshop, kind: str, key: str, state: str, **row) -> int:
    """A build in a given state, written straight into the database (and, when done, small files of its kinds into the
    data folder), so each state can be looked at without waiting for one."""
    build, _ = Workbench(store).request(workshop, kind, key, {"code": workshop.code, "lang": workshop.lang})
    files = []
    if state == "done":
        folder = build_folder(data_dir, workshop.code, key)
        folder.mkdir(parents=True, exist_ok=True)
        for name in SHOWN[kind]:
            if name.endswith(".png"):
                Image.new("RGB", (420, 300), (240, 240, 240)).save(folder / name)
            else:
                (folder / name).write_bytes(b"x")
            files.append({"name": name, "kind": KINDS[name], "pages": 1, "bytes": 1, "width": 420, "height": 300})
        (folder / LISTING).write_text(json.dumps(files))
    values = {"state": state, "files": json.dumps(files), "heartbeat": time.time() + 3600, **row}
    if state in ("done", "failed"):
        values["finished_at"] = now()
    with store.engine.begin() as db:
        db.execute(builds.update().where(builds.c.id == build.id).values(**values))
    return build.id


@pytest.fixture(scope="module")
def quiet_server(tmp_path_factory):
    """A server whose builds are never started: their states are written by the test."""
    import kit.workshop.web.workbench as workbench

    folder = tmp_path_factory.mktemp("workbench-a11y")
    started = workbench.start_worker
    workbench.start_worker = lambda site: None
    store = Store(f"sqlite:///{folder / 'kit.sqlite3'}")
    app = create_app(store, DEFAULT_CONTENT, data_dir=folder / "data")
    try:
        with LiveServer(app) as live:
            live.app = app
            yield live, store, folder / "data"
    finally:
        workbench.start_worker = started
        store.close()


def current(live, workshop, kind: str) -> str:
    """The key of the build the workshop's settings ask for now (what its overview shows)."""
    from kit.workshop.results import from_store
    from kit.workshop.web.workbench import wanted

    site = live.app.extensions["kit"]
    return wanted(site, workshop, kind, from_store(site.store, workshop, site.catalog(workshop.lang))).key


def walk_workbench(session, live, store, data_dir, lang: str, check) -> dict:
    """Every page and state the workbench adds, with a check on each; the titles seen, by state."""
    titles = {}

    def look(state: str) -> None:
        check(state)
        titles[state] = session.title

    workshop, secret = store.create_workshop(f"Zèle {lang} {time.monotonic_ns()}", "2027-03-05", lang)
    overview = f"{live.url}/o/{secret}"
    session.get(overview)
    look("overview")
    bad = data_dir.parent / "not-a-logo.png"
    bad.write_bytes(b"%PDF-1.7 not an image")
    session.find_element("id", "logo").send_keys(str(bad))
    fill(session, {"values": "\n".join(f"waarde {n}" for n in range(9))})
    submit(session, "#legplan form button[type=submit]")
    look("overview refused")
    assert session.switch_to.active_element.get_attribute("id") == "error-summary"
    fill(session, {"offset_x": "99"})
    submit(session, "#kit form button[type=submit]")
    look("overview kit refused")
    fake_build(store, data_dir, workshop, "preview", key_of(f"{secret}-preview"), "done")
    previous = fake_build(store, data_dir, workshop, "kit", key_of(f"{secret}-kit-old"), "done")
    running = fake_build(store, data_dir, workshop, "kit", current(live, workshop, "kit"), "running", progress=40, step="legplan")
    fake_build(store, data_dir, workshop, "results", key_of(f"{secret}-results"), "done")
    session.get(overview)
    look("overview with files")
    session.get(f"{overview}/builds/{running}")
    look("build running")
    queued = fake_build(store, data_dir, workshop, "results", key_of(f"{secret}-results-new"), "queued")
    session.get(f"{overview}/builds/{queued}")
    look("build queued")
    failed = fake_build(store, data_dir, workshop, "kit", key_of(f"{secret}-kit-failed"), "failed", error="settings")
    session.get(f"{overview}/builds/{failed}")
    look("build failed")
    session.get(f"{overview}/builds/{previous}")
    look("build done")
    return titles


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_workbench_page_and_state_passes_axe_and_fits_320_px(quiet_server, chromiums, lang):
    """axe-core and no sideways scrolling at 320 px, both on the same visit of each page and state."""
    live, store, data_dir = quiet_server
    session = chromiums.get(width=320)
    accessible = accessible_at(session, {}, 320)

    def check(state: str) -> None:
        accessible(state)
        assert session.find_element("tag name", "html").get_attribute("lang") == lang

    titles = walk_workbench(session, live, store, data_dir, lang, check)
    error = load_language(DEFAULT_CONTENT, lang).text("web.error_prefix")
    assert titles["overview refused"] == f"{error} {titles['overview']}"
    builds_seen = [titles[state] for state in ("build running", "build queued", "build failed", "build done", "overview")]
    assert len(set(builds_seen) - {titles["build running"]}) == 4  # running and queued say the same: "being made"
    assert titles["build failed"].startswith(error)


def test_the_build_page_follows_its_build_without_a_reload_of_the_overview(quiet_server, chromiums):
    """kit.js updates a build's progress on the page, and shows the preview on the overview when it is done, without
    reloading the overview (where a half-filled form would be lost)."""
    live, store, data_dir = quiet_server
    workshop, secret = store.create_workshop("Zèle js", "", "nl")
    key = current(live, workshop, "preview")
    fake_build(store, data_dir, workshop, "preview", key, "queued")
    session = chromiums.get(width=390)
    session.get(f"{live.url}/o/{secret}")
    fill(session, {"values": "half typed"})
    session.execute_script("window.kitSamePage = true")
    with store.engine.begin() as db:
        db.execute(builds.update().where(builds.c.key == key).values(state="running", progress=55, step="preview",
                                                                     heartbeat=time.time() + 3600))
    t = load_language(DEFAULT_CONTENT, "nl").text
    running = t("workbench.state_running").replace("{step}", t("workbench.steps.preview")).replace("{percent}", "55")
    WebDriverWait(session, 10, poll_frequency=LOOK_EVERY).until(
        lambda s: s.find_element("css selector", "#legplan [data-status]").text == running)
    fake_build(store, data_dir, workshop, "preview", key, "done")
    WebDriverWait(session, 10, poll_frequency=LOOK_EVERY).until(
        lambda s: len(s.find_elements("css selector", "#legplan .images img")) == 2)
    assert session.execute_script("return window.kitSamePage") is True  # the same page: nothing typed is lost
    assert session.find_element("id", "values").get_attribute("value") == "half typed"
    alts = [img.get_attribute("alt") for img in session.find_elements("css selector", "#legplan .images img")]
    assert alts == [t("workbench.preview_alt").replace("{n}", str(n)).replace("{total}", "2") for n in (1, 2)]


def test_a_download_is_the_same_file_for_two_browsers_at_once(quiet_server):
    """Two trekkers download the same files at the same moment: each gets every byte of each file."""
    import threading
    import urllib.request

    live, store, data_dir = quiet_server
    workshop, secret = store.create_workshop("Zèle twee", "", "nl")
    made = fake_build(store, data_dir, workshop, "kit", key_of("two-at-once"), "done")
    folder = build_folder(data_dir, workshop.code, key_of("two-at-once"))
    (folder / "cards-home-a4.pdf").write_bytes(bytes(range(256)) * 8000)
    with zipfile.ZipFile(folder / "kit-zele.zip", "w") as archive:
        archive.writestr("cards-home-a4.pdf", (folder / "cards-home-a4.pdf").read_bytes())
    got = {}

    def fetch(who: int, name: str) -> None:
        with urllib.request.urlopen(f"{live.url}/o/{secret}/files/{made}/{name}", timeout=30) as answer:
            got[(who, name)] = answer.read()

    threads = [threading.Thread(target=fetch, args=(who, name)) for who in range(2) for name in ("cards-home-a4.pdf", "kit-zele.zip")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for (_, name), data in got.items():
        assert data == (folder / name).read_bytes()
    assert len(got) == 4 and zipfile.ZipFile(io.BytesIO(got[(1, "kit-zele.zip")])).read("cards-home-a4.pdf")[:256] == bytes(range(256))
