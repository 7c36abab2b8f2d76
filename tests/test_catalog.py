"""The catalog loads, and each kind of bad content gives one clear error naming file and line or card."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.content.catalog import DEFAULT_CONTENT, load_catalog
from kit.errors import KitError

CATEGORY_PREFIX = {"toegang": "T", "competenties": "C", "ondersteuningsnetwerk": "O", "dienstverlening": "D", "regierol": "R"}


def test_default_catalog_is_complete():
    catalog = load_catalog(DEFAULT_CONTENT, "nl", blanks_per_category=3)
    printed = [c for c in catalog.cards if not c.blank]
    assert 22 <= len(printed) <= 30
    assert {c.id for c in catalog.categories} == set(CATEGORY_PREFIX)
    for card in printed:
        assert re.fullmatch(r"[TCODR]\d\d", card.id)
        assert card.id[0] == CATEGORY_PREFIX[card.category]
        assert card.title and card.description and card.question.endswith("?")
        assert 2 <= len(card.examples) <= 4
    for category in catalog.categories:
        assert sum(c.category == category.id and not c.blank for c in catalog.cards) >= 4
        assert sum(c.category == category.id and c.blank for c in catalog.cards) == 3


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path, needle):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_duplicate_id_names_file_and_line(content):
    cards = content / "nl" / "cards.yaml"
    _edit(cards, "id: T02", "id: T01")
    line = _line_of(cards, "id: T01") + 0
    with pytest.raises(KitError) as err:
        load_catalog(content, "nl")
    message = str(err.value)
    assert "T01 is used twice" in message and f"first at line {line}" in message
    assert str(cards) in message


@pytest.mark.parametrize("bad_id", ["T1", "t01", "TT01", "T01a"])
def test_malformed_id(content, bad_id):
    cards = content / "nl" / "cards.yaml"
    _edit(cards, "id: T03", f"id: {bad_id}")
    line = _line_of(cards, f"id: {bad_id}")
    with pytest.raises(KitError, match=rf"cards\.yaml:{line}: the card id '{bad_id}' is malformed"):
        load_catalog(content, "nl")


def test_id_prefix_must_match_category(content):
    _edit(content / "nl" / "cards.yaml", "id: T03", "id: C93")
    with pytest.raises(KitError, match="card C93 is in category 'toegang', so its id must start with T"):
        load_catalog(content, "nl")


def test_unknown_category(content):
    cards = content / "nl" / "cards.yaml"
    _edit(cards, "category: competenties", "category: vaardigheden")
    line = _line_of(cards, "category: vaardigheden")
    with pytest.raises(KitError, match=rf"cards\.yaml:{line}: card C01 has the unknown category 'vaardigheden'"):
        load_catalog(content, "nl")


def test_missing_field(content):
    cards = content / "nl" / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    start = text.index("  - id: D02")
    question = text.index("    question:", start)
    end = text.index("\n", question)
    cards.write_text(text[:question] + text[end + 1 :], encoding="utf-8")
    with pytest.raises(KitError, match=r"cards\.yaml:\d+: card D02 has no 'question'"):
        load_catalog(content, "nl")


def test_unknown_field_is_a_typo(content):
    _edit(content / "nl" / "cards.yaml", "    question:", "    vraag:")
    with pytest.raises(KitError, match="unknown field 'vraag'"):
        load_catalog(content, "nl")


@pytest.mark.parametrize("colour", ["'#12345'", "blue", "'#gg0000'"])
def test_bad_colour(content, colour):
    categories = content / "nl" / "categories.yaml"
    _edit(categories, 'colour: "#7a4f9a"', f"colour: {colour}")
    line = _line_of(categories, f"colour: {colour}")
    with pytest.raises(KitError, match=rf"categories\.yaml:{line}: category 'competenties' has the bad colour"):
        load_catalog(content, "nl")


def test_colour_with_too_little_contrast(content):
    _edit(content / "nl" / "categories.yaml", 'colour: "#2e7d4f"', 'colour: "#9acd32"')
    with pytest.raises(KitError, match=r"contrast of \d\.\d\d:1, below the 4.5:1"):
        load_catalog(content, "nl")


def test_unknown_placeholder(content):
    cards = content / "nl" / "cards.yaml"
    _edit(cards, "question: Waar kan iemand", "question: Waar in {gemeente} kan iemand")
    line = _line_of(cards, "{gemeente}")
    with pytest.raises(KitError, match=rf"cards\.yaml:{line}: 'question' of card T01 uses the unknown placeholder \{{gemeente\}}"):
        load_catalog(content, "nl")


def test_known_placeholder_is_accepted(content):
    _edit(content / "nl" / "cards.yaml", "question: Waar kan iemand", "question: Waar in {municipality} kan iemand")
    assert "{municipality}" in load_catalog(content, "nl").card("T01").question


def test_broken_yaml_names_line(content):
    cards = content / "nl" / "cards.yaml"
    _edit(cards, "    title: Publieke computers en wifi", "    title: [Publieke computers")
    with pytest.raises(KitError, match=r"cards\.yaml:\d+: broken YAML"):
        load_catalog(content, "nl")


def test_missing_icon(content):
    (content / "icons" / "network.svg").unlink()
    with pytest.raises(KitError, match="the icon 'network' of category 'ondersteuningsnetwerk' is missing"):
        load_catalog(content, "nl")


def test_missing_language(content):
    with pytest.raises(KitError, match="no content for language 'xx'"):
        load_catalog(content, "xx")


def test_missing_label(content):
    _edit(content / "nl" / "strings.yaml", "  examples: Bijvoorbeeld\n", "")
    with pytest.raises(KitError, match=r"strings\.yaml:\d+: section 'card' of strings\.yaml has no 'examples'"):
        load_catalog(content, "nl")


def test_a_big_yaml_file_is_parsed_once_per_change(tmp_path, monkeypatch):
    from kit.content import yamlfile

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(yamlfile, "CACHE_FROM", 10)  # as if the file were a catalogue of thousands of cards
    path = tmp_path / "cards.yaml"
    path.write_text("cards:\n  - id: T01\n    title: Een\n", encoding="utf-8")
    first = yamlfile.load_yaml(path)
    assert list((tmp_path / "cache" / "beleidstool-kit").glob("yaml-*"))
    again = yamlfile.load_yaml(path)
    assert again == first and again["cards"][0].where("title") == f"{path}:3"
    path.write_text("cards:\n\n  - id: T01\n    title: Twee\n", encoding="utf-8")
    changed = yamlfile.load_yaml(path)
    assert changed["cards"][0]["title"] == "Twee" and changed["cards"][0].where("title") == f"{path}:4"
    monkeypatch.chdir(tmp_path)
    relative = yamlfile.load_yaml(Path("cards.yaml"))  # the same file, named another way: so are its places
    assert relative["cards"][0].where("title") == "cards.yaml:4"
    path.write_text("cards:\n  - id: [T01\n", encoding="utf-8")
    with pytest.raises(KitError, match=r"cards.yaml:\d+: broken YAML"):
        yamlfile.load_yaml(path)
