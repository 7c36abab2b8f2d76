"""Cards drawn once and played into both card files (kit.render.record): several processes give the bytes of one,
icons drawn from the cache the bytes of a fresh drawing, and a failure stops the build with its card or file."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
import yaml
from pypdf import PdfReader

from kit.build import cards as card_recipe
from kit.build import checks, workers
from kit.build.builder import build_language
from kit.build.context import load_context
from kit.content.catalog import DEFAULT_CONTENT
from kit.errors import KitError
from kit.layout.geometry import Rect
from kit.layout.presets import load_card_layout
from kit.qr import QrCache
from kit.render import canvas as pdf
from kit.render.card import record_card
from kit.render.icons import draw_icon
from kit.render.internals import end_page
from kit.render.record import recorder
from kit.typeset.card import lay_out
from tests.conftest import entry
from tests.pdfread import decode_qr


def _deck(content, count: int) -> None:
    """Replace the Dutch cards by `count` cards made from the real ones, under new ids."""
    path = content / "nl" / "cards.yaml"
    source = yaml.safe_load(path.read_text(encoding="utf-8"))["cards"]
    cards = []
    for n in range(count):
        card = dict(source[n % len(source)])
        card["id"] = f"{card['id'][0]}{n:04d}"
        cards.append(card)
    path.write_text(yaml.safe_dump({"cards": cards}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_big_deck_drawn_in_several_processes_gives_the_same_files_as_one(content, config, tmp_path, monkeypatch):
    """Forked workers (Linux), spawned ones (Windows, macOS) and one process give the same bytes."""
    count = 2 * card_recipe.PARALLEL_CHUNK + 7
    _deck(content, count)
    pools, start = [], workers._pool
    monkeypatch.setattr(workers, "_pool", lambda *args, **kwargs: pools.append(workers.start_method()) or start(*args, **kwargs))
    monkeypatch.setenv("KIT_START_METHOD", "fork")
    split = build_language(load_context(content, "nl", config), tmp_path / "split", only=["cards"], check=False)
    monkeypatch.setenv("KIT_START_METHOD", "spawn")
    spawned = build_language(load_context(content, "nl", config), tmp_path / "spawned", only=["cards"], check=False)
    forked = pools.index("spawn")  # the cards went to workers each way (two cores or more), spawned ones only spawned
    assert forked > 0 and set(pools[:forked]) == {"fork"} and set(pools[forked:]) == {"spawn"}, pools
    monkeypatch.setenv("KIT_START_METHOD", "none")
    made = len(pools)
    whole = build_language(load_context(content, "nl", config), tmp_path / "whole", only=["cards"], check=False)
    assert len(pools) == made  # one process: no workers
    for name in ("cards-home-a4.pdf", "cards-printshop.pdf", "manifest.json"):
        assert (split.folder / name).read_bytes() == (whole.folder / name).read_bytes(), name
        assert (spawned.folder / name).read_bytes() == (whole.folder / name).read_bytes(), name
    manifest = yaml.safe_load((split.folder / "manifest.json").read_text())
    home = entry(manifest, "cards-home")
    cards = home["cards"]
    assert len(cards) > count  # the deck and the blank cards
    assert len(PdfReader(split.folder / "cards-printshop.pdf").pages) == 2 * len(cards)
    found = {text for text, _ in decode_qr(split.folder / home["path"], home["pages"] - 2, 200)}
    on_last_sheet = len(cards) % home["cards_per_sheet"] or home["cards_per_sheet"]
    assert found == {card["qr"] for card in cards[-on_last_sheet:]}


def test_a_character_the_fonts_were_not_seeded_with_stops_with_the_card_id(config):
    ctx = load_context(DEFAULT_CONTENT, "nl", config)
    layout = load_card_layout(ctx.config.cards)
    card = ctx.catalog.cards[0]
    url = ctx.payload(card)
    art = lay_out(card, ctx.catalog, layout, url, QrCache().modules(url), "Gent")
    canvas = recorder(seed="abc")
    with pytest.raises(KitError, match=card.id):
        record_card(canvas, art, layout, ctx.icon_file(art.category))


def _card_files(content, config, out) -> dict:
    # the bytes are compared, not printed: no preflight (test_print and test_i18n run it on the cards)
    folder = build_language(load_context(content, "nl", config), out, only=["cards"], check=False).folder
    return {name: (folder / name).read_bytes() for name in ("cards-home-a4.pdf", "cards-printshop.pdf")}


def test_icons_drawn_from_the_cache_give_the_same_bytes(content, config, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cold = _card_files(content, config, tmp_path / "cold")
    assert list((tmp_path / "cache" / "beleidstool-kit").glob("icon-*"))
    assert _card_files(content, config, tmp_path / "warm") == cold


def _icon_form(tmp_path, palette) -> bytes:
    """The form of a black square with a white hole, drawn white on orange: the hole takes the orange."""
    svg = tmp_path / "hole.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#000"/>'
                   '<circle cx="5" cy="5" r="2" fill="#fff"/></svg>', encoding="utf-8")
    canvas, buffer = pdf.new_canvas(20, 20, title="t", subject="s", lang="nl", author="a", palette=palette)
    draw_icon(canvas, svg, Rect(1, 1, 8, 8), (1.0, 1.0, 1.0), (0.9, 0.5, 0.1))
    end_page(canvas)
    page = PdfReader(io.BytesIO(pdf.finish(canvas, buffer))).pages[0]
    return b"".join(form.get_object().get_data() for form in page["/Resources"]["/XObject"].values())


def test_cached_icons_follow_the_colour_space_and_the_palette(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = [((0.9, 0.5, 0.1), (0.0, 0.5, 0.9, 0.05))]
    assert b"0 .5 .9 .05 k" in _icon_form(tmp_path, first)
    assert b"0 .5 .9 .05 k" in _icon_form(tmp_path, first)  # from the cache
    assert b"0 .4 .8 0 k" in _icon_form(tmp_path, [((0.9, 0.5, 0.1), (0.0, 0.4, 0.8, 0.0))])
    assert b".9 .5 .1 rg" in _icon_form(tmp_path, None)


def test_a_broken_icon_stops_the_build_naming_the_file(content, config, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (content / "icons" / "network.svg").write_text("<svg this is not", encoding="utf-8")
    with pytest.raises(KitError, match=r"network\.svg"):
        build_language(load_context(content, "nl", config), tmp_path / "out", only=["cards"])


def test_a_big_decks_print_shop_check_reads_the_first_card_of_each_kind_and_the_last():
    from kit.content.model import Card

    cards = [Card(id=f"T{n}", category="a" if n % 3 else "b", title="t", blank=n >= 9) for n in range(12)]
    assert checks._first_of_each_kind(cards) == [0, 1, 9, 10, 11]  # b, a, blank a, blank b, the last


def test_a_soft_hyphen_in_a_card_text_builds(content, config, tmp_path):
    cards = content / "nl" / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    title = yaml.safe_load(text)["cards"][0]["title"]
    word = max(title.split(), key=len)
    cards.write_text(text.replace(word, word[:3] + "\u00ad" + word[3:], 1), encoding="utf-8")
    result = build_language(load_context(content, "nl", config), tmp_path / "out", only=["cards"])
    front = PdfReader(result.folder / "cards-printshop.pdf").pages[0].extract_text()
    assert word[:3] in front and word[3:] in front  # the title prints, broken at the soft hyphen or whole


def test_a_failing_renderer_of_a_big_deck_ends_the_build_with_its_message(content, tmp_path):
    _deck(content, card_recipe.PARALLEL_CHUNK + 20)
    (content / "icons" / "access.svg").write_text("not svg", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kit", "build", "--content", str(content), "--only", "cards",
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "access.svg" in done.stderr and "Traceback" not in done.stderr


def test_warm_workers_whose_imports_fail_still_do_the_work():
    code = ("from kit.build.workers import ReadyPool; w = ReadyPool(('no_such_module_for_the_test',)); "
            "print(w.map(abs, [-1, -2])); w.close()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[1, 2]", done.stderr
