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


def logo(value) -> Logo | None:
    """Check a logo file: PNG, JPEG or SVG, readable, not over 10 MB or 8000 pixels a side."""
    if value in (None, ""):
        return None
    path = Path(value)
    if not path.is_file():
        raise KitError(f"{path}: logo file not found.")
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise KitError(f"{path}: the logo is {size / 1e6:.1f} MB; use a file under {MAX_LOGO_BYTES // (1024 * 1024)} MB.")
    head = path.read_bytes()[:512]
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return _raster_logo(path, "png" if head.startswith(b"\x89PNG") else "jpeg")
    if b"<svg" in head.lower() or (head.lstrip().startswith(b"<?xml") and b"<svg" in path.read_bytes()[:4096].lower()):
        return _svg_logo(path)
    raise KitError(f"{path}: the logo must be a PNG, JPEG or SVG file.")


def _raster_logo(path: Path, kind: str) -> Logo:
    from PIL import Image

    try:
        with Image.open(path) as image:
            width, height = image.size
            if max(width, height) > MAX_LOGO_PIXELS:
                raise KitError(f"{path}: the logo is {width}x{height} pixels; use at most {MAX_LOGO_PIXELS} pixels a side.")
            image.load()
    except KitError:
        raise
    except Exception as exc:  # PIL raises many kinds for broken files
        raise KitError(f"{path}: the logo could not be read ({type(exc).__name__}); the file may be damaged.") from None
    return Logo(path=path, kind=kind, width_px=width, height_px=height)


def _svg_logo(path: Path) -> Logo:
    import logging

    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.CRITICAL)
    try:
        drawing = svg2rlg(str(path))
    except Exception as exc:
        raise KitError(f"{path}: the SVG logo could not be read ({type(exc).__name__}).") from None
    if drawing is None or not drawing.width or not drawing.height:
        raise KitError(f"{path}: the SVG logo could not be read or has no size.")
    return Logo(path=path, kind="svg")


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
