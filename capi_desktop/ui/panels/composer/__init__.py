"""The Composer panel: compose a CAPI event with live normalization, lint and code export."""

from __future__ import annotations

from capi_desktop.ui.panels.composer.composer_panel import ComposerPanel

__all__ = ["ComposerPanel"]
