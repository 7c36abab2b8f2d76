"""Helpers for the kit serve tests: databases to test on, a live server on loopback, and form posting."""

from __future__ import annotations

import os
import re
import threading
import uuid

import pytest

from kit.workshop.store import Store

# .ci/run starts PostgreSQL on loopback and sets this; without it the PostgreSQL runs are skipped,
# unless KIT_REQUIRE_POSTGRES=1 says they must run (so CI cannot silently skip them).
POSTGRES_URL = os.environ.get("KIT_TEST_POSTGRES_URL", "")
TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')


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
    """kit serve's real WSGI server (waitress) on a free loopback port, in a thread."""

    def __init__(self, app, threads: int = 16, limits=None):
        from kit.workshop.limits import Limits
        from kit.workshop.web.server import make_server

        self.server = make_server(app, "127.0.0.1", 0, threads, limits or Limits())
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        from kit.workshop.web.server import stop

        stop(self.server)
        self.thread.join(timeout=10)
