"""A push button whose long text elides to the width it is given, full text in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

MIN_CHARS = 12  # never narrower than about this many characters


class ElidedButton(QPushButton):
    """For texts built from data (field paths): the button asks for little width, so it never
    widens its pane and squeezes the form beside it, and shows as much text as fits."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._full = text
        self.setToolTip(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:
        # Qt's own minimumSizeHint calls sizeHint, so only this one is overridden.
        height = super().sizeHint().height()
        return QSize(self.fontMetrics().averageCharWidth() * MIN_CHARS, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        room = max(event.size().width() - 16, 0)  # the bevel's margins
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, room))
        super().resizeEvent(event)
