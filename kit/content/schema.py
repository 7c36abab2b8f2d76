"""Checks data read from YAML against a declared shape (msgspec structs) and names the first problem's file and line.

Every content, settings and preset file declares its shape as msgspec structs:
field types, limits (`Meta(ge=..., max_length=...)`) and, in `__post_init__`,
the rules a type cannot say. msgspec reports where a problem is as a path
(`$.cards[3].examples[1]`); here that path is followed through the loaded YAML
(kit.content.yamlfile keeps the line of every key and list item) to the line,
and msgspec's wording becomes a sentence for the person editing the file.

A rule in `__post_init__` that is about one field raises `problem(field, message)`,
so the sentence names that field's line rather than the entry's.
"""

from __future__ import annotations

import re
import typing

import msgspec

from kit.errors import KitError

_AT = re.compile(r"^(.*?)(?: - at `\$(.*)`)?$", re.S)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_FIELD_MARK = re.compile(r"^@([\w.\[\]]+): (.*)$", re.S)
_WORDS = {"str": "a text", "int": "a whole number", "float": "a number", "bool": "true or false", "array": "a list",
          "object": "a mapping of fields", "null": "empty"}


def problem(field: str, message: str) -> ValueError:
    """An error for `__post_init__` that is about one field (`examples[1]` for a list item): its line is reported."""
    return ValueError(f"@{field}: {message}")


def convert(data, shape, source, describe=None, roots=None):
    """`data` as an instance of `shape`, or a KitError `file:line: sentence`.

    `source` names the file for data without line numbers; `describe(steps, data)`
    says what an entry is ("card T01") from the path's first steps. `roots` are the
    files' own data to find the line in, when `data` was merged from several (presets).
    """
    try:
        return msgspec.convert(data, type=shape)
    except msgspec.ValidationError as exc:
        raise KitError(explain(str(exc), data, shape, source, describe, roots)) from None


def explain(message: str, data, shape, source, describe=None, roots=None) -> str:
    """msgspec's error as `file:line: sentence`."""
    text, path = _AT.match(message).groups()
    steps = _steps(path or "")
    marked = _FIELD_MARK.match(text)
    if marked:  # a rule of ours about one field: report at that field's line
        field, text = marked.groups()
        steps += _steps("." + field)
    place = _place(roots or [data], steps, source)
    if marked:
        return f"{place}: {text}"
    what = describe(steps, data) if describe else "the entry"
    return f"{place}: {_sentence(text, steps, what, shape)}"


def _place(roots: list, steps: list, source) -> str:
    """Where the path is: the first root that holds its last step, else the deepest place found in the first."""
    for root in roots:
        found, complete = _where(root, steps)
        if complete and found:
            return found
    found, _ = _where(roots[0], steps)
    return found or (roots[0].where() if hasattr(roots[0], "where") else str(source))


def _steps(path: str) -> list:
    return [key if key else int(index) for key, index in _STEP.findall(path)]


def _where(data, steps: list) -> tuple[str | None, bool]:
    """(`path:line` of the deepest node of the path that the YAML loader marked with lines, whether all of it was found)."""
    place, node = None, data
    for step in steps:
        where = getattr(node, "where", None)
        try:
            place = where(step) if where and (isinstance(step, int) or step in node) else place
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return place, False
    return place, True


def _sentence(text: str, steps: list, what: str, shape) -> str:
    field = next((step for step in reversed(steps) if isinstance(step, str)), "")
    named = f"'{field}' of {what}" if field else what
    for pattern, say in _MESSAGES:
        found = re.fullmatch(pattern, text)
        if found:
            return say(found, named=named, what=what, allowed=lambda: _allowed(shape, steps))
    return f"{named}: {text[0].lower()}{text[1:]}."


def _allowed(shape, steps: list) -> str:
    """The fields or values the shape allows at the path, for a sentence that says what would be right."""
    current = shape
    for step in steps:
        current = _inner(current, step)
        if current is None:
            return ""
    current = _unwrapped(current)
    if isinstance(current, type) and issubclass(current, msgspec.Struct):
        return ", ".join(f.encode_name for f in msgspec.structs.fields(current))
    args = typing.get_args(current)
    if typing.get_origin(current) is typing.Literal:
        return ", ".join(map(str, args))
    return ""


def _unwrapped(current):
    """A type without its Annotated constraints and without `| None`."""
    while typing.get_origin(current) in (typing.Annotated, typing.Union) or type(current).__name__ == "UnionType":
        args = [a for a in typing.get_args(current) if a is not type(None)]
        current = args[0] if args else None
    return current


def _inner(current, step):
    """The type one step down a path: a struct's field, or a list's items."""
    current = _unwrapped(current)
    if isinstance(step, int):
        args = typing.get_args(current)
        return args[0] if args else None
    if isinstance(current, type) and issubclass(current, msgspec.Struct):
        hints = typing.get_type_hints(current, include_extras=True)
        return hints.get(step)
    return None


def _known(found, *, named, what, allowed):
    known = allowed()
    return f"{what} has an unknown field '{found[1]}'" + (f" (known: {known})." if known else ".")


def _choice(found, *, named, what, allowed):
    known = allowed()
    return f"{named} must be one of {known}, not {found[1]}." if known else f"{named} has the unknown value {found[1]}."


_MESSAGES = (
    (r"Object contains unknown field `(.+)`", _known),
    (r"Object missing required field `(.+)`", lambda f, *, what, **_: f"{what} has no '{f[1]}'."),
    (r"Expected `(\w+)`, got `(\w+)`", lambda f, *, named, **_: f"{named} must be {_WORDS.get(f[1], f[1])}, "
                                                                 f"not {_WORDS.get(f[2], f[2])}."),
    (r"Expected `(\w+)` (>=|<=|>|<) (.+)", lambda f, *, named, **_: f"{named} must be "
                                                                     f"{_BOUND[f[2]]} {f[3].removesuffix('.0')}."),
    (r"Expected `str` of length >= 1", lambda f, *, named, **_: f"{named} must be a non-empty text."),
    (r"Expected `str` of length <= (\d+)", lambda f, *, named, **_: f"{named} must be at most {f[1]} characters."),
    (r"Expected `array` of length >= (\d+)", lambda f, *, named, **_: f"{named} must list at least {f[1]} entries."),
    (r"Expected `array` of length <= (\d+)", lambda f, *, named, **_: f"{named} must list at most {f[1]} entries."),
    (r"Expected `array` of length (\d+), got (\d+)", lambda f, *, named, **_: f"{named} must list {f[1]} entries, "
                                                                                f"it lists {f[2]}."),
    (r"Invalid enum value (.+)", _choice),
)
_BOUND = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than"}
