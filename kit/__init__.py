"""Generator for the printable kit of the Beleidstool digitale inclusie voor lokale besturen.

Content (YAML in content/<lang>/) and layout presets (YAML in layouts/) are
validated into dataclasses (kit.model), laid out by pure geometry in
millimetres (kit.geometry) and drawn with ReportLab (kit.render).
"""

__version__ = "0.1.0"
