"""The `kit` commands around a workshop: serve the forms, create workshops, print the results."""
