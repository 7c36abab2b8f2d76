"""The command line: builds, validates and previews; bad input ends in one sentence and a non-zero exit."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest
from click.testing import CliRunner

from kit.cli.main import cli
from kit.output.files import read_manifest


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output  # click's output holds stdout and stderr


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_build_writes_pdfs_and_manifest(tmp_path):
    code, output = run("build", "--out", tmp_path, "--municipality", "Écaussinnes")
    assert code == 0, output
    manifest = read_manifest(tmp_path / "nl")
    assert {f["kind"] for f in manifest["files"]} == {
        "cards-home", "cards-printshop", "legplan", "legplan-tiled", "matrix", "worksheet-votes", "worksheet-fiches",
        "manual", "manual-booklet", "cut-lines", "html"}
    assert f"{tmp_path / 'nl' / 'html' / 'index.html'}  (html, 6 files)" in output
    assert "QR codes open https://" in output and "form_url" in output
    qr = manifest["files"][0]["cards"][0]["qr"]
    assert "%C3%89caussinnes" in qr


def test_letter_paper_and_short_flip(tmp_path):
    # the paper and the flip change the cards alone (the other parts print on their presets' own paper)
    code, output = run("build", "--only", "cards", "--out", tmp_path, "--paper", "Letter", "--flip", "short")
    assert code == 0, output
    manifest = read_manifest(tmp_path / "nl")
    home = next(f for f in manifest["files"] if f["kind"] == "cards-home")
    assert home["path"] == "cards-home-letter.pdf"
    assert home["page_size_mm"] == [279.4, 215.9]


def test_validate_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, output = run("validate")
    assert code == 0, output
    assert "every text fits" in output
    assert re.search(r"nl: smallest card text: body [0-9.]+ pt \([A-Z]\d+\), question [0-9.]+ pt \([A-Z]\d+\)\.", output), output
    assert list(tmp_path.iterdir()) == []


def test_preview_writes_png_pages(tmp_path):
    code, output = run("preview", "--out", tmp_path, "--dpi", "30")
    assert code == 0, output
    images = sorted((tmp_path / "nl" / "preview").glob("*.png"))
    manifest = read_manifest(tmp_path / "nl")
    assert len(images) == sum(f["pages"] for f in manifest["files"] if f["path"].endswith(".pdf"))
    assert images[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _earlier_output(built, out) -> None:
    """A whole kit in out/nl/ from an earlier build (the session's, copied: building one more takes seconds)."""
    shutil.copytree(built[0], out / "nl")
    assert {entry["kind"] for entry in read_manifest(out / "nl")["files"]} >= {"cards-home", "manual", "html"}


def _break(content, old, new):
    cards = content / "nl" / "cards.yaml"
    cards.write_text(cards.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("id: T02", "id: T01", "the card id T01 is used twice"),
        ("id: T02", "id: X2", "the card id 'X2' is malformed"),
        ("category: competenties", "category: onbekend", "unknown category 'onbekend'"),
        ("title: Publieke computers en wifi", "titel: Publieke computers en wifi", "unknown field 'titel'"),
        ("title: Publieke computers en wifi", "title: [oops", "broken YAML"),
        ("question: Waar kan iemand", "question: Waar kan {wie} iemand", "unknown placeholder {wie}"),
    ],
)
def test_bad_content_is_one_clear_error_and_keeps_earlier_output(tmp_path, content, built, old, new, message):
    out = tmp_path / "out"
    _earlier_output(built, out)
    before = _digest(out / "nl")
    _break(content, old, new)
    code, output = run("build", "--content", content, "--out", out)
    assert code == 1
    assert message in output
    assert output.startswith("Error: ") and "Traceback" not in output
    assert len(output.strip().splitlines()) == 1
    assert _digest(out / "nl") == before


def test_overlong_text_names_language_card_and_field(tmp_path, content, built):
    out = tmp_path / "out"
    _earlier_output(built, out)
    before = _digest(out / "nl")
    long_text = " ".join(["Een veel te lange beschrijving die nergens meer op de kaart past"] * 8)
    cards = content / "nl" / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    start = text.index("  - id: C02")
    desc = text.index("      ", text.index("description:", start))
    end = text.index("\n", desc)
    cards.write_text(text[:desc] + "      " + long_text + text[end:], encoding="utf-8")
    code, output = run("build", "--content", content, "--out", out)
    assert code == 1
    assert "language nl, card C02, field description and examples" in output and "7 pt" in output
    assert _digest(out / "nl") == before
    assert run("validate", "--content", content)[0] == 1


def test_unbreakable_word_is_an_overflow(content):
    _break(content, "title: Publieke computers en wifi", "title: Nummer " + "1234567890" * 6)
    code, output = run("validate", "--content", content)
    assert code == 1 and "card T01, field title" in output


def test_longer_text_shrinks_but_stays_legible(content):
    from kit.build.cards import lay_out_all
    from kit.build.context import load_context
    from kit.content.config import KitConfig
    from kit.qr import QrCache

    _break(content, "title: Publieke computers en wifi",
           "title: Publieke computers, printers, scanners en gratis wifi in elke deelgemeente")
    p = load_context(content, "nl", KitConfig())
    art = lay_out_all(p, QrCache())[0]
    assert 7 <= art.frames["title"].size < 11


@pytest.mark.parametrize(
    "args, message",
    [
        (["--form-url", "https://x.be/{kaart}"], "unknown placeholder {kaart}"),
        (["--form-url", "mailto:someone@x.be"], "must start with http"),
        (["--paper", "A9"], "unknown paper preset 'A9'"),
        (["--card-preset", "giant"], "unknown cards preset 'giant'"),
        (["--lang", "xx"], "no content for language 'xx'"),
        (["--config", "missing.yaml"], "missing.yaml: file not found"),
        (["--municipality", "Gemeente\u200b"], "control or invisible character"),
    ],
)
def test_bad_options_are_one_clear_error(tmp_path, args, message):
    code, output = run("build", "--out", tmp_path, *args)
    assert code == 1
    assert message in output and "Traceback" not in output


def test_broken_config_file(tmp_path):
    config = tmp_path / "kit.yaml"
    config.write_text("paper: A4\nflip: [long\n", encoding="utf-8")
    code, output = run("build", "--out", tmp_path / "out", "--config", config)
    assert code == 1 and "kit.yaml:3: broken YAML" in output


def test_corrupt_icon_is_a_clear_error(tmp_path, content):
    (content / "icons" / "skills.svg").write_text("<svg><path d=", encoding="utf-8")
    code, output = run("build", "--content", content, "--out", tmp_path)
    assert code == 1 and "skills.svg" in output and "Traceback" not in output


def test_help_teaches():
    code, output = run("--help")
    assert code == 0 and "kit build" in output and "kit.yaml" in output
    code, output = run("build", "--help")
    assert "duplex" in output and "--out" in output
