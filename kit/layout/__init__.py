"""Where things go, in millimetres: layout presets, sheet geometry, the legplan board and imposition.

Pure functions and small dataclasses; this layer never imports ReportLab.
"""
