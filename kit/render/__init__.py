"""ReportLab renderers: one module per printed artefact, plus shared fonts, text fitting and drawing helpers."""
