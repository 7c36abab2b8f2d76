"""The workshop online: answer fields and their limits, the database, the results, and the website of `kit serve`.

This layer never imports ReportLab: serving a form draws nothing.
"""
