"""The one exception the kit raises for bad input: its message is a sentence for the user."""


class KitError(Exception):
    """Bad input or a failed build, explained in one sentence that names the file, line or card."""


def where(path, line=None) -> str:
    """Format a place in a file as `path:line` (or just `path`) for error messages."""
    return f"{path}:{line}" if line else str(path)
