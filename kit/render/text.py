"""Fits text into fixed frames: wraps with hyphenation, shrinks to a minimum size, or reports overflow.

A frame holds a short story of paragraphs. It is set at its base size; when it
does not fit (too tall, or a word wider than the frame) every size in the frame
shrinks in quarter-point steps. Below the minimum size the build stops with an
error that names the language, the card and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from ..errors import KitError
from ..geometry import MM
from . import fonts

HYPHENATION = {"nl": "nl_NL", "fr": "fr_FR", "de": "de_DE", "en": "en_GB"}
ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
STEP = 0.25


@dataclass(frozen=True)
class Run:
    """One paragraph of a frame: its text, font, size relative to the frame's size, and look."""

    text: str
    font: str = fonts.REGULAR
    scale: float = 1.0
    colour: tuple = (0.1, 0.1, 0.1)
    align: str = "left"
    bullet: str = ""
    bullet_colour: tuple | None = None
    space_before: float = 0.0  # in units of the frame's font size


@dataclass
class Fitted:
    """A frame's paragraphs wrapped at the chosen size, ready to draw top-down."""

    size: float
    paragraphs: list = field(default_factory=list)
    heights: list = field(default_factory=list)
    gaps: list = field(default_factory=list)

    @property
    def height(self) -> float:
        return sum(self.heights) + sum(self.gaps)


class Overflow(Exception):
    """The text does not fit its frame even at the minimum size."""


def markup(text: str) -> str:
    """Plain content text as safe paragraph markup."""
    return escape(text)


def _style(run: Run, size: float, lang: str) -> ParagraphStyle:
    font_size = size * run.scale
    return ParagraphStyle(
        name="run",
        fontName=run.font,
        fontSize=font_size,
        leading=font_size * 1.2,
        textColor=run.colour,
        alignment=ALIGN[run.align],
        # centred lines (backs, captions) read badly when broken inside a word
        hyphenationLang=HYPHENATION.get(lang, "") if run.align == "left" else "",
        embeddedHyphenation=1,
        uriWasteReduce=0.3,
        bulletFontName=fonts.BOLD,
        bulletFontSize=font_size,
        bulletColor=run.bullet_colour or run.colour,
        leftIndent=fonts.text_width(run.bullet + " ", fonts.BOLD, font_size) if run.bullet else 0,
        bulletIndent=0,
        splitLongWords=0,
        spaceShrinkage=0,  # left-aligned lines cannot shrink their spaces: never let a line overshoot
    )


def _set(runs, size: float, width: float, lang: str) -> Fitted:
    fitted = Fitted(size=size)
    for index, run in enumerate(runs):
        style = _style(run, size, lang)
        paragraph = Paragraph(run.text, style, bulletText=run.bullet or None)
        _, height = paragraph.wrap(width, 1e6)
        if _overflows(paragraph):
            raise Overflow(f"a word is wider than the frame at {size:.2f} pt")
        fitted.paragraphs.append(paragraph)
        fitted.heights.append(height)
        fitted.gaps.append(run.space_before * size if index else 0.0)
    return fitted


def _overflows(paragraph) -> bool:
    """True when a wrapped line is wider than the frame (a word that neither fits nor hyphenates)."""
    for line in paragraph.blPara.lines:
        extra = line[0] if isinstance(line, tuple) else getattr(line, "extraSpace", 0)
        if extra < -0.01:
            return True
    return False


def fit(runs, width_mm: float, height_mm: float, base: float, minimum: float, lang: str) -> Fitted:
    """Set the runs at the largest size from `base` down to `minimum` that fits the frame."""
    fonts.register()
    width, height = width_mm * MM, height_mm * MM
    size = base
    while True:
        try:
            fitted = _set(runs, size, width, lang)
            if fitted.height <= height + 0.01:
                return fitted
            problem = f"needs {fitted.height / MM:.1f} mm of height, the frame has {height_mm:.1f} mm"
        except Overflow as exc:
            problem = str(exc)
        if size - STEP < minimum - 1e-9:
            raise Overflow(problem)
        size = round(size - STEP, 2)


def fit_or_fail(runs, frame, base: float, minimum: float, *, lang: str, card: str, field: str) -> Fitted:
    try:
        return fit(runs, frame.w, frame.h, base, minimum, lang)
    except Overflow as exc:
        raise KitError(
            f"language {lang}, card {card}, field {field}: the text does not fit even at {minimum:g} pt ({exc}); shorten it."
        ) from None


def draw(canvas, fitted: Fitted, frame_x_pt: float, frame_top_pt: float, valign_bottom_pt: float | None = None) -> None:
    """Draw a fitted frame from its top edge down; with valign_bottom_pt, bottom-aligned instead."""
    y = frame_top_pt if valign_bottom_pt is None else valign_bottom_pt + fitted.height
    for paragraph, height, gap in zip(fitted.paragraphs, fitted.heights, fitted.gaps):
        y -= gap + height
        paragraph.drawOn(canvas, frame_x_pt, y)
