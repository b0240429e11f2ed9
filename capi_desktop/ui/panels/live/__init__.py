"""Live session panel: a real browser journey, browser and server events paired as they happen."""

from capi_desktop.ui.panels.live.panel import LivePanel

__all__ = ["LivePanel"]
