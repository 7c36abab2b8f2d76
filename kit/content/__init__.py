"""What the kit says: YAML with line numbers, the validated model, the catalog, settings, the manual's Markdown and translations.

Nothing here draws: this layer never imports ReportLab.
"""
