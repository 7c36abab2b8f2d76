"""kit results: from a CSV (ours or another form tool's) or the database to the report, filled legplan and draft plan."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

import kit
from kit.build.context import load_context
from kit.cli.main import cli
from kit.content.catalog import DEFAULT_CONTENT
from kit.content.config import KitConfig
from kit.errors import KitError
from kit.workshop.results import from_csv, to_csv
from tests.pdfread import glyph_boxes

pytestmark = pytest.mark.xdist_group("test_results")  # on one pytest-xdist worker: Zottegem's results are made once

HEADER = "card;exists;existing_actions;green;red;choice;motivation;actions;timeframe;responsible;target_group;impact;title\n"
ROWS = (
    "T01;ja;Digipunt in de bib;6;0;korte termijn;Veel mensen hebben thuis geen pc.;\"Wifi in alle gebouwen\nTwee pc's\";"
    "eind 2027;dienst ICT;inwoners zonder internet;gebruikers per maand;\n"
    "T02;nee;;3;2;lange termijn;;;;;;;\n"
    "C01;gedeeltelijk;;0;4;nu niet;;;;;;;\n"
    "TB1;;;;;short;<b>Eigen</b> & co;;;;;;Repair café voor laptops\n"
)


@pytest.fixture(scope="module")
def catalog():
    return load_context(DEFAULT_CONTENT, "nl", KitConfig()).catalog


def write(tmp_path, text, name="answers.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def zottegem(tmp_path_factory):
    """`kit results` of the CSV above for Zottegem, made once for the tests that only read it: (its nl folder, the
    command's exit code and output)."""
    tmp_path = tmp_path_factory.mktemp("zottegem")
    code, output = run("results", "--csv", write(tmp_path, HEADER + ROWS), "--municipality", "Zottegem", "--date",
                       "2026-03-17", "--out", tmp_path / "out")
    return tmp_path / "out" / "nl", code, output


def test_csv_of_another_form_tool_reads_with_its_words(tmp_path, catalog):
    results = from_csv(write(tmp_path, HEADER + ROWS), catalog, municipality="Zottegem", date="2026-03-17")
    t01 = next(r for r in results.cards if r.card.id == "T01")
    assert t01.values["choice"] == "short" and t01.values["exists"] == "yes" and t01.outcome == "keep"
    assert t01.values["actions"] == "Wifi in alle gebouwen\nTwee pc's"
    assert [r.card.id for r in results.chosen("short")] == ["T01", "TB1"]
    assert next(r for r in results.cards if r.card.id == "TB1").title == "Repair café voor laptops"
    assert next(r for r in results.cards if r.card.id == "T02").outcome == "discuss"
    assert "TB2" not in {r.card.id for r in results.cards}  # unused blanks stay out


def test_our_export_reads_back_the_same(tmp_path, catalog):
    first = from_csv(write(tmp_path, HEADER + ROWS), catalog, municipality="Zottegem", date="2026-03-17")
    again = from_csv(write(tmp_path, to_csv(first), "export.csv"), catalog)
    assert [(r.card.id, r.values) for r in again.answered()] == [(r.card.id, r.values) for r in first.answered()]
    assert (again.municipality, again.date) == ("Zottegem", "2026-03-17")


def test_reports_carry_the_answers(zottegem):
    folder, code, output = zottegem
    assert code == 0, output
    report = " ".join(p.extract_text() for p in PdfReader(folder / "results-zottegem.pdf").pages)
    assert "T02 Herstelde toestellen" in report  # T02, a card to discuss
    assert "Waarom is deze bouwsteen voor ons een prioriteit" in report  # with the guiding questions
    draft = " ".join(p.extract_text() for p in PdfReader(folder / "plan-zottegem.pdf").pages)
    assert "Veel mensen hebben thuis geen pc." in draft and "(nog in te vullen)" in draft
    assert "<b>Eigen</b> & co" in draft  # typed markup is text, not formatting
    docx = "\n".join(p.text for p in Document(folder / "plan-zottegem.docx").paragraphs)
    assert "Veel mensen hebben thuis geen pc." in docx and "Repair café voor laptops" in docx
    for name in ("results-zottegem.pdf", "plan-zottegem.pdf", "legplan-zottegem-filled-a1.pdf"):
        for page in PdfReader(folder / name).pages:
            fonts = page["/Resources"].get("/Font", {})
            assert all(embedded(f.get_object()) for f in fonts.values()), name
    import json

    manifest = json.loads((folder / "manifest.json").read_text())
    assert {"results", "legplan-filled", "legplan-filled-tiled", "plan", "plan-docx"} <= {f["kind"] for f in manifest["files"]}
    made_by = f"beleidstool-kit {kit.__version__} (content {manifest['content_hash']})"  # traceable, as the PDFs are
    assert Document(folder / "plan-zottegem.docx").core_properties.comments == made_by
    assert PdfReader(folder / "plan-zottegem.pdf").metadata["/Creator"] == made_by


def test_filled_legplan_shows_chosen_titles_in_their_zones(zottegem):
    folder, code, output = zottegem
    assert code == 0, output
    path = folder / "legplan-zottegem-filled-a1.pdf"
    reader = PdfReader(path)
    for index in range(len(reader.pages)):
        text = reader.pages[index].extract_text()
        if "korte termijn" in text:
            break
    words = "".join(ch for ch, *_ in glyph_boxes(path, index) if ch not in " \n\r-\u00ad")
    assert "Repaircafévoorlaptops" in words  # a blank card's own name, short term
    assert "T02Hersteldetoestellen" in words  # T02, long term


@pytest.mark.parametrize("text, message", [
    ("kaart;groen\nT01;3\n", "answers.csv:1: there is no 'card' column"),
    (HEADER + "X99;;;;;;;;;;;;\n", "answers.csv:2: there is no card 'X99'"),
    (HEADER + "T01;;;veel;;;;;;;;;\n", "answers.csv:2: column 'green': not a whole number"),
    (HEADER + "T01;;;;;soon;;;;;;;\n", "answers.csv:2: column 'choice': must be one of short, long, not_now"),
    (HEADER + "T01;;;;;;" + "x" * 2001 + ";;;;;;\n", "answers.csv:2: column 'motivation': longer than 2000"),
    (HEADER + "T01;;;;;;;;;;;;;extra\n", "answers.csv:2: this row has more cells"),
    (HEADER + "T01;;\"open quote;;;;\n", "the CSV is malformed"),
    ("card,card\nT01,T02\n", "the column 'card' appears twice"),
    (HEADER + ";ja;;;;;;;;;;;\n", "answers.csv:2: the 'card' cell is empty"),
])
def test_malformed_csv_is_refused_with_its_line(tmp_path, text, message):
    code, output = run("results", "--csv", write(tmp_path, text), "--out", tmp_path / "out")
    assert code == 1 and message in output and "Traceback" not in output
    assert not (tmp_path / "out").exists()  # nothing written


def test_csv_that_is_not_utf8_or_not_text(tmp_path):
    code, output = run("results", "--csv", write(tmp_path, HEADER + "T01;ja;café\n", encoding="cp1252"))
    assert code == 1 and "not UTF-8" in output and "CSV UTF-8" in output
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"card\x00\x01\x02")
    code, output = run("results", "--csv", binary)
    assert code == 1 and "not a CSV text file" in output


def test_results_needs_one_source_and_a_known_workshop(tmp_path):
    code, output = run("results")
    assert code == 1 and "either --workshop CODE" in output
    from kit.workshop.store import Store, default_url

    Store(default_url(tmp_path)).close()  # a database without that workshop
    code, output = run("results", "--workshop", "abcdefghjkmn", "--data", tmp_path)
    assert code == 1 and "no workshop with the code 'abcdefghjkmn'" in output


def test_failed_results_leave_earlier_output_intact(tmp_path, zottegem):
    import shutil

    out = tmp_path / "out"
    assert zottegem[1] == 0
    shutil.copytree(zottegem[0], out / "nl")  # the earlier results, copied: the failed run below must leave them be
    before = {p.name: p.read_bytes() for p in (out / "nl").iterdir()}
    code, _ = run("results", "--csv", write(tmp_path, HEADER + "X99;\n", "bad.csv"), "--municipality", "Zottegem", "--out", out)
    assert code == 1
    assert {p.name: p.read_bytes() for p in (out / "nl").iterdir()} == before


def test_unknown_columns_are_named_not_silently_lost(tmp_path, catalog):
    warnings = []
    from_csv(write(tmp_path, "card;motivaton\nT01;typo\n"), catalog, warn=warnings.append)
    assert warnings and "motivaton" in warnings[0]


def test_kit_build_points_the_qr_codes_at_a_workshop(tmp_path):
    code, output = run("build", "--workshop", "abcdefghjkmn", "--only", "cards", "--out", tmp_path)
    assert code == 1 and "needs the address of kit serve" in output
    code, output = run("build", "--workshop", "not-a-code", "--server", "http://10.0.0.5:8000", "--out", tmp_path)
    assert code == 1 and "is not a workshop code" in output
    code, output = run("build", "--workshop", "abcdefghjkmn", "--server", "ftp://x", "--out", tmp_path)
    assert code == 1 and "'server' must be the address" in output
    code, output = run("build", "--form-url", "https://f.example/{workshop}/{card}", "--out", tmp_path)
    assert code == 1 and "give the workshop code with --workshop" in output


def test_workshop_create_and_list(tmp_path):
    code, output = run("workshop", "create", "--municipality", "Eupen", "--lang", "de", "--date", "2026-05-04",
                       "--data", tmp_path, "--server", "http://10.0.0.5:8000")
    assert code == 0, output
    workshop_code = output.split("workshop code:")[1].split()[0]
    assert f"http://10.0.0.5:8000/w/{workshop_code}" in output and "/o/" in output
    assert f"--workshop {workshop_code} --server http://10.0.0.5:8000" in output
    code, listing = run("workshop", "list", "--data", tmp_path)
    assert workshop_code in listing and "Eupen" in listing and "de" in listing
    code, output = run("workshop", "create", "--municipality", "Eupen", "--lang", "xx", "--data", tmp_path)
    assert code == 1 and "language 'xx'" in output
    code, output = run("workshop", "create", "--municipality", "Eupen\u202e", "--data", tmp_path)
    assert code == 1 and "invisible character" in output


def test_bad_database_url_is_one_sentence(tmp_path):
    code, output = run("workshop", "list", "--database", "nosuchdb://x")
    assert code == 1 and "is not one SQLAlchemy knows" in output and "Traceback" not in output
    code, output = run("workshop", "list", "--database", "postgresql+psycopg://kit:pw@127.0.0.1:1/none")
    assert code == 1 and "cannot open the database" in output and "pw@" not in output


def test_csv_municipality_with_odd_characters_is_refused(tmp_path, catalog):
    with pytest.raises(KitError, match="control or invisible character"):
        from_csv(write(tmp_path, "card;municipality\nT01;Gem\u0007eente\n"), catalog)


def test_typed_titles_that_cannot_print_are_tidied_not_fatal(tmp_path):
    rows = (HEADER + "TB1;;;;;short;;;;;;;Repair \U0001f642 café \u2713\n"
            + "TB2;;;;;long;;;;;;;www.gemeente-zottegem.be/digitaal-loket-afspraken-maken-voor-iedereen\n")
    code, output = run("results", "--csv", write(tmp_path, rows), "--municipality", "Zottegem", "--out", tmp_path / "out")
    assert code == 0, output
    words = "".join(ch for ch, *_ in glyph_boxes(tmp_path / "out" / "nl" / "legplan-zottegem-filled-a1.pdf", 1))
    assert "Repair" in words and "\u2026" in words  # the emoji left out, the endless address shortened
    draft = " ".join(p.extract_text() for p in PdfReader(tmp_path / "out" / "nl" / "plan-zottegem.pdf").pages)
    assert "\x00" not in draft and "Repair" in draft


def test_csv_export_is_read_in_its_own_language(tmp_path):
    french = "workshop,municipality,date,lang,card,choice,exists\nabcdefghjkmn,Namur,2026-05-04,fr,T01,court terme,oui\n"
    code, output = run("results", "--csv", write(tmp_path, french), "--out", tmp_path / "out")
    assert code == 0, output
    draft = " ".join(page.extract_text() for page in PdfReader(tmp_path / "out" / "fr" / "plan-namur.pdf").pages)
    french = load_context(DEFAULT_CONTENT, "fr", KitConfig()).catalog
    assert "Namur" in draft and french.text("legplan.short_term") in draft and french.card("T01").title in draft
    assert "1 short term" in output


def test_results_ignore_the_workshop_settings_of_kit_yaml(tmp_path, monkeypatch):
    (tmp_path / "kit.yaml").write_text("workshop: abcdefghjkmn\n")  # no server: fine for results, they print no QR codes
    monkeypatch.chdir(tmp_path)
    code, output = run("results", "--csv", write(tmp_path, HEADER + ROWS), "--municipality", "Zottegem", "--out", tmp_path / "out")
    assert code == 0, output
    report = " ".join(page.extract_text() for page in PdfReader(tmp_path / "out" / "nl" / "results-zottegem.pdf").pages)
    assert "Zottegem" in report and "abcdefghjkmn" not in report  # the CSV has no workshop code; kit.yaml's is not used


def test_reading_commands_do_not_create_databases(tmp_path):
    code, output = run("workshop", "list", "--data", tmp_path / "nowhere")
    assert code == 1 and "there is no database at" in output
    code, output = run("results", "--workshop", "abcdefghjkmn", "--data", tmp_path / "nowhere")
    assert code == 1 and "there is no database at" in output
    assert not (tmp_path / "nowhere").exists()


def test_workshop_delete_erases_its_answers(tmp_path):
    from kit.workshop.store import Store, default_url

    store = Store(default_url(tmp_path))
    mine, _ = store.create_workshop("Eupen", "", "de")
    other, _ = store.create_workshop("Kelmis", "", "de")
    store.save_answer(mine, "T01", {"motivation": "persönlich"})
    store.save_answer(other, "T01", {"motivation": "bleibt"})
    code, output = run("workshop", "delete", mine.code, "--yes", "--data", tmp_path)
    assert code == 0 and "1 saved answers" in output
    assert store.workshop(mine.code) is None and store.count_answers(other) == 1
    code, output = run("workshop", "delete", mine.code, "--yes", "--data", tmp_path)
    assert code == 1 and "no workshop with the code" in output
    store.close()


def test_build_warns_when_phones_could_not_reach_the_codes(tmp_path):
    code, output = run("build", "--only", "cards", "--no-check", "--workshop", "abcdefghjkmn", "--server",
                       "http://127.0.0.1:8000", "--out", tmp_path)
    assert code == 0, output
    assert "QR codes open http://127.0.0.1:8000/w/abcdefghjkmn/c/" in output and "phones cannot reach" in output


def test_workshop_close_from_the_command_line(tmp_path):
    from kit.workshop.store import Store, default_url

    store = Store(default_url(tmp_path))
    made, _ = store.create_workshop("Eupen", "", "de")
    code, output = run("workshop", "close", made.code, "--data", tmp_path)
    assert code == 0 and "closed" in output and store.workshop(made.code).closed
    assert "closed" in run("workshop", "list", "--data", tmp_path)[1]
    code, output = run("workshop", "close", made.code, "--reopen", "--data", tmp_path)
    assert code == 0 and not store.workshop(made.code).closed
    store.close()


def embedded(font) -> bool:
    """A font program travels in the file (for a composite font, in its descendant)."""
    descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    return any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
