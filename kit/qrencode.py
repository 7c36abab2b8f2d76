"""A fast QR code encoder (byte mode, any error correction level) with full automatic mask selection.

Why our own: the general-purpose encoders build the whole symbol eight times
in pure Python to choose a mask, about 10 ms a code here, which dominated a
6000-card build. This one builds each version's function patterns and module
order once, places the codewords with numpy, and scores all eight masks with
the four penalty rules of ISO/IEC 18004 in vectorised form. The tables (block
structure, alignment positions, BCH codes) come from the `qrcode` package.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from qrcode import util
from qrcode.base import rs_blocks
from qrcode.constants import ERROR_CORRECT_M

# GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1
_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _i in range(255):
    _EXP[_i] = _value
    _LOG[_value] = _i
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


@lru_cache(maxsize=None)
def _generator_logs(degree: int) -> tuple[int, ...]:
    """Logs of the coefficients of prod(x - a^i), i < degree, highest power first (leading 1 dropped)."""
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, c in enumerate(poly):
            nxt[j] ^= c
            if c:
                nxt[j + 1] ^= _EXP[_LOG[c] + i]
        poly = nxt
    return tuple(_LOG[c] for c in poly[1:])


@lru_cache(maxsize=None)
def _blocks(version: int, level: int):
    return tuple((b.total_count, b.data_count) for b in rs_blocks(version, level))


def _capacity_bits(version: int, level: int) -> int:
    return 8 * sum(data for _, data in _blocks(version, level))


def choose_version(length: int, level: int = ERROR_CORRECT_M) -> int:
    """The smallest version that holds `length` bytes in byte mode."""
    for version in range(1, 41):
        count_bits = 8 if version < 10 else 16
        if 4 + count_bits + 8 * length <= _capacity_bits(version, level):
            return version
    raise ValueError(f"{length} bytes do not fit in a QR code")


@lru_cache(maxsize=40)
def _template(version: int):
    """Function patterns (values), the reserved-module mask and the placement order of data modules."""
    n = 4 * version + 17
    value = np.zeros((n, n), dtype=np.uint8)
    reserved = np.zeros((n, n), dtype=bool)

    def finder(r, c):
        for dr in range(-1, 8):
            for dc in range(-1, 8):
                rr, cc = r + dr, c + dc
                if 0 <= rr < n and 0 <= cc < n:
                    ring = max(abs(dr - 3), abs(dc - 3))
                    value[rr, cc] = 1 if ring in (0, 1, 3) else 0
                    reserved[rr, cc] = True

    finder(0, 0)
    finder(0, n - 7)
    finder(n - 7, 0)
    positions = util.pattern_position(version)
    for r in positions:
        for c in positions:
            if reserved[r, c]:  # only the finder patterns are placed yet
                continue
            for dr in range(-2, 3):
                for dc in range(-2, 3):
                    value[r + dr, c + dc] = 1 if max(abs(dr), abs(dc)) != 1 else 0
                    reserved[r + dr, c + dc] = True
    # timing patterns after the alignment patterns, which they cross with the same colours
    for i in range(8, n - 8):
        value[6, i] = value[i, 6] = 1 if i % 2 == 0 else 0
        reserved[6, i] = reserved[i, 6] = True
    for r, c in _format_positions(n)[0] + _format_positions(n)[1]:
        reserved[r, c] = True
    value[n - 8, 8] = 1  # the dark module
    reserved[n - 8, 8] = True
    if version >= 7:
        bits = util.BCH_type_number(version)
        for i in range(18):
            bit = (bits >> i) & 1
            value[i // 3, i % 3 + n - 11] = value[i % 3 + n - 11, i // 3] = bit
            reserved[i // 3, i % 3 + n - 11] = reserved[i % 3 + n - 11, i // 3] = True
    order = []
    col, upward = n - 1, True
    while col > 0:
        if col == 6:
            col -= 1
        rows = range(n - 1, -1, -1) if upward else range(n)
        for r in rows:
            for c in (col, col - 1):
                if not reserved[r, c]:
                    order.append((r, c))
        upward = not upward
        col -= 2
    rows_idx = np.array([r for r, _ in order], dtype=np.intp)
    cols_idx = np.array([c for _, c in order], dtype=np.intp)
    return value, reserved, rows_idx, cols_idx


@lru_cache(maxsize=None)
def _format_positions(n: int):
    """Where the 15 format bits go: bit i at first[i] (by the top-left finder) and second[i]."""
    first = [(i if i < 6 else i + 1, 8) if i < 8 else (n - 15 + i, 8) for i in range(15)]
    second = [(8, n - 1 - i) if i < 8 else (8, 15 - i - 1 + (1 if i < 9 else 0)) for i in range(15)]
    return first, second


@lru_cache(maxsize=40)
def _masks(version: int):
    """The eight mask patterns, restricted to data modules."""
    n = 4 * version + 17
    _, reserved, _, _ = _template(version)
    i, j = np.indices((n, n))
    patterns = [
        (i + j) % 2 == 0,
        i % 2 == 0,
        j % 3 == 0,
        (i + j) % 3 == 0,
        (i // 2 + j // 3) % 2 == 0,
        (i * j) % 2 + (i * j) % 3 == 0,
        ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        ((i * j) % 3 + (i + j) % 2) % 2 == 0,
    ]
    return [(p & ~reserved).astype(np.uint8) for p in patterns]


def _run_penalty(grids: np.ndarray) -> np.ndarray:
    """N1 along the last axis: a run of L >= 5 equal modules scores L - 2, that is (L - 4) + 2."""
    same = grids[..., 1:] == grids[..., :-1]
    five = same[..., :-3] & same[..., 1:-2] & same[..., 2:-1] & same[..., 3:]
    starts = five.copy()
    starts[..., 1:] &= ~same[..., :-4]
    return five.sum(axis=(-2, -1)) + 2 * starts.sum(axis=(-2, -1))


def _finder_penalty(grids: np.ndarray) -> np.ndarray:
    """N3 along the last axis: dark-light-dark-dark-dark-light-dark with four light modules after or
    before it, counting four light modules of quiet zone on both ends; boolean slices, no packing."""
    d = np.pad(grids.astype(bool), [(0, 0)] * (grids.ndim - 1) + [(4, 4)])
    m = d.shape[-1]

    def at(offset: int, width: int) -> np.ndarray:  # module j + offset for every start j of a window `width` long
        return d[..., offset : m - width + 1 + offset]

    core = at(0, 7) & ~at(1, 7) & at(2, 7) & at(3, 7) & at(4, 7) & ~at(5, 7) & at(6, 7)
    light = ~(at(0, 4) | at(1, 4) | at(2, 4) | at(3, 4))
    after = core[..., : m - 10] & light[..., 7:]
    before = core[..., 4:] & light[..., : m - 10]
    return after.sum(axis=(-2, -1)) + before.sum(axis=(-2, -1))


def penalties(stack: np.ndarray) -> np.ndarray:
    """The mask penalty of ISO/IEC 18004 (rules N1 to N4) for each matrix of a (k, n, n) stack."""
    if stack.shape[-1] + 8 <= 64:  # up to version 9: a row and its quiet zone fit in one 64-bit word
        return _packed_penalties(stack)
    return _module_penalties(stack)


def _module_penalties(stack: np.ndarray) -> np.ndarray:
    """penalties() on one array element per module: any version."""
    n = stack.shape[-1]
    transposed = np.swapaxes(stack, -1, -2)
    score = _run_penalty(stack) + _run_penalty(transposed)
    corner = stack[..., :-1, :-1]
    block = (corner == stack[..., 1:, :-1]) & (corner == stack[..., :-1, 1:]) & (corner == stack[..., 1:, 1:])
    score = score + 3 * block.sum(axis=(-2, -1))
    score = score + 40 * (_finder_penalty(stack) + _finder_penalty(transposed))
    dark = stack.sum(axis=(-2, -1)).astype(np.int64)
    return score + 10 * (np.abs(dark * 20 - n * n * 10) // (n * n))


def _packed_penalties(stack: np.ndarray) -> np.ndarray:
    """penalties() with every row and column packed into a 64-bit word, bit j for module j: the rules
    become shifts, masks and bit counts, five times faster than one array element per module."""
    n = stack.shape[-1]
    rows = _packed(stack)
    n1_rows, n3_rows = _line_penalties(rows, n)
    n1_cols, n3_cols = _line_penalties(_packed(np.swapaxes(stack, -1, -2)), n)
    upper, lower = rows[..., :-1], rows[..., 1:]
    vertical = ~(upper ^ lower)  # bit j: module j the same in both rows
    blocks = ~(upper ^ (upper >> _ONE)) & vertical & (vertical >> _ONE) & _low_bits(n - 1)
    dark = _count(rows)
    return n1_rows + n1_cols + 3 * _count(blocks) + 40 * (n3_rows + n3_cols) + 10 * (np.abs(dark * 20 - n * n * 10) // (n * n))


_ONE = np.uint64(1)


def _packed(grids: np.ndarray) -> np.ndarray:
    """(..., n, n) modules -> (..., n) words, bit j of word i = module (i, j); n <= 64."""
    packed = np.packbits(grids.astype(np.uint8), axis=-1, bitorder="little")
    padding = 8 - packed.shape[-1]
    if padding:
        packed = np.concatenate([packed, np.zeros(packed.shape[:-1] + (padding,), dtype=np.uint8)], axis=-1)
    return np.ascontiguousarray(packed).view("<u8")[..., 0]


def _low_bits(count: int) -> np.uint64:
    return np.uint64((1 << count) - 1)


def _count(words: np.ndarray) -> np.ndarray:
    """Set bits per matrix: the sum over its last axis."""
    return np.bitwise_count(words).sum(axis=-1).astype(np.int64)


def _line_penalties(words: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """N1 and N3 of packed lines (rows or columns), as _run_penalty and _finder_penalty count them."""
    same = ~(words ^ (words >> _ONE)) & _low_bits(n - 1)  # bit j: modules j and j + 1 alike
    five = same & (same >> _ONE) & (same >> np.uint64(2)) & (same >> np.uint64(3))  # modules j..j+4 alike
    starts = five & ~(same << _ONE)
    n1 = _count(five) + 2 * _count(starts)
    padded = words << np.uint64(4)  # four light modules of quiet zone at each end
    width = n + 8

    def at(k: int) -> np.ndarray:
        return padded >> np.uint64(k)

    core = padded & ~at(1) & at(2) & at(3) & at(4) & ~at(5) & at(6)  # dark-light-dark-dark-dark-light-dark from j
    light = ~(padded | at(1) | at(2) | at(3)) & _low_bits(width - 3)  # modules j..j+3 light
    after = core & (light >> np.uint64(7)) & _low_bits(width - 10)
    before = core & (light << np.uint64(4)) & ~_low_bits(4) & _low_bits(width - 6)
    return n1, _count(after) + _count(before)


@lru_cache(maxsize=None)
def _format_bits(level: int) -> np.ndarray:
    """(8, 15) array: the format bits of each mask."""
    return np.array([[(util.BCH_type_info((level << 3) | k) >> i) & 1 for i in range(15)] for k in range(8)], dtype=np.uint8)


ALL_MASKS = tuple(range(8))


def matrix(data: bytes, level: int = ERROR_CORRECT_M, mask: int | None = None) -> np.ndarray:
    """The module matrix (1 = dark, no quiet zone) with the lowest-penalty mask, or the given one."""
    return _batch(choose_version(len(data), level), level, [data], ALL_MASKS if mask is None else (mask,))[0]


@lru_cache(maxsize=40)
def _mask_stack(version: int) -> np.ndarray:
    return np.stack(_masks(version))


BATCH = 256  # codes scored together: numpy's cost per call is then shared (and a batch stays some 20 MB)


def matrices(payloads: list[bytes], level: int = ERROR_CORRECT_M) -> list[np.ndarray]:
    """matrix() for many payloads at once, the same matrices: a deck's codes are encoded and their
    eight masks scored in batches of one version, some ten times faster than one by one."""
    out: list = [None] * len(payloads)
    by_version: dict = {}
    for index, data in enumerate(payloads):
        by_version.setdefault(choose_version(len(data), level), []).append(index)
    for version, indices in by_version.items():
        for start in range(0, len(indices), BATCH):
            batch = indices[start : start + BATCH]
            for index, chosen in zip(batch, _batch(version, level, [payloads[i] for i in batch])):
                out[index] = chosen
    return out


def _batch(version: int, level: int, payloads: list[bytes], masks: tuple = ALL_MASKS) -> np.ndarray:
    """The matrices of payloads of one version, each with the lowest-penalty mask of `masks`."""
    value, _, rows, cols = _template(version)
    n, k = value.shape[0], len(payloads)
    words = _codewords_batch(payloads, version, level)
    bits = np.unpackbits(words, axis=1)
    base = np.broadcast_to(value, (k, n, n)).copy()
    used = min(bits.shape[1], len(rows))
    placed = np.zeros((k, len(rows)), dtype=np.uint8)
    placed[:, :used] = bits[:, :used]  # remainder bits stay light
    base[:, rows, cols] = placed
    chosen = list(masks)
    stack = base[:, None] ^ _mask_stack(version)[chosen][None]  # (k, masks, n, n)
    fmt = _format_bits(level)[chosen]
    for positions in _format_positions(n):
        stack[:, :, [p[0] for p in positions], [p[1] for p in positions]] = fmt[None]
    if len(chosen) == 1:
        return stack[:, 0]
    scores = penalties(stack.reshape(k * len(chosen), n, n)).reshape(k, len(chosen))
    return stack[np.arange(k), np.argmin(scores, axis=1)]


_EXP_NP = np.array(_EXP, dtype=np.uint8)
_LOG_NP = np.array(_LOG, dtype=np.intp)


def _codewords_batch(payloads: list[bytes], version: int, level: int) -> np.ndarray:
    """Data and error-correction codewords, interleaved as placed in the symbol, for payloads of one
    version, as a (k, codewords) array: the Reed-Solomon division runs once for all of them."""
    capacity = _capacity_bits(version, level) // 8
    streams = np.array([_data_stream(data, version, capacity) for data in payloads], dtype=np.uint8)
    data_blocks, ec_blocks, offset = [], [], 0
    for total, count in _blocks(version, level):
        block = streams[:, offset : offset + count]
        offset += count
        data_blocks.append(block)
        ec_blocks.append(_ec_batch(block, total - count))
    columns = []
    for group in (data_blocks, ec_blocks):
        for i in range(max(b.shape[1] for b in group)):
            columns += [b[:, i] for b in group if i < b.shape[1]]
    return np.stack(columns, axis=1)


def _data_stream(data: bytes, version: int, capacity: int) -> list[int]:
    """Mode, count, data, terminator and padding: the data codewords before error correction."""
    count_bits = 8 if version < 10 else 16
    value = (((0b0100 << count_bits) | len(data)) << (8 * len(data))) | int.from_bytes(data, "big")
    length = 4 + count_bits + 8 * len(data)
    terminator = min(4, 8 * capacity - length)
    value <<= terminator
    length += terminator
    value <<= -length % 8
    length += -length % 8
    stream = list(value.to_bytes(length // 8, "big"))
    pad = (0xEC, 0x11)
    return stream + [pad[i % 2] for i in range(capacity - len(stream))]


def _ec_batch(blocks: np.ndarray, degree: int) -> np.ndarray:
    gen = np.array(_generator_logs(degree), dtype=np.intp)
    rem = np.zeros((blocks.shape[0], degree), dtype=np.uint8)
    for i in range(blocks.shape[1]):
        factor = blocks[:, i] ^ rem[:, 0]
        rem = np.concatenate([rem[:, 1:], np.zeros((len(rem), 1), dtype=np.uint8)], axis=1)
        term = _EXP_NP[_LOG_NP[factor][:, None] + gen[None, :]]
        rem ^= np.where((factor != 0)[:, None], term, 0).astype(np.uint8)
    return rem
