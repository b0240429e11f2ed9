"""Send & Compare panel: test sends, history, browser-vs-server dedup comparison, HAR audit."""

from __future__ import annotations

from capi_desktop.ui.panels.send_compare.panel import SendComparePanel

__all__ = ["SendComparePanel"]
