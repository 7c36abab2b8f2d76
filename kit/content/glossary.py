"""One name per thing: a language's glossary (content/<lang>/glossary.yaml) and the texts that break it.

The glossary gives, per language, the one name the kit uses for each piece of the kit
(the manual, the bouwstenen, the legplan, ...), each role (trekker, werkgroep,
digistarter, digihelper), each category and a few other words, and the names to avoid
for each. It is written per language, not translated key for key: each language has its
own variants to avoid, so the file is not among the translated files of kit.content.i18n
and `kit i18n` neither exports nor rewrites it.

A name to avoid is found case-insensitively as a whole word (letters, digits and
hyphens around it do not count as a boundary, so "Tafel" is not found in "Legetafel");
list each inflected form that should be found ("telblad", "telbladen"). A name to avoid
inside one of the glossary's own names is no fault ("board" in "layout board").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec

from kit.content.schema import convert, problem
from kit.content.yamlfile import load_yaml
from kit.errors import KitError

FILE = "glossary.yaml"
Text = Annotated[str, msgspec.Meta(min_length=1)]
_ID = re.compile(r"^[a-z][a-z0-9_-]*$")


class TermEntry(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """One thing and its one name: `use`; `avoid` lists the names that must not appear in the texts."""

    id: str
    kind: Literal["piece", "role", "category", "word"]
    use: Text
    avoid: list[Text] = []
    note: str = ""

    def __post_init__(self):
        if not _ID.match(self.id):
            raise problem("id", f"the glossary id {self.id!r} must be lowercase letters, digits, '-' or '_'.")
        for index, name in enumerate(self.avoid):
            if not name.strip():
                raise problem(f"avoid[{index}]", f"term '{self.id}': a name to avoid must not be empty.")
            if _pattern(name).fullmatch(self.use):
                raise problem(f"avoid[{index}]", f"term '{self.id}': '{name}' is its own name and a name to avoid.")


class GlossaryFile(msgspec.Struct, forbid_unknown_fields=True):
    """glossary.yaml: the terms of one language."""

    terms: Annotated[list[TermEntry], msgspec.Meta(min_length=1)]


@dataclass(frozen=True)
class Offence:
    """A text that uses a name the glossary says to avoid."""

    key: str  # where: `cards.T01.title`, `strings.legplan.title`, `manual.012` (kit.content.i18n keys)
    found: str
    use: str

    def __str__(self) -> str:
        return f"{self.key}: '{self.found}' (the glossary says: '{self.use}')"


def _pattern(name: str) -> re.Pattern:
    words = [re.escape(word) for word in name.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


def load_glossary(content_dir, lang: str) -> GlossaryFile | None:
    """The language's checked glossary (the uppermost of the content's layers, kit.content.sources), or None when
    the language has none."""
    from kit.content.sources import as_layers

    path = as_layers(content_dir).find(lang, FILE)
    if path is None or not path.is_file():
        return None
    data = load_yaml(path)
    glossary = convert(data, GlossaryFile, path, _describe)
    seen = {}
    for index, term in enumerate(glossary.terms):
        if term.id in seen:
            raise KitError(f"{data['terms'][index].where('id')}: the glossary id '{term.id}' is used twice.")
        seen[term.id] = index
    for term in glossary.terms:  # no name to avoid may be another term's own name
        for other in glossary.terms:
            clash = next((name for name in other.avoid if _pattern(name).fullmatch(term.use)), None)
            if clash:
                raise KitError(f"{path}: '{clash}' is the name of term '{term.id}' and a name to avoid in term '{other.id}'.")
    return glossary


def _describe(steps, data) -> str:
    if len(steps) >= 2 and steps[0] == "terms" and isinstance(steps[1], int):
        try:
            return f"term {data['terms'][steps[1]].get('id') or steps[1] + 1}"
        except (AttributeError, IndexError, KeyError, TypeError):
            return f"term {steps[1] + 1}"
    return "the glossary"


def offences(content_dir, lang: str) -> list[Offence]:
    """Every use of a name to avoid in the language's manual, strings, cards, categories and matrix."""
    from kit.content import i18n

    glossary = load_glossary(content_dir, lang)
    if glossary is None:
        return []
    rules = [(_pattern(name), term.use) for term in glossary.terms for name in term.avoid]
    own = [_pattern(term.use) for term in glossary.terms]
    found = []
    for key, text in i18n.texts(content_dir, lang).items():
        allowed = [match.span() for pattern in own for match in pattern.finditer(text)]
        for pattern, use in rules:
            found += [Offence(key=key, found=match.group(0), use=use) for match in pattern.finditer(text)
                      if not any(start <= match.start() and match.end() <= end for start, end in allowed)]
    return found
