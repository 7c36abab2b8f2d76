"""kit serve's real server on loopback: 30 phones saving at once, and the whole loop in a real browser.

The browser test needs Debian's chromium and chromium-driver (.ci/run installs them);
without them it is skipped, unless KIT_REQUIRE_BROWSER=1 says it must run.
"""

from __future__ import annotations

import http.cookiejar
import shutil
import threading
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

from kit.build.builder import build_language
from kit.build.context import load_context
from kit.cli.main import cli
from kit.content.catalog import DEFAULT_CONTENT
from kit.content.config import KitConfig
from kit.output.files import read_manifest
from kit.workshop.web.app import create_app
from tests.pdfread import decode_qr
from tests.webkit import LiveServer, open_store, token, unique_name

PHONES = 30


class Phone:
    """One participant's browser: its own cookies, so its own form tokens."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect)

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=30) as response:
            return response.read().decode("utf-8")

    def post(self, url: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 303 after a save is the answer we check


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_thirty_phones_saving_at_once_lose_nothing(kind, tmp_path):
    store = open_store(kind, tmp_path)
    workshop, secret = store.create_workshop(unique_name(), "2026-03-17", "nl")
    cards = [c.id for c in load_context(DEFAULT_CONTENT, "nl", KitConfig()).catalog.cards if not c.blank]
    with LiveServer(create_app(store, DEFAULT_CONTENT)) as live:
        phones = [(Phone(), cards[i % len(cards)], f"antwoord van telefoon {i}") for i in range(PHONES)]
        forms = []
        for phone, card, _ in phones:
            url = f"{live.url}/w/{workshop.code}/c/{card}"
            forms.append((url, token(phone.get(url))))
        start, statuses = threading.Barrier(PHONES), [None] * PHONES

        def submit(i):
            (phone, _, text), (url, form_token) = phones[i], forms[i]
            start.wait()  # every phone presses "save" in the same instant
            statuses[i] = phone.post(url, {"token": form_token, "green": str(i), "red": "1", "motivation": text})

        threads = [threading.Thread(target=submit, args=(i,)) for i in range(PHONES)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert statuses == [303] * PHONES
        saved = {a.values["motivation"] for card in set(cards) for a in store.history(workshop, card)}
        assert saved == {text for _, _, text in phones}
        assert store.count_answers(workshop) == PHONES
        export = Phone().get(f"{live.url}/o/{secret}/results.csv")
        assert export.count("\n") == len({c for _, c, _ in phones}) + 1  # header + the newest answer per card
    store.close()


def test_from_printed_qr_code_to_overview_and_results(browser, tmp_path):
    """Print cards for a workshop, scan one card's QR code, answer in the browser, find it in the overview and the plan."""
    from selenium.webdriver.common.by import By

    database = f"sqlite:///{tmp_path / 'kit.sqlite3'}"
    store = open_store("sqlite", tmp_path)
    workshop, secret = store.create_workshop("Sint-Genesius-Rode", "2026-03-17", "nl")
    with LiveServer(create_app(store, DEFAULT_CONTENT)) as live:
        # the printed card: its QR code carries the server, the workshop code and the card
        p = load_context(DEFAULT_CONTENT, "nl", KitConfig(workshop=workshop.code, server=live.url,
                                                  form_url=f"{live.url}/w/{{workshop}}/c/{{card}}"))
        result = build_language(p, tmp_path / "out", only=["cards"], check=False)
        manifest = read_manifest(result.folder)
        home = next(f for f in manifest["files"] if f["kind"] == "cards-home")
        scanned = {text for text, _ in decode_qr(result.folder / home["path"], 0, 200)}
        url = f"{live.url}/w/{workshop.code}/c/T02"
        assert url in scanned and url in {c["qr"] for c in home["cards"]}

        browser.get(url)
        from kit.content.catalog import load_catalog

        assert browser.find_element(By.TAG_NAME, "h1").text == load_catalog(DEFAULT_CONTENT, "nl").card("T02").title
        browser.find_element(By.CSS_SELECTOR, "input[name=exists][value=partly]").click()
        browser.find_element(By.ID, "existing_actions").send_keys("Laptops via het repaircafé")
        browser.find_element(By.ID, "green").send_keys("6")
        browser.find_element(By.ID, "red").send_keys("0")
        browser.find_element(By.CSS_SELECTOR, "input[name=choice][value=short]").click()
        browser.find_element(By.ID, "motivation").send_keys("Herstelde laptops zijn betaalbaar voor iedereen.")
        browser.find_element(By.ID, "responsible").send_keys("Dienst welzijn")
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        saved = WebDriverWait(browser, 20, poll_frequency=0.05).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".message.saved")))
        assert "Opgeslagen" in saved.text
        assert browser.find_element(By.ID, "motivation").get_attribute("value").startswith("Herstelde laptops")

        browser.get(f"{live.url}/o/{secret}")
        row = browser.find_element(By.ID, "row-T02")
        assert [cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td.num")] == ["6", "0"]
        assert "behouden" in row.text and "korte termijn" in row.text
    store.close()

    out = tmp_path / "results"
    run = CliRunner().invoke(cli, ["results", "--workshop", workshop.code, "--database", database, "--out", str(out)])
    assert run.exit_code == 0, run.output
    from pypdf import PdfReader

    plan_text = " ".join(page.extract_text() for page in PdfReader(out / "nl" / "plan-sint-genesius-rode.pdf").pages)
    assert "Herstelde laptops zijn betaalbaar voor iedereen." in plan_text and "Dienst welzijn" in plan_text
    from docx import Document

    docx_text = "\n".join(par.text for par in Document(out / "nl" / "plan-sint-genesius-rode.docx").paragraphs)
    assert "Herstelde laptops zijn betaalbaar voor iedereen." in docx_text
    shutil.rmtree(out)


def test_kit_serve_command_serves_and_logs(tmp_path):
    """The command itself: listens where told, answers the start page, logs the route without the caller's address."""
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "kit", "serve", "--port", str(port), "--data", str(tmp_path)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline, page = time.time() + 60, None
        while time.time() < deadline and page is None:
            try:
                page = Phone().get(f"http://127.0.0.1:{port}/?lang=fr")
            except OSError:
                time.sleep(0.2)
        assert page is not None and '<html lang="fr">' in page
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert f"open http://127.0.0.1:{port}/" in out
    assert "GET / 200" in err and "127.0.0.1" not in err
    assert (tmp_path / "kit.sqlite3").is_file()


def test_a_huge_upload_is_cut_off_while_reading(tmp_path):
    """The server stops reading at the form limit instead of spooling gigabytes to disk."""
    import socket

    store = open_store("sqlite", tmp_path)
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    with LiveServer(create_app(store, DEFAULT_CONTENT)) as live:
        host, port = live.url.rsplit("/", 1)[1].split(":")
        with socket.create_connection((host, int(port)), timeout=30) as connection:
            size = 50 * 1024 * 1024
            connection.sendall(f"POST /w/{workshop.code}/c/T01 HTTP/1.1\r\nHost: {host}\r\n"
                               f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {size}\r\n\r\n".encode())
            sent = 0
            try:
                chunk = b"x" * 65536
                while sent < size:
                    connection.sendall(chunk)
                    sent += len(chunk)
            except OSError:
                pass  # the server closed the connection: what we want
            answer = connection.recv(200).decode("latin-1")
        assert answer.startswith("HTTP/1.1 413")
        assert sent < size  # it did not take the whole upload
    assert store.history(workshop, "T01") == []
    store.close()
