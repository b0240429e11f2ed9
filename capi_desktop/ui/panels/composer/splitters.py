"""A splitter that keeps given proportions while resizing, until the user drags a handle."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget


class ProportionalSplitter(QSplitter):
    """Stretch factors only share out *extra* space, so minimum size hints decide the split;
    this one shares the whole length by `ratios` instead (the window sizes we test: 1024-1920)."""

    def __init__(
        self, orientation: Qt.Orientation, ratios: Sequence[float], parent: QWidget | None = None
    ) -> None:
        super().__init__(orientation, parent)
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
        length = self.width() if self.orientation() == Qt.Orientation.Horizontal else self.height()
        total = sum(self._ratios)
        self.setSizes([int(length * r / total) for r in self._ratios])
