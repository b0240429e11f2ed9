"""Quality panel: Meta's own view of the dataset (EMQ, diagnostics, dedup feedback) with history.

The panel lives in `.panel` and is not imported here: Credentials imports `.probe_html`, and
loading the whole panel (which imports Credentials' helpers) from there would be a cycle.
"""
