"""Sets text into fixed frames: line breaking with hyphenation, shrink-to-fit, and exact overflow checks.

The fitter is our own because it is measured much faster than ReportLab's Paragraph
for the thousands of small frames of a big deck (words are measured once per frame
and hyphenation points once per word), and because it fails with the frame's name.

A frame holds a short story of runs (one font each: a title, a paragraph, a
bullet, a label). The frame is set at its base size; when it does not fit (too
tall, or a word wider than the frame that hyphenation cannot break) every size
in it shrinks in quarter-point steps. Below the minimum size the build stops
with an error naming the language, the card and the field.

Lines are measured with the font's own advance widths and drawn as plain PDF
text (kit.render.text), so what is checked here is exactly what is printed.
"""

from __future__ import annotations

import pickle
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

import pyphen
from reportlab.pdfbase import pdfmetrics

from kit import usercache
from kit.content import typography
from kit.errors import KitError
from kit.layout.geometry import MM
from kit.typeset import fonts

HYPHENATION = {"nl": "nl_NL", "fr": "fr_FR", "de": "de_DE", "en": "en_US"}  # en_GB splits oddly (communic-ation)
STEP = 0.25
LEADING = 1.2
MIN_HYPHENATE = 6  # shorter words are never broken
JOINT_SHARE = 0.75  # a compound breaks at a joint rather than further on when its first part keeps this much of the line
HYPHEN = "-"
_BREAKABLE = re.compile(r"[ \t\n\r]+")  # no-break spaces (U+00A0, U+202F) are not among them


@dataclass(frozen=True)
class Span:
    """A stretch of a rich paragraph in one font and colour, optionally a link."""

    text: str
    font: str = fonts.REGULAR
    colour: tuple | None = None  # None: the run's colour
    link: str = ""


@dataclass(frozen=True)
class Run:
    """One paragraph of a frame: its text, font, size relative to the frame's size, and look.

    A run with `spans` mixes fonts, colours and links (bold, italic, a URL) inside the paragraph.
    """

    text: str
    font: str = fonts.REGULAR
    scale: float = 1.0
    colour: tuple = (0.1, 0.1, 0.1)
    align: str = "left"
    bullet: str = ""
    bullet_colour: tuple | None = None
    space_before: float = 0.0  # in units of the frame's font size
    spans: tuple = ()
    hyphenate: bool | None = None  # default: left-aligned text in a regular or italic face (see _hyphenates)


@dataclass
class SetRun:
    """A run broken into lines at one size."""

    run: Run
    size: float
    indent: float  # points, for the text after a bullet
    lines: list  # (text, width in points)

    @property
    def height(self) -> float:
        ascent, descent = metrics(self.run.font)
        return (len(self.lines) - 1) * LEADING * self.size + (ascent - descent) * self.size

    def line_height(self, count: int) -> float:
        """Height of the first `count` lines, for splitting a paragraph over pages."""
        ascent, descent = metrics(self.run.font)
        return (count - 1) * LEADING * self.size + (ascent - descent) * self.size


@dataclass
class Fitted:
    """A frame's runs set at the chosen size, ready to draw top-down."""

    size: float
    width: float  # points
    runs: list = field(default_factory=list)
    gaps: list = field(default_factory=list)

    @property
    def height(self) -> float:
        return sum(r.height for r in self.runs) + sum(self.gaps)


class Overflow(Exception):
    """The text does not fit its frame even at the minimum size."""


@cache
def metrics(font: str) -> tuple[float, float]:
    """The font's ascent and descent at 1 pt (the descent is negative)."""
    face = fonts.font(font).face
    return face.ascent / 1000, face.descent / 1000


@lru_cache(maxsize=200_000)
def units(font: str, text: str) -> float:
    """Advance width of text at 1 pt; text in a shaped font (Arabic) is measured as harfbuzz sets it."""
    if font in fonts.SHAPED:
        data = getattr(shaped(font, text), "__shapeData__", None)
        if data:
            return sum(d.x_advance for d in data) / 1000
    return pdfmetrics.stringWidth(text, font, 1.0)


@lru_cache(maxsize=4096)
def shaped(font: str, text: str) -> str:
    """Text in a shaped font as harfbuzz sets it (ReportLab's shapeStr, at 1000 pt): its glyphs in the order they are
    drawn, with their advances and offsets; right to left for Arabic."""
    from reportlab.pdfbase.ttfonts import shapeStr

    fonts.font(font)
    return shapeStr(text, font, 1000.0)


@lru_cache(maxsize=8)
def _hyphenator(lang: str):
    """pyphen for the language; its parsed patterns are kept in the user's cache, as parsing takes 0.3 s."""
    code = HYPHENATION.get(lang) or pyphen.language_fallback(lang)  # any language pyphen has a dictionary for
    if not code:
        return None
    name = f"pyphen-{pyphen.__version__}-{code}.pickle"
    cached = usercache.read(name)
    if cached is not None:
        try:
            return pickle.loads(cached)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            pass
    hyphenator = pyphen.Pyphen(lang=code)
    usercache.write(name, pickle.dumps(hyphenator))
    return hyphenator


def _never_printed(ch: str) -> bool:
    """Characters no text should print, whatever a font's table says: controls, surrogates, noncharacters."""
    code = ord(ch)
    return (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r") or 0xFDD0 <= code <= 0xFDEF \
        or (code & 0xFFFE) == 0xFFFE


@lru_cache(maxsize=20_000)
def font_of(font: str, char: str) -> str | None:
    """The font that prints `char` for text set in `font`: the font itself or one it falls back on (kit.typeset.fonts),
    None when no font of the kit has it."""
    if _never_printed(char):
        return None
    return fonts.font_for(font, char)


@lru_cache(maxsize=50_000)
def _covered(font: str, text: str) -> bool:
    """Whether the font itself has every character of the text (nearly always: then no fallback is needed)."""
    return all(ch in "\t\n\r" or font_of(font, ch) == font for ch in set(text))


def missing_glyphs(text: str, font: str) -> str:
    """The characters of the text that no font of the kit prints in `font`'s place, sorted (white space prints as
    space; format characters such as direction marks print nothing and are never missing)."""
    if _covered(font, text):
        return ""
    return "".join(sorted(ch for ch in set(unicodedata.normalize("NFC", text))
                          if not ch.isspace() and font_of(font, ch) is None and unicodedata.category(ch) != "Cf"))


PLACEHOLDER = "[?]"  # what prints for characters no font of the kit has a glyph for (Atkinson has no U+FFFD)


def printable(text: str, font: str) -> str:
    """Typed text as the kit's fonts can print it: each run of characters no font has a glyph for (Chinese, emoji,
    control characters) becomes one visible placeholder, never silently nothing; invisible format characters
    (direction marks, zero-width joiners) are left out, as they print nothing anyway. Composed (NFC), as printed."""
    if _covered(font, text):
        return text
    text = unicodedata.normalize("NFC", text)
    kept = "".join("" if unicodedata.category(ch) == "Cf"
                   else "\x00" if not ch.isspace() and font_of(font, ch) is None else ch for ch in text)
    return re.sub("\x00+", PLACEHOLDER, kept)


def by_font(text: str, font: str) -> list[tuple[str, str]]:
    """The text cut into pieces, each in the font that prints it: `font`, or a fallback for what it lacks. A space
    between two pieces of one fallback font stays with them (harfbuzz shapes "مرحبا بكم" as one)."""
    pieces: list[list] = []
    for ch in text:
        chosen = font_of(font, ch) or font
        if ch == " " and pieces and pieces[-1][1] in fonts.SHAPED:
            chosen = pieces[-1][1]
        if pieces and pieces[-1][1] == chosen:
            pieces[-1][0] += ch
        else:
            pieces.append([ch, chosen])
    for name in {name for _, name in pieces}:
        fonts.font(name)  # registered before it is measured
    return [(piece, name) for piece, name in pieces]


def _spans(span: Span) -> list[Span]:
    if _covered(span.font, span.text):
        return [span]
    text = unicodedata.normalize("NFC", span.text)
    return [Span(piece, name, span.colour, span.link) for piece, name in by_font(text, span.font)]


@lru_cache(maxsize=20_000)
def prepared(run: Run, rules: typography.Typography) -> Run:
    """A run as it is set: with the language's spaces (typography.yaml), and cut into pieces of the fonts that print
    it where the typeface lacks characters (then it is set as a rich run)."""
    spaced = rules.spaced
    if run.spans:
        spans = tuple(piece for span in run.spans for piece in _spans(replace(span, text=spaced(span.text))))
        return replace(run, spans=spans)
    text = spaced(run.text)
    if _covered(run.font, text):
        return run if text == run.text else replace(run, text=text)
    return replace(run, text=text, spans=tuple(_spans(Span(text, run.font))))


def shortened(text: str):
    """The text, then ever shorter versions ending in an ellipsis: for typed text in a fixed frame."""
    yield text
    words = text.split()
    for count in range(len(words) - 1, 0, -1):
        yield " ".join(words[:count]) + "\u2026"
    if words:
        for cut in range(len(words[0]) - 1, 0, -3):
            yield words[0][:cut] + "\u2026"


def break_lines(text: str, font: str, size: float, width: float, lang: str, hyphenate: bool = True) -> list:
    """Greedy line breaking; a word that does not fit is hyphenated where the language allows (see _candidates).

    Raises Overflow when a word is wider than the frame and cannot be broken.
    """
    return _break(_measured(text, font), font, size, width, lang, hyphenate)


def _measured(text: str, font: str) -> tuple[list, list]:
    """The words of a text and their advance widths at 1 pt: fitting sets the same text at several sizes."""
    words = _BREAKABLE.split(text.strip())  # a no-break space (U+00A0, U+202F) keeps its words together
    return words, [units(font, word) for word in words]


class _Ladder:
    """Counts the lines in a row that end in a hyphen: a third one is not allowed (the word moves to the next line)."""

    LIMIT = 2

    def __init__(self):
        self.count = 0

    def allows(self) -> bool:
        return self.count < self.LIMIT

    def ended(self, text: str) -> None:
        self.count = self.count + 1 if text.endswith(HYPHEN) else 0


def _break(measured: tuple, font: str, size: float, width: float, lang: str, hyphenate: bool) -> list:
    """break_lines on words measured beforehand (see _measured)."""
    words, widths = list(measured[0]), list(measured[1])
    space = units(font, " ") * size
    limit = width + 1e-6
    lines, current, used, ladder = [], [], 0.0, _Ladder()
    i, count = 0, len(words)
    while i < count:
        word = words[i]
        w = widths[i] * size
        gap = space if current else 0.0
        if used + gap + w <= limit:
            current.append(word)
            used += gap + w
            i += 1
            continue
        shown, tail = _split_word(word, font, size, width - used - gap, lang, hyphenate) if ladder.allows() else ("", word)
        if shown:
            current.append(shown)
            lines.append((" ".join(current), used + gap + units(font, shown) * size))
            ladder.ended(shown)
            current, used = [], 0.0
            words[i], widths[i] = tail, units(font, tail)
            continue
        if not current:
            raise Overflow(f"the word '{word}' is wider than the frame at {size:.2f} pt")
        lines.append((" ".join(current), used))
        ladder.ended(current[-1])
        current, used = [], 0.0
    if current:
        lines.append((" ".join(current), used))
    return lines or [("", 0.0)]


def _rich_words(spans) -> list:
    """Words of a rich paragraph, each a list of pieces (text, font, colour, link)."""
    words, current = [], []
    for span in spans:
        for part in re.split(r"([ \t\n\r]+)", span.text):
            if not part:
                continue
            if part[0] in " \t\n\r":  # a breaking space (a no-break space is part of its words)
                if current:
                    words.append(current)
                    current = []
            else:
                current.append((part, span.font, span.colour, span.link))
    if current:
        words.append(current)
    return words


def break_rich(spans, size: float, width: float, lang: str, hyphenate: bool = True) -> list:
    """Line breaking for mixed fonts; lines are (pieces, width), pieces merged by style."""
    words = _rich_words(spans)
    lines, current, used, ladder = [], [], 0.0, _Ladder()
    i = 0
    while i < len(words):
        word = words[i]
        w = sum(units(font, text) for text, font, _, _ in word) * size
        space = units(current[-1][-1][1], " ") * size if current else 0.0
        if used + space + w <= width + 1e-6:
            current.append(word)
            used += space + w
            i += 1
            continue
        if ladder.allows():  # a word may be hyphenated in its first piece ("ser-|vices :" with its narrow space)
            text_, font, colour, link = word[0]
            shown, tail = _split_word(text_, font, size, width - used - space, lang, hyphenate)
            if shown:
                current.append([(shown, font, colour, link)])
                lines.append((_merge(current, size), used + space + units(font, shown) * size))
                ladder.ended(shown)
                current, used = [], 0.0
                words[i] = [(tail, font, colour, link), *word[1:]]
                continue
        if not current:
            raise Overflow(f"the word '{''.join(t for t, *_ in word)}' is wider than the frame at {size:.2f} pt")
        lines.append((_merge(current, size), used))
        ladder.ended(current[-1][-1][0])
        current, used = [], 0.0
    if current:
        lines.append((_merge(current, size), used))
    return lines or [([], 0.0)]


def _merge(words, size: float) -> list:
    """Join the words of a line into as few pieces as possible, a space between words."""
    pieces = []
    for n, word in enumerate(words):
        for k, (text_, font, colour, link) in enumerate(word):
            if n and k == 0:
                text_ = " " + text_
            if pieces and pieces[-1][1:] == (font, colour, link):
                pieces[-1] = (pieces[-1][0] + text_, font, colour, link)
            else:
                pieces.append((text_, font, colour, link))
    return pieces


def _split_word(word: str, font: str, size: float, room: float, lang: str, hyphenate: bool) -> tuple[str, str]:
    """The break of `word` whose first part (with the hyphen it shows) fits in `room` points: (shown, tail), or
    ('', word). The longest that fits, or a compound's joint (a listed word's "=", or the word's own hyphen) when
    that keeps JOINT_SHARE of it: German prefers its joints without setting whole cards smaller. Without
    `hyphenate` (titles, bands, headers) a word breaks only at its own hyphen.
    """
    if room <= 0 or len(word) < MIN_HYPHENATE:
        return "", word
    best = joint = None
    for shown, tail, preferred in _candidates(typography.rules(lang), word, hyphenate):
        if units(font, shown) * size <= room + 1e-6:
            best = best or (shown, tail)
            if preferred:
                joint = (shown, tail)
                break
    if joint and best and len(joint[0]) >= JOINT_SHARE * len(best[0]):
        return joint  # a compound's joint, unless it would leave much of the line empty
    return best or ("", word)


_EDGE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


@lru_cache(maxsize=100_000)
def _candidates(rules: typography.Typography, word: str, hyphenate: bool) -> tuple:
    """Every break of a word as (first part as shown, rest, at a compound's joint), longest first: a line break asks
    for the same words again and again.

    A word breaks at its own hyphens (without adding one: "short-|term"), and, with `hyphenate`, where the
    language's list (typography.yaml) or else its dictionary allows, never with fewer than MIN_LETTERS letters on
    either side of the break within a part, and never before a last syllable the language keeps (`never_before`).
    """
    lead, core, trail = _EDGE.match(word).groups()
    if not core.replace("-", "").isalpha():
        return ()  # never break numbers, codes or addresses: only plain words
    listed = rules.breaks.get(core.lower()) if hyphenate else None
    found = []  # (preferred, head as shown, tail)
    if listed is not None:
        found = [(compound, core[:at] + HYPHEN, core[at:]) for at, compound in listed]
    else:
        start = 0
        for part in core.split(HYPHEN):
            end = start + len(part)
            if 0 < start and _enough(core[:start - 1]) and _enough(core[start:]):
                found.append((True, core[:start], core[start:]))  # after the word's own hyphen
            if hyphenate:
                found += [(False, core[:start] + head + HYPHEN, tail + core[end:])
                          for head, tail in _dictionary(rules.lang, part) if not rules.mute(tail)]
            start = end + 1
    found.sort(key=lambda item: -len(item[1]))
    return tuple((lead + shown, tail + trail, preferred) for preferred, shown, tail in found)


def _enough(text: str) -> bool:
    return sum(map(str.isalpha, text)) >= typography.MIN_LETTERS


@lru_cache(maxsize=100_000)
def _dictionary(lang: str, part: str) -> tuple:
    """The dictionary's breaks of one part of a word, (head, tail), with enough letters on either side. The tail comes
    from the dictionary, as some languages change letters at a break."""
    dic = _hyphenator(lang) if len(part) >= 2 * typography.MIN_LETTERS else None
    if dic is None:
        return ()
    return tuple((head, tail) for head, tail in dic.iterate(part) if _enough(head) and _enough(tail))


def _hyphenates(run: Run) -> bool:
    """Whether a run's words may be hyphenated: as it says, else left-aligned text in a regular or italic face. Bold
    is what titles, bands, headers and table heads are set in: never hyphenated (a word breaks there only at its own
    hyphen). Running text is hyphenated (kit.content.typography has the rules)."""
    if run.hyphenate is not None:
        return run.hyphenate
    return run.align == "left" and run.font not in (fonts.BOLD, fonts.BOLD_ITALIC)


def _set(runs, size: float, width: float, lang: str, measured: list | None = None) -> Fitted:
    """The runs broken into lines at one size; `measured` holds each plain run's words (see _measured)."""
    fitted = Fitted(size=size, width=width)
    for index, run in enumerate(runs):
        font_size = size * run.scale
        indent = units(fonts.BOLD, run.bullet + " ") * font_size if run.bullet else 0.0
        hyphenate = _hyphenates(run)
        if run.spans:
            lines = break_rich(run.spans, font_size, width - indent, lang, hyphenate=hyphenate)
        elif measured is not None:
            lines = _break(measured[index], run.font, font_size, width - indent, lang, hyphenate)
        else:
            lines = break_lines(run.text, run.font, font_size, width - indent, lang, hyphenate=hyphenate)
        fitted.runs.append(SetRun(run=run, size=font_size, indent=indent, lines=lines))
        fitted.gaps.append(run.space_before * size if index else 0.0)
    return fitted


def fit(runs, width_mm: float, height_mm: float, base: float, minimum: float, lang: str) -> Fitted:
    """Set the runs at the largest size from `base` down to `minimum` (quarter-point steps) that fits."""
    fonts.register()
    rules = typography.rules(lang)
    runs = [prepared(run, rules) for run in runs]
    width, height = width_mm * MM, height_mm * MM
    # the minimum holds for the smallest run of the frame (a label set at 0.9 of the frame's size)
    minimum = max(minimum, minimum / min(run.scale for run in runs))
    if minimum > base + 1e-9:
        base = minimum
    steps = round((base - minimum) / STEP)
    sizes = [round(base - k * STEP, 2) for k in range(steps + 1)]
    problems, tall = {}, {}
    measured = [None if run.spans else _measured(run.text, run.font) for run in runs]  # once for all sizes tried

    def attempt(k):
        try:
            fitted = _set(runs, sizes[k], width, lang, measured)
        except Overflow as exc:
            problems[k] = str(exc)
            return None
        if fitted.height > height + 0.01:
            problems[k] = f"needs {fitted.height / MM:.1f} mm of height, the frame has {height_mm:.1f} mm"
            tall[k] = fitted
            return None
        return fitted

    best = attempt(0)
    if best is not None:
        return best
    if len(sizes) == 1:
        raise Overflow(f"{problems[0]}, at its smallest allowed size of {sizes[0]:g} pt")
    # Binary search for the largest size that fits (smaller text never needs more room). The first
    # probe is a guess from how much too tall the text is (height goes with the size when the lines
    # stay the same, with its square when they rewrap: the power 0.75 between them needed the fewest
    # probes over the four catalogues), the second its neighbour: mostly two probes settle it.
    low, high = 1, len(sizes) - 1
    probe = (low + high) // 2
    if 0 in tall:
        guess = sizes[0] * (height / tall[0].height) ** 0.75
        probe = min(high, max(low, round((sizes[0] - guess) / STEP)))
    found, neighbour = None, True
    while low <= high:
        candidate = attempt(probe)
        if candidate is None:
            low = probe + 1
        else:
            found, high = candidate, probe - 1
        probe = (low + high) // 2
        if neighbour:
            probe, neighbour = (high if candidate is not None else low), False
    if found is None:
        problem = problems[len(sizes) - 1] if len(sizes) - 1 in problems else problems[max(problems)]
        raise Overflow(f"{problem}, at its smallest allowed size of {sizes[-1]:g} pt")
    return found


def fit_or_fail(runs, frame, base: float, minimum: float, *, lang: str, card: str, field: str) -> Fitted:
    """Fit or raise a KitError naming the language, the card (or piece) and the field."""
    fonts.register()
    for run in runs:
        missing = "".join(missing_glyphs(span.text, span.font) for span in run.spans) or missing_glyphs(run.text, run.font)
        if missing:
            raise KitError(f"language {lang}, card {card}, field {field}: the kit's fonts have no glyph for {missing!r}; "
                           "replace those characters.")
    try:
        return fit(runs, frame.w, frame.h, base, minimum, lang)
    except Overflow as exc:
        raise KitError(f"language {lang}, card {card}, field {field}: the text does not fit ({exc}); shorten it.") from None


@lru_cache(maxsize=20_000)
def _text_ink(font: str, text: str) -> tuple | None:
    """Where a string's glyphs put ink, set at 1 pt from an origin on its baseline: (left, bottom, right, top)."""
    found, advance = None, 0.0
    for char in text:
        box = fonts.ink(font, char)
        if box is not None:
            box = (advance + box[0], box[1], advance + box[2], box[3])
            found = box if found is None else _union(found, box)
        advance += units(font, char)
    return found


def _union(a, b):
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _line_pieces(set_run: SetRun, line) -> list:
    """(text, font) pieces of a set line: one for a plain run, one per style of a rich run."""
    return [(piece[0], piece[1]) for piece in line] if set_run.run.spans else [(line, set_run.run.font)]


def _run_ink(set_run: SetRun, width: float, x: float, top: float, found):
    """The ink of one run drawn with its top at `top`, as kit.render.text.draw_lines places its lines."""
    run, size = set_run.run, set_run.size
    baseline = top - metrics(run.font)[0] * size
    pieces = []
    if run.bullet:
        pieces.append((x, baseline, run.bullet, fonts.BOLD))
    room = width - set_run.indent
    for line, line_width in set_run.lines:
        left = x + set_run.indent + {"left": 0.0, "center": (room - line_width) / 2, "right": room - line_width}[run.align]
        for text, font in _line_pieces(set_run, line):
            pieces.append((left, baseline, text, font))
            left += units(font, text) * size
        baseline -= LEADING * size
    for left, base, text, font in pieces:
        box = _text_ink(font, text)
        if box is not None:
            box = (left + box[0] * size, base + box[1] * size, left + box[2] * size, base + box[3] * size)
            found = box if found is None else _union(found, box)
    return found


def ink_box(fitted: Fitted, x: float, top: float) -> tuple | None:
    """Where a fitted frame's glyphs put ink when it is drawn with its left edge at `x` and its top at `top`
    (points, as kit.render.text.draw places it): (left, bottom, right, top), or None when it has no ink.

    From the outline boxes of the glyphs, so it is what a preflight reads back from the PDF.
    """
    found = None
    for set_run, gap in zip(fitted.runs, fitted.gaps):
        top -= gap
        found = _run_ink(set_run, fitted.width, x, top, found)
        top -= set_run.height
    return found
