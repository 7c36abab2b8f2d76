"""`kit init`: a working folder with a commented kit.yaml, the texts of the chosen languages, layouts only when asked
and a read-me in the first language; nothing there is ever overwritten, and `--check` lists the texts whose default
the kit has rewritten since (the same hashes as `kit i18n status`)."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from kit import defaults
from kit.build.context import load_context
from kit.cli.main import cli
from kit.content import i18n
from kit.content.catalog import DEFAULT_CONTENT, available_languages, load_catalog
from kit.content.config import load_config
from kit.errors import KitError
from kit.workfolder import RECORD, init, stale

READ_ME = {"nl": "LEESMIJ.txt", "fr": "LISEZMOI.txt", "de": "LIESMICH.txt", "en": "README.txt"}


def run(*args):
    done = CliRunner().invoke(cli, [str(a) for a in args])
    return done.exit_code, done.output


@pytest.mark.parametrize("lang", sorted(READ_ME))
def test_init_writes_a_folder_in_the_chosen_language(tmp_path, lang):
    folder = tmp_path / "zottegem"
    code, output = run("init", folder, "--lang", lang, "--municipality", "Sint-Martens-Latem")
    assert code == 0, output
    assert sorted(p.name for p in folder.iterdir()) == sorted([READ_ME[lang], "content", "kit.yaml"])  # no layouts/
    config = load_config(folder / "kit.yaml")
    assert config.languages == (lang,) and config.municipality == "Sint-Martens-Latem" and config.cards == "poker"
    assert (folder / "kit.yaml").read_text(encoding="utf-8").count("\n#") > 10  # every setting explained
    read_me = (folder / READ_ME[lang]).read_text(encoding="utf-8")
    assert "kit build" in read_me and "kit init --check" in read_me and f"content/{lang}/" in read_me
    assert "{{" not in read_me
    assert sorted(p.name for p in (folder / "content" / lang).iterdir()) == sorted(
        [RECORD, "cards.yaml", "categories.yaml", "strings.yaml", "matrix.yaml", "manual.md"])
    ctx = load_context(None, lang, config)  # what a build there reads: the folder's copy, equal to the kit's
    assert ctx.catalog.cards == load_catalog(DEFAULT_CONTENT, lang).cards
    assert ctx.content.folders[0] == folder / "content"


def test_the_read_me_and_settings_words_live_in_content():
    for lang in available_languages(DEFAULT_CONTENT):
        names = sorted(p.name for p in (DEFAULT_CONTENT / lang / "init").iterdir())
        assert names == sorted(["kit.yaml", READ_ME[lang]]), lang
        keys = set(yaml.safe_load((DEFAULT_CONTENT / lang / "init" / "kit.yaml").read_text(encoding="utf-8")
                                  .replace("{{languages}}", "[nl]").replace("{{municipality}}", '""')))
        assert keys == {"languages", "municipality", "paper", "cards", "flip", "back_offset", "blanks_per_category",
                        "legplan_size"}, lang


def test_layouts_only_when_asked_and_nothing_is_overwritten(tmp_path):
    folder = tmp_path / "work"
    init(folder, ["nl"])
    mine = folder / "content" / "nl" / "cards.yaml"
    mine.write_text("cards:\n  - id: T01\n    title: Onze titel\n", encoding="utf-8")
    (folder / "kit.yaml").write_text("municipality: Gent\n", encoding="utf-8")
    again = init(folder, ["nl", "fr"], municipality="Brugge", with_layouts=True)
    kept = {item.path for item in again if item.kept}
    assert {mine, folder / "kit.yaml", folder / "LEESMIJ.txt"} <= kept
    assert mine.read_text(encoding="utf-8").endswith("Onze titel\n") and load_config(folder / "kit.yaml").municipality == "Gent"
    assert (folder / "content" / "fr" / "cards.yaml").is_file()
    assert (folder / "layouts" / "cards" / "poker.yaml").read_bytes() == (load_context(DEFAULT_CONTENT, "nl", load_config(
        folder / "kit.yaml")).layouts.folders[1] / "cards" / "poker.yaml").read_bytes()
    with pytest.raises(KitError, match="no content for language 'xx'"):
        init(folder, ["xx"])


def test_check_lists_the_texts_the_kit_rewrote_since(tmp_path, content):
    folder = tmp_path / "work"
    init(folder, ["nl"], content=content)
    assert stale(folder, content) == []
    # a newer kit: two texts rewritten, one gone
    cards = content / "nl" / "cards.yaml"
    data = yaml.safe_load(cards.read_text(encoding="utf-8"))
    data["cards"][0]["title"] = "Een nieuwe titel van de kit"
    data["cards"][1]["question"] = "Een nieuwe vraag van de kit?"
    del data["cards"][2]
    cards.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    first, second, third = (entry["id"] for entry in yaml.safe_load((folder / "content" / "nl" / "cards.yaml").read_text(
        encoding="utf-8"))["cards"][:3])
    # the folder: its own change to the second card's question
    own = folder / "content" / "nl" / "cards.yaml"
    own.write_text(own.read_text(encoding="utf-8").replace(i18n.flatten(folder / "content" / "nl")[f"cards.{second}.question"],
                                                           "Onze eigen vraag?"), encoding="utf-8")
    found = {item.key: item for item in stale(folder, content)}
    assert set(found) == {f"cards.{first}.title", f"cards.{second}.question"} | {
        key for key in i18n.flatten(DEFAULT_CONTENT / "nl") if key.startswith(f"cards.{third}.")}
    assert found[f"cards.{first}.title"].edited is False and found[f"cards.{first}.title"].default == "Een nieuwe titel van de kit"
    assert found[f"cards.{second}.question"].edited is True
    assert found[f"cards.{third}.title"].default is None
    assert found[f"cards.{first}.title"].file == own


def test_check_says_what_is_stale_and_exits_with_1(tmp_path, content, monkeypatch):
    folder = tmp_path / "work"
    monkeypatch.setattr(defaults, "CONTENT", content)  # the kit as installed: a newer version of it below
    assert run("init", folder)[0] == 0
    strings = content / "nl" / "strings.yaml"
    old = i18n.flatten(content / "nl")["strings.legplan.title"]
    strings.write_text(strings.read_text(encoding="utf-8").replace(old, "Het nieuwe legplan", 1), encoding="utf-8")
    code, output = run("init", folder, "--check")
    assert code == 1 and "Traceback" not in output
    assert output.splitlines() == [
        f"{folder / 'content' / 'nl' / 'strings.yaml'}: strings.legplan.title: the kit's text changed since kit init "
        "(yours is the copy: take the new one); it is now:", "    Het nieuwe legplan", f"{folder}: 1 text is stale."]


def test_check_on_a_fresh_folder_finds_nothing_stale(tmp_path):
    folder = tmp_path / "work"
    assert run("init", folder)[0] == 0
    code, output = run("init", folder, "--check")
    assert code == 0 and output.strip().endswith("no text is stale."), output
    record = i18n.hashes(folder / "content" / "nl", RECORD)
    source = i18n.flatten(DEFAULT_CONTENT / "nl")
    assert record == {key: i18n.digest(text) for key, text in source.items()}  # kit i18n status's hashes
