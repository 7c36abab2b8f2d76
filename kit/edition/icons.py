"""A category icon (content/icons/*.svg) as SVG inside a web page: drawn in the colour of the text around it, and
hidden from screen readers, as the category's name always stands next to it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from kit.errors import KitError

SVG = "http://www.w3.org/2000/svg"
PAINT = ("fill", "stroke")


@lru_cache(maxsize=64)
def inline_icon(path: Path) -> Markup:
    """The icon's drawing with every colour made `currentColor`, without its fixed size and comments."""
    try:
        root = ET.fromstring(Path(path).read_bytes())
    except (OSError, ET.ParseError) as exc:
        raise KitError(f"{path}: the icon cannot be read as SVG ({exc}).") from None
    if root.tag != f"{{{SVG}}}svg":
        raise KitError(f"{path}: the icon is not an SVG drawing (its root is <{root.tag}>).")
    for element in root.iter():
        # the layout whitespace (and what the left-out comments leave of it) goes; text that draws stays
        if element.text is not None and not element.text.strip():
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
        for paint in PAINT:
            if element.get(paint) not in (None, "none"):
                element.set(paint, "currentColor")
    for size in ("width", "height"):
        root.attrib.pop(size, None)
    root.set("fill", root.get("fill", "currentColor"))
    root.set("class", "icon")
    root.set("aria-hidden", "true")
    root.set("focusable", "false")
    ET.register_namespace("", SVG)
    return Markup(ET.tostring(root, encoding="unicode", short_empty_elements=True))
