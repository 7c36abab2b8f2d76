"""What leaves a build: files written atomically with their manifest, the print preflight, and page previews."""
