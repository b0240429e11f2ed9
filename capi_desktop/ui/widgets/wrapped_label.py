"""A word-wrapped QLabel that remembers its height per width until its text or look changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from capi_desktop.ui.qt_keys import set_keys

if TYPE_CHECKING:
    from PySide6.QtCore import Qt


class WrappedLabel(QLabel):
    """QLabel with word wrap on whose `heightForWidth` answers from a cache.

    # WORKAROUND(https://code.qt.io/cgit/qt/qtbase.git/tree/src/widgets/widgets/qlabel.cpp):
    # QLabel::heightForWidth lays the whole text out again on every call (sizeForWidth; Qt
    # caches sizeHint, not heights), and layouts ask it again and again for the same few
    # widths while a panel is first laid out: a scroll area's resize asks the whole form. For
    # the Composer's kind summary alone that was ~20 M instructions of its start (callgrind).
    # Remove when QLabel caches its height for width.
    The height depends on the text, the format, the margin, the indent and the font/style;
    the cache is keyed on the text and cleared when any of the others changes (set contents
    margins before the first layout: that change is not seen here)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._heights: dict[int, int] = {}
        self._measured = text
        self.setWordWrap(True)

    def heightForWidth(self, width: int) -> int:
        text = self.text()
        if text != self._measured:
            self._heights.clear()
            self._measured = text
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:
        self._heights.clear()  # font, style, palette, enabled, ...: measure again
        super().changeEvent(event)

    def setTextFormat(self, format: Qt.TextFormat) -> None:
        self._heights.clear()
        super().setTextFormat(format)

    def set_format(self, keys: str) -> None:
        """setTextFormat by key name, "RichText" or "PlainText" (no Qt enum: see ui/qt_keys)."""
        self._heights.clear()
        set_keys(self, "textFormat", keys)

    def setWordWrap(self, on: bool) -> None:
        self._heights.clear()
        super().setWordWrap(on)

    def setIndent(self, indent: int) -> None:
        self._heights.clear()
        super().setIndent(indent)

    def setMargin(self, margin: int) -> None:
        self._heights.clear()
        super().setMargin(margin)
