"""Where the kit reads from (kit.content.sources): the options given, then the working folder, then the defaults
inside the package. A working folder overrides one card, one label or one preset without copying the rest, its
mistakes are reported at its own file and line, and `kit validate` says which file each piece came from."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.build.context import load_context
from kit.cli.main import cli
from kit.content import i18n
from kit.content.catalog import DEFAULT_CONTENT, load_catalog
from kit.content.config import KitConfig, load_config
from kit.content.sources import content_hash, content_layers, layout_layers
from kit.errors import KitError
from kit.layout.presets import DEFAULT_LAYOUTS, load_card_layout, preset_files

NEW_CARD = """\
  - id: T09
    category: toegang
    title: Een kaart van onze gemeente
    description: Wat de gemeente zelf nog wil doen.
    examples: [Een eerste voorbeeld, Een tweede voorbeeld]
    question: Doen we dit al?
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path) -> Path:
    """A working folder that changes one card's title, adds one card, one label and a card preset of its own."""
    tmp_path = tmp_path / "work"
    _write(tmp_path / "kit.yaml", "municipality: Zottegem\ncards: groot\n")
    _write(tmp_path / "content" / "nl" / "cards.yaml", "cards:\n  - id: T02\n    title: Onze eigen titel\n" + NEW_CARD)
    _write(tmp_path / "content" / "nl" / "strings.yaml", "card:\n  question: Vraag van de gemeente\n")
    _write(tmp_path / "layouts" / "cards" / "groot.yaml", "extends: poker\ncorner_radius_mm: 3\n")
    return tmp_path


def test_a_working_folder_overrides_one_card_and_one_label_and_keeps_the_rest(folder):
    config = load_config(folder / "kit.yaml")
    catalog = load_context(None, "nl", config).catalog
    package = load_catalog(DEFAULT_CONTENT, "nl")
    assert catalog.card("T02").title == "Onze eigen titel"
    assert catalog.card("T02").description == package.card("T02").description  # the fields it leaves out
    assert catalog.card("T01") == package.card("T01")
    assert catalog.text("card.question") == "Vraag van de gemeente"
    assert catalog.text("card.examples") == package.text("card.examples")
    ids = [card.id for card in catalog.cards if not card.blank]
    assert ids == [card.id for card in package.cards if not card.blank][:5] + ["T09"] + ids[6:]  # with its category
    assert len(ids) == len([card for card in package.cards if not card.blank]) + 1
    assert catalog.content_hash != package.content_hash


def test_a_working_folder_preset_extends_the_package_one(folder):
    layers = layout_layers(folder)
    own, poker = load_card_layout("groot", layers), load_card_layout("poker", DEFAULT_LAYOUTS)
    assert own.corner_radius_mm == 3 and poker.corner_radius_mm == 0 and own.frames == poker.frames
    assert preset_files("cards", "groot", layers) == [folder / "layouts" / "cards" / "groot.yaml",
                                                       DEFAULT_LAYOUTS / "cards" / "poker.yaml"]
    # a preset of the package's name replaces it; `extends: <its own name>` starts from the package's
    _write(folder / "layouts" / "cards" / "poker.yaml", "extends: poker\nbleed_mm: 2\n")
    load_card_layout.cache_clear()  # presets are read once per process; this one changed
    assert load_card_layout("poker", layout_layers(folder)).bleed_mm == 2
    assert load_card_layout("groot", layout_layers(folder)).bleed_mm == 2  # and what extends it follows
    with pytest.raises(KitError, match="'extends: poker' names the preset itself, and no folder below has one"):
        load_card_layout("poker", folder / "layouts")  # the working folder's presets alone


def test_a_mistake_in_the_working_folder_names_its_file_and_line(folder):
    _write(folder / "content" / "nl" / "cards.yaml", "cards:\n  - id: T02\n    titel: Onze titel\n")
    with pytest.raises(KitError) as failed:
        load_context(None, "nl", load_config(folder / "kit.yaml"))
    assert str(failed.value).startswith(f"{folder / 'content' / 'nl' / 'cards.yaml'}:2: card T02 has an unknown field 'titel'")


def test_the_content_option_is_that_folder_alone(folder, content):
    (content / "nl" / "cards.yaml").write_text("cards:\n  - id: T01\n    title: Alleen\n", encoding="utf-8")
    with pytest.raises(KitError, match="card T01 has no 'category'"):
        load_context(content, "nl", load_config(folder / "kit.yaml"))
    assert content_layers(content, folder).folders == (content,)


def test_the_working_folder_is_the_current_one_or_that_of_config(folder, monkeypatch):
    monkeypatch.chdir(folder)
    assert load_config().folder == "." and load_config().municipality == "Zottegem"
    assert load_config(folder / "kit.yaml").folder == str(folder)
    assert content_layers(None, ".").folders == (Path("content"), DEFAULT_CONTENT)
    assert content_layers(None, KitConfig().folder).folders == (DEFAULT_CONTENT,)  # a library call reads the package's


def test_the_content_hash_names_the_texts_not_the_machine(content, tmp_path):
    assert content_hash(content_layers(content), "nl") == content_hash(content_layers(DEFAULT_CONTENT), "nl")
    card = content / "nl" / "cards.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("Toegang", "Toegankelijkheid", 1), encoding="utf-8")
    assert content_hash(content_layers(content), "nl") != content_hash(content_layers(DEFAULT_CONTENT), "nl")


def test_validate_says_which_file_each_piece_came_from(folder, monkeypatch):
    monkeypatch.chdir(folder)
    done = CliRunner().invoke(cli, ["validate"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    said = dict(line.split(": ", 2)[1:] for line in done.output.splitlines()[1:])
    own = str(Path("content") / "nl" / "cards.yaml")
    assert said["settings"] == "kit.yaml"
    package = [key for key in i18n.flatten(DEFAULT_CONTENT / "nl") if key.startswith("strings.")]
    cards = [card for card in load_catalog(DEFAULT_CONTENT, "nl").cards if not card.blank]
    assert said["cards.yaml"] == f"T02, T09 from {own}; {len(cards) - 1} cards from {DEFAULT_CONTENT / 'nl' / 'cards.yaml'}"
    assert said["strings.yaml"] == (f"card.question from {Path('content') / 'nl' / 'strings.yaml'}; "
                                    f"{len(package) - 1} labels from {DEFAULT_CONTENT / 'nl' / 'strings.yaml'}")
    assert said["categories.yaml"] == f"5 categories from {DEFAULT_CONTENT / 'nl' / 'categories.yaml'}"
    assert said["cards preset 'groot'"] == f"{Path('layouts') / 'cards' / 'groot.yaml'}, extends {DEFAULT_LAYOUTS / 'cards' / 'poker.yaml'}"
    assert said["manual.md"] == str(DEFAULT_CONTENT / "nl" / "manual.md")


def test_the_working_folder_names_the_languages_a_build_makes(folder):
    from kit.cli.common import languages, one_language

    (folder / "kit.yaml").write_text("languages: [fr, nl]\n", encoding="utf-8")
    config = load_config(folder / "kit.yaml")
    assert languages(None, (), False, config) == ["fr", "nl"] and one_language(None, config) == "fr"
    assert languages(None, ("de",), False, config) == ["de"] and one_language("en", config) == "en"  # options first
    assert languages(None, (), False, KitConfig()) == ["nl"] and one_language(None, KitConfig()) == "nl"
    (folder / "kit.yaml").write_text("languages: [fr, Nederlands]\n", encoding="utf-8")
    with pytest.raises(KitError, match=r"kit.yaml:1: 'Nederlands' is not a language code"):
        load_config(folder / "kit.yaml")
