"""Saddle-stitch imposition, as pure functions: which pages share each side of each folded sheet.

How to print the booklet: duplex, flip on the SHORT edge, at 100 %. Stack the
sheets in order, fold the stack in the middle and staple on the fold.
"""

from __future__ import annotations


def padded(pages: int) -> int:
    """The page count rounded up to a multiple of 4, as a folded sheet carries four pages."""
    return pages + (-pages) % 4


def booklet_sheets(pages: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """For each sheet: (front left, front right), (back left, back right), as 1-based page numbers.

    The outermost sheet comes first: its front holds the last and the first page.
    """
    if pages < 4 or pages % 4:
        raise ValueError(f"a booklet needs a multiple of 4 pages, not {pages}")
    return [((pages - 2 * s, 2 * s + 1), (2 * s + 2, pages - 2 * s - 1)) for s in range(pages // 4)]
