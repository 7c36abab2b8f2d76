"""The HTML edition: the kit as static, accessible web pages (the manual, every card with its QR link, the worksheets'
questions and the digitale-inclusiematrix), made in memory for `kit build` and `kit serve`; no ReportLab."""

from kit.edition.pages import Link, language_edition, make_edition

__all__ = ["Link", "language_edition", "make_edition"]
