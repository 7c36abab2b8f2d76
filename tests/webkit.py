"""Helpers for the kit serve tests: databases to test on, a live server on loopback, and form posting."""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from typing import ClassVar

import pytest

from kit.workshop.store import Store

# .ci/run starts PostgreSQL on loopback and sets this; without it the PostgreSQL runs are skipped,
# unless KIT_REQUIRE_POSTGRES=1 says they must run (so CI cannot silently skip them).
SHARED_POSTGRES_URL = os.environ.get("KIT_TEST_POSTGRES_URL", "")
# Each test process (each pytest-xdist worker, and each run of someone else on the same server) works in a schema of
# its own inside that database, made and dropped by tests/conftest.py: a build one process's tests queue is never
# claimed by another's build worker, and workshop lists and rate-limit counters stay apart. The name starts with
# the time, so that schemas a killed run left behind can be recognised and dropped a day later.
SCHEMA_PREFIX = "kit_test_"
SCHEMA = f"{SCHEMA_PREFIX}{int(time.time())}_{os.getpid()}_{uuid.uuid4().hex[:6]}"


def _in_schema(url: str, schema: str) -> str:
    if not url:
        return ""
    from sqlalchemy.engine import make_url

    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


POSTGRES_URL = _in_schema(SHARED_POSTGRES_URL, SCHEMA)
TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')


def make_schema() -> None:
    """Make this process's schema (and drop the ones runs left behind more than a day ago); a server that cannot be
    reached is left to the tests that use it to report."""
    import sqlalchemy as sa

    if not SHARED_POSTGRES_URL:
        return
    engine = sa.create_engine(SHARED_POSTGRES_URL, connect_args={"connect_timeout": 5})
    try:
        with engine.begin() as db:
            for (name,) in db.execute(sa.text("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :prefix)"),
                                      {"prefix": SCHEMA_PREFIX}):
                made = name[len(SCHEMA_PREFIX):].split("_")[0]
                if made.isdigit() and int(made) < time.time() - 86400:
                    db.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
            db.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
    except sa.exc.OperationalError:
        pass
    finally:
        engine.dispose()


def drop_schema() -> None:
    import sqlalchemy as sa

    if not SHARED_POSTGRES_URL:
        return
    engine = sa.create_engine(SHARED_POSTGRES_URL, connect_args={"connect_timeout": 5})
    try:
        with engine.begin() as db:
            db.execute(sa.text("SET LOCAL lock_timeout = '20s'"))  # a build worker still connected: leave it for later
            db.execute(sa.text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
    except sa.exc.SQLAlchemyError:
        pass
    finally:
        engine.dispose()


def database_urls(tmp_path) -> dict:
    return {"sqlite": f"sqlite:///{tmp_path / 'kit.sqlite3'}", "postgresql": POSTGRES_URL}


def open_store(kind: str, tmp_path) -> Store:
    if kind == "postgresql" and not POSTGRES_URL:
        if os.environ.get("KIT_REQUIRE_POSTGRES") == "1":
            pytest.fail("KIT_REQUIRE_POSTGRES=1 but KIT_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server (set KIT_TEST_POSTGRES_URL)")
    return Store(database_urls(tmp_path)[kind])


def token(html: str) -> str:
    return TOKEN.search(html).group(1)


def unique_name() -> str:
    """A municipality name no other test run uses, for databases shared between runs."""
    return f"Testgemeente {uuid.uuid4().hex[:8]}"


class LiveServer:
    """kit serve's real WSGI server (waitress) on a free loopback port (or the one given), in a thread."""

    def __init__(self, app, threads: int = 16, limits=None, port: int = 0):
        from kit.workshop.limits import Limits
        from kit.workshop.web.server import make_server

        self.server = make_server(app, "127.0.0.1", port, threads, limits or Limits())
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        from kit.workshop.web.server import stop

        stop(self.server)
        self.thread.join(timeout=10)


def free_port() -> int:
    """A loopback port nobody listens on now, for a server whose public address must be known before it starts."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def chromium(tmp_path, width: int = 420, prefs: dict | None = None):
    """A headless Debian chromium driven by chromedriver; skipped without them unless KIT_REQUIRE_BROWSER=1."""
    from pathlib import Path

    browser, driver = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
    if not (browser.exists() and driver.exists()):
        if os.environ.get("KIT_REQUIRE_BROWSER") == "1":
            pytest.fail("KIT_REQUIRE_BROWSER=1 but chromium or chromedriver is missing (apt-get install chromium chromium-driver)")
        pytest.skip("no chromium + chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(browser)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                 f"--user-data-dir={tmp_path / f'chromium-{uuid.uuid4().hex[:6]}'}", f"--window-size={width},900"):
        options.add_argument(flag)
    if prefs:
        options.add_experimental_option("prefs", prefs)
    session = webdriver.Chrome(service=Service(executable_path=str(driver)), options=options)
    session.set_page_load_timeout(30)
    if width < 500:  # chromium's windows are at least 500 px wide: narrower phones are emulated
        session.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1,
                                                                       "mobile": False})
    return session


FIXED_FONT_PX = 13  # chromium's own default for monospace text (webkit.webprefs.default_fixed_font_size)


class Browsers:
    """Headless chromiums kept for a whole test session (each pytest-xdist worker has its own) and handed to each
    test as new: starting and stopping one takes over a second of two cores, and the browser tests need some forty.

    `get(slot, width, text_px)` gives the chromium in that slot (two tests' participants need two at once) on a blank
    page, with no cookies and no cache, online, downloads as chromium's default, the window `width` px wide (emulated,
    as a phone is) and the browser's text size at `text_px` (what webkit.webprefs.default_font_size sets).
    """

    WINDOW = 1280  # the real window; narrower widths are emulated (chromium's windows are at least 500 px wide)
    made: ClassVar[list] = []  # every pool of this process, for stop_all

    def __init__(self, folder):
        self.folder, self.sessions = folder, {}
        Browsers.made.append(self)

    @classmethod
    def stop_all(cls) -> None:
        """Stop every chromium of this process (the next `get` starts one again): an idle one keeps a tenth of a core
        busy, which costs more than a new start once it waits more than some twenty seconds."""
        for pool in cls.made:
            pool.close()

    def get(self, slot: int = 0, width: int = 420, text_px: int = 16):
        from selenium.common.exceptions import WebDriverException

        session = self.sessions.get(slot)
        if session is not None:
            try:
                return _as_new(session, width, text_px)
            except WebDriverException:  # a test left it broken (a crashed tab): a new one
                self._quit(slot)
        self.sessions[slot] = chromium(self.folder, width=self.WINDOW)
        return _as_new(self.sessions[slot], width, text_px)

    def _quit(self, slot: int) -> None:
        from selenium.common.exceptions import WebDriverException

        try:
            self.sessions.pop(slot).quit()
        except WebDriverException:
            pass

    def close(self) -> None:
        for slot in list(self.sessions):
            self._quit(slot)


def _as_new(session, width: int, text_px: int):
    session.get("about:blank")  # the last test's page stops its timers and polling
    cdp = session.execute_cdp_cmd
    cdp("Network.clearBrowserCookies", {})
    cdp("Network.clearBrowserCache", {})
    cdp("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    cdp("Browser.setDownloadBehavior", {"behavior": "default"})
    cdp("Page.setFontSizes", {"fontSizes": {"standard": text_px, "fixed": FIXED_FONT_PX}})
    cdp("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    return session
