"""QR matrices from zxing-cpp's writer: they decode to their payload, their vector path covers exactly the dark
modules, the cache keeps them, and a payload too long for a code is one clear sentence."""

from __future__ import annotations

import re

import pytest
import zxingcpp
from PIL import Image

from kit.errors import KitError
from kit.qr import QUIET_MODULES, QrCache, encode, vector_path

PAYLOADS = ["a", "https://forms.example.org/f?card=T01&lang=nl", "https://kit.example.be/w/k7m2x9qp4hzt/c/TB12",
            "Sint-Genesius-Rode é", "z" * 300]


def _image(matrix, scale: int = 6) -> Image.Image:
    """The matrix as a picture with its quiet zone, black on white."""
    size = len(matrix) + 2 * QUIET_MODULES
    image = Image.new("L", (size, size), 255)
    for y, row in enumerate(matrix):
        for x, module in enumerate(row):
            if module == "1":
                image.putpixel((x + QUIET_MODULES, y + QUIET_MODULES), 0)
    return image.resize((size * scale, size * scale), Image.NEAREST)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_matrix_decodes_to_its_payload_at_level_m(payload):
    matrix = encode(payload)
    assert len(matrix) == len(matrix[0]) and (len(matrix) - 17) % 4 == 0  # a square QR symbol: 21, 25, 29, ... modules
    found = zxingcpp.read_barcodes(_image(matrix), formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in found] == [payload]
    assert found[0].ec_level == "M"


def test_the_vector_path_fills_exactly_the_dark_modules():
    matrix = encode("https://forms.example.org/f?card=T01&lang=nl")
    filled = set()
    for x, y, w in (map(int, m) for m in re.findall(r"(\d+) (\d+) (\d+) 1 re", vector_path(matrix))):
        filled |= {(x + i, y) for i in range(w)}
    dark = {(x, y) for y, row in enumerate(matrix) for x, module in enumerate(row) if module == "1"}
    assert filled == dark
    assert vector_path(matrix).endswith(" f")


def test_the_cache_keeps_matrices_between_runs(tmp_path):
    path = tmp_path / "qr.json"
    cache = QrCache(path)
    first = cache.modules("https://x.example/a")
    cache.save()
    again = QrCache(path)
    assert "https://x.example/a" in again and again.modules("https://x.example/a") == first
    path.write_text("{not json", encoding="utf-8")
    assert "https://x.example/a" not in QrCache(path)  # a damaged cache is only slower


def test_too_long_a_payload_is_a_clear_error():
    with pytest.raises(KitError, match="more than a QR code holds; shorten the form URL"):
        encode("https://x.example/" + "a" * 3000)
