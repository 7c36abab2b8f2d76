"""One name per thing: each language's glossary is checked like the other content files, and no text of that
language uses a name its glossary says to avoid."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kit.cli.main import cli
from kit.content import i18n
from kit.content.catalog import DEFAULT_CONTENT, available_languages, load_catalog
from kit.content.glossary import FILE, load_glossary, offences
from kit.errors import KitError

LANGS = available_languages(DEFAULT_CONTENT)
PIECES = {"manual", "cards", "blanks", "legplan", "matrix", "votes", "fiches"}
ROLES = {"trekker", "werkgroep", "digistarter", "digihelper"}


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_names_each_piece_role_and_category_once(lang):
    glossary = load_glossary(DEFAULT_CONTENT, lang)
    assert glossary is not None, f"{lang} has no {FILE}"
    by_kind = {}
    for term in glossary.terms:
        by_kind.setdefault(term.kind, {})[term.id] = term
    assert PIECES <= set(by_kind["piece"]) and ROLES <= set(by_kind["role"])
    categories = load_catalog(DEFAULT_CONTENT, lang).categories
    assert {c.id: c.name for c in categories} == {i: t.use for i, t in by_kind["category"].items()}
    assert all(term.avoid for term in glossary.terms), "each term lists the names to avoid"


@pytest.mark.parametrize("lang", LANGS)
def test_no_text_uses_a_name_the_glossary_avoids(lang):
    found = offences(DEFAULT_CONTENT, lang)
    assert found == [], f"{lang}: " + "; ".join(str(o) for o in found)


def test_a_name_to_avoid_is_found_in_the_manual_strings_and_cards(content):
    manual = content / "nl" / "manual.md"
    manual.write_text(manual.read_text(encoding="utf-8").replace("# Voor wie?\n", "# Voor wie?\n\nLeg het Telblad naast het bord.\n", 1),
                      encoding="utf-8")
    cards = content / "nl" / "cards.yaml"
    cards.write_text(cards.read_text(encoding="utf-8").replace("title: Publieke computers en wifi", "title: Digibeten en wifi"),
                     encoding="utf-8")
    strings = content / "nl" / "strings.yaml"
    strings.write_text(strings.read_text(encoding="utf-8").replace("  glue: lijmrand", "  glue: lijmrand van het speelbord"),
                       encoding="utf-8")
    found = {(o.key.split(".")[0], o.found.lower(), o.use) for o in offences(content, "nl")}
    assert {("manual", "telblad", "stemblad"), ("manual", "bord", "legplan"), ("cards", "digibeten", "digistarter"),
            ("strings", "speelbord", "legplan")} <= found
    assert not any(o.found.lower() == "bord" for o in offences(DEFAULT_CONTENT, "nl"))  # "legplan" is not "bord"


def test_a_name_to_avoid_inside_a_canonical_name_is_no_fault(content):
    """English avoids "board" but uses "layout board"; German avoids "Tafel" but uses "Legetafel"."""
    assert offences(content, "en") == [] and offences(content, "de") == []
    manual = content / "en" / "manual.md"
    manual.write_text(manual.read_text(encoding="utf-8") + "\nPut the board on the table.\n", encoding="utf-8")
    assert [o.found for o in offences(content, "en")] == ["board"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("terms:\n  - id: legplan\n    kind: piece\n    use: legplan\n    avoid: [bord]\n    colour: red\n",
         f"{FILE}:2: term legplan has an unknown field 'colour'"),
        ("terms:\n  - id: legplan\n    kind: thing\n    use: legplan\n", f"{FILE}:3"),
        ("terms:\n  - id: legplan\n    kind: piece\n    avoid: [bord]\n", "use"),
        ("terms:\n  - id: legplan\n    kind: piece\n    use: legplan\n    avoid: [Legplan]\n", "its own name and a name to avoid"),
        ("terms:\n  - id: a\n    kind: piece\n    use: legplan\n  - id: a\n    kind: piece\n    use: bord\n", "used twice"),
        ("terms:\n  - id: a\n    kind: piece\n    use: legplan\n    avoid: [bord]\n  - id: b\n    kind: piece\n    use: bord\n",
         "a name to avoid in term 'a'"),
    ],
)
def test_a_malformed_glossary_is_refused_with_its_file_and_line(content, text, message):
    (content / "nl" / FILE).write_text(text, encoding="utf-8")
    with pytest.raises(KitError, match=message.replace("(", r"\(")):
        load_glossary(content, "nl")
    code, output = run("validate", "--content", content)
    assert code == 1 and message in output, output


def test_the_glossary_is_written_per_language_and_left_alone_by_translation_tools(content, tmp_path):
    assert not any("glossary" in key for key in i18n.flatten(content / "fr"))
    before = (content / "fr" / FILE).read_bytes()
    sheet = tmp_path / "fr.xlsx"
    assert run("i18n", "export", "--lang", "fr", "--out", sheet, "--content", content)[0] == 0
    code, output = run("i18n", "import", sheet, "--content", content)
    assert code == 0, output
    assert (content / "fr" / FILE).read_bytes() == before
