"""How a language is typeset: the spaces the typesetter puts around punctuation, and where words may break at a
line end (content/<lang>/typography.yaml, optional).

The kit's texts keep plain spaces; the typesetting step turns them into what the
language's typography asks, in every piece the kit prints and in its web pages. For
French, a narrow no-break space (U+202F) before ? ! : ; » and after «, so a question
mark never starts a line. The marks live in the file, never in Python.

Hyphenation (kit.typeset.fit) follows rules the same in every language: no
hyphenation in titles, bands, headers and table heads; at most two hyphenated lines
in a row; at least MIN_LETTERS letters before and after a break. Per language the file
adds `never_before`, a pattern of last syllables never broken off (French: a mute
final syllable, "numéri-que", "servi-ces"), and `words`: words the dictionary breaks
badly, written with the breaks allowed, "=" between the parts of a compound (preferred)
and "-" inside a part ("Mehr=jahres=plan"). A listed word breaks only there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated

import msgspec

from kit.content.schema import convert, problem
from kit.content.yamlfile import load_yaml

FILE = "typography.yaml"
MIN_LETTERS = 3  # letters before and after a break, in every language
NARROW = "\u202f"  # NARROW NO-BREAK SPACE
COMPOUND, SYLLABLE = "=", "-"
_WORD = re.compile(r"^\w+(?:[=-]\w+)+$")


class HyphenationEntry(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    never_before: str = ""
    words: list[Annotated[str, msgspec.Meta(min_length=1)]] = []

    def __post_init__(self):
        if self.never_before:
            try:
                re.compile(self.never_before)
            except re.error as exc:
                raise problem("never_before", f"'never_before' is not a valid pattern: {exc}.") from None
        seen = set()
        for index, word in enumerate(self.words):
            if not _WORD.match(word) or "_" in word or any(ch.isdigit() for ch in word):
                raise problem(f"words[{index}]", f"'{word}' must be letters with '=' (between the parts of a compound) or "
                                                 "'-' (inside a part) where it may break, such as 'Mehr=jahres=plan'.")
            for head, tail in _sides(word):
                if sum(map(str.isalpha, head)) < MIN_LETTERS or sum(map(str.isalpha, tail)) < MIN_LETTERS:
                    raise problem(f"words[{index}]", f"'{word}': a break needs at least {MIN_LETTERS} letters before and "
                                                     f"after it ('{head}|{tail}').")
            plain = _plain(word).lower()
            if plain in seen:
                raise problem(f"words[{index}]", f"'{_plain(word)}' is listed twice.")
            seen.add(plain)


class SpacesEntry(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    before: str = ""  # the space before these marks becomes a narrow no-break space
    after: str = ""  # the space after these marks becomes one
    always: str = ""  # of those, the marks that get one where the text has no space at all


class TypographyFile(msgspec.Struct, forbid_unknown_fields=True):
    spaces: SpacesEntry = SpacesEntry()
    hyphenation: HyphenationEntry = HyphenationEntry()


def _plain(word: str) -> str:
    return word.replace(COMPOUND, "").replace(SYLLABLE, "")


def _sides(word: str):
    """Each break of a listed word as (before, after), in plain letters."""
    for match in re.finditer("[=-]", word):
        yield _plain(word[:match.start()]), _plain(word[match.end():])


@dataclass(frozen=True)
class Typography:
    """One language's typesetting rules (an empty file, or none, means: no spaces added, dictionary breaks only)."""

    lang: str
    before: str = ""
    after: str = ""
    always: str = ""
    never_before: str = ""
    words: tuple[str, ...] = ()
    _memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @cached_property
    def _pattern(self):
        return re.compile(self.never_before) if self.never_before else None

    @cached_property
    def _spacing(self):
        """One pattern for all of `spaces`, or None (most languages)."""
        parts = []
        if self.before:
            parts.append(f"[ \u00a0]+(?=[{re.escape(self.before)}])")
        if self.after:
            parts.append(f"(?<=[{re.escape(self.after)}])[ \u00a0]+")
        always = [re.escape(ch) for ch in self.always]
        parts += [f"(?<=[^\\s{NARROW}])(?={ch})" for ch in always if ch in self.before]
        parts += [f"(?<={ch})(?=[^\\s{NARROW}])" for ch in always if ch in self.after]
        return re.compile("|".join(parts)) if parts else None

    @cached_property
    def breaks(self) -> dict:
        """Listed words (lower case) -> their allowed breaks: (index in the plain word, compound boundary or not)."""
        found = {}
        for word in self.words:
            points, plain = [], ""
            for ch in word:
                if ch in (COMPOUND, SYLLABLE):
                    points.append((len(plain), ch == COMPOUND))
                else:
                    plain += ch
            found[plain.lower()] = tuple(points)
        return found

    def spaced(self, text: str) -> str:
        """The text with the language's narrow no-break spaces (a French "Pourquoi ?" keeps its "?" on the line)."""
        pattern = self._spacing
        if pattern is None or not text:
            return text
        memo = self._memo
        if text not in memo:
            if len(memo) > 50_000:
                memo.clear()
            memo[text] = pattern.sub(NARROW, text)
        return memo[text]

    def mute(self, tail: str) -> bool:
        """Whether a break before `tail` (the rest of the word) would set off a syllable the language never breaks off."""
        return self._pattern is not None and bool(self._pattern.match(tail.lower()))


def load(content_dir, lang: str) -> Typography:
    """The language's typography from the uppermost of the content's layers (kit.content.sources), checked with file
    and line; a language without the file gets the rules every language shares."""
    from kit.content.sources import as_layers

    path = as_layers(content_dir).find(lang, FILE)
    if path is None or not path.is_file():
        return Typography(lang=lang)
    data = load_yaml(path)
    checked = convert(data if data is not None else {}, TypographyFile, path, lambda steps, data: "the typography")
    return Typography(lang=lang, before=checked.spaces.before, after=checked.spaces.after, always=checked.spaces.always,
                      never_before=checked.hyphenation.never_before, words=tuple(checked.hyphenation.words))


_ACTIVE: dict[str, Typography] = {}


def use(rules: Typography) -> None:
    """Make these the rules the typesetter follows for their language in this process (kit.content.catalog does, as it
    loads a language, so a working folder's typography.yaml counts)."""
    _ACTIVE[rules.lang] = rules


def rules(lang: str) -> Typography:
    """The rules in use for a language: the last loaded, else the package's own."""
    found = _ACTIVE.get(lang)
    if found is None:
        from kit import defaults

        found = _ACTIVE[lang] = load(defaults.CONTENT, lang)
    return found
