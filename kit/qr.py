"""QR codes for the cards, fiches and manual: their modules from zxing-cpp, a cache of them, and their vector path.

A code's modules (its grid of dark and light squares, without the quiet zone) are
what the renderers draw as vector squares; nothing here rasterises. Error
correction level M keeps codes readable with a smudge or a fold; zxing-cpp picks
the mask by the standard's penalty rules. Codes are also cached by payload in a
JSON file beside the output, so rebuilds skip encoding.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from kit.errors import KitError

CACHE_VERSION = 2  # 2: codes from zxing-cpp's writer (its masks may differ from the earlier encoder's)
QUIET_MODULES = 4  # the quiet zone the QR standard asks for, in modules
MIN_MODULE_MM = 0.28  # finer modules no longer scan reliably at 150 dpi or from a phone
_DARK_LIGHT = bytes.maketrans(b"\x00\xff", b"10")  # zxing-cpp's image: 0 is a dark module, 255 a light one
_DARK_RUN = re.compile("1+")

Modules = tuple[str, ...]  # one string of '0'/'1' per row, dark = '1'


def encode(payload: str) -> Modules:
    """The modules (without quiet zone) of a payload's code at error correction level M."""
    import zxingcpp

    try:
        code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    except ValueError:
        raise KitError(f"the QR payload is {len(payload.encode('utf-8'))} bytes, more than a QR code holds; "
                       "shorten the form URL.") from None
    image = code.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[0]
    modules = memoryview(image).tobytes().translate(_DARK_LIGHT).decode("ascii")
    return tuple(modules[row : row + size] for row in range(0, size * size, size))


def encode_many(payloads: list[str]) -> list[Modules]:
    """encode() for a list of payloads (what a worker process gets for its share of a deck)."""
    return [encode(payload) for payload in payloads]


def vector_path(modules: Modules) -> str:
    """PDF path operators for the dark modules, in module units, one rectangle per horizontal run.

    The rows are joined by a light separator and searched once: a code has some 300 runs.
    """
    stride = len(modules) + 1
    numbers = []
    for run in _DARK_RUN.finditer("0".join(modules)):
        start, end = run.span()
        row, column = divmod(start, stride)
        numbers += (column, row, end - start)
    return ("%d %d %d 1 re " * (len(numbers) // 3)) % tuple(numbers) + "f"


def svg(modules: Modules) -> str:
    """The code as an SVG image with its quiet zone, one path of unit squares per horizontal run of dark modules."""
    size = len(modules) + 2 * QUIET_MODULES
    stride = len(modules) + 1
    runs = []
    for run in _DARK_RUN.finditer("0".join(modules)):
        row, column = divmod(run.start(), stride)
        runs.append(f"M{column + QUIET_MODULES} {row + QUIET_MODULES}h{run.end() - run.start()}v1h-{run.end() - run.start()}z")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
            f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{"".join(runs)}"/></svg>')


class QrCache:
    """Payload -> modules, loaded from and saved to one JSON file (or kept in memory only)."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else None
        self.entries: dict[str, list[str]] = {}
        self.dirty = False
        if self.path and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("version") == CACHE_VERSION:
                    self.entries = data.get("codes", {})
            except (OSError, ValueError, AttributeError):
                self.entries = {}  # a damaged cache is only slower, never wrong

    def __contains__(self, payload: str) -> bool:
        return payload in self.entries

    def modules(self, payload: str) -> Modules:
        rows = self.entries.get(payload)
        if rows is None:
            rows = list(encode(payload))
            self.entries[payload] = rows
            self.dirty = True
        return tuple(rows)

    def remember(self, payload: str, modules: Modules) -> None:
        """Add a modules computed elsewhere (in a worker process)."""
        if payload not in self.entries:
            self.entries[payload] = list(modules)
            self.dirty = True

    def save(self) -> None:
        if not (self.path and self.dirty):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": CACHE_VERSION, "codes": self.entries}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".qr-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.replace(tmp, self.path)
        self.dirty = False
