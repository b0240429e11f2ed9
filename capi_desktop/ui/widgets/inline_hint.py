"""An inline validation message that keeps its place: showing it never moves the form."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from capi_desktop.ui.qt_keys import TEXT_WORD_WRAP, set_keys
from capi_desktop.ui.theme import SEVERITY_COLORS


class InlineHint(QLabel):
    """Always `lines` lines tall, empty or not, so a message appearing as the user types never
    pushes the next field away from the pointer (clicks landed on the wrong widget). A one-line
    hint elides what does not fit; the full text is always in the tooltip."""

    def __init__(self, lines: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines
        self._full = ""
        self.setWordWrap(lines > 1)
        set_keys(self, "textFormat", "PlainText")
        set_keys(self, "alignment", "AlignLeft|AlignTop")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 2)

    def message(self) -> str:
        return self._full

    def set_message(self, level: str, text: str) -> None:
        """level: error / warning / ok / info, or "plain" for the palette's text colour."""
        self._full = text
        color = SEVERITY_COLORS.get(level)
        self.setStyleSheet(f"color: {color};" if color else "")
        self.setToolTip(text)
        self._fit()

    def _fit(self) -> None:
        if not self._full:  # the resting state: laid out before the first paint (ui/qt_keys)
            self.setText("")
            return
        width = max(self.width() - 2, 0)
        metrics = self.fontMetrics()
        if self._lines == 1:
            elide = QtCore.Qt.TextElideMode.ElideRight
            self.setText(metrics.elidedText(self._full, elide, width))
            return
        if not self._fits(self._full, width):  # keep the longest prefix that fits, plus "…"
            low, high = 0, len(self._full)
            while low < high:
                middle = (low + high + 1) // 2
                if self._fits(self._full[:middle] + "…", width):
                    low = middle
                else:
                    high = middle - 1
            self.setText(self._full[:low].rstrip() + "…")
        else:
            self.setText(self._full)

    def _fits(self, text: str, width: int) -> bool:
        if width <= 0:
            return not text
        box = self.fontMetrics().boundingRect(0, 0, width, 10_000, TEXT_WORD_WRAP, text)
        return box.height() <= self.fontMetrics().lineSpacing() * self._lines

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
