"""The trekker's workbench on the overview of kit serve: uploads checked before they are stored (a corrupt PNG, a PNG
bomb, SVGs with a script, an external entity or reference, a PDF named .png), the builds on demand made once by a
worker process with their state in the database (two instances on one PostgreSQL see one build; a dead worker's build
is taken up again; a failed build keeps the files before), files only from the data folder, two workshops' kits made
at once each with its own QR codes, the answers as a spreadsheet in the workshop's language, `kit build --workshop`
in the workshop's language, and municipality names the typeface cannot print refused when the workshop is created."""

from __future__ import annotations

import html
import io
import re
import struct
import threading
import time
import zipfile
import zlib

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from PIL import Image

from kit.cli.main import cli
from kit.content import placeholders
from kit.content.catalog import DEFAULT_CONTENT, load_language
from kit.content.glyphs import FONT_FILES, unprintable
from kit.workshop.store import Store
from kit.workshop.web.app import create_app
from kit.workshop.workbench import LISTING, MAX_ATTEMPTS, Workbench, build_folder, builds
from tests.pdfread import decode_qr
from tests.test_workbench_browser import fake_build, key_of
from tests.webkit import open_store, token, unique_name

BUILD_SECONDS = 180  # a whole kit takes about 3 s on the project's 2-core machine; the suite may run beside others


@pytest.fixture(params=["sqlite", "postgresql"])
def served(request, tmp_path):
    store = open_store(request.param, tmp_path)
    app = create_app(store, DEFAULT_CONTENT, data_dir=tmp_path / "data")
    yield store, app, tmp_path / "data"
    store.close()


@pytest.fixture
def quiet(tmp_path, monkeypatch):
    """An app whose builds are asked for but never started (no worker process): for what the pages say and refuse."""
    monkeypatch.setattr("kit.workshop.web.workbench.start_worker", lambda site: None)
    store = Store(f"sqlite:///{tmp_path / 'kit.sqlite3'}")
    yield store, create_app(store, DEFAULT_CONTENT, data_dir=tmp_path / "data"), tmp_path / "data"
    store.close()


def bench_token(client, secret: str) -> str:
    page = client.get(f"/o/{secret}").get_data(as_text=True)
    return token(page[page.index('id="legplan"'):])


def png(size=(300, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, "PNG")
    return out.getvalue()


def post_legplan(client, secret: str, logo: bytes | None = None, name: str = "logo.png", **fields):
    data = {"token": bench_token(client, secret), "legplan_date": "2026-03-18", "values": "Nabijheid\nSamen", "legplan_size": "A1",
            **fields}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo), name)
    return client.post(f"/o/{secret}/legplan", data=data, content_type="multipart/form-data")


def wait_for(store, build_id: int, seconds: float = BUILD_SECONDS) -> str:
    """The state a build ends in (done or failed), waiting for the worker process."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with store.engine.connect() as db:
            state = db.execute(sa.select(builds.c.state).where(builds.c.id == build_id)).scalar_one()
        if state in ("done", "failed"):
            return state
        time.sleep(0.1)
    raise AssertionError(f"build {build_id} still {state} after {seconds} s")


def build_id(response) -> int:
    return int(re.search(r"/builds/(\d+)$", response.headers["Location"]).group(1))


# -- uploads, checked before they are stored -------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(side: int = 20000) -> bytes:
    """A valid PNG of side x side black pixels (one bit each) that unpacks to side^2 pixels from a few kilobytes."""
    packer = zlib.compressobj(9)
    row = b"\0" * (1 + side // 8)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def corrupt_png() -> bytes:
    data = bytearray(png((200, 200)))
    middle = data.index(b"IDAT") + 40
    data[middle:middle + 8] = b"\xff" * 8  # the image data changed, its checksum not
    return bytes(data)


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">{}<rect width="120" height="40" fill="#1f6f8b"/></svg>'
BAD_UPLOADS = [
    ("corrupt.png", corrupt_png(), "damaged"),
    ("bomb.png", png_bomb(), "pixels"),
    ("script.svg", SVG.format("<script>alert(1)</script>").encode(), "svg_script"),
    ("onload.svg", SVG.format("").replace("<svg ", '<svg onload="alert(1)" ').encode(), "svg_script"),
    ("entity.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                   b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&xxe;</text></svg>', "svg_entity"),
    ("external.svg", SVG.format('<image href="https://example.org/x.png" width="5" height="5"/>').encode(), "svg_external"),
    ("style.svg", SVG.format("<style>@import url(https://example.org/a.css);</style>").encode(), "svg_external"),
    ("nosize.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>', "svg_size"),
    ("renamed.png", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "type"),
    ("huge.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (10 * 1024 * 1024), "size"),
]


@pytest.mark.parametrize("name, data, reason", BAD_UPLOADS, ids=[u[0] for u in BAD_UPLOADS])
def test_a_bad_logo_is_refused_with_one_sentence_at_its_field_and_nothing_is_stored(quiet, name, data, reason):
    store, app, data_dir = quiet
    workshop, secret = store.create_workshop(unique_name(), "2026-03-17", "fr")
    client = app.test_client()
    response = post_legplan(client, secret, data, name, values="Proximité\nEnsemble")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    sentence = load_language(DEFAULT_CONTENT, "fr").text(f"workbench.errors.logo_{reason}")
    assert placeholders.fill(sentence, {"limit": {"size": 10, "pixels": 8000}.get(reason, "")}) in html.unescape(page)
    assert 'id="logo-error"' in page and 'aria-describedby="logo-hint logo-error" aria-invalid="true"' in page
    assert 'href="#logo"' in page  # the summary leads to the field
    assert "Proximité\nEnsemble</textarea>" in page and 'value="2026-03-18"' in page  # what was typed is kept
    assert Workbench(store).logo(workshop) is None
    assert not (data_dir / "builds").exists()


def test_the_checks_refuse_before_unpacking_a_bomb():
    """The 20000 x 20000 PNG is refused by its header: Pillow never allocates its 400 million pixels."""
    import tracemalloc

    from kit.content.customize import LogoRefused, inspect_logo

    bomb = png_bomb()
    tracemalloc.start()
    with pytest.raises(LogoRefused) as refused:
        inspect_logo(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert refused.value.reason == "pixels" and peak < 20 * 1024 * 1024


def test_kit_legplan_refuses_the_same_svgs(tmp_path):
    bad = tmp_path / "script.svg"
    bad.write_text(SVG.format("<script>alert(1)</script>"), encoding="utf-8")
    run = CliRunner().invoke(cli, ["legplan", "--logo", str(bad), "--out", str(tmp_path / "out")])
    assert run.exit_code == 1 and "contains a script" in run.output and "Traceback" not in run.output


@pytest.mark.parametrize("name, data, kind", [("logo.png", png(), "png"), ("logo.jpg", None, "jpeg"),
                                                ("logo.svg", SVG.format("").encode(), "svg")])
def test_a_good_logo_is_stored_and_the_preview_is_asked_for(quiet, name, data, kind):
    store, app, _ = quiet
    if data is None:
        out = io.BytesIO()
        Image.new("RGB", (400, 200), (200, 30, 30)).save(out, "JPEG")
        data = out.getvalue()
    workshop, secret = store.create_workshop(unique_name(), "", "nl")
    client = app.test_client()
    response = post_legplan(client, secret, data, name, legplan_size="A2")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/o/{secret}#legplan")
    bench = Workbench(store)
    assert bench.logo(workshop).kind == kind and bench.logo(workshop, data=True).data == data
    assert bench.settings(workshop).legplan_size == "A2" and store.workshop(workshop.code).date == "2026-03-18"
    preview = bench.latest(workshop, "preview")
    assert preview.state == "queued" and preview.settings["values"] == ["Nabijheid", "Samen"]
    page = client.get(f"/o/{secret}").get_data(as_text=True)
    catalog = load_language(DEFAULT_CONTENT, "nl")
    assert catalog.text("workbench.saved") in page and catalog.text("workbench.preview_making") in page
    assert catalog.text("workbench.saved") not in client.get(f"/o/{secret}").get_data(as_text=True)  # said once
    again = post_legplan(client, secret, legplan_size="A2", logo_remove="1")  # the same settings but no logo
    assert again.status_code == 303 and bench.logo(workshop) is None


def test_a_forged_or_expired_workbench_form_is_refused_and_keeps_what_was_typed(quiet):
    store, app, _ = quiet
    workshop, secret = store.create_workshop(unique_name(), "", "nl")
    client = app.test_client()
    client.get(f"/o/{secret}")
    response = client.post(f"/o/{secret}/kit", data={"token": "forged", "paper": "Letter", "cards": "square", "flip": "short",
                                                    "offset_x": "1,5", "offset_y": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and 'value="1,5"' in page and 'value="square" selected' in page
    assert Workbench(store).latest(workshop, "kit") is None
    other = client.post(f"/o/{secret}/kit", data={"token": bench_token(client, secret), "paper": "A4", "cards": "poker",
                                                  "flip": "long", "offset_x": "0", "offset_y": "0"},
                        headers={"Origin": "http://evil.example"})
    assert other.status_code == 403


def test_bad_print_settings_are_named_at_their_fields(quiet):
    store, app, _ = quiet
    _, secret = store.create_workshop(unique_name(), "", "fr")
    client = app.test_client()
    response = client.post(f"/o/{secret}/kit", data={"token": bench_token(client, secret), "paper": "A3", "cards": "../../etc",
                                                     "flip": "sideways", "offset_x": "12", "offset_y": "nan"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for key in ("paper", "cards", "flip", "offset_x", "offset_y"):
        assert f'id="{key}-error"' in page and f'href="#{key}"' in page
    assert "Indiquez un nombre de -10 à 10" in page


# -- builds: once, in a worker process, state in the database ---------------------------------------------


def ask_kit(client, secret: str, **settings):
    data = {"token": bench_token(client, secret), "paper": "A4", "cards": "poker", "flip": "long", "offset_x": "0", "offset_y": "0",
            **settings}
    response = client.post(f"/o/{secret}/kit", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return build_id(response)


def test_two_instances_on_one_database_see_one_build_made_once(served):
    """Two kit serve instances (two apps on one database, as behind a load balancer): the second sees the first's build
    under way and asking for the same kit gives the same build; it is made once and both serve its files."""
    store, app, data_dir = served
    other_store = Store(store.url)
    other = create_app(other_store, DEFAULT_CONTENT, data_dir=data_dir)
    try:
        workshop, secret = store.create_workshop(unique_name(), "", "nl")
        first, second = app.test_client(), other.test_client()
        made = ask_kit(first, secret)
        seen = second.get(f"/o/{secret}/builds/{made}.json").get_json()
        assert seen["state"] in ("queued", "running", "done")
        assert ask_kit(second, secret) == made  # the same settings: the same build, not a second one
        assert wait_for(store, made) == "done"
        with store.engine.connect() as db:
            rows = db.execute(sa.select(builds.c.id, builds.c.attempts).where(builds.c.workshop_id == workshop.id,
                                                                            builds.c.kind == "kit")).all()
        assert [tuple(r) for r in rows] == [(made, 1)]  # one build, claimed once
        page = second.get(f"/o/{secret}/builds/{made}").get_data(as_text=True)
        names = re.findall(rf'href="/o/{re.escape(secret)}/files/{made}/([^"]+)"', page)
        assert names[0].endswith(".zip") and "cards-home-a4.pdf" in names and "calibration-a4.pdf" in names
        zipped = first.get(f"/o/{secret}/files/{made}/{names[0]}")
        assert zipped.status_code == 200 and zipped.headers["Content-Type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(zipped.get_data()))
        assert set(names[1:]) <= set(archive.namelist()) and "afdrukken.txt" in archive.namelist()
        instructions = archive.read("afdrukken.txt").decode("utf-8")
        assert "100 %" in instructions and "lange zijde" in instructions and "cards-printshop.pdf" in instructions
    finally:
        other_store.close()


def test_a_failed_build_says_why_in_the_workshops_language_and_keeps_the_files_before(served):
    store, app, data_dir = served
    workshop, secret = store.create_workshop(unique_name(), "", "fr")
    client = app.test_client()
    # the kit made before (a real one is made in the test above: here only its files matter)
    first = fake_build(store, data_dir, workshop, "kit", key_of(f"{secret}-before"), "done")
    before = client.get(f"/o/{secret}/files/{first}/cards-home-a4.pdf").get_data()
    assert before
    # a logo that slipped past the checks (written straight into the database): the next build cannot draw it
    Workbench(store).set_logo(workshop, "png", 10, 10, b"\x89PNG\r\n\x1a\nnot really")
    second = ask_kit(client, secret, flip="short")
    assert wait_for(store, second) == "failed"
    catalog = load_language(DEFAULT_CONTENT, "fr")
    page = html.unescape(client.get(f"/o/{secret}/builds/{second}").get_data(as_text=True))
    assert catalog.text("workbench.failed.settings") in page
    assert f"/o/{secret}/files/{first}/cards-home-a4.pdf" in page  # the files before, still offered
    assert client.get(f"/o/{secret}/files/{first}/cards-home-a4.pdf").get_data() == before
    overview = html.unescape(client.get(f"/o/{secret}").get_data(as_text=True))
    assert catalog.text("workbench.previous") in overview
    assert client.get(f"/o/{secret}/files/{second}/cards-home-a4.pdf").status_code == 404


def test_a_build_whose_worker_died_is_taken_up_again(quiet, monkeypatch):
    """A running build whose process stopped (no heartbeat) is queued again by the next page that looks at it, and a
    worker is started for it; one that died too often is failed with a sentence."""
    store, app, _ = quiet
    started = []
    monkeypatch.setattr("kit.workshop.web.workbench.start_worker", lambda site: started.append(1))
    workshop, secret = store.create_workshop(unique_name(), "", "nl")
    client = app.test_client()
    made = ask_kit(client, secret)
    bench = Workbench(store)
    assert bench.claim("dead-worker", 2).id == made and bench.claim("another", 2) is None  # claimed once only
    with store.engine.begin() as db:
        db.execute(builds.update().where(builds.c.id == made).values(heartbeat=time.time() - 120))
    started.clear()
    assert client.get(f"/o/{secret}/builds/{made}.json").get_json()["state"] == "queued"
    assert started == [1]
    assert not bench.beat(made, "dead-worker", 50, "cards")  # the dead worker's late heartbeat changes nothing
    for attempt in range(MAX_ATTEMPTS - 1):
        assert bench.claim(f"worker-{attempt}", 2).id == made
        with store.engine.begin() as db:
            db.execute(builds.update().where(builds.c.id == made).values(heartbeat=0))
        bench.recover()
    assert bench.get(workshop, made).state == "failed" and bench.get(workshop, made).error == "stopped"
    page = client.get(f"/o/{secret}/builds/{made}").get_data(as_text=True)
    assert load_language(DEFAULT_CONTENT, "nl").text("workbench.failed.stopped") in page


def test_two_workshops_kits_made_at_once_each_open_their_own_workshop(tmp_path):
    """Two trekkers ask for their kits at the same moment: each ZIP's cards open its own workshop on this server."""
    store = Store(f"sqlite:///{tmp_path / 'kit.sqlite3'}")
    app = create_app(store, DEFAULT_CONTENT, public_url="https://kit.provincie.be", data_dir=tmp_path / "data")
    try:
        shops = [store.create_workshop(unique_name(), "", lang) for lang in ("nl", "fr")]
        clients = [app.test_client() for _ in shops]
        asked = {}

        def ask(index):
            secret = shops[index][1]
            url = f"https://kit.provincie.be/o/{secret}"
            page = clients[index].get(url).get_data(as_text=True)
            asked[index] = build_id(clients[index].post(f"{url}/kit", data={
                "token": token(page[page.index('id="legplan"'):]), "paper": "A4", "cards": "poker", "flip": "long",
                "offset_x": "0", "offset_y": "0"}, headers={"Origin": "https://kit.provincie.be"}))

        threads = [threading.Thread(target=ask, args=(index,)) for index in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for index, (workshop, secret) in enumerate(shops):
            assert wait_for(store, asked[index]) == "done"
            listing = Workbench(store).get(workshop, asked[index]).files
            name = next(f["name"] for f in listing if f["kind"] == "zip")
            zipped = clients[index].get(f"https://kit.provincie.be/o/{secret}/files/{asked[index]}/{name}")
            cards = tmp_path / f"cards-{index}.pdf"
            cards.write_bytes(zipfile.ZipFile(io.BytesIO(zipped.get_data())).read("cards-home-a4.pdf"))
            payloads = {text for text, _ in decode_qr(cards, 0, 200)}
            assert payloads and all(p.startswith(f"https://kit.provincie.be/w/{workshop.code}/c/") for p in payloads), payloads
    finally:
        store.close()


def test_files_come_only_from_the_builds_listing_of_this_workshop(served):
    store, app, data_dir = served
    mine, secret = store.create_workshop(unique_name(), "", "nl")
    _, other_secret = store.create_workshop(unique_name(), "", "nl")
    client = app.test_client()
    made = fake_build(store, data_dir, mine, "kit", key_of(f"{secret}-kit"), "done")  # what is served, not how it was made
    (data_dir / "secret.txt").write_text("not for download")
    for name in ("..%2F..%2Fsecret.txt", "../../secret.txt", LISTING, "manifest.json", "logo.png", "%2E%2E"):
        assert client.get(f"/o/{secret}/files/{made}/{name}").status_code == 404, name
    assert client.get(f"/o/{other_secret}/files/{made}/cards-home-a4.pdf").status_code == 404  # another workshop's
    assert client.get(f"/o/{secret}/files/{made + 1000}/cards-home-a4.pdf").status_code == 404
    folder = build_folder(data_dir, mine.code, Workbench(store).get(mine, made).key)
    assert folder.is_relative_to(data_dir / "builds") and (folder / "cards-home-a4.pdf").is_file()
    with pytest.raises(ValueError):
        build_folder(data_dir, "../../etc", "0" * 64)


def test_the_answers_as_a_spreadsheet_in_the_workshops_language(quiet):
    from openpyxl import load_workbook

    from kit.workshop.spreadsheet import columns

    store, app, _ = quiet
    workshop, secret = store.create_workshop(unique_name(), "", "fr")
    store.save_answer(workshop, "T01", {"exists": "partly", "green": 3, "red": 1, "choice": "short", "motivation": "=SOMME(A1)"})
    response = app.test_client().get(f"/o/{secret}/results.xlsx")
    assert response.status_code == 200 and "spreadsheetml" in response.headers["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    catalog = load_language(DEFAULT_CONTENT, "fr")
    assert sheet.title == "Réponses" and [c.value for c in sheet[1]] == [heading for heading, _ in columns(catalog)]
    row = {heading: cell.value for heading, cell in zip([c.value for c in sheet[1]], sheet[2])}
    assert row["Levier"] == "T01" and row[catalog.text("web.exists")] == "en partie" and row["Vert"] == 3
    assert row[catalog.text("web.choice")] == "court terme" and row[catalog.text("votes.outcome")] == "discuter"
    assert row["Motivation"] == "=SOMME(A1)" and sheet["L2"].data_type == "s"  # text, never a formula


# -- the language of kit build --workshop, and names that print -------------------------------------------


def test_kit_build_for_a_workshop_is_in_the_workshops_language(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'data' / 'kit.sqlite3'}")
    workshop, _ = store.create_workshop("Namur", "", "fr")
    store.close()
    common = ["--workshop", workshop.code, "--server", "http://10.0.0.5:8000", "--only", "cards", "--no-check",
              "--data", str(tmp_path / "data")]
    run = CliRunner().invoke(cli, ["build", *common, "--out", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    assert (tmp_path / "out" / "fr" / "cards-home-a4.pdf").is_file() and not (tmp_path / "out" / "nl").exists()
    assert "warning" not in run.output
    run = CliRunner().invoke(cli, ["build", *common, "--lang", "nl", "--out", str(tmp_path / "other")])
    assert run.exit_code == 0 and (tmp_path / "other" / "nl" / "cards-home-a4.pdf").is_file()
    said = [line for line in run.output.splitlines() if workshop.code in line and "'fr'" in line]
    assert len(said) == 1 and "--lang" in said[0]
    run = CliRunner().invoke(cli, ["build", *common, "--lang", "fr", "--out", str(tmp_path / "same")])
    assert run.exit_code == 0 and "warning" not in run.output
    run = CliRunner().invoke(cli, ["build", *common[:-2], "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x")])
    assert run.exit_code == 0 and "is not known here" in run.output and (tmp_path / "x" / "nl").is_dir()


def test_the_glyph_check_reads_the_kits_fonts():
    assert FONT_FILES and all(path.is_file() for path in FONT_FILES)
    assert unprintable("Zèle-sur-Mer Łódź Ærøskøbing Hà Nội Αθήνα Київ \u0645\u0631\u062d\u0628\u0627") == []  # the fallbacks
    assert unprintable("東京 東京\u200b 서울") == ["東", "京", "서", "울"]  # distinct, in order, no format character


@pytest.mark.parametrize("name", ["東京", "서울특별시"])
def test_a_name_the_kit_cannot_print_is_refused_when_the_workshop_is_created(quiet, tmp_path, name):
    store, app, _ = quiet
    client = app.test_client()
    page = client.get("/?lang=fr").get_data(as_text=True)
    response = client.post("/", data={"municipality": name, "date": "2026-03-17", "lang": "fr", "token": token(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="municipality-error"' in html and name in html
    assert "alphabet latin, grec, cyrillique ou arabe" in html and store.list_workshops() == []
    run = CliRunner().invoke(cli, ["workshop", "create", "--municipality", name, "--data", str(tmp_path / "cli")])
    assert run.exit_code == 1 and "can print" in run.output and "Traceback" not in run.output


def test_a_name_that_is_accepted_prints_on_the_reports(tmp_path):
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    name = "Łódź-Ærø Zèle"
    run = CliRunner().invoke(cli, ["workshop", "create", "--municipality", name, "--lang", "fr", "--data", str(tmp_path)])
    assert run.exit_code == 0, run.output
    code = run.output.split("workshop code:")[1].split()[0]
    run = CliRunner().invoke(cli, ["results", "--workshop", code, "--data", str(tmp_path), "--out", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    for pdf in (tmp_path / "out" / "fr").glob("*.pdf"):  # pdfium reads the 24 tiles of the A4 legplan 20x faster
        document = pdfium.PdfDocument(pdf)
        text = " ".join(page.get_textpage().get_text_range() for page in document)
        document.close()
        assert "[?]" not in text, pdf.name
    report = next((tmp_path / "out" / "fr").glob("results-*.pdf"))
    assert name in PdfReader(report).pages[0].extract_text()


def test_deleting_a_workshop_erases_the_files_its_overview_made(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'kit.sqlite3'}")
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    other, _ = store.create_workshop(unique_name(), "", "nl")
    build, _ = Workbench(store).request(workshop, "kit", "a" * 64, {"code": workshop.code})
    store.close()
    for code in (workshop.code, other.code):
        folder = build_folder(tmp_path, code, "a" * 64)
        folder.mkdir(parents=True)
        (folder / "cards-home-a4.pdf").write_bytes(b"%PDF")
    run = CliRunner().invoke(cli, ["workshop", "delete", workshop.code, "--yes", "--data", str(tmp_path)])
    assert run.exit_code == 0, run.output
    assert not (tmp_path / "builds" / workshop.code).exists() and (tmp_path / "builds" / other.code).is_dir()
    store = Store(f"sqlite:///{tmp_path / 'kit.sqlite3'}")
    with store.engine.connect() as db:  # its builds went with it
        assert db.execute(sa.select(sa.func.count()).select_from(builds).where(builds.c.id == build.id)).scalar_one() == 0
    store.close()
