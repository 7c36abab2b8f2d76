"""The form address behind every QR code: a URL template with {card}, {lang}, {category} and {municipality}.

Values are percent-encoded, so a template works with the prefilled links of
Google Forms (`...viewform?usp=pp_url&entry.123={card}`), LimeSurvey
(`.../index.php/123456?lang={lang}&card={card}`) and KoboToolbox/Enketo
(`.../x/abcd?d[card]={card}`).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from . import placeholders
from .errors import KitError

PLACEHOLDERS = ("card", "lang", "category", "municipality")


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


def expand(template: str, *, card: str, lang: str, category: str, municipality: str) -> str:
    """The exact QR payload for one card: the template with percent-encoded values."""
    values = {"card": card, "lang": lang, "category": category, "municipality": municipality}
    return placeholders.fill(template, values, encode=lambda v: quote(v, safe=""))


def caption(url: str, card_id: str, max_chars: int) -> str:
    """What people who cannot scan type: the address without scheme if short enough, else the card code."""
    short = url.split("://", 1)[-1].rstrip("/")
    return short if len(short) <= max_chars else card_id
