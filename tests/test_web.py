"""kit serve's pages through Flask's test client, on SQLite and on PostgreSQL: forms, overview, safety."""

from __future__ import annotations

import csv
import io
import logging

import pytest
import sqlalchemy as sa

from kit.content.catalog import DEFAULT_CONTENT
from kit.workshop.web.app import create_app
from tests.webkit import open_store, token, unique_name


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request, tmp_path):
    store = open_store(request.param, tmp_path)
    app = create_app(store, DEFAULT_CONTENT)
    yield store, app
    store.close()


def new_workshop(store, lang="nl"):
    return store.create_workshop(unique_name(), "2026-03-17", lang)


def form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return token(response.get_data(as_text=True))


def post_card(client, workshop, card, **values):
    url = f"/w/{workshop.code}/c/{card}"
    return client.post(url, data={"token": form(client, url), **values})


def test_create_a_workshop_on_the_start_page(site):
    store, app = site
    client = app.test_client()
    name = unique_name()
    response = client.post("/", data={"municipality": name, "date": "2026-03-17", "lang": "fr",
                                      "token": form(client, "/")})
    assert response.status_code == 303
    secret = response.headers["Location"].split("/o/")[1].split("?")[0]
    made = store.workshop_by_secret(secret)
    assert (made.municipality, made.date, made.lang) == (name, "2026-03-17", "fr")
    overview = client.get(f"/o/{secret}").get_data(as_text=True)
    assert made.code in overview
    assert "kit build" not in overview and "kit results" not in overview  # the browser does it: the workbench's steps
    with store.engine.connect() as db:  # only a hash of the overview link is kept
        dump = " ".join(str(v) for row in db.execute(sa.text("select * from workshops")) for v in row)
    assert secret not in dump


def test_start_page_refuses_a_bad_date_and_keeps_the_name(site):
    _, app = site
    client = app.test_client()
    response = client.post("/", data={"municipality": "Zottegem", "date": "17/03/2026", "lang": "nl",
                                      "token": form(client, "/")})
    assert response.status_code == 400
    assert 'value="Zottegem"' in response.get_data(as_text=True)


def test_card_page_speaks_the_workshop_language(site):
    store, app = site
    workshop, _ = new_workshop(store, "fr")
    page = app.test_client().get(f"/w/{workshop.code}/c/T01").get_data(as_text=True)
    from kit.build.context import load_context
    from kit.content.config import KitConfig

    french = load_context(DEFAULT_CONTENT, "fr", KitConfig()).catalog.card("T01")
    assert french.title in page and '<html lang="fr">' in page
    assert 'name="motivation"' in page and 'name="green"' in page


def test_saving_again_keeps_the_history(site):
    store, app = site
    workshop, _ = new_workshop(store)
    client = app.test_client()
    first = post_card(client, workshop, "T01", exists="partly", green="4", red="0", choice="short", motivation="eerste")
    assert first.status_code == 303
    post_card(client, workshop, "T01", exists="partly", green="4", red="1", choice="long", motivation="tweede")
    history = store.history(workshop, "T01")
    assert [a.values["motivation"] for a in history] == ["tweede", "eerste"]
    assert store.current_answers(workshop)["T01"].values == {"exists": "partly", "green": 4, "red": 1, "choice": "long",
                                                              "motivation": "tweede"}
    page = client.get(f"/w/{workshop.code}/c/T01?saved=1").get_data(as_text=True)
    assert ">tweede</textarea>" in page and "eerste" in page  # the form holds the latest, the history the earlier
    history = page.split('class="history"')[1]
    assert "<dt>Motivatie</dt><dd>eerste</dd>" in history and "<dd>korte termijn</dd>" in history  # in the workshop's words


def test_refused_field_loses_nothing_typed(site):
    store, app = site
    workshop, _ = new_workshop(store)
    client = app.test_client()
    response = post_card(client, workshop, "C02", green="veel", motivation="Omdat het moet", impact="x" * 2001)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert ">Omdat het moet</textarea>" in page and 'value="veel"' in page and "x" * 2001 in page
    assert 'aria-invalid="true"' in page
    assert store.history(workshop, "C02") == []


@pytest.mark.parametrize("forgery", ["no token", "wrong token", "other card's token", "other site"])
def test_forged_posts_are_refused(site, forgery):
    store, app = site
    workshop, _ = new_workshop(store)
    client = app.test_client()
    url = f"/w/{workshop.code}/c/T01"
    good = form(client, url)
    data, headers = {"green": "3", "motivation": "vervalst"}, {}
    if forgery == "wrong token":
        data["token"] = "0" * 64
    elif forgery == "other card's token":
        data["token"] = form(client, f"/w/{workshop.code}/c/T02")
    elif forgery == "other site":
        data["token"], headers = good, {"Origin": "https://evil.example"}
    response = client.post(url, data=data, headers=headers)
    assert response.status_code == 403
    assert ">vervalst</textarea>" in response.get_data(as_text=True)
    assert store.history(workshop, "T01") == []


def test_a_post_without_the_form_cookie_is_refused(site):
    store, app = site
    workshop, _ = new_workshop(store)
    url = f"/w/{workshop.code}/c/T01"
    stolen = form(app.test_client(), url)  # a token seen elsewhere, posted from a browser without the cookie
    response = app.test_client().post(url, data={"token": stolen, "green": "1"})
    assert response.status_code == 403 and store.history(workshop, "T01") == []


def test_no_one_reaches_another_workshop(site):
    store, app = site
    mine, my_secret = new_workshop(store)
    theirs, _their_secret = new_workshop(store)
    client = app.test_client()
    post_card(client, theirs, "T01", motivation="geheim van een andere gemeente")
    assert "geheim" not in client.get(f"/o/{my_secret}").get_data(as_text=True)
    assert "geheim" not in client.get(f"/o/{my_secret}/results.csv").get_data(as_text=True)
    assert "geheim" not in client.get(f"/w/{mine.code}/c/T01").get_data(as_text=True)
    # a token for one workshop's card does not post into another's
    stolen = form(client, f"/w/{theirs.code}/c/T03")
    response = client.post(f"/w/{mine.code}/c/T03", data={"token": stolen, "motivation": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/w/abcdefghjkmn/c/T01", "/w/ABC/c/T01", "/w/%00/c/T01", "/o/not-the-secret-link-at-all",
                                  "/o/x", "/o/not-the-secret-link-at-all/results.csv"])
def test_wrong_codes_and_links_are_not_found(site, path):
    _, app = site
    response = app.test_client().get(path, headers={"Accept-Language": "nl-BE,nl;q=0.9"})
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.get_data(as_text=True)


def test_unknown_card_is_not_found(site):
    store, app = site
    workshop, _ = new_workshop(store)
    assert app.test_client().get(f"/w/{workshop.code}/c/X99").status_code == 404


def test_typed_markup_is_shown_as_text(site):
    store, app = site
    workshop, secret = new_workshop(store)
    client = app.test_client()
    post_card(client, workshop, "TB1", title='<script>alert("x")</script>', motivation="<img src=x onerror=alert(1)>")
    pages = client.get(f"/w/{workshop.code}/c/TB1").get_data(as_text=True) + client.get(f"/o/{secret}").get_data(as_text=True)
    assert "<script>alert" not in pages and "<img src=x" not in pages
    assert "&lt;script&gt;" in pages


def test_overview_shows_tallies_outcome_and_exports_csv(site):
    store, app = site
    workshop, secret = new_workshop(store)
    client = app.test_client()
    post_card(client, workshop, "T01", green="5", red="0", choice="short", motivation="=HYPERLINK(\"x\")")
    post_card(client, workshop, "C01", green="2", red="3")
    post_card(client, workshop, "O01", green="0", red="4", choice="not_now")
    page = client.get(f"/o/{secret}").get_data(as_text=True)
    row = page.split('id="row-C01"')[1].split("</tr>")[0]
    assert ">2<" in row and ">3<" in row and "bespreken" in row
    assert "behouden" in page.split('id="row-T01"')[1].split("</tr>")[0]
    response = client.get(f"/o/{secret}/results.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    by_card = {r["card"]: r for r in rows}
    assert set(by_card) == {"T01", "C01", "O01"}
    assert (by_card["C01"]["green"], by_card["C01"]["red"], by_card["C01"]["outcome"]) == ("2", "3", "discuss")
    assert by_card["T01"]["motivation"].startswith("'=")  # a spreadsheet shows it, never runs it


def test_method_not_allowed_says_so(site):
    _, app = site
    assert app.test_client().delete("/").status_code == 405


def test_security_headers_and_size_limit(site):
    store, app = site
    workshop, _ = new_workshop(store)
    client = app.test_client()
    response = client.get(f"/w/{workshop.code}/c/T01")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "HttpOnly" in response.headers["Set-Cookie"] and "SameSite=Lax" in response.headers["Set-Cookie"]
    huge = client.post(f"/w/{workshop.code}/c/T01", data={"motivation": "x" * 200_000})
    assert huge.status_code == 413


def test_requests_are_logged_without_personal_data(site, caplog):
    store, app = site
    workshop, secret = new_workshop(store)
    client = app.test_client()
    with caplog.at_level(logging.INFO, logger="kit.serve"):
        post_card(client, workshop, "T01", motivation="Marie Peeters, 0470 12 34 56")
        client.get(f"/o/{secret}")
    lines = [r.getMessage() for r in caplog.records if r.name == "kit.serve"]
    assert any(line.startswith("POST /w/<code>/c/<card_id> 303") for line in lines)
    assert any(line.startswith("GET /o/<secret> 200") for line in lines)
    text = "\n".join(lines)
    for private in (workshop.code, secret, "Marie", "0470", "127.0.0.1"):
        assert private not in text


class _FailingStore:
    """A database that is there for reading but refuses to write, as a locked or restarting one does."""

    def __init__(self, store):
        self._store = store

    def __getattr__(self, name):
        return getattr(self._store, name)

    def save_answer(self, *args, **kwargs):
        from sqlalchemy.exc import OperationalError

        raise OperationalError("INSERT INTO answers ... Marie Peeters", {}, Exception("database is locked"))


def test_a_database_failure_keeps_what_was_typed_and_logs_nothing_private(tmp_path, caplog):
    store = open_store("sqlite", tmp_path)
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    app = create_app(_FailingStore(store), DEFAULT_CONTENT)
    client = app.test_client()
    with caplog.at_level(logging.INFO):
        response = post_card(client, workshop, "T01", motivation="Marie Peeters wil meedoen")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert ">Marie Peeters wil meedoen</textarea>" in page and "Je tekst staat er nog" in page
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "not saved: OperationalError" in logged
    assert workshop.code not in logged and "Marie" not in logged
    store.close()


def test_an_unexpected_failure_is_a_page_and_a_line_without_codes(tmp_path, caplog):
    store = open_store("sqlite", tmp_path)
    workshop, secret = store.create_workshop(unique_name(), "", "nl")
    broken = _FailingStore(store)
    broken.current_answers = lambda _workshop: 1 / 0
    app = create_app(broken, DEFAULT_CONTENT)
    with caplog.at_level(logging.INFO):
        response = app.test_client().get(f"/o/{secret}")
    assert response.status_code == 500 and "Er liep iets mis" in response.get_data(as_text=True)
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "GET /o/<secret> failed: ZeroDivisionError" in logged
    assert secret not in logged and workshop.code not in logged
    store.close()


def test_behind_a_reverse_proxy_the_public_address_may_post(tmp_path):
    store = open_store("sqlite", tmp_path)
    workshop, secret = store.create_workshop(unique_name(), "", "nl")
    app = create_app(store, DEFAULT_CONTENT, public_url="https://kit.gemeente.be")
    client = app.test_client()
    url = f"https://kit.gemeente.be/w/{workshop.code}/c/T01"  # the proxy passes the public host on
    response = client.post(url, data={"token": form(client, url), "green": "2"}, headers={"Origin": "https://kit.gemeente.be"})
    assert response.status_code == 303
    cookie = app.test_client().get(url).headers["Set-Cookie"]
    assert cookie.startswith("__Host-kit_form=") and "Secure" in cookie  # the form cookie only travels over HTTPS
    overview = client.get(f"https://kit.gemeente.be/o/{secret}").get_data(as_text=True)
    assert _printed_address(overview, "nl") == "https://kit.gemeente.be"  # what the workbench's kit prints in the QR codes
    store.close()


def test_overview_never_suggests_printing_a_loopback_address(site, monkeypatch):
    store, app = site
    workshop, secret = new_workshop(store)
    monkeypatch.setattr("kit.workshop.web.site.lan_address", lambda: "192.168.1.20")
    page = app.test_client().get(f"/o/{secret}", base_url="http://127.0.0.1:8000").get_data(as_text=True)
    assert _printed_address(page, workshop.lang) == "http://192.168.1.20:8000"
    assert "http://192.168.1.20:8000/w/" in page


def _printed_address(page: str, lang: str) -> str:
    """The address the overview says the kit's QR codes open (the workbench's step 2)."""
    import html

    from kit.content.catalog import load_language

    before = load_language(DEFAULT_CONTENT, lang).text("workbench.kit_intro").split("{address}")[0]
    text = html.unescape(page)
    return text[text.index(before) + len(before):].split("<")[0].split()[0].rstrip(".") if before in text else ""


def test_a_blank_beyond_the_printed_three_is_kept(site, tmp_path):
    store, app = site
    workshop, _ = new_workshop(store)
    client = app.test_client()
    post_card(client, workshop, "TB5", title="Vijfde eigen actie", choice="short")
    from click.testing import CliRunner

    from kit.cli.main import cli

    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["results", "--workshop", workshop.code, "--database", store.url, "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "1 cards answered; 1 short term" in run.output


def test_a_shared_server_can_leave_creating_workshops_to_the_command(tmp_path):
    store = open_store("sqlite", tmp_path)
    app = create_app(store, DEFAULT_CONTENT, web_create=False)
    client = app.test_client()
    assert 'name="municipality"' not in client.get("/").get_data(as_text=True)
    response = client.post("/", data={"municipality": "Zottegem", "lang": "nl", "token": "x"})
    assert response.status_code == 405 and store.list_workshops() == []
    store.close()


def test_a_closed_workshop_can_be_read_but_not_changed(site):
    store, app = site
    workshop, secret = new_workshop(store)
    trekker, phone = app.test_client(), app.test_client()
    post_card(phone, workshop, "T01", motivation="voor de sluiting")
    url = f"/w/{workshop.code}/c/T01"
    phone_token = form(phone, url)
    overview = trekker.get(f"/o/{secret}").get_data(as_text=True)
    assert f'href="/o/{secret}/close"' in overview  # closing asks first
    confirm = trekker.get(f"/o/{secret}/close").get_data(as_text=True)
    assert workshop.municipality in confirm and 'name="closed" value="1"' in confirm
    assert not store.workshop(workshop.code).closed
    response = trekker.post(f"/o/{secret}/close", data={"token": token(confirm), "closed": "1"})
    assert response.status_code == 303 and store.workshop(workshop.code).closed
    late = phone.post(url, data={"token": phone_token, "motivation": "na de sluiting"})
    assert late.status_code == 403 and "na de sluiting" in late.get_data(as_text=True)
    page = phone.get(url).get_data(as_text=True)
    assert "afgesloten" in page and "<textarea" not in page and "<dd>voor de sluiting</dd>" in page  # read-only, as text
    assert [a.values["motivation"] for a in store.history(workshop, "T01")] == ["voor de sluiting"]
    overview = trekker.get(f"/o/{secret}").get_data(as_text=True)
    reopen = overview[overview.index(f'action="/o/{secret}/close"'):]  # the reopen form's own token
    trekker.post(f"/o/{secret}/close", data={"token": token(reopen), "closed": "0"})
    assert post_card(phone, workshop, "T01", motivation="heropend").status_code == 303


def test_closing_needs_the_overview_token(site):
    store, app = site
    workshop, secret = new_workshop(store)
    client = app.test_client()
    card_token = form(client, f"/w/{workshop.code}/c/T01")  # a participant's token is not the trekker's
    response = client.post(f"/o/{secret}/close", data={"token": card_token, "closed": "1"})
    assert response.status_code == 403 and not store.workshop(workshop.code).closed


def test_a_database_from_before_closing_existed_is_upgraded(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:  # the first release's schema, without the 'closed' column and without Alembic
        db.execute("CREATE TABLE workshops (id INTEGER PRIMARY KEY, code VARCHAR(32) NOT NULL UNIQUE, "
                   "secret_hash VARCHAR(64) NOT NULL UNIQUE, municipality VARCHAR(200) NOT NULL, date VARCHAR(10) NOT NULL, "
                   "lang VARCHAR(16) NOT NULL, created_at VARCHAR(32) NOT NULL)")
        db.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops (id), "
                   "card_id VARCHAR(32) NOT NULL, saved_at VARCHAR(32) NOT NULL, data TEXT NOT NULL)")
        db.execute("CREATE TABLE settings (key VARCHAR(64) PRIMARY KEY, value VARCHAR(256) NOT NULL)")
        db.execute("INSERT INTO workshops VALUES (1, 'abcdefghjkmn', 'x', 'Oud', '', 'nl', '2026-01-01T00:00:00Z')")
        db.execute("""INSERT INTO answers VALUES (1, 1, 'T01', '2026-01-01T00:00:00Z', '{"green": 4}')""")
    from kit.workshop.store import Store

    store = Store(f"sqlite:///{path}")
    old = store.workshop("abcdefghjkmn")
    assert old.municipality == "Oud" and old.closed is False
    assert store.current_answers(old)["T01"].values == {"green": 4} and store.stored_chars(old) == len('{"green": 4}')
    assert store.set_closed(old, True).closed and store.workshop("abcdefghjkmn").closed
    store.close()
