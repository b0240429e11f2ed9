"""The one typed place the Quality panel uses to reach the Composer (no getattr, no duck typing)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QWidget


class PanelHost(Protocol):
    """What the main window offers panels: build-on-demand and show by key."""

    def panel(self, key: str) -> QWidget: ...

    def show_panel(self, key: str) -> QWidget: ...


class ComposerLink:
    """Opens the Composer on a payload field (a JSON path such as data[0].user_data.fbc)."""

    def __init__(self) -> None:
        self._host: PanelHost | None = None

    def attach(self, host: PanelHost) -> None:
        self._host = host

    @property
    def available(self) -> bool:
        return self._host is not None

    def open_field(self, path: str) -> bool:
        from capi_desktop.ui.panels.composer.composer_panel import ComposerPanel

        if self._host is None:
            return False
        composer = self._host.panel("composer")
        if not isinstance(composer, ComposerPanel):
            return False
        self._host.show_panel("composer")
        return composer.focus_path(path)
