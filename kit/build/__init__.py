"""Turns content and presets into the kit's files: one recipe per artefact in a registry, the card pipeline, the workers."""
