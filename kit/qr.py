"""QR code module matrices for card payloads, with a cache that survives between builds.

The matrix is what the renderers draw as vector squares; nothing here rasterises.
Error correction level M keeps codes readable with a smudge or a fold; the
mask is chosen by the standard's penalty rules (kit.qrencode). Matrices are
also cached by payload in a JSON file beside the output, so rebuilds skip encoding.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from kit.errors import KitError

import re

CACHE_VERSION = 1
QUIET_MODULES = 4  # the quiet zone the QR standard asks for, in modules
MIN_MODULE_MM = 0.28  # finer modules no longer scan reliably at 150 dpi or from a phone

Matrix = tuple[str, ...]  # one string of '0'/'1' per row, dark = '1'


def encode(payload: str) -> Matrix:
    """The module matrix (without quiet zone) for a payload, with the best mask chosen."""
    return encode_many([payload])[0]


def encode_many(payloads: list[str]) -> list[Matrix]:
    """encode() for many payloads, in batches (kit.qrencode.matrices): a deck's codes at once."""
    from kit.qrencode import matrices  # numpy loads only when a code is not in the cache

    data = [payload.encode("utf-8") for payload in payloads]
    try:
        modules = matrices(data)
    except ValueError:
        longest = max(len(d) for d in data)
        raise KitError(f"the QR payload is {longest} bytes, more than a QR code holds; shorten the form URL.") from None
    return [_rows(m) for m in modules]


def _rows(modules) -> Matrix:
    n = modules.shape[0]
    text = (modules.astype("u1") + ord("0")).tobytes().decode("ascii")
    return tuple(text[i : i + n] for i in range(0, n * n, n))


class MatrixCache:
    """Payload -> matrix, loaded from and saved to one JSON file (or kept in memory only)."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else None
        self.entries: dict[str, list[str]] = {}
        self.dirty = False
        if self.path and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("version") == CACHE_VERSION:
                    self.entries = data.get("matrices", {})
            except (OSError, ValueError, AttributeError):
                self.entries = {}  # a damaged cache is only slower, never wrong

    def __contains__(self, payload: str) -> bool:
        return payload in self.entries

    def matrix(self, payload: str) -> Matrix:
        rows = self.entries.get(payload)
        if rows is None:
            rows = list(encode(payload))
            self.entries[payload] = rows
            self.dirty = True
        return tuple(rows)

    def remember(self, payload: str, matrix: Matrix) -> None:
        """Add a matrix computed elsewhere (in a worker process)."""
        if payload not in self.entries:
            self.entries[payload] = list(matrix)
            self.dirty = True

    def save(self) -> None:
        if not (self.path and self.dirty):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": CACHE_VERSION, "matrices": self.entries}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".qr-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.replace(tmp, self.path)
        self.dirty = False


DARK_RUN = re.compile("1+")  # a horizontal run of dark modules in a row


def dark_runs(matrix: Matrix):
    """Horizontal runs of dark modules as (row, first_column, length): fewer, larger squares to draw."""
    for r, row in enumerate(matrix):
        for run in DARK_RUN.finditer(row):
            yield r, run.start(), run.end() - run.start()
