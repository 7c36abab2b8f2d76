"""Shared fixtures: a default kit built once per test session, and editable copies of the content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kit.build.builder import build_language
from kit.build.context import load_context
from kit.content.catalog import DEFAULT_CONTENT
from kit.content.config import KitConfig
from kit.output.files import read_manifest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def postgres_schema():
    """This test process's own schema in the PostgreSQL test database (tests.webkit.POSTGRES_URL), dropped after."""
    from tests import webkit

    webkit.make_schema()
    yield
    webkit.drop_schema()


@pytest.fixture(scope="session")
def config() -> KitConfig:
    return KitConfig(form_url="https://forms.example.org/f?card={card}&lang={lang}&cat={category}&m={municipality}",
                     municipality="Sint-Genesius-Rode")


@pytest.fixture(scope="session")
def built(tmp_path_factory, config):
    """The default Dutch kit, built once: (folder, manifest, plan)."""
    out = tmp_path_factory.mktemp("out")
    p = load_context(DEFAULT_CONTENT, "nl", config)
    result = build_language(p, out)
    return result.folder, read_manifest(result.folder), p


@pytest.fixture
def content(tmp_path) -> Path:
    """A private copy of content/ that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, target)
    return target


def entry(manifest: dict, kind: str) -> dict:
    return next(f for f in manifest["files"] if f["kind"] == kind)


def make_parts(ctx, *parts, **options) -> list:
    """The outputs of some parts (default: the matrix) for a context, made in memory."""
    from kit.build.builder import Request, make
    from kit.qr import QrCache

    return make(ctx, Request(parts=parts or ("matrix",), cache=QrCache(), options=options))


@pytest.fixture(scope="session")
def chromiums(tmp_path_factory):
    """The headless chromiums of this test process, started when first asked for (tests.webkit.Browsers)."""
    from tests.webkit import Browsers

    pool = Browsers(tmp_path_factory.mktemp("chromium"))
    yield pool
    pool.close()


def pytest_runtest_teardown(item, nextitem):
    """The chromiums stop as soon as the next test needs none (tests.webkit.Browsers.stop_all): the browser tests of a
    module run one after the other (also under pytest-xdist: their module is an xdist_group), the others do not wait
    beside an idle browser."""
    if nextitem is None or "chromiums" not in nextitem.fixturenames:
        from tests.webkit import Browsers

        Browsers.stop_all()


@pytest.fixture
def browser(chromiums):
    """A headless chromium as new, 420 px wide (a phone)."""
    return chromiums.get()
