"""Small widgets shared by the Send & Compare tabs: code views, badges, notes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from capi_desktop.ui.highlight import PygmentsHighlighter
from capi_desktop.ui.theme import SEVERITY_COLORS, is_dark

VERDICT_COLORS = {
    "deduplicated": SEVERITY_COLORS["ok"],
    "at_risk": SEVERITY_COLORS["warning"],
    "double_counted": SEVERITY_COLORS["error"],
    "accepted": SEVERITY_COLORS["ok"],
    "rejected": SEVERITY_COLORS["error"],
    "error": SEVERITY_COLORS["error"],
    "match": SEVERITY_COLORS["ok"],
    "ok": SEVERITY_COLORS["ok"],
    "same": SEVERITY_COLORS["ok"],
    "differs": SEVERITY_COLORS["warning"],
    "warning": SEVERITY_COLORS["warning"],
    "mismatch": SEVERITY_COLORS["error"],
    "missing": SEVERITY_COLORS["info"],
    "info": SEVERITY_COLORS["info"],
    "n/a": "#8a8d93",
    "matched": SEVERITY_COLORS["ok"],
    "browser_only": SEVERITY_COLORS["info"],
    "server_only": SEVERITY_COLORS["info"],
    "risk": SEVERITY_COLORS["warning"],
}
VERDICT_TEXT = {
    "deduplicated": "Deduplicated",
    "at_risk": "At risk",
    "double_counted": "Double counted",
}


def status_color(status: str) -> str:
    """A colour for a row/verdict status; unknown statuses are neutral grey."""
    key = status.lower()
    if key in VERDICT_COLORS:
        return VERDICT_COLORS[key]
    for word, color in (("error", "#d64545"), ("risk", "#d08b1c"), ("warn", "#d08b1c")):
        if word in key:
            return color
    return VERDICT_COLORS["n/a"]


class CodeView(QPlainTextEdit):
    """Read-only (or editable) monospace text with pygments highlighting."""

    def __init__(
        self, language: str = "json", *, read_only: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setReadOnly(read_only)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.highlighter = PygmentsHighlighter(self.document(), language, dark=is_dark())


class Badge(QLabel):
    """A rounded coloured label: a verdict or a send result."""

    def __init__(self, parent: QWidget | None = None, *, large: bool = False) -> None:
        super().__init__(parent)
        self._large = large
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_state("", "")

    def set_state(self, status: str, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        color = status_color(status) if status else "#8a8d93"
        size = "18px" if self._large else "12px"
        pad = "6px 16px" if self._large else "2px 10px"
        self.setStyleSheet(
            f"QLabel {{ background: {color}; color: white; border-radius: 6px;"
            f" padding: {pad}; font-weight: 600; font-size: {size}; }}"
        )
        self.setProperty("status", status)


class Note(QLabel):
    """A wrapped explanatory line in a soft box (permanent notes, empty states)."""

    def __init__(
        self, text: str = "", parent: QWidget | None = None, *, kind: str = "info"
    ) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setOpenExternalLinks(True)
        color = SEVERITY_COLORS.get(kind, SEVERITY_COLORS["info"])
        self.setStyleSheet(
            f"QLabel {{ border-left: 4px solid {color}; padding: 6px 10px;"
            " background: palette(alternate-base); }"
        )
