"""The one notice: a coloured message box (banner, note, state line) with optional title and action."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from capi_desktop.ui.qt_keys import set_keys
from capi_desktop.ui.theme import SEVERITY_COLORS
from capi_desktop.ui.widgets.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

# A framed notice reports on something the user just did (outlined, starts hidden, links and
# its action reachable by keyboard); a soft one explains a place (shaded, shown at once).
_FRAMED = "border: 1px solid {c}; border-left: 4px solid {c}; border-radius: 4px;"
_SOFT = "border-left: 4px solid {c}; background: palette(alternate-base);"


class Notice(QFrame):
    """Kind (ok / info / warning / error) colours the bar; `label` holds the text, `title` an
    optional bold first line and `action` an optional button. Offers the QLabel calls the
    panels use on it (setText, text, setTextFormat, setWordWrap)."""

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        kind: str = "info",
        framed: bool = False,
    ) -> None:
        super().__init__(parent)
        self._framed = framed
        self.kind = ""
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.title.hide()
        self.label = WrappedLabel(text)
        self.label.setOpenExternalLinks(True)
        if framed:
            self.label.set_format("RichText")
        flags = "TextBrowserInteraction" if framed else "TextSelectableByMouse"
        set_keys(self.label, "textInteractionFlags", flags)
        self.action = QPushButton()
        self.action.hide()
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addWidget(self.label)
        self._row = QHBoxLayout(self)
        # Text 10 px inside the coloured bar (a soft box's bar is not part of its margin).
        self._row.setContentsMargins(10 if framed else 17, 6, 10, 6)
        self._row.addLayout(column, 1)
        self._row.addWidget(self.action)  # top-aligned when shown: _pin_action
        self.set_kind(kind)
        if framed:
            self.hide()

    def set_kind(self, kind: str) -> None:
        self.kind = kind
        color = SEVERITY_COLORS.get(kind, SEVERITY_COLORS["info"])
        box = (_FRAMED if self._framed else _SOFT).format(c=color)
        # The type selector keeps the box off the child labels and the button.
        self.setStyleSheet(f"{type(self).__name__} {{ {box} }}")

    def show_message(self, kind: str, html: str, action: str = "", *, title: str = "") -> None:
        """Colour, text, optional action button and title, then show."""
        self.set_kind(kind)
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.label.setText(html)
        self.action.setText(action)
        if action:
            self._pin_action()
        self.action.setVisible(bool(action))
        self.show()

    def _pin_action(self) -> None:
        """The button at the top of the box, set when it shows: Qt.AlignTop is in PySide's Qt
        namespace, which panels starting with a notice keep off their first paint
        (ui/qt_keys). A stretch under the button instead made the box grow."""
        self._row.setAlignment(self.action, QtCore.Qt.AlignmentFlag.AlignTop)

    def clear(self) -> None:
        """Empty and hidden (a framed notice's resting state)."""
        self.title.clear()
        self.title.hide()
        self.label.clear()
        self.action.hide()
        self.hide()

    # ----- the QLabel calls panels make on a notice ---------------------------------------
    def setText(self, text: str) -> None:
        self.label.setText(text)

    def text(self) -> str:
        return self.label.text()

    def setTextFormat(self, text_format: Qt.TextFormat) -> None:
        self.label.setTextFormat(text_format)

    def setWordWrap(self, on: bool) -> None:
        self.label.setWordWrap(on)
