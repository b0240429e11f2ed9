"""The Composer panel: compose a CAPI event with live normalization, lint and code export."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from capi_desktop.ui.panels.composer.composer_panel import ComposerPanel

__all__ = ["ComposerPanel"]


def __getattr__(name: str) -> Any:
    """Import the panel (and Qt) on first use: `controllers` stays importable without Qt."""
    if name == "ComposerPanel":
        from capi_desktop.ui.panels.composer.composer_panel import ComposerPanel

        return ComposerPanel
    raise AttributeError(name)
