"""Reads the tagging of a PDF back with pypdf: the structure tree, the headings in reading order, link
descriptions, and whether every piece of text on a page is tagged content or marked as an artifact."""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import ContentStream

TEXT_OPERATORS = {b"Tj", b"TJ", b"'", b'"'}


def structure(reader: PdfReader) -> list[tuple[str, int, str]]:
    """(tag, depth, /Alt or /T) of every structure element, in the tree's order (the reading order)."""
    out: list = []

    def walk(node, depth):
        node = node.get_object()
        tag = node.get("/S")
        if tag is not None:
            out.append((str(tag), depth, str(node.get("/Alt", "") or node.get("/T", ""))))
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and ("/S" in kid or "/K" in kid) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                walk(kid, depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], 0)
    return out


def heading_levels(reader: PdfReader) -> list[int]:
    """The levels of the H1..H6 elements in reading order (a /Title counts as level 0)."""
    levels = []
    for tag, _, _ in structure(reader):
        if tag == "/Title":
            levels.append(0)
        elif len(tag) == 3 and tag.startswith("/H") and tag[2].isdigit():
            levels.append(int(tag[2]))
    return levels


def links_without_description(reader: PdfReader) -> list[str]:
    found = []
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and not str(annotation.get("/Contents", "")).strip():
                found.append(f"page {number}: {annotation.get('/A')}")
    return found


def untagged_text(reader: PdfReader) -> list[str]:
    """Text drawn outside any marked content that is either tagged (has an MCID) or an artifact, per page."""
    found = []
    for number, page in enumerate(reader.pages, 1):
        stack: list[bool] = []  # per open marked-content sequence: does it tag or mark as artifact?
        content = ContentStream(page.get_contents(), reader)
        for operands, operator in content.operations:
            if operator in (b"BDC", b"BMC"):
                tag = operands[0]
                props = operands[1] if operator == b"BDC" and len(operands) > 1 else {}
                props = props.get_object() if hasattr(props, "get_object") else props
                marked = tag == "/Artifact" or (isinstance(props, dict) and "/MCID" in props)
                stack.append(marked)
            elif operator == b"EMC" and stack:
                stack.pop()
            elif operator in TEXT_OPERATORS and not any(stack):
                found.append(f"page {number}: {operands!r:.60}")
    return found
