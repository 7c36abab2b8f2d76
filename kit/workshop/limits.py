"""The limits of `kit serve`, as settings with defaults: history kept, a workshop's size, rate limits per client
address, the online legplan's participants, connections, builds on demand at once, and the largest request body (derived
from the answer fields' own limits; a logo upload may be as large as the logo limit)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from kit.errors import KitError
from kit.workshop.fields import FIELDS

# What one character can take in a form post: four bytes of UTF-8, each written as %XX.
_ENCODED_CHAR = 12


@dataclass(frozen=True)
class Limits:
    """Every limit of a server; 0 switches a rate limit off. README.md lists them with their options."""

    history: int = 50  # versions kept per card (the current one included)
    workshop_chars: int = 5_000_000  # text one workshop may hold, all its kept versions together (about 5 to 20 MB)
    saves_per_minute: int = 240  # per client address and workshop: a whole room behind one address saves freely
    creations_per_hour: int = 20  # new workshops per client address
    lookups_per_minute: int = 30  # unknown workshop codes or overview links per client address
    board_actions_per_minute: int = 600  # moves and stickers on the online legplan, per client address and workshop
    joins_per_hour: int = 120  # participants joining the online legplan, per client address
    participants: int = 300  # participants one workshop's online legplan takes
    connections: int = 1000  # open connections at once; more wait in the queue
    idle_seconds: int = 30  # an idle or half-sent connection is closed after this
    builds: int = 2  # builds on demand (the workbench's kit, preview and results) made at once, on every instance together
    workbench_per_hour: int = 60  # legplan settings saved and builds asked for, per client address and workshop

    def checked(self) -> Limits:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise KitError(f"the limit '{field.name}' must be a whole number of 0 or more, got {value!r}.")
        if self.history < 1:
            raise KitError("the limit 'history' keeps at least 1 version (the current answer).")
        if self.builds < 1:
            raise KitError("the limit 'builds' must let at least 1 build run.")
        if self.connections < 10:
            raise KitError("the limit 'connections' must allow at least 10 connections.")
        return self


def max_upload_bytes() -> int:
    """The largest body of a logo upload (the workbench's legplan form): the logo's limit and the form around it."""
    from kit.content.customize import MAX_LOGO_BYTES

    return MAX_LOGO_BYTES + 64 * 1024


def max_form_bytes() -> int:
    """The largest body a legitimate answer form can have: every field at its limit in four-byte characters,
    percent-encoded, plus the field names, the token and room for the hidden fields."""
    text = sum(field.limit for field in FIELDS if field.kind in ("text", "line"))
    return text * _ENCODED_CHAR + 16 * 1024
