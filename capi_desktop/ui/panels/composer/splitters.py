"""A splitter that keeps given proportions while resizing, until the user drags a handle."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter

from capi_desktop.ui.qt_keys import set_keys


class ProportionalSplitter(QSplitter):
    """Stretch factors only share out *extra* space, so minimum size hints decide the split;
    this one shares the whole length by `ratios` instead (the window sizes we test: 1024-1920).
    Side by side unless `vertical` (a bool, not Qt.Orientation: see ui/qt_keys)."""

    def __init__(self, ratios: Sequence[float], *, vertical: bool = False) -> None:
        super().__init__()  # no argument: QSplitter(None) makes PySide check Qt.Orientation
        set_keys(self, "orientation", "Vertical" if vertical else "Horizontal")
        self._vertical = vertical
        self._ratios = tuple(ratios)
        self._by_user = False
        self.setChildrenCollapsible(False)
        self.splitterMoved.connect(self._moved)

    def _moved(self, *_: object) -> None:
        self._by_user = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._by_user or self.count() != len(self._ratios):
            return
        length = self.height() if self._vertical else self.width()
        total = sum(self._ratios)
        self.setSizes([int(length * r / total) for r in self._ratios])
