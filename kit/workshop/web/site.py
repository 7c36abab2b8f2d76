"""What every page of `kit serve` shares: the database, the catalogs in each language, the words, the limits,
the address printed for phones, and how a page is rendered and refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from flask import Response, abort, g, render_template, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from kit.content import placeholders
from kit.content.catalog import available_languages, load_language
from kit.content.sources import as_layers
from kit.workshop.fields import CODE_PATTERN, MAX_BLANKS
from kit.workshop.limits import Limits
from kit.workshop.netaddr import is_loopback_host, lan_address
from kit.workshop.store import Store, Workshop
from kit.workshop.web.guard import Guard

RETRY_SECONDS = 5  # how long a page asks people to wait while the database is away


@dataclass
class Address:
    """Where phones reach this server: the public address when a reverse proxy is in front, else what it listens on."""

    public_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8000

    def for_people(self) -> str:
        """The address to print in QR codes: never taken from a request header; a loopback or unspecified host
        becomes this machine's network address."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = self.host
        if is_loopback_host(host) or host in ("0.0.0.0", "::"):
            host = lan_address() or host
        return f"http://{host}:{self.port}"

    def reachable_by_phones(self) -> bool:
        return bool(self.public_url) or not is_loopback_host(self.host)


class Site:
    """The shared parts of the pages; one per app, no state that a second instance would need."""

    def __init__(self, store: Store, content_dir, address: Address, limits: Limits, web_create: bool, data_dir="data"):
        self.store, self.address, self.limits, self.web_create = store, address, limits, web_create
        self.data_dir = Path(data_dir).resolve()  # the builds on demand go into its builds/ folder
        self.content = as_layers(content_dir)  # a folder, or the working folder's over the package's (kit.content.sources)
        self.languages = available_languages(self.content)
        self.guard = Guard(store, address.public_url, limits)
        for lang in self.languages:  # a broken translation stops the server at start, not at a phone
            self.catalog(lang)

    def catalog(self, lang: str):
        return _catalog(self.content, lang)

    def texts(self, lang: str):
        catalog = self.catalog(lang)

        def t(key: str, **values) -> str:
            return placeholders.fill(catalog.text(key), values) if values else catalog.text(key)

        return t

    def page_lang(self) -> str:
        """The language of a page outside a workshop: ?lang=, else the browser's, else Dutch."""
        asked = request.args.get("lang", "")
        if asked in self.languages:
            return asked
        return request.accept_languages.best_match(self.languages) or ("nl" if "nl" in self.languages else self.languages[0])

    def lang(self) -> str:
        """The language of the page being served: its workshop's, else the visitor's."""
        workshop = g.get("workshop")
        return workshop.lang if workshop else self.page_lang()

    def render(self, template: str, lang: str, status: int = 200, headers=None, **context) -> Response:
        body = render_template(template, t=self.texts(lang), lang=lang, **context)
        return Response(body, status=status, mimetype="text/html", headers=headers)

    def refuse(self, status: int, key: str, headers=None, **values) -> Response:
        """A page with one message, in the page's language, with a title and a way back (to the workshop's cards
        when the page belongs to one, else to the start page)."""
        lang, workshop = self.lang(), g.get("workshop")
        t = self.texts(lang)
        title = t("web.not_found_title") if status == 404 else t("web.error_title")
        back = {"back_url": url_for("card_list", code=workshop.code), "back_label": t("web.back")} if workshop and workshop.id else {}
        return self.render("error.html", lang, status, headers=headers, title=title, message=t(key, **values), **back)

    def too_many(self, wait: int) -> Response:
        return self.refuse(429, "web.too_many", headers={"Retry-After": str(wait)}, seconds=wait)

    def unavailable(self) -> Response:
        return self.refuse(503, "web.unavailable", headers={"Retry-After": str(RETRY_SECONDS)})

    # -- finding a workshop -----------------------------------------------------------------------

    def workshop_or_404(self, code: str) -> Workshop:
        workshop = self.store.workshop(code) if CODE_PATTERN.fullmatch(code) else None
        return self._found(workshop)

    def workshop_by_secret_or_404(self, secret: str) -> Workshop:
        workshop = self.store.workshop_by_secret(secret) if 16 <= len(secret) <= 64 else None
        return self._found(workshop)

    def _found(self, workshop: Workshop | None) -> Workshop:
        """The workshop, or a 404 (counted: many unknown codes from one client look like guessing)."""
        if workshop is None or workshop.lang not in self.languages:
            wait = self.guard.over("lookup", self.limits.lookups_per_minute, 60)
            if wait:
                abort(self.too_many(wait))
            abort(404)
        g.workshop = workshop
        return workshop


@lru_cache(maxsize=32)
def _catalog(content_dir, lang: str):
    """One language's catalog, with Dutch where a translation lacks a text, and a form for every blank card a
    build may print; loaded once per process."""
    return load_language(content_dir, lang, blanks_per_category=MAX_BLANKS)


def local_time(iso: str) -> str:
    """A saved time as the workshop sees it (Belgian time)."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    try:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo("Europe/Brussels"))
    except Exception:  # no time zone data: show UTC and say so
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.strftime("%Y-%m-%d %H:%M")


def database_down(error: Exception) -> bool:
    return isinstance(error, SQLAlchemyError)
