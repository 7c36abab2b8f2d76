"""Tagged, accessible PDFs (PDF/UA-1) of the documents a municipality publishes: the manual on A4, the results
report and the draft plan, typeset by Typst.

ReportLab, which makes the print files, writes no structure tree. Typst does: headings, lists, tables with
header cells, links with a description, figures with alternative text, page furniture marked as artifacts, the
document's language and title shown in the viewer's title bar, and XMP metadata. The kit hands Typst one of the
templates in kit/render/typst/ and the document as JSON data, never as Typst markup, so typed text is only ever
text. This is the one module that drives the typst package.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kit.content import typography
from kit.errors import KitError
from kit.render.text import printable
from kit.typeset import fonts

TEMPLATES = Path(__file__).parent / "typst"
# Typst falls back along this list character by character: Noto Sans for Vietnamese, Greek and Cyrillic (and French
# narrow spaces), Noto Sans Arabic, which Typst shapes and sets right to left itself (kit.typeset.fonts)
FONT_FAMILIES = ["Atkinson Hyperlegible", "Noto Sans", "Noto Sans Arabic"]
TIMESTAMP = 946684800  # 2000-01-01, as ReportLab's invariant mode: the same document gives the same bytes
RAW_KEYS = frozenset({"svg", "u", "url", "colour", "head_fill", "head_ink", "line", "kind", "style", "columns", "lang"})


# Typst starts worker threads at its first document. A process forked after that has the threads' locks but not
# the threads, and its next Typst document would wait forever; such a process hands Typst to a fresh one instead.
_THREADS = {"started": False, "inherited": False}
os.register_at_fork(after_in_child=lambda: _THREADS.update(inherited=_THREADS["started"]))


def compile_pdf(template: str, document: dict) -> bytes:
    """The PDF of `document` (meta, page, blocks, ...) set with kit/render/typst/<template>.typ."""
    data = json.dumps(printable_all(dict(document, fonts=FONT_FAMILIES), lang=document["meta"].get("lang", "")))
    if _THREADS["inherited"]:
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as fresh:
            made, warnings = fresh.submit(_typeset, template, data, document["meta"]["subject"]).result()
    else:
        made, warnings = _typeset(template, data, document["meta"]["subject"])
    if warnings:  # e.g. a layout that did not settle: its contents could name the wrong pages
        raise KitError(f"{document['meta']['subject']}: the accessible PDF is not right: {warnings[0]}")
    return _finished(made, document["meta"].get("creator", ""))


def _typeset(template: str, data: str, what: str) -> tuple[bytes, list[str]]:
    import typst

    _THREADS["started"] = True
    try:
        made, warnings = typst.compile_with_warnings(
            str(TEMPLATES / f"{template}.typ"), root=str(TEMPLATES), font_paths=[str(path) for path in fonts.folders()],
            ignore_system_fonts=True, sys_inputs={"document": data}, pdf_standards=["ua-1"], timestamp=TIMESTAMP)
    except RuntimeError as exc:  # typst.TypstError: a template fault, or text the standard does not allow
        raise KitError(f"{what}: the accessible PDF could not be made: {_first_line(exc)}") from None
    return made, [_first_line(w) for w in warnings]


def _first_line(message) -> str:
    text = str(message).strip()
    return text.splitlines()[0] if text else type(message).__name__


def _finished(pdf: bytes, creator: str) -> bytes:
    """The PDF with a TrimBox (the whole page) on every page, as every file of the kit has, and the kit's Creator
    (its version and the content's hash), added as an incremental update: Typst's bytes, tags included, stay as
    they are.

    The update is written here rather than by pypdf's incremental writer, which parses and hashes every object of
    the document first: 0.25 s of the manual's 0.6 s. Only the pages and the Info dictionary are read (lazily) and
    written again, with a cross-reference stream as Typst's own file has.
    """
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.generic import NameObject, TextStringObject

    reader = PdfReader(BytesIO(pdf), strict=True)
    changed = {}
    for page in reader.pages:
        page[NameObject("/TrimBox")] = page.mediabox
        changed[page.indirect_reference.idnum] = page
    info = reader.trailer.raw_get("/Info") if "/Info" in reader.trailer else None
    if creator and info is not None:
        fields = info.get_object()
        fields[NameObject("/Creator")] = TextStringObject(creator)
        changed[info.idnum] = fields
    return _appended(pdf, changed, reader.trailer, info)


def _appended(pdf: bytes, changed: dict, trailer, info) -> bytes:
    """`pdf` followed by new versions of the `changed` objects (number -> object, generation 0) and a cross-reference
    stream that points to them, chained to the file's last one with /Prev."""
    import zlib
    from io import BytesIO

    previous = int(pdf[pdf.rindex(b"startxref") + len(b"startxref"):].split()[0])
    out = BytesIO(pdf)
    out.seek(0, 2)
    if not pdf.endswith(b"\n"):
        out.write(b"\n")
    offsets = {}
    for number in sorted(changed):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number)
        changed[number].write_to_stream(out)
        out.write(b"\nendobj\n")
    xref = int(trailer["/Size"])
    offsets[xref] = out.tell()
    rows = zlib.compress(b"".join(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00" for number in sorted(offsets)))
    index = " ".join(f"{number} 1" for number in sorted(offsets))
    ids = "".join(f"<{part.original_bytes.hex()}>" for part in trailer.get("/ID", []))
    root = trailer.raw_get("/Root")
    head = (f"<< /Type /XRef /Size {xref + 1} /Root {root.idnum} {root.generation} R"
            + (f" /Info {info.idnum} {info.generation} R" if info is not None else "")
            + (f" /ID [{ids}]" if ids else "")
            + f" /Prev {previous} /Index [{index}] /W [1 4 1] /Filter /FlateDecode /Length {len(rows)} >>")
    out.write(f"{xref} 0 obj\n{head}\nstream\n".encode("ascii") + rows + b"\nendstream\nendobj\n")
    out.write(f"startxref\n{offsets[xref]}\n%%EOF\n".encode("ascii"))
    return out.getvalue()


def printable_all(value, key: str = "", lang: str = ""):
    """Every text of the document as the kit's fonts can print it (kit.typeset.fit.printable): PDF/UA forbids a
    character with no glyph, so a Chinese name becomes the kit's visible placeholder, as on the cards; with the
    language's typographic spaces (kit.content.typography: French narrow no-break spaces)."""
    if isinstance(value, str):
        if key in RAW_KEYS:
            return value
        shown = printable(value, fonts.REGULAR)
        return typography.rules(lang).spaced(shown) if lang else shown
    if isinstance(value, dict):
        return {k: printable_all(v, k, lang) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable_all(v, key, lang) for v in value]
    return value


def page_count(pdf: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def pages_linking(pdf: bytes, urls) -> list[int]:
    """The pages (0-based) with a link to one of `urls`: where the QR codes beside the links are."""
    from io import BytesIO

    from pypdf import PdfReader

    wanted, found = set(urls), []
    for number, page in enumerate(PdfReader(BytesIO(pdf)).pages):
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if action.get("/URI") in wanted:
                found.append(number)
                break
    return found
