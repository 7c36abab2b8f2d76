"""The `kit` command: one module per command, each a thin layer over library functions."""
