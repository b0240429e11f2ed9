"""A small widget of the Send & Compare tabs: the highlighted code view."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from capi_desktop.ui.highlight import PygmentsHighlighter
from capi_desktop.ui.theme import is_dark


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
