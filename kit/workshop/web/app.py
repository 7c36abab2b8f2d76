"""The results-entry website of `kit serve`: a form per card behind its QR code, and the trekker's overview behind a
secret link (the pages are in kit.workshop.web.pages).

Pages are plain server-rendered HTML that works on any phone browser, in the
workshop's language (the words come from content/<lang>/strings.yaml, `web.*`).
Every form carries a token signed with the server's key and bound to a cookie, so
another site cannot post into a workshop. Every query is scoped to the workshop the
code or secret names. Requests are logged by route, status and duration only: no
addresses, codes, secrets or answers. While the database is away every page says
so with a 503 and a Retry-After, and a form keeps what was typed.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from flask import Flask, Response, g, request
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from kit.content.catalog import DEFAULT_CONTENT
from kit.content.characters import xml_safe
from kit.templatecache import KeptTemplates
from kit.workshop.limits import Limits, max_form_bytes
from kit.workshop.store import Store
from kit.workshop.web import board, edition, pages, workbench
from kit.workshop.web.site import Address, Site

log = logging.getLogger("kit.serve")
MAX_FORM_BYTES = max_form_bytes()
DEFAULT_LIMITS = Limits()
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # the overview's secret never leaves for another site; same-origin posts still carry their true Origin (with
    # no-referrer, browsers send "Origin: null", which is refused)
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}


class _QuietFlask(Flask):
    def log_exception(self, exc_info) -> None:
        """A failure is logged by route and exception type: Flask's own log line would carry codes, secrets and answers."""
        rule = request.url_rule.rule if request.url_rule else "(no route)"
        log.error("%s %s failed: %s", request.method, rule, exc_info[0].__name__ if exc_info and exc_info[0] else "error")


def create_app(store: Store, content_dir: Path | str = DEFAULT_CONTENT, public_url: str = "", web_create: bool = True, *,
               address: Address | None = None, limits: Limits = DEFAULT_LIMITS, proxies: int = 0,
               data_dir: Path | str = "data") -> Flask:
    """The site on this store and content.

    `public_url` is the address people use when a reverse proxy is in front (then only its
    origin and host are accepted); `address` is what the server listens on, for the address
    printed for phones without one. `web_create=False` leaves creating workshops to
    `kit workshop create` (for a shared public server). `proxies` is the number of reverse
    proxies whose X-Forwarded-For is trusted for the client address of the rate limits.
    `data_dir` is the data folder: the files built on demand go into its builds/ folder.
    """
    app = _QuietFlask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_FORM_BYTES
    address = address or Address()
    address.public_url = public_url or address.public_url
    site = Site(store, content_dir, address, limits.checked(), web_create, data_dir)
    if site.guard.public:
        app.config["TRUSTED_HOSTS"] = [site.guard.public.hostname]  # a request for any other host is refused
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.jinja_options = {**app.jinja_options, "bytecode_cache": KeptTemplates()}  # before jinja_env is first made
    # every text a page shows goes through xml_safe (a template's own markup already did, inside)
    app.jinja_env.finalize = lambda value: xml_safe(value) if isinstance(value, str) and not isinstance(value, Markup) else value
    pages.register(app, site)
    edition.register(app, site)
    board.register(app, site)
    workbench.register(app, site)
    _bookkeeping(app, site)
    _errors(app, site)
    app.extensions["kit"] = site
    return app


def _bookkeeping(app: Flask, site: Site) -> None:
    @app.before_request
    def started():
        g.started = time.perf_counter()

    @app.after_request
    def finish(response):
        site.guard.set_cookie(response)
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        response.headers.setdefault("Cache-Control", "no-store")
        rule = request.url_rule.rule if request.url_rule else "(no route)"
        log.info("%s %s %d %.0fms", request.method, rule, response.status_code,
                 (time.perf_counter() - g.get("started", time.perf_counter())) * 1000)
        return response


def _errors(app: Flask, site: Site) -> None:
    @app.errorhandler(SecurityError)
    def untrusted_host(_error):
        """A request for a host this server does not serve: no page of ours (it would name this server's address)."""
        return Response("This address is not served here.\n", status=400, mimetype="text/plain")

    @app.errorhandler(404)
    def not_found(_error):
        return site.refuse(404, "web.not_found")

    @app.errorhandler(405)
    def not_allowed(error):
        allowed = ", ".join(sorted(set(getattr(error, "valid_methods", None) or ("GET", "HEAD"))))
        return site.refuse(405, "web.not_found", headers={"Allow": allowed})

    @app.errorhandler(413)
    def too_large(_error):
        return site.refuse(413, "web.too_large")

    @app.errorhandler(400)
    def bad_request(_error):
        return site.refuse(400, "web.not_found")

    @app.errorhandler(SQLAlchemyError)
    def away(error):
        log.error("%s %s: database away (%s)", request.method, request.url_rule.rule if request.url_rule else "(no route)",
                  type(error).__name__)
        return site.unavailable()

    @app.errorhandler(500)
    def failed(_error):
        return site.refuse(500, "web.server_error")

    @app.errorhandler(HTTPException)
    def other(error):
        return site.refuse(error.code or 400, "web.not_found")
