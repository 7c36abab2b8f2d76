"""The colour every piece of text is printed in, and every CMYK colour used, read from a page's content streams.

A print shop wants text under 12 pt in one solid ink: 100 % K, or 100 % of one other
ink. A tint is screened into dots, which roughens small letters; two or three inks
fringe them as soon as the plates shift on press (misregistration). pdfium, which the
rest of the preflight reads pages with, gives colours only as RGB, so whether black is
100 % K, a tint of K or rich black cannot be told from it: this module reads the
content streams themselves.

It follows the graphics state (q/Q, cm), the text state (Tf, Tm, Td, TD, T*, TL) and
the fill colour (g, rg, k, cs/sc/scn), and notes the colour, the size as printed and the
place of every text-showing operator (Tj, TJ, ', "), into forms (Do) too. On the way it
collects every CMYK colour set for filling or stroking, whose sum is the total ink a
press lays down there.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from pypdf.generic import ArrayObject

# An operand: a literal string (with one level of nested brackets), a hex string, a name, a number, an array's or a
# dictionary's brackets. A statement: its operands and its operator. Reading a stream statement by statement keeps
# the reader out of strings (where "q" may be a word), and leaves operands to the regular expression engine.
_OPERAND = (rb"\((?:[^\\()]|\\.|\((?:[^\\()]|\\.)*\))*\)|<<|>>|<[0-9A-Fa-f\s]*>|/[^\s/\[\]()<>{}%]*"
            rb"|[+-]?(?:\d+\.?\d*|\.\d+)|\[|\]|true|false|null")
_STATEMENT = re.compile(rb"((?:(?:" + _OPERAND + rb")\s*)*)([A-Za-z'\"*][A-Za-z0-9*]*)", re.S)
_PATH = re.compile(rb"[-+\d.\s]++(?:re|[mlcvyh])(?![A-Za-z0-9*])")
_INLINE_IMAGE = re.compile(rb"\bBI\b.*?\bID\s.*?\sEI\b", re.S)
_SHOW = {b"Tj", b"TJ", b"'", b'"'}
_FILL = {b"g": "DeviceGray", b"rg": "DeviceRGB", b"k": "DeviceCMYK"}
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class TextInk:
    """One text-showing operator: its fill colour space and components, its size as printed and where it starts."""

    space: str  # DeviceGray, DeviceRGB, DeviceCMYK, or a named space's kind ("Separation", "ICCBased", ...)
    values: tuple
    size: float  # points
    x: float  # points on the page
    y: float


def multiply(m, n) -> tuple:
    """The matrix m followed by n (PDF row vectors: [x y 1] m n)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _number(token: bytes) -> float | None:
    try:
        return float(token)
    except ValueError:
        return None


_INITIAL = {"DeviceGray": (0.0,), "DeviceRGB": (0.0, 0.0, 0.0), "DeviceCMYK": (0.0, 0.0, 0.0, 1.0), "Separation": (1.0,)}
_TEXT_STATE = {b"BT", b"Tf", b"TL", b"Tm", b"Td", b"TD", b"T*"}
_WANTED = _SHOW | set(_FILL) | _TEXT_STATE | {b"cs", b"sc", b"scn", b"q", b"Q", b"cm", b"Do", b"K"}


class _State:
    """The graphics and text state that text colour and size depend on."""

    def __init__(self, ctm, colour):
        self.ctm, (self.space, self.values) = ctm, colour
        self.stack: list = []
        self.tm = self.line = IDENTITY
        self.size, self.leading = 0.0, 0.0
        self.forms: dict = {}  # shared by a page and the forms it draws (see text_inks)
        self.cmyk: set | None = None  # every CMYK colour set, where the caller asks for them

    def push(self):
        self.stack.append((self.ctm, self.space, self.values))

    def pop(self):
        if self.stack:
            self.ctm, self.space, self.values = self.stack.pop()

    def move(self, tx: float, ty: float):
        self.line = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.line)
        self.tm = self.line

    def shown(self) -> TextInk:
        _a, _b, c, d, e, f = multiply(self.tm, self.ctm)
        return TextInk(self.space, self.values, self.size * math.hypot(c, d), e, f)


def text_inks(content, resources, ctm=IDENTITY, depth: int = 0, colour=("DeviceGray", (0.0,)),
              forms: dict | None = None, cmyk: set | None = None) -> list[TextInk]:
    """Every text-showing operator of a content stream (bytes, or a form: a pypdf stream), with the forms it draws
    (to a depth of 8); `ctm` and `colour` are the state the stream starts in (a form inherits its caller's).
    `forms` keeps the statements of forms already read (every card back draws the same form); `cmyk`, where given,
    receives every CMYK colour set for filling or stroking."""
    forms = {} if forms is None else forms
    if isinstance(content, bytes):
        statements = _statements(content)
    else:
        key = id(content)
        if key not in forms:
            forms[key] = (content, _statements(content.get_data()))  # the form is kept, so its id stays its own
        statements = forms[key][1]
    state, found = _State(ctm, colour), []
    state.forms, state.cmyk = forms, cmyk
    for operands, op in statements:
        if op in _WANTED:
            _operator(op, operands, state, resources, found, depth)
    return found


def _statements(content: bytes) -> list[tuple[bytes, bytes]]:
    """The (operands, operator) statements of a content stream that can matter for text, in order.

    Path construction (numbers followed by re, m, l, c, v, y or h) is dropped first, in
    one pass: a QR code is hundreds of rectangles, and reading them statement by
    statement took most of the time. Inline images' binary data goes too.
    """
    if b"BI" in content:
        content = _INLINE_IMAGE.sub(b" ", content)
    return _STATEMENT.findall(_PATH.sub(b" ", content))


def _operator(op: bytes, text: bytes, state: _State, resources, found: list, depth: int) -> None:
    if op in _SHOW:
        if op in (b"'", b'"'):
            state.move(0.0, -state.leading)
        found.append(state.shown())
        return
    operands = text.split()
    numbers = [n for n in map(_number, operands) if n is not None]
    if op in _FILL or op == b"K":
        if op != b"K":
            state.space, state.values = _FILL[op], tuple(numbers)
        if op in (b"k", b"K") and state.cmyk is not None and len(numbers) == 4:
            state.cmyk.add(tuple(numbers))
    elif op == b"cs" and operands:
        state.space = _space_kind(operands[-1], resources)
        state.values = _INITIAL.get(state.space, ())
    elif op in (b"sc", b"scn"):
        state.values = tuple(numbers)
        if state.space == "DeviceCMYK" and state.cmyk is not None and len(numbers) == 4:
            state.cmyk.add(tuple(numbers))
    elif op in _TEXT_STATE:
        _text_state(op, numbers, state)
    else:
        _graphics(op, operands, numbers, state, resources, found, depth)


def _text_state(op: bytes, numbers: list, state: _State) -> None:
    if op == b"BT":
        state.tm = state.line = IDENTITY
    elif op == b"Tf" and numbers:
        state.size = numbers[-1]
    elif op == b"TL" and numbers:
        state.leading = numbers[-1]
    elif op == b"Tm" and len(numbers) == 6:
        state.tm = state.line = tuple(numbers)
    elif op in (b"Td", b"TD") and len(numbers) == 2:
        if op == b"TD":
            state.leading = -numbers[1]
        state.move(*numbers)
    elif op == b"T*":
        state.move(0.0, -state.leading)


def _graphics(op: bytes, operands: list, numbers: list, state: _State, resources, found: list, depth: int) -> None:
    if op == b"q":
        state.push()
    elif op == b"Q":
        state.pop()
    elif op == b"cm" and len(numbers) == 6:
        state.ctm = multiply(tuple(numbers), state.ctm)
    elif op == b"Do" and operands and depth < 8:
        form = _resource(resources, "/XObject", operands[-1])
        if form is not None and form.get("/Subtype") == "/Form":
            matrix = tuple(float(v) for v in form.get("/Matrix", IDENTITY))
            found += text_inks(form, form.get("/Resources", resources), multiply(matrix, state.ctm),
                               depth + 1, (state.space, state.values), state.forms, state.cmyk)


def _space_kind(name: bytes, resources) -> str:
    """The kind of colour space a `cs` names: a device space, or the first element of a named one (Separation,
    ICCBased, DeviceN, ...)."""
    text = name.decode("latin-1").lstrip("/")
    if text in _INITIAL:
        return text
    space = _resource(resources, "/ColorSpace", name)
    kind = space[0] if isinstance(space, ArrayObject) and len(space) else space
    return str(kind).lstrip("/") if kind is not None else text


def _resource(resources, kind: str, name: bytes):
    if resources is None:
        return None
    entries = resources.get_object().get(kind)
    if entries is None:
        return None
    entry = entries.get_object().get(name.decode("latin-1"))
    return entry.get_object() if entry is not None else None


def one_solid_ink(ink: TextInk) -> bool:
    """Whether text prints in a single ink at 100 % (or in none: paper white)."""
    values = ink.values
    if ink.space == "DeviceCMYK" and len(values) == 4:
        used = [v for v in values if v > 1e-4]
        return not used or (len(used) == 1 and used[0] >= 0.999)
    if ink.space == "DeviceGray" and values:
        return values[0] <= 1e-4 or values[0] >= 0.999  # solid black ink, or white
    if ink.space == "Separation" and values:
        return values[0] >= 0.999 or values[0] <= 1e-4
    return False  # RGB and other spaces become several inks on press


def describe(ink: TextInk) -> str:
    """A colour as a print shop reads it: "C 0 M 0 Y 0 K 90 %", "RGB 0.1 0.1 0.1"."""
    values = ink.values
    if ink.space == "DeviceCMYK" and len(values) == 4:
        return "C {:g} M {:g} Y {:g} K {:g} %".format(*(round(v * 100, 1) for v in values))
    if ink.space == "DeviceGray" and values:
        return f"K {round((1 - values[0]) * 100, 1):g} % (grey)"
    if ink.space == "DeviceRGB":
        return "RGB " + " ".join(f"{v:g}" for v in values)
    return f"{ink.space} " + " ".join(f"{v:g}" for v in values)
