"""Our QR encoder against the `qrcode` package, and batches against single codes."""

from __future__ import annotations

import numpy as np
import pytest
import qrcode

from kit import qrencode
from kit.errors import KitError
from kit.qr import encode, encode_many

PAYLOADS = [b"a", b"https://forms.example.org/f?card=T01&lang=nl", bytes(range(200)), b"z" * 300, "Sint-Genesius-Rode é".encode()]


@pytest.mark.parametrize("data", PAYLOADS)
def test_every_mask_gives_the_matrix_of_the_reference_encoder(data):
    for mask in range(8):
        reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask)
        reference.add_data(data, optimize=0)
        reference.make(fit=True)
        assert np.array_equal(np.array(reference.get_matrix(), dtype=np.uint8), qrencode.matrix(data, mask=mask)), mask


def test_a_batch_of_mixed_versions_gives_the_same_codes_as_one_by_one():
    payloads = [f"https://forms.example.org/f?card=T{n:04d}&m={'x' * (n % 60)}".encode() for n in range(300)]
    batch = qrencode.matrices(payloads)
    assert len({m.shape for m in batch}) > 2  # several versions in one call
    for data, matrix in zip(payloads, batch):
        assert np.array_equal(matrix, qrencode.matrix(data))


def test_the_finder_rule_counts_patterns_by_both_ends_and_against_the_quiet_zone():
    grid = np.zeros((1, 1, 21), dtype=np.uint8)
    grid[0, 0, 0:7] = [1, 0, 1, 1, 1, 0, 1]  # light quiet zone before it, light modules after it: counted twice
    grid[0, 0, 14:21] = [1, 0, 1, 1, 1, 0, 1]  # after seven light modules, before the quiet zone: twice again
    assert qrencode._finder_penalty(grid)[0] == 4


def test_too_long_a_payload_is_a_clear_error():
    with pytest.raises(KitError, match="more than a QR code holds"):
        encode("https://x.example/" + "y" * 3000)
    assert encode_many(["https://x.example/a"]) == [encode("https://x.example/a")]


def test_packed_penalties_equal_the_module_by_module_rules():
    rng = np.random.default_rng(7)
    for n in range(21, 58, 4):  # versions 1 to 10: the packed words hold up to version 9
        grids = (rng.random((120, n, n)) < rng.random((120, 1, 1))).astype(np.uint8)
        grids[:30, 3, 5:16] = [1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0]  # finder-like runs inside, at the edges, in columns
        grids[30:60, :, 0:7] = [1, 0, 1, 1, 1, 0, 1]
        grids[60:90, n - 11 :, 2] = [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1]
        assert np.array_equal(qrencode.penalties(grids), qrencode._module_penalties(grids)), n
