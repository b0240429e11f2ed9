"""Quality panel: Meta's own view of the dataset (EMQ, diagnostics, dedup feedback) with history."""

from capi_desktop.ui.panels.quality.panel import QualityPanel

__all__ = ["QualityPanel"]
