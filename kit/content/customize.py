"""A municipality's own legplan: its name, logo, workshop date and core values, checked before anything is drawn.

Each bad value gives one sentence: a date that is not YYYY-MM-DD, a logo that
is missing, corrupt, of an unknown type or too large, too many or too long
core values. File names made from the municipality can never leave the output folder.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kit.errors import KitError

MAX_LOGO_BYTES = 10 * 1024 * 1024
MAX_LOGO_PIXELS = 8000
MAX_VALUES = 8
MAX_VALUE_CHARS = 40
MAX_NAME_CHARS = 150  # an intermunicipal partnership's name, too: it breaks over two lines, then shrinks
BOARD_SIZES = ("A0", "A1", "A2", "A3")


@dataclass(frozen=True)
class Logo:
    path: Path
    kind: str  # "png", "jpeg" or "svg"
    width_px: int = 0
    height_px: int = 0


@dataclass(frozen=True)
class Customization:
    municipality: str = ""
    logo: Logo | None = None
    date: dt.date | None = None
    values: tuple[str, ...] = ()


def municipality_name(value) -> str:
    name = " ".join(str(value or "").split())
    if len(name) > MAX_NAME_CHARS:
        raise KitError(f"the municipality name is {len(name)} characters long; at most {MAX_NAME_CHARS} fit the board.")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") for ch in name):
        raise KitError(f"the municipality name {name!r} contains a control or invisible character.")
    return name


def unprintable(custom: Customization) -> list[str]:
    """A warning per typed text (the name, a core value) with characters no font of the kit has: the board prints the
    kit's placeholder [?] for them (kit.content.glyphs)."""
    from kit.content.glyphs import unprintable as missing

    found = []
    for where, text in [("municipality", custom.municipality)] + [(f"core value {n}", v) for n, v in enumerate(custom.values, 1)]:
        chars = missing(text)
        if chars:
            shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in chars[:8]) + (" ..." if len(chars) > 8 else "")
            found.append(f"warning: {where}: the kit's fonts have no glyph for {shown}; the PDFs print [?] there.")
    return found


def workshop_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise KitError(f"the date '{text}' must be written as YYYY-MM-DD, for example 2026-03-17.")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise KitError(f"the date '{text}' does not exist.") from None


def core_values(value) -> tuple[str, ...]:
    """Core values from a list, or from one text separated by commas, semicolons or new lines."""
    if value in (None, ""):
        return ()
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,;\n]", str(value))
    values = tuple(" ".join(str(v).split()) for v in items if str(v).strip())
    if len(values) > MAX_VALUES:
        raise KitError(f"{len(values)} core values given; the board has room for {MAX_VALUES}.")
    for v in values:
        if len(v) > MAX_VALUE_CHARS:
            raise KitError(f"the core value '{v[:30]}…' is {len(v)} characters long; at most {MAX_VALUE_CHARS}.")
        if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in v):
            raise KitError(f"the core value {v!r} contains a control character.")
    return values


class LogoRefused(KitError):
    """A logo the kit does not take: `reason` says why (type, size, pixels, damaged, svg_script, svg_external,
    svg_entity, svg_size), `values` the limit it broke, for a message in the workshop's language on the web."""

    def __init__(self, sentence: str, reason: str, **values):
        super().__init__(sentence)
        self.reason, self.values = reason, values


def logo(value) -> Logo | None:
    """Check a logo file: PNG, JPEG or SVG (by its content, not its name), readable, not over 10 MB or 8000 pixels
    a side, an SVG without scripts, entities or references to other files."""
    if value in (None, ""):
        return None
    path = Path(value)
    if not path.is_file():
        raise KitError(f"{path}: logo file not found.")
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:  # before reading it
        raise LogoRefused(_too_big(path, size), "size", limit=MAX_LOGO_BYTES // (1024 * 1024))
    kind, width, height = inspect_logo(path.read_bytes(), str(path))
    if kind == "svg":
        _svg_drawing(path)
    return Logo(path=path, kind=kind, width_px=width, height_px=height)


def _too_big(where: str | Path, size: int) -> str:
    return f"{where}: the logo is {size / 1e6:.1f} MB; use a file under {MAX_LOGO_BYTES // (1024 * 1024)} MB."


def inspect_logo(data: bytes, where: str = "the logo") -> tuple[str, int, int]:
    """(kind, width, height in pixels; 0 for an SVG) of a logo's bytes, checked as `logo` checks a file, without
    drawing it: what `kit serve` does with an upload before it stores it. LogoRefused says what is wrong."""
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRefused(_too_big(where, len(data)), "size", limit=MAX_LOGO_BYTES // (1024 * 1024))
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        width, height = _raster(data, where)
        return ("png" if data.startswith(b"\x89PNG") else "jpeg"), width, height
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in data[:65536].lower():
        _svg(data, where)
        return "svg", 0, 0
    raise LogoRefused(f"{where}: the logo must be a PNG, JPEG or SVG file.", "type")


def _raster(data: bytes, where: str) -> tuple[int, int]:
    """The size of a PNG or JPEG, after its header says it is within the limit (so a decompression bomb is never
    unpacked) and the whole image has been decoded."""
    import io
    import warnings

    from PIL import Image

    damaged = LogoRefused(f"{where}: the logo could not be read; the file may be damaged.", "damaged")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if max(width, height) > MAX_LOGO_PIXELS:
                    raise LogoRefused(f"{where}: the logo is {width}x{height} pixels; use at most {MAX_LOGO_PIXELS} pixels a side.",
                                      "pixels", limit=MAX_LOGO_PIXELS)
                image.verify()  # every chunk's checksum, before a byte is unpacked
            with Image.open(io.BytesIO(data)) as image:
                image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise LogoRefused(f"{where}: the logo has too many pixels; use at most {MAX_LOGO_PIXELS} pixels a side.", "pixels",
                              limit=MAX_LOGO_PIXELS) from None
        except LogoRefused:
            raise
        except Exception:  # PIL raises many kinds for broken files
            raise damaged from None
    return width, height


SVG_NS = "{http://www.w3.org/2000/svg}"
_ACTIVE = ("script", "foreignobject", "handler", "listener", "iframe", "embed", "object")
_OWN_REFERENCE = re.compile(r"\s*(#|data:image/(png|jpeg|jpg|gif);base64,)", re.IGNORECASE)
_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)


def _svg(data: bytes, where: str) -> None:
    """An SVG logo that only draws: parsed with defusedxml (no DTD, no entities, nothing fetched), with no script,
    event handler or embedded document, and no reference outside itself; it must say its size."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import fromstring

    if b"<?xml-stylesheet" in data:
        raise LogoRefused(f"{where}: the SVG logo refers to a style sheet outside itself.", "svg_external")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DTDForbidden, EntitiesForbidden):
        raise LogoRefused(f"{where}: the SVG logo declares a DTD or entities, which the kit does not read.", "svg_entity") from None
    except ExternalReferenceForbidden:
        raise LogoRefused(f"{where}: the SVG logo refers to files outside itself.", "svg_external") from None
    except (ParseError, ValueError):
        raise LogoRefused(f"{where}: the SVG logo could not be read; the file may be damaged.", "damaged") from None
    if root.tag not in (f"{SVG_NS}svg", "svg"):
        raise LogoRefused(f"{where}: the logo must be a PNG, JPEG or SVG file.", "type")
    for element in root.iter():
        _svg_element(element, where)
    if not ((_length(root.get("width")) and _length(root.get("height"))) or len((root.get("viewBox") or "").split()) == 4):
        raise LogoRefused(f"{where}: the SVG logo has no size; give its svg element a width and height or a viewBox.", "svg_size")


def _svg_element(element, where: str) -> None:
    name = str(element.tag).rsplit("}", 1)[-1].lower()
    if name in _ACTIVE:
        raise LogoRefused(f"{where}: the SVG logo contains a script or an embedded document ({name}).", "svg_script")
    if name == "style" and _URL.search(element.text or ""):
        raise LogoRefused(f"{where}: the SVG logo refers to files outside itself.", "svg_external")
    for attribute, value in element.attrib.items():
        local = attribute.rsplit("}", 1)[-1].lower()
        if local.startswith("on") or "javascript:" in value.lower():
            raise LogoRefused(f"{where}: the SVG logo contains a script ({local}).", "svg_script")
        if (local == "href" and not _OWN_REFERENCE.match(value)) or _URL.search(value):
            raise LogoRefused(f"{where}: the SVG logo refers to files outside itself.", "svg_external")


def _length(value) -> float:
    """A width or height attribute as a number (px, mm, ...); 0 when there is none or it is a percentage."""
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(px|pt|mm|cm|in|pc)?\s*", value or "")
    return float(match.group(1)) if match else 0.0


def _svg_drawing(path: Path) -> None:
    """An SVG logo that passed the checks can also be drawn (svglib, which the legplan draws it with)."""
    import logging

    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.CRITICAL)
    try:
        drawing = svg2rlg(str(path))
    except Exception as exc:
        raise KitError(f"{path}: the SVG logo could not be read ({type(exc).__name__}).") from None
    if drawing is None or not drawing.width or not drawing.height:
        raise KitError(f"{path}: the SVG logo could not be read or has no size.")


def safe_slug(name: str, fallback: str = "") -> str:
    """A file-name part from a municipality name: ASCII letters, digits and hyphens only."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60].strip("-")
    return slug or fallback


def board_size(value) -> str:
    size = str(value or "A1").upper()
    if size not in BOARD_SIZES:
        raise KitError(f"the legplan size '{value}' is not one of {', '.join(BOARD_SIZES)}.")
    return size


def format_date(date: dt.date, months: list[str]) -> str:
    return f"{date.day} {months[date.month - 1]} {date.year}"
