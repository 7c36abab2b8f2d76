"""The defaults that ship with the kit: its content (texts, icons) and layout presets.

In an installed wheel they are package data beside this file (kit/defaults/content,
kit/defaults/layouts); in a checkout, and so in an editable install, they are the
top-level folders content/ and layouts/ that people edit, and from which the wheel
is built (see [tool.setuptools] in pyproject.toml). No second copy is kept.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _folder(name: str) -> Path:
    installed = _HERE / name
    return installed if installed.is_dir() else _HERE.parents[1] / name


CONTENT = _folder("content")
LAYOUTS = _folder("layouts")
