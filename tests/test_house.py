"""The rules of the house: layers that never import ReportLab (content, layout, the HTML edition, the workshop), private
library parts in one module only, a recipe per artefact in the registry, a docstring for every module, and functions no
more complex than radon's rank C."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kit"
INTERNALS = PACKAGE / "render" / "internals.py"


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


LAYERS = """
import sys, tempfile
import kit.content.catalog, kit.content.config, kit.content.manual, kit.content.i18n, kit.content.sheet
import kit.layout.presets, kit.layout.geometry, kit.layout.board, kit.layout.imposition
import kit.workshop.fields, kit.workshop.store, kit.workshop.results, kit.workshop.netaddr, kit.workshop.workbench
import kit.workshop.spreadsheet, kit.content.glyphs
import kit.build.context, kit.edition
from kit.content.catalog import DEFAULT_CONTENT
from kit.layout.presets import load_card_layout, load_board_layout, load_manual_layout
for name in ("poker", "square"):
    load_card_layout(name)
load_board_layout(); load_manual_layout()
kit.build.context.load_context(DEFAULT_CONTENT, "fr", kit.content.config.KitConfig())
kit.edition.language_edition(DEFAULT_CONTENT, "fr", "http://192.168.1.20:8000")
from kit.workshop.store import Store
from kit.workshop.web.app import create_app
import re
with tempfile.TemporaryDirectory() as folder:
    store = Store(f"sqlite:///{folder}/kit.sqlite3")
    made, secret = store.create_workshop("Gent", "2026-03-17", "nl")
    client = create_app(store, DEFAULT_CONTENT).test_client()
    page = client.get(f"/w/{made.code}/c/T01")
    token = re.search(r'name="token" value="([0-9a-f]+)"', page.get_data(as_text=True)).group(1)
    saved = client.post(f"/w/{made.code}/c/T01", data={"token": token, "exists": "yes", "green": "3"})
    assert page.status_code == 200 and saved.status_code == 303, (page.status_code, saved.status_code)
    assert client.get(f"/o/{secret}").status_code == 200
    assert client.get(f"/o/{secret}/results.xlsx").status_code == 200
    assert kit.content.glyphs.unprintable("Gent") == []
    assert client.get("/kit/nl/cards.html").status_code == 200
    store.close()
print(sorted(name for name in sys.modules if name.split(".")[0] in ("reportlab", "pypdf", "svglib", "typst")))
"""


def test_content_layout_edition_and_workshop_never_import_reportlab_and_serving_a_form_draws_nothing():
    done = subprocess.run([sys.executable, "-c", LAYERS], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _private_library_names() -> set[str]:
    """The single-underscore attributes of the ReportLab and pypdf objects the kit works with."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase.pdfdoc import PDFDocument
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate

    canvas = Canvas(None)
    names = set()
    for thing in (canvas, canvas._doc, PDFDocument, TTFont, BaseDocTemplate, PdfWriter, PdfReader):
        names |= {n for n in dir(thing) if n.startswith("_") and not n.startswith("__")}
    names |= set(vars(canvas)) & {n for n in vars(canvas) if n.startswith("_")}
    return names


def test_only_the_internals_module_touches_private_parts_of_reportlab_and_pypdf():
    private = _private_library_names()
    offenders = []
    for path in _modules():
        if path == INTERNALS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
               and node.value.id == "self" and isinstance(node.ctx, ast.Store)}  # what our own classes define
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in private and node.attr not in own:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("rl_accel"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {node.module}")
    assert offenders == []


def test_only_kit_render_tagged_drives_typst():
    """Typst makes the tagged PDFs through one module (which also knows its threads do not survive a fork)."""
    users = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(name.split(".")[0] == "typst" for name in names):
                users.append(str(path.relative_to(PACKAGE)))
    assert set(users) == {"render/tagged.py"}


def test_every_module_says_what_it_does():
    missing = [str(path.relative_to(ROOT)) for path in _modules() if not ast.get_docstring(ast.parse(path.read_text()))]
    assert missing == []


def test_no_function_is_more_complex_than_rank_c():
    from radon.complexity import cc_rank, cc_visit

    too_complex = []
    for path in _modules():
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if cc_rank(block.complexity) not in "ABC":
                too_complex.append(f"{path.relative_to(ROOT)}:{block.lineno} {block.name} ({block.complexity})")
    assert too_complex == []


def test_every_artefact_is_one_recipe_in_the_registry():
    from kit.build.registry import KIT_PARTS, RECIPES

    kinds = [kind for recipe in RECIPES for kind in recipe.KINDS]
    assert len(kinds) == len(set(kinds)), "a kind belongs to one recipe"
    assert len({recipe.PART for recipe in RECIPES}) == len(RECIPES)
    for recipe in RECIPES:
        assert callable(recipe.make) and recipe.__doc__, recipe.__name__
        assert Path(recipe.__file__).parent == PACKAGE / "build"
    assert KIT_PARTS == ("cards", "legplan", "matrix", "worksheets", "manual", "html")


@pytest.mark.parametrize("kind", ["worksheets", "calibration", "matrix", "reports", "manual", "boards", "cards", "paper"])
def test_every_artefact_takes_its_measures_from_a_preset(kind):
    folder = ROOT / "layouts" / kind
    assert list(folder.glob("*.yaml")), f"layouts/{kind}/ holds no preset"
