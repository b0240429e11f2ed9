"""Small building blocks of the Credentials panel: a collapsible section and a message banner."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.ui.theme import SEVERITY_COLORS


class Collapsible(QWidget):
    """A header button that shows or hides its content (advanced settings, the guide)."""

    toggled = Signal(bool)

    def __init__(self, title: str, content: QWidget, *, expanded: bool = False) -> None:
        super().__init__()
        self.header = QToolButton()
        self.header.setText(title)
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
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
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.content.setVisible(expanded)
        self.toggled.emit(expanded)

    def is_expanded(self) -> bool:
        return self.header.isChecked()


class Banner(QFrame):
    """A coloured message line with an optional action button; hidden when empty."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("banner")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setOpenExternalLinks(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.action = QPushButton()
        self.action.hide()
        self.level = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, level: str, html: str, action: str = "") -> None:
        """level: ok | info | warning | error."""
        color = SEVERITY_COLORS.get(level, SEVERITY_COLORS["info"])
        self.level = level
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ border: 1px solid {color}; border-left: 4px solid {color};"
            " border-radius: 4px; }"
        )
        self.label.setText(html)
        self.action.setText(action)
        self.action.setVisible(bool(action))
        self.show()

    def clear(self) -> None:
        self.level = ""
        self.label.clear()
        self.action.hide()
        self.hide()

    def text(self) -> str:
        return self.label.text() if self.isVisible() or self.level else ""


def badge(text: str, level: str) -> str:
    """Inline HTML for a small coloured pill (e.g. "Local emulator — not Meta")."""
    color = SEVERITY_COLORS.get(level, SEVERITY_COLORS["info"])
    return (
        f'<span style="background-color:{color}; color:white; font-weight:600;">'
        f"&nbsp;{text}&nbsp;</span>"
    )
