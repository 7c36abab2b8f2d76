"""Fitting text into frames: the typeface and its metrics, line breaking with hyphenation, shrink-to-fit."""
