"""The HTML edition of the kit on `kit serve` (kit.edition): the manual, the cards, the worksheets' questions and the
matrix as the same static pages `kit build` writes, made in memory from the server's content folder.

    /kit/<lang>/               the edition's start page (index.html)
    /kit/<lang>/<file>         its other pages and its stylesheet

A card shows the address its QR code opens when printed for a workshop on this server,
with a stand-in for the workshop's code: the edition belongs to no workshop.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Response, abort, redirect, url_for

from kit.edition import language_edition
from kit.workshop.web.site import Site

MEDIA_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8"}


def register(app, site: Site) -> None:
    """Add the edition's pages to the app."""
    app.add_url_rule("/kit/<lang>", "edition_home", lambda lang: redirect(url_for("edition", lang=lang, name=""), code=308))
    page = lambda lang, name: _file(site, lang, name or "index.html")  # noqa: E731
    app.add_url_rule("/kit/<lang>/", "edition", page, defaults={"name": ""})
    app.add_url_rule("/kit/<lang>/<name>", "edition", page)


def _file(site: Site, lang: str, name: str) -> Response:
    if lang not in site.languages:
        abort(404)
    files = _edition(site.content, lang, site.address.for_people())
    if name not in files:
        abort(404)
    response = Response(files[name], content_type=MEDIA_TYPES[name[name.rindex("."):]])
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@lru_cache(maxsize=16)  # made once per language and address: the content folder does not change while serving
def _edition(content_dir, lang: str, server: str) -> dict[str, bytes]:
    return dict(language_edition(content_dir, lang, server))
