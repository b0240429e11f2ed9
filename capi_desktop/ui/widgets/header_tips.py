"""Tooltips for table header sections too narrow for their title (Qt elides them with "…")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QToolTip, QWidget


class HeaderTips(QObject):
    """One filter for every header of a panel: on hover, an elided title shows in full.

    Works for any model (QTableWidget items or a custom model's headerData), so a table added
    later only needs `watch()`; titles that fit show no tooltip.
    """

    def watch(self, root: QWidget) -> None:
        for header in root.findChildren(QHeaderView):
            if header.property("headerTips") is not True:
                header.setProperty("headerTips", True)
                header.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        header = watched.parent()
        if not isinstance(header, QHeaderView) or header.model() is None:
            return False
        text = section_tip(
            header,
            event.pos().x()
            if header.orientation() == Qt.Orientation.Horizontal
            else event.pos().y(),
        )
        if text:
            QToolTip.showText(event.globalPos(), text, header)
            return True
        return False


def section_tip(header: QHeaderView, position: int) -> str:
    """The full title of the section at `position` when it does not fit, else ""."""
    section = header.logicalIndexAt(position)
    model = header.model()
    if section < 0 or model is None:
        return ""
    own = model.headerData(section, header.orientation(), Qt.ItemDataRole.ToolTipRole)
    if own:
        return str(own)
    title = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
    if not title:
        return ""
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    needed = header.fontMetrics().horizontalAdvance(str(title)) + 2 * margin
    return str(title) if header.sectionSize(section) < needed else ""
