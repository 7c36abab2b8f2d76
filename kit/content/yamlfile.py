"""Reads YAML files into plain dicts and lists that remember the line of every mapping and key.

Errors about content must name the file and line, so the loader records the
line of each mapping (`node_line`) and of each key (`key_line`).
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import yaml

from kit import usercache
from kit.errors import KitError


class LineDict(dict):
    """A dict from YAML that knows the source file and the line of itself and each key."""

    path: str = ""
    line: int = 0
    key_lines: dict

    def key_line(self, key) -> int:
        return self.key_lines.get(key, self.line)

    def where(self, key=None) -> str:
        line = self.key_line(key) if key is not None else self.line
        return f"{self.path}:{line}"


class LineList(list):
    path: str = ""
    line: int = 0
    item_lines: list

    def where(self, index=None) -> str:
        line = self.item_lines[index] if index is not None else self.line
        return f"{self.path}:{line}"


# libyaml's C parser when PyYAML has it (it reads a 6000-card catalog ten times faster); marks work the same.
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def plain_yaml(text: str):
    """yaml.safe_load, through libyaml's C loader when PyYAML has it: a language's record of translated texts is read
    on every load of that language, and the pure-Python loader took 30 ms of a 70 ms French catalogue load."""
    return yaml.load(text, Loader=_BASE)


def _loader_for(path: str):
    class Loader(_BASE):
        pass

    def construct_mapping(loader, node):
        loader.flatten_mapping(node)
        result = LineDict()
        result.path = path
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise KitError(f"{path}:{key_node.start_mark.line + 1}: a key must be a plain word, not a list or mapping.")
            if key in result:
                raise KitError(
                    f"{path}:{key_node.start_mark.line + 1}: the key '{key}' appears twice in one mapping."
                )
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(loader, node):
        result = LineList(loader.construct_object(child, deep=True) for child in node.value)
        result.path = path
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    # dates stay text: the checks that read them give the sentence (2026-02-30 is not a day)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def load_yaml(path: Path | str, *, required: bool = True):
    """Parse one YAML file; a missing file or a syntax error becomes a KitError with file and line."""
    path = Path(path)
    if not path.is_file():
        if required:
            raise KitError(f"{path}: file not found.")
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KitError(f"{path}: not valid UTF-8 text ({exc.reason} at byte {exc.start}).") from None
    if len(text) >= CACHE_FROM:
        return _cached_parse(path, text)
    return _parse(path, text)


CACHE_FROM = 256_000  # characters; a file this big (a catalogue of thousands of cards) is parsed once per change
PARSE_CACHE = 1  # raise when what the loader builds changes


def _cached_parse(path: Path, text: str):
    """_parse, kept in the user's cache (kit.usercache) under the file's path, with the hash of its text:
    reading 6000 cards with line numbers takes half a second."""
    name = "yaml-" + hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:32] + ".pickle"
    digest = hashlib.sha256(f"{PARSE_CACHE} {yaml.__version__} {path}\n{text}".encode()).hexdigest()  # messages name `path`
    cached = usercache.read(name)
    if cached is not None:
        try:
            stored, data = pickle.loads(cached)
            if stored == digest:
                return data
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            pass
    data = _parse(path, text)
    usercache.write(name, pickle.dumps((digest, data), protocol=pickle.HIGHEST_PROTOCOL))
    return data


def _parse(path: Path, text: str):
    try:
        return yaml.load(text, Loader=_loader_for(str(path)))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise KitError(f"{path}{line}: broken YAML, {problem}.") from None
    except yaml.YAMLError as exc:
        raise KitError(f"{path}: broken YAML, {exc}.") from None
