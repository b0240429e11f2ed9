"""A small building block of the Credentials panel: a collapsible section."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget

from capi_desktop.ui.qt_keys import set_keys


class Collapsible(QWidget):
    """A header button that shows or hides its content (advanced settings, the guide)."""

    toggled = Signal(bool)

    def __init__(self, title: str, content: QWidget, *, expanded: bool = False) -> None:
        super().__init__()
        self.header = QToolButton()
        self.header.setText(title)
        self.header.setCheckable(True)
        set_keys(self.header, "toolButtonStyle", "ToolButtonTextBesideIcon")
        self.header.setAutoRaise(True)
        self.header.toggled.connect(self.set_expanded)
        self.content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(content)
        self.header.setChecked(expanded)
        self.set_expanded(expanded)

    def set_expanded(self, expanded: bool) -> None:
        if self.header.isChecked() != expanded:
            self.header.setChecked(expanded)  # re-enters through `toggled`
            return
        set_keys(self.header, "arrowType", "DownArrow" if expanded else "RightArrow")
        self.content.setVisible(expanded)
        self.toggled.emit(expanded)
