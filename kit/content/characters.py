"""Which characters each format can hold, and a visible stand-in (U+FFFD) for the ones it cannot.

People type anything: emoji, other scripts, direction marks, and now and then a
control character pasted from elsewhere. Every character is accepted and kept;
where a format cannot hold one (a database cannot hold NUL or a lone surrogate,
XML (web pages, Word) no control characters or noncharacters), it is replaced
by U+FFFD, the replacement character, so nothing disappears without a trace.
PDFs print a placeholder for what their typeface lacks (kit.typeset.fit.printable).
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
# NUL (PostgreSQL refuses it) and lone surrogates (no UTF-8 can hold them)
_NOT_STORABLE = re.compile("[\x00\ud800-\udfff]")
# what XML 1.0 cannot hold: C0 controls but tab and line ends, lone surrogates, U+FFFE and U+FFFF; and the other
# noncharacters, which no text should show
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]|"
                      + "|".join(f"\\U{plane:04x}fffe|\\U{plane:04x}ffff" for plane in range(1, 17)))


def storable(text: str) -> str:
    """The text as a database can store it."""
    return _NOT_STORABLE.sub(REPLACEMENT, text)


def xml_safe(text: str) -> str:
    """The text as XML (a web page, a Word document) can hold it."""
    return _NOT_XML.sub(REPLACEMENT, text)
