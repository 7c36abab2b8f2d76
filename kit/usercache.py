"""Files the kit keeps between runs in the user's cache folder (~/.cache/beleidstool-kit, or $XDG_CACHE_HOME; on
Windows %LOCALAPPDATA%\\beleidstool-kit).

Only what is slow to make and never wrong to make again lives here: parsed
hyphenation patterns, the drawing operators of the category icons, and the
compiled templates of the HTML edition and of kit serve (kit.templatecache). A missing,
damaged or unwritable cache only makes a build slower.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def folder() -> Path:
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "beleidstool-kit"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):  # where Windows programs keep caches
        return Path(os.environ["LOCALAPPDATA"]) / "beleidstool-kit"
    return Path.home() / ".cache" / "beleidstool-kit"


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
