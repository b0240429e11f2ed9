"""Meta's own view of a dataset (Dataset Quality API, pixel stats, DA checks): models and verdicts."""
