"""Renders the PDFs listed in a language's manifest to PNG images, to look at before printing."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium

from kit.output.files import read_manifest, write_atomic


def write_previews(folder: Path, dpi: int = 72, progress=None) -> list[Path]:
    """One PNG per page into <folder>/preview/, named after the PDF and page number."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    written = []
    for old in (folder / "preview").glob("*.png"):  # images of pages that no longer exist
        old.unlink()
    for entry in manifest["files"]:
        if not entry["path"].endswith(".pdf"):
            continue
        document = pdfium.PdfDocument(str(folder / entry["path"]))
        try:
            stem = Path(entry["path"]).stem
            for index in range(len(document)):
                image = document[index].render(scale=dpi / 72).to_pil()
                data = io.BytesIO()
                image.save(data, format="PNG", optimize=False)
                target = folder / "preview" / f"{stem}-{index + 1:03d}.png"
                write_atomic(target, data.getvalue())
                written.append(target)
                if progress:
                    progress(1)
        finally:
            document.close()
    return written
