"""Drawing with ReportLab: one module per artefact, the one imposition loop, and `internals`, the only module that
touches ReportLab's private parts."""
