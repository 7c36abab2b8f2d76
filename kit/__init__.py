"""Generator for the printable kit of the Beleidstool digitale inclusie voor lokale besturen.

Content (YAML in content/<lang>/) and layout presets (YAML in layouts/) are
validated into dataclasses (kit.model), laid out by pure geometry in
millimetres (kit.geometry) and drawn with ReportLab (kit.render).
"""

__version__ = "0.1.0"  # the one place of the version: pyproject.toml reads it, `kit --version` says it
NAME = "beleidstool-kit"


def made_by(content_hash: str) -> str:
    """What every file a build makes says made it (a PDF's Creator, the Word file's comments): the tool, its
    version and the hash of the texts it was made from (kit.content.sources.content_hash)."""
    return f"{NAME} {__version__} (content {content_hash or 'unknown'})"
