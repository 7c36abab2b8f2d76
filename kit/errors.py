"""The one exception the kit raises for bad input: its message is a sentence for the user."""


class KitError(Exception):
    """Bad input or a failed build, explained in one sentence that names the file, line or card."""

