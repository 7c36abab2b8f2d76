"""The form address behind every QR code: a URL template with {card}, {lang}, {category}, {municipality} and {workshop}.

With a workshop code and the address of `kit serve`, the codes open the kit's
own form: `<server>/w/<workshop>/c/<card>`.

Values are percent-encoded, so a template works with the prefilled links of
Google Forms (`...viewform?usp=pp_url&entry.123={card}`), LimeSurvey
(`.../index.php/123456?lang={lang}&card={card}`) and KoboToolbox/Enketo
(`.../x/abcd?d[card]={card}`).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from kit.content import placeholders
from kit.errors import KitError

PLACEHOLDERS = ("card", "lang", "category", "municipality", "workshop")
SERVER_FORM = "/w/{workshop}/c/{card}"  # the card page of `kit serve`


def check_template(template, where: str) -> str:
    """Return the template if it is an http(s) URL with only known placeholders, else raise KitError."""
    if not isinstance(template, str) or not template.strip():
        raise KitError(f"{where}: 'form_url' must be a URL template such as https://example.org/form?card={{card}}.")
    template = template.strip()
    bad = placeholders.unknown(template, PLACEHOLDERS)
    if bad:
        allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        raise KitError(f"{where}: the form URL uses the unknown placeholder {{{bad[0]}}} (allowed: {allowed}).")
    parts = urlsplit(placeholders.fill(template, dict.fromkeys(PLACEHOLDERS, "x")))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KitError(f"{where}: the form URL must start with http:// or https:// and name a host, got '{template}'.")
    if any(ch.isspace() for ch in template):
        raise KitError(f"{where}: the form URL contains a space; write spaces in it as %20.")
    if "card" not in placeholders.names(template):
        raise KitError(f"{where}: the form URL has no {{card}}, so every QR code would open the same answer; add it, e.g. ?card={{card}}.")
    return template


def server_template(server: str, where: str) -> str:
    """The form URL template for a `kit serve` at this address, e.g. http://192.168.1.20:8000."""
    parts = urlsplit(server.strip()) if isinstance(server, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment \
            or any(ch.isspace() for ch in server.strip()):
        raise KitError(f"{where}: 'server' must be the address phones use to reach kit serve, such as "
                       f"http://192.168.1.20:8000, got '{server}'.")
    return server.strip().rstrip("/") + SERVER_FORM


def expand(template: str, *, card: str, lang: str, category: str, municipality: str, workshop: str = "") -> str:
    """The exact QR payload for one card: the template with percent-encoded values."""
    values = {"card": card, "lang": lang, "category": category, "municipality": municipality, "workshop": workshop}
    return placeholders.fill(template, values, encode=lambda v: quote(v, safe=""))


def caption(url: str, card_id: str, max_chars: int) -> str:
    """What people who cannot scan type: the address without scheme if short enough, else the card code."""
    short = url.split("://", 1)[-1].rstrip("/")
    return short if len(short) <= max_chars else card_id
