"""Exporting: corpus writers, manifest, dictionary, stats and validation of what was written."""
