"""Corpus tests: every real-world input through the CLI commands users run."""
