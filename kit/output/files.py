"""Writes generated files atomically and keeps the per-language manifest.

Every file is written to a temporary name in its folder and renamed into place,
so a reader never sees half a PDF; the manifest is written last, after all files.
The manifest says which tool, in which version, made the files from which texts
(the content's hash): for the whole build, and per file, as single commands add files later.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import NamedTuple

from kit.errors import KitError


class Output(NamedTuple):
    """One file a recipe made: its path in OUT/<lang>/ (a name, or folder/name with '/' between the parts, such as
    html/index.html), its bytes, and its manifest entry (kind, pages, size, ...)."""

    name: str
    data: bytes
    entry: dict


def output(name: str, data: bytes, kind: str, pages: int | None, page_size_mm, **more) -> Output:
    """An Output with the manifest entry every file has: path, kind, pages and page size in mm (None for a file
    without pages, such as a web page)."""
    _check_path(name)
    size = [round(v, 3) for v in page_size_mm] if page_size_mm else None
    return Output(name, data, {"path": name, "kind": kind, "pages": pages, "page_size_mm": size, **more})


def office_printer(paper) -> dict:
    """What a manifest entry says of a file meant for an office printer: the border the printer cannot reach, which
    the preflight keeps blank (kit.output.preflight.rules_for)."""
    return {"printer": "office", "unprintable_mm": paper.unprintable_mm}


PRINT_SHOP = {"printer": "print shop"}  # CMYK, and small text in one solid ink (kit.output.preflight.rules_for)


def _check_path(name: str) -> None:
    """A recipe's file stays inside its language folder: a relative path with '/' between its parts, none empty or '..'."""
    parts = name.split("/")
    if not name or "\\" in name or name.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"an output's path must stay inside the language folder, got {name!r}")


# kinds that single commands add next to a full build (a customised legplan, chosen fiches, calibration,
# a workshop's results)
SEPARATE_KINDS = ("legplan", "legplan-tiled", "worksheet-fiches", "calibration",
                  "results", "legplan-filled", "legplan-filled-tiled", "plan", "plan-docx")


def write_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes private files; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def manifest_bytes(lang: str, files: list[dict], stamp: dict | None = None) -> bytes:
    """Stable JSON: files in build order, keys sorted, so rebuilds give identical bytes. `stamp` (the tool, its version
    and the content's hash: kit.build.provenance.stamp) describes the build that wrote it last."""
    return (json.dumps({"lang": lang, "files": files, **(stamp or {})}, indent=2, sort_keys=True, ensure_ascii=False)
            + "\n").encode("utf-8")


def _stamped(outputs: list, stamp: dict | None) -> list[dict]:
    """The manifest entries of a build's outputs, each with what made it."""
    return [{**entry, **(stamp or {})} for _, _, entry in outputs]


def write_all(folder: Path, lang: str, outputs: list[tuple[str, bytes, dict]], stamp: dict | None = None) -> Path:
    """Write (name, bytes, manifest entry) outputs, then the manifest that lists them."""
    folder = Path(folder)
    try:
        earlier = existing_entries(folder)
    except Exception:  # a damaged manifest is replaced by a full build
        earlier = []
    for name, data, _ in outputs:
        write_atomic(folder / name, data)
    manifest = folder / "manifest.json"
    made = {entry["path"] for _, _, entry in outputs}
    kept = [e for e in earlier if e["path"] not in made and e.get("kind") in SEPARATE_KINDS and (folder / e["path"]).is_file()]
    write_atomic(manifest, manifest_bytes(lang, _stamped(outputs, stamp) + kept, stamp))
    return manifest


def read_manifest(folder: Path) -> dict:
    return json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))


def existing_entries(folder: Path) -> list[dict]:
    """The file entries of a language's manifest, or [] when there is none; a damaged one is a KitError."""
    path = Path(folder) / "manifest.json"
    if not path.is_file():
        return []
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
        assert isinstance(files, list) and all(isinstance(f, dict) and "path" in f for f in files)
        return files
    except (ValueError, KeyError, TypeError, AssertionError):
        raise KitError(f"{path}: the manifest is damaged; delete it and run `kit build` again.") from None


def merge_into_manifest(folder: Path, lang: str, outputs: list[tuple[str, bytes, dict]], stamp: dict | None = None) -> Path:
    """Write files made by a single command and add them to the language's manifest, replacing same paths."""
    folder = Path(folder)
    manifest = folder / "manifest.json"
    files = existing_entries(folder)  # read before writing anything: a damaged manifest stops here
    for name, data, _ in outputs:
        write_atomic(folder / name, data)
    new = {entry["path"]: entry for entry in _stamped(outputs, stamp)}
    merged = [new.pop(f["path"], f) for f in files] + list(new.values())
    write_atomic(manifest, manifest_bytes(lang, merged, stamp))
    return manifest
