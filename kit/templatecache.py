"""Compiled Jinja templates kept in the user's cache (kit.usercache), for the HTML edition and kit serve's pages.

Jinja checks each compiled template against its template's text, so a changed
template is compiled again; a cache that cannot be written only costs time.
"""

from __future__ import annotations

import os

from jinja2 import FileSystemBytecodeCache

from kit import usercache


class KeptTemplates(FileSystemBytecodeCache):
    """Compiling the edition's templates took 50 ms of every build, and kit serve's some 20 ms per page the first
    time each is shown after a start (every instance, every restart)."""

    def __init__(self):
        super().__init__(str(usercache.folder() / "templates"))

    def dump_bytecode(self, bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)  # Jinja writes a temporary file and renames it: instances may share it
        except OSError:
            pass
