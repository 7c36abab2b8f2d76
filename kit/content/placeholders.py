"""Finds `{name}` placeholders in templates and content texts and fills them in."""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def names(template: str) -> list[str]:
    """The placeholder names in a template, in order of appearance."""
    return _PLACEHOLDER.findall(template)


def unknown(template: str, allowed) -> list[str]:
    return [name for name in names(template) if name not in allowed]


def fill(template: str, values: dict, encode=lambda v: v) -> str:
    """Replace each `{name}` by `encode(values[name])`; other text stays as it is."""
    return _PLACEHOLDER.sub(lambda m: encode(str(values[m.group(1)])), template)
