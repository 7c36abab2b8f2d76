"""The digitale-inclusiematrix and the workshop worksheets, read back from their PDFs."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from kit.build.context import load_context
from kit.cli.main import cli
from kit.content.catalog import DEFAULT_CONTENT
from kit.content.config import KitConfig
from kit.errors import KitError
from kit.output.files import read_manifest
from tests.conftest import entry
from tests.pdfread import MM, decode_qr

from .conftest import make_parts


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_matrix_is_a3_landscape_with_actors_and_categories(built):
    folder, manifest, p = built
    item = entry(manifest, "matrix")
    reader = PdfReader(folder / item["path"])
    box = reader.pages[0].mediabox
    assert (float(box.width) / MM, float(box.height) / MM) == pytest.approx((420, 297), abs=0.01)
    text = _text(folder / item["path"])
    for actor in ("Welzijn en OCMW", "Bibliotheek en cultuur", "CAW", "Digihelpers en vrijwilligers", "Verenigingen"):
        assert actor in text
    for category in p.catalog.categories:
        assert category.name.replace(" ", "") in text.replace(" ", "").replace("-\n", "").replace("\n", "")


def test_matrix_takes_a_municipalitys_own_actors(tmp_path):
    actors = tmp_path / "actoren.yaml"
    actors.write_text("groups:\n  - name: Onze diensten\n    actors: [Sociaal huis Zottegem, Dienst Vrije Tijd]\nextra_rows: 1\n",
                      encoding="utf-8")
    outputs = make_parts(load_context(DEFAULT_CONTENT, "nl", KitConfig(matrix_actors=str(actors))))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(outputs[0][1])).pages)
    assert "Sociaal huis Zottegem" in text and "Dienst Vrije Tijd" in text and "Welzijn en OCMW" not in text


def test_matrix_actor_file_errors_name_the_line(tmp_path):
    actors = tmp_path / "actoren.yaml"
    actors.write_text("groups:\n  - name: Onze diensten\n    actors: Sociaal huis\n", encoding="utf-8")
    with pytest.raises(KitError, match=r"actoren\.yaml:3: 'actors' of actor group Onze diensten must be a list, not a text"):
        make_parts(load_context(DEFAULT_CONTENT, "nl", KitConfig(matrix_actors=str(actors))))


def test_voting_sheet_lists_the_voted_categories_with_outcome_rules(built):
    folder, manifest, p = built
    text = _text(folder / entry(manifest, "worksheet-votes")["path"])
    for card in p.catalog.cards:
        voted = p.catalog.category(card.category).voting
        assert (card.id in text) == voted, card.id
    for key in ("votes.rule_keep", "votes.rule_drop", "votes.rule_discuss", "votes.questions_title"):
        assert p.catalog.text(key) in text.replace("\n", " ")
    for question in p.catalog.strings["votes"]["questions"]:
        assert question.split()[0] in text


def test_fiches_carry_title_questions_and_a_working_qr(built):
    folder, manifest, p = built
    item = entry(manifest, "worksheet-fiches")
    path = folder / item["path"]
    assert item["pages"] == len(p.catalog.cards)
    reader = PdfReader(path)
    first = reader.pages[0].extract_text()
    assert p.catalog.cards[0].title in first
    for question in p.catalog.strings["fiche"]["questions"]:
        assert question["label"] in first
    codes = decode_qr(path, 0, dpi=150)
    assert [c for c, _ in codes] == [item["cards"][0]["qr"]]
    assert codes[0][1] >= 12


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def test_fiches_for_chosen_cards_only(tmp_path):
    code, output = run("worksheets", "--cards", "C03,T01", "--out", tmp_path)
    assert code == 0, output
    manifest = read_manifest(tmp_path / "nl")
    fiches = [f for f in manifest["files"] if f["kind"] == "worksheet-fiches"]
    assert len(fiches) == 1 and fiches[0]["pages"] == 2
    assert [c["id"] for c in fiches[0]["cards"]] == ["C03", "T01"]
    assert not [f for f in manifest["files"] if f["kind"] == "worksheet-votes"]


def test_unknown_card_id_is_a_clear_error(tmp_path):
    code, output = run("worksheets", "--cards", "T01,Z42", "--out", tmp_path)
    assert code == 1 and "unknown card id 'Z42'" in output and "Traceback" not in output
    assert not (tmp_path / "nl").exists()
