"""Files the kit keeps between runs in the user's cache folder (~/.cache/beleidstool-kit, or $XDG_CACHE_HOME).

Only what is slow to make and never wrong to make again lives here: parsed
hyphenation patterns and the drawing operators of the category icons. A missing,
damaged or unwritable cache only makes a build slower.
"""

from __future__ import annotations

import os
from pathlib import Path


def folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "beleidstool-kit"


def read(name: str) -> bytes | None:
    try:
        return (folder() / name).read_bytes()
    except OSError:
        return None


def write(name: str, data: bytes) -> None:
    """Write atomically (a parallel build may write the same file); failures are ignored."""
    path = folder() / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f"{path.suffix}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass
