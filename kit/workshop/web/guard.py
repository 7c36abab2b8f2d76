"""What keeps the site safe on a public network: form tokens bound to a cookie, the accepted origin and host,
and the rate limits per client address (counted in the database, so that every instance counts together).

A client's address is never stored or logged: rate-limit counters hold a keyed hash of it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from flask import g, request

COOKIE = "kit_form"


class Guard:
    """The checks of one site: its keys (from the store), its public origin, its limits."""

    def __init__(self, store, public_url: str, limits):
        self.store, self.limits = store, limits
        self.public = urlsplit(public_url.rstrip("/")) if public_url else None
        self.https = bool(self.public and self.public.scheme == "https")
        # over HTTPS the __Host- prefix keeps a sibling subdomain from planting its own form cookie
        self.cookie = f"__Host-{COOKIE}" if self.https else COOKIE

    # -- tokens against forged posts ----------------------------------------------------------------

    def _sign(self, key: bytes, nonce: str, action: str) -> str:
        return hmac.new(key, f"{nonce}|{action}".encode(), hashlib.sha256).hexdigest()

    def token(self, action: str) -> str:
        """The token a form for `action` carries: signed with the current key, bound to this browser's cookie."""
        nonce = request.cookies.get(self.cookie) or g.setdefault("new_nonce", secrets.token_urlsafe(24))
        return self._sign(self.store.signing_key(), nonce, action)

    def token_valid(self, action: str) -> bool:
        """Whether a post carries the token of `action` for this browser (by the current or the previous key), from
        an accepted origin."""
        nonce = request.cookies.get(self.cookie, "")
        if not nonce or not self.origin_accepted():
            return False
        given = request.form.get("token", "")
        return any(hmac.compare_digest(given, self._sign(key, nonce, action)) for key in self.store.signing_keys())

    def origin_accepted(self) -> bool:
        """A post comes from our own pages: with a public address, only its origin; without one, this host.
        A missing Origin (older browsers) is left to the token; `null` and another scheme are refused."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        parts = urlsplit(origin)
        if self.public:
            return parts.scheme == self.public.scheme and parts.netloc == self.public.netloc
        return parts.scheme in ("http", "https") and parts.netloc == request.host

    def set_cookie(self, response) -> None:
        if "new_nonce" in g:
            response.set_cookie(self.cookie, g.new_nonce, max_age=60 * 60 * 24 * 30, httponly=True, samesite="Lax",
                                secure=request.is_secure or self.https)

    # -- rate limits --------------------------------------------------------------------------------

    def client(self) -> str:
        """A keyed hash of the client's address: counters need to tell clients apart, never to know them."""
        address = request.remote_addr or "?"
        return hmac.new(self.store.signing_keys()[-1], address.encode(), hashlib.sha256).hexdigest()[:32]

    def over(self, action: str, limit: int, window: int, scope: str = "") -> int:
        """Count one `action` of this client (in `scope`, such as a workshop); the seconds to wait when over `limit`
        per `window` seconds, else 0. A limit of 0 is no limit."""
        if not limit:
            return 0
        return self.store.hit(f"{action}:{scope}:{self.client()}"[:96], limit, window)
