"""Colour parsing and WCAG contrast, as pure functions on sRGB triples in 0..1."""

from __future__ import annotations

import re

WHITE = (1.0, 1.0, 1.0)
INK = (0.10, 0.10, 0.10)  # body text: near-black, never rich black
MIN_CONTRAST = 4.5  # WCAG AA for normal text

_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")


def parse_hex(value) -> tuple[float, float, float] | None:
    """`#1f6f8b` -> (r, g, b) in 0..1, or None when the value is not a six-digit hex colour."""
    if not isinstance(value, str):
        return None
    match = _HEX.match(value.strip())
    if not match:
        return None
    digits = match.group(1)
    return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))


def relative_luminance(rgb) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG contrast ratio between two colours, from 1 to 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def text_colour_on(background) -> tuple[float, float, float]:
    """White or ink, whichever reads better on the background."""
    return WHITE if contrast(WHITE, background) >= contrast(INK, background) else INK


def tint(rgb, amount: float) -> tuple[float, float, float]:
    """Mix a colour with white: amount 0 is white, 1 is the colour itself."""
    return tuple(1 - amount * (1 - c) for c in rgb)
