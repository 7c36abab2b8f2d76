"""kit serve as a public service: idle and half-sent connections, bodies over the limit, any character, rate limits,
history and size caps, origin and host, small HTTP failures, several instances on one PostgreSQL, and a database
that goes away and comes back."""

from __future__ import annotations

import html
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from kit.cli.main import cli
from kit.content.catalog import DEFAULT_CONTENT, load_language
from kit.content.model import Card, Category
from kit.errors import KitError
from kit.workshop.fields import clean_answer, fields_for
from kit.workshop.limits import Limits, max_form_bytes
from kit.workshop.store import Store
from kit.workshop.web.app import create_app
from kit.workshop.web.site import Address
from tests.webkit import POSTGRES_URL, LiveServer, open_store, token, unique_name


@pytest.fixture
def sqlite_store(tmp_path):
    store = open_store("sqlite", tmp_path)
    yield store
    store.close()


def _form(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.status_code
    return token(response.get_data(as_text=True))


def _hostport(url: str) -> tuple[str, int]:
    host, port = url.rsplit("/", 1)[1].split(":")
    return host, int(port)


# -- connections ------------------------------------------------------------------------------------


def test_a_request_is_answered_at_once_while_500_connections_sit_idle_or_half_sent(sqlite_store):
    with LiveServer(create_app(sqlite_store, DEFAULT_CONTENT)) as live:
        host, port = _hostport(live.url)
        held = []
        try:
            for n in range(500):
                connection = socket.create_connection((host, port), timeout=10)
                if n % 2:  # half a request, never finished
                    connection.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: slow")
                held.append(connection)
            time.sleep(0.3)
            started = time.perf_counter()
            page = http.client.HTTPConnection(host, port, timeout=10)
            page.request("GET", "/?lang=nl")
            answer = page.getresponse()
            took = time.perf_counter() - started
            assert answer.status == 200 and b"<html" in answer.read()
            assert took < 1.0, f"a normal request took {took:.2f} s beside 500 idle connections"
        finally:
            for connection in held:
                connection.close()


def test_idle_connections_are_closed_after_the_idle_limit(sqlite_store):
    with LiveServer(create_app(sqlite_store, DEFAULT_CONTENT), limits=Limits(idle_seconds=1)) as live:
        connection = socket.create_connection(_hostport(live.url), timeout=10)
        connection.sendall(b"GET / HTTP/1.1\r\nHost: x")  # half a request
        deadline = time.time() + 8
        closed = False
        while time.time() < deadline and not closed:
            try:
                closed = connection.recv(100) == b""
            except (ConnectionResetError, TimeoutError):
                closed = True
        connection.close()
        assert closed


# -- bodies -----------------------------------------------------------------------------------------


def test_the_largest_legitimate_form_fits_and_a_larger_body_gets_our_own_page(sqlite_store):
    workshop, _ = sqlite_store.create_workshop(unique_name(), "", "fr")
    app = create_app(sqlite_store, DEFAULT_CONTENT)
    client = app.test_client()
    url = f"/w/{workshop.code}/c/TB1"
    fields = {"title": 120, "existing_actions": 2000, "motivation": 2000, "actions": 4000, "timeframe": 300,
              "responsible": 300, "target_group": 1000, "impact": 2000}
    data = {key: "\U0001f600" * limit for key, limit in fields.items()}  # every field full of four-byte characters
    body = urllib.parse.urlencode({"token": _form(client, url), **data, "exists": "partly", "green": "500", "red": "500",
                                   "choice": "short", "lang": "fr"})
    assert len(body) > 64 * 1024  # larger than the old fixed limit
    assert len(body) <= max_form_bytes()
    saved = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    assert saved.status_code == 303
    assert sqlite_store.current_answers(workshop)["TB1"].values["actions"] == "\U0001f600" * 4000
    with LiveServer(app) as live:
        host, port = _hostport(live.url)
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request("POST", url, body=b"x" * (max_form_bytes() + 10),
                           headers={"Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "fr"})
        answer = connection.getresponse()
        page = answer.read().decode("utf-8")
    assert answer.status == 413
    assert ('<html lang="fr">' in page and "trop volumineux" in page.lower()) or "trop" in page.lower()
    assert answer.getheader("Content-Security-Policy") and answer.getheader("X-Frame-Options") == "DENY"


# -- any character ----------------------------------------------------------------------------------

NONCHARACTERS = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF)]
TORTURE = ("Ontmoeting " + "".join(NONCHARACTERS) + " \x01\x07\x1b\x7f\x85 controls \u200f\u202e\u2066 marks "
           "\U0001f600\U0001f91d\U0001faf6 emoji \u0645\u0631\u062d\u0628\u0627 \u4e2d\u6587 einde")


def test_any_character_goes_through_save_overview_csv_and_the_reports(sqlite_store, tmp_path):
    workshop, secret = sqlite_store.create_workshop("Gent", "2026-03-17", "nl")
    client = create_app(sqlite_store, DEFAULT_CONTENT).test_client()
    url = f"/w/{workshop.code}/c/T01"
    saved = client.post(url, data={"token": _form(client, url), "motivation": TORTURE, "choice": "short",
                                   "responsible": "dienst \U0001f600", "actions": "a\x00b"})
    assert saved.status_code == 303
    stored = sqlite_store.current_answers(workshop)["T01"].values
    assert "\U0001f600" in stored["motivation"] and "\u200f" in stored["motivation"] and "\ufdd0" in stored["motivation"]
    assert stored["actions"] == "a\ufffdb"  # NUL cannot be stored: it shows as the replacement character
    # a lone surrogate cannot come through a UTF-8 form, but may through the library: it is replaced too
    answer, refused = clean_answer({"motivation": "eenzaam \ud800 halfje", "choice": "long"}, fields_for(
        Card("T02", "toegang", "t"), Category("toegang", "T", "Toegang", (0.1, 0.4, 0.5), "access", "x")))
    assert not refused and answer["motivation"] == "eenzaam \ufffd halfje"
    sqlite_store.save_answer(workshop, "T02", answer)
    for page in (client.get(url), client.get(f"/o/{secret}")):
        text = page.get_data(as_text=True)
        assert page.status_code == 200 and "\x07" not in text and "\ufdd0" not in text and "\uffff" not in text
    assert "\U0001f600\U0001f91d\U0001faf6 emoji" in client.get(url).get_data(as_text=True)
    export = client.get(f"/o/{secret}/results.csv")
    assert export.status_code == 200 and "\U0001f600" in export.get_data(as_text=True)
    csv_file = tmp_path / "answers.csv"
    csv_file.write_bytes(export.get_data())
    for source in (["--workshop", workshop.code, "--database", sqlite_store.url], ["--csv", str(csv_file)]):
        out = tmp_path / "out" / source[0].strip("-")
        run = CliRunner().invoke(cli, ["results", *source, "--out", str(out)])
        assert run.exit_code == 0, run.output
        draft = " ".join(page.extract_text() for page in PdfReader(out / "nl" / "plan-gent.pdf").pages)
        assert "Ontmoeting" in draft and "einde" in draft and "[?]" in draft  # what the typeface lacks is marked
        words = "\n".join(par.text for par in Document(out / "nl" / "plan-gent.docx").paragraphs)
        assert "Ontmoeting" in words and "\U0001f600" in words and "\ufffd" in words  # what XML cannot hold is marked


# -- rate limits, history and size ------------------------------------------------------------------


def test_too_many_saves_from_one_address_get_a_page_in_the_workshop_language_with_retry_after(sqlite_store):
    workshop, _ = sqlite_store.create_workshop(unique_name(), "", "de")
    client = create_app(sqlite_store, DEFAULT_CONTENT, limits=Limits(saves_per_minute=3)).test_client()
    url = f"/w/{workshop.code}/c/T01"
    statuses = [client.post(url, data={"token": _form(client, url), "motivation": f"Version {n}"}).status_code for n in range(4)]
    assert statuses == [303, 303, 303, 429]
    refused = client.post(url, data={"token": _form(client, url), "motivation": "noch eine"})
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 60
    page = refused.get_data(as_text=True)
    assert '<html lang="de">' in page and "noch eine" in page  # in German, and the text is still there


def test_workshop_creation_and_failed_lookups_are_limited_per_address(sqlite_store):
    client = create_app(sqlite_store, DEFAULT_CONTENT, limits=Limits(creations_per_hour=2, lookups_per_minute=3)).test_client()
    created = [client.post("/", data={"token": _form(client, "/"), "municipality": f"Gent {n}", "lang": "nl"}).status_code
               for n in range(3)]
    assert created == [303, 303, 429]
    lookups = [client.get(f"/w/{code * 12}").status_code for code in "abcd"]
    assert lookups == [404, 404, 404, 429]
    assert client.get("/w/aaaaaaaaaaaa").headers["Retry-After"]


def test_history_is_kept_up_to_its_limit_and_a_full_workshop_refuses_keeping_the_text(sqlite_store):
    workshop, _ = sqlite_store.create_workshop(unique_name(), "", "nl")
    client = create_app(sqlite_store, DEFAULT_CONTENT, limits=Limits(history=3, workshop_chars=2000)).test_client()
    url = f"/w/{workshop.code}/c/T01"
    for n in range(6):
        assert client.post(url, data={"token": _form(client, url), "motivation": f"versie {n}"}).status_code == 303
    history = sqlite_store.history(workshop, "T01")
    assert [answer.values["motivation"] for answer in history] == ["versie 5", "versie 4", "versie 3"]
    assert sqlite_store.stored_chars(workshop) == sum(len('{"motivation": "versie 5"}') for _ in history)
    full = client.post(url, data={"token": _form(client, url), "motivation": "x" * 1950})
    assert full.status_code == 413 and "x" * 1950 in full.get_data(as_text=True)
    assert sqlite_store.history(workshop, "T01")[0].values["motivation"] == "versie 5"  # nothing was saved


# -- origin, host and small failures ----------------------------------------------------------------


def test_with_a_public_address_only_its_origin_and_host_are_accepted(sqlite_store):
    workshop, _ = sqlite_store.create_workshop(unique_name(), "", "nl")
    client = create_app(sqlite_store, DEFAULT_CONTENT, public_url="https://kit.provincie.be").test_client()
    url = f"https://kit.provincie.be/w/{workshop.code}/c/T01"
    assert client.get(f"https://evil.example/w/{workshop.code}/c/T01").status_code == 400
    for origin, status in (("https://evil.example", 403), ("null", 403), ("http://kit.provincie.be", 403),
                           ("https://kit.provincie.be", 303)):
        answer = client.post(url, data={"token": _form(client, url), "green": "1"}, headers={"Origin": origin})
        assert answer.status_code == status, origin


def test_without_a_public_address_the_printed_address_never_comes_from_a_request_header(sqlite_store, monkeypatch):
    _, secret = sqlite_store.create_workshop(unique_name(), "", "nl")
    monkeypatch.setattr("kit.workshop.web.site.lan_address", lambda: "192.168.1.20")
    client = create_app(sqlite_store, DEFAULT_CONTENT, address=Address(host="0.0.0.0", port=8123)).test_client()
    page = client.get(f"/o/{secret}", headers={"Host": "evil.example:8000"}).get_data(as_text=True)
    intro = load_language(DEFAULT_CONTENT, "nl").text("workbench.kit_intro").replace("{address}", "http://192.168.1.20:8123")
    assert intro in html.unescape(page) and "evil.example" not in page  # the address the workbench's kit prints


def test_head_a_lower_case_card_id_and_methods_that_are_not_allowed(sqlite_store):
    workshop, _ = sqlite_store.create_workshop(unique_name(), "", "nl")
    client = create_app(sqlite_store, DEFAULT_CONTENT).test_client()
    url = f"/w/{workshop.code}/c/T01"
    assert client.head(url).status_code == 200
    assert client.get(url.lower().replace(workshop.code, workshop.code)[:-3] + "t01").status_code == 308
    lower = f"/w/{workshop.code}/c/t01"
    saved = client.post(lower, data={"token": _form(client, url), "motivation": "kleine letters"})
    assert saved.status_code == 303 and sqlite_store.current_answers(workshop)["T01"].values["motivation"] == "kleine letters"
    for method in ("TRACE", "PUT", "DELETE"):
        answer = client.open(url, method=method)
        assert answer.status_code == 405 and set(answer.headers["Allow"].split(", ")) >= {"GET", "POST"}, method


# -- several instances, migrations, and a database that goes away ----------------------------------


def _postgres():
    if not POSTGRES_URL:
        if os.environ.get("KIT_REQUIRE_POSTGRES") == "1":
            pytest.fail("KIT_REQUIRE_POSTGRES=1 but KIT_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server (set KIT_TEST_POSTGRES_URL)")
    return POSTGRES_URL


def test_two_instances_on_one_postgresql_share_tokens_counters_and_answers():
    url = _postgres()
    first, second = Store(url), Store(url)
    try:
        workshop, secret = first.create_workshop(unique_name(), "", "nl")
        limits = Limits(saves_per_minute=4)
        a = create_app(first, DEFAULT_CONTENT, limits=limits).test_client()
        b = create_app(second, DEFAULT_CONTENT, limits=limits).test_client()
        card = f"/w/{workshop.code}/c/T01"
        statuses = []
        for n in range(5):  # the form from one instance, the save to the other, turn and turn about
            shown, saving = (a, b) if n % 2 == 0 else (b, a)
            form_token = _form(shown, card)
            saving.set_cookie(shown.get_cookie("kit_form").key, shown.get_cookie("kit_form").value)
            statuses.append(saving.post(card, data={"token": form_token, "motivation": f"keer {n}"}).status_code)
        assert statuses == [303, 303, 303, 303, 429]  # one counter for both instances
        overview = b.get(f"/o/{secret}").get_data(as_text=True)
        assert "T01" in overview and first.current_answers(workshop)["T01"].values["motivation"] == "keer 3"
    finally:
        first.close()
        second.close()


def test_a_database_made_by_a_newer_kit_is_refused_with_a_sentence(tmp_path):
    path = tmp_path / "newer.sqlite3"
    Store(f"sqlite:///{path}").close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as db:
        db.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(KitError, match="made by a newer kit"):
        Store(f"sqlite:///{path}")


class _Cluster:
    """A PostgreSQL server of the test's own, on a free port, that the test can stop and start."""

    def __init__(self, folder: Path):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if not bins or os.geteuid() != 0 or not shutil.which("runuser"):
            if os.environ.get("KIT_REQUIRE_POSTGRES") == "1":
                pytest.fail("KIT_REQUIRE_POSTGRES=1 but the test cannot run a PostgreSQL server of its own")
            pytest.skip("no PostgreSQL binaries, or not root to run them as the postgres user")
        self.bin, self.folder = bins[-1], folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        folder.mkdir(parents=True)
        shutil.chown(folder, "postgres")
        folder.parent.chmod(0o755)
        self._as_postgres(self.bin / "initdb", "-D", str(folder / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *command, check: bool = True) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *map(str, command)], check=check, capture_output=True, timeout=120)

    def start(self) -> None:
        self._as_postgres(self.bin / "pg_ctl", "-D", self.folder / "data", "-w", "-l", self.folder / "log",
                          "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "start")

    def stop(self, check: bool = True) -> None:
        self._as_postgres(self.bin / "pg_ctl", "-D", self.folder / "data", "-w", "-m", "fast", "stop", check=check)


def test_while_postgresql_restarts_every_post_gets_the_503_page_with_the_text_kept(tmp_path):
    cluster = _Cluster(Path("/tmp") / f"kit-pg-{os.getpid()}-{time.time_ns()}")
    cluster.start()
    store = None
    try:
        store = Store(cluster.url)
        workshop, secret = store.create_workshop("Gent", "", "fr")
        client = create_app(store, DEFAULT_CONTENT).test_client()
        url = f"/w/{workshop.code}/c/T01"
        form_token = _form(client, url)
        assert client.post(url, data={"token": form_token, "motivation": "avant"}).status_code == 303
        cluster.stop()
        for text in ("pendant la panne", "encore"):
            answer = client.post(url, data={"token": form_token, "motivation": text, "lang": "fr"})
            page = answer.get_data(as_text=True)
            assert answer.status_code == 503 and answer.headers["Retry-After"], answer.status_code
            assert text in page and '<html lang="fr">' in page
        assert client.get(f"/o/{secret}").status_code == 503
        assert client.post("/", data={"token": "x", "municipality": "Namur"}).status_code in (403, 503)  # never a 500
        cluster.start()
        deadline, status = time.time() + 20, None
        while time.time() < deadline and status != 303:  # it recovers on its own, without a restart of kit serve
            status = client.post(url, data={"token": form_token, "motivation": "après"}).status_code
            time.sleep(0.2)
        assert status == 303
        assert store.current_answers(workshop)["T01"].values["motivation"] == "après"
    finally:
        if store is not None:
            store.close()
        cluster.stop(check=False)
        shutil.rmtree(cluster.folder, ignore_errors=True)


# -- the one place that reaches into waitress -------------------------------------------------------


def test_waitress_still_has_what_the_server_module_relies_on():
    from waitress.channel import HTTPChannel
    from waitress.server import create_server
    from waitress.task import ErrorTask

    assert HTTPChannel.error_task_class is ErrorTask
    assert all(hasattr(ErrorTask, name) for name in ("execute", "set_close_on_finish", "write"))
    server = create_server(lambda environ, start: [], host="127.0.0.1", port=0)
    try:
        assert server.channel_class is HTTPChannel and hasattr(server, "trigger") and isinstance(server._map, dict)
    finally:
        server.close()


def test_every_limit_is_an_option_of_kit_serve_with_its_default():
    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    for name, value in Limits().__dict__.items():
        option = f"--{name.replace('_', '-')}"
        assert option in help_text, option
        assert re.search(rf"{re.escape(option)}.*?default:\s+{value}\b", help_text, re.S), option
