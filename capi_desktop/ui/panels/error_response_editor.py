"""The "Paste a response" editor: previews huge pastes, highlights JSON only."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

from capi_desktop.ui.highlight import PygmentsHighlighter

EDITOR_LIMIT = 300_000  # bigger pastes are decoded whole but shown as a preview
LONG_LINE = 5_000  # Qt lays out a 900 KB single line for minutes: such lines are cut for display
PREVIEW_CHARS = 100_000
# Pygments per line gets slow beyond this; and every setFormat() call leaks a reference to
# None under PySide6 6.12.0 + Python 3.11, so fewer tokens also means a later crash.
HIGHLIGHT_LIMIT = 20_000


def needs_preview(text: str) -> bool:
    if len(text) > EDITOR_LIMIT:
        return True
    return len(text) > LONG_LINE and max(map(len, text.split("\n"))) > LONG_LINE


def preview(text: str) -> str:
    """The start of the text with over-long lines cut, cheap for Qt to lay out."""
    lines = []
    size = 0
    for line in text[: PREVIEW_CHARS * 2].split("\n"):
        if len(line) > LONG_LINE:
            line = line[:LONG_LINE] + f" … [{len(line) - LONG_LINE:,} more characters]"
        lines.append(line)
        size += len(line) + 1
        if size > PREVIEW_CHARS:
            break
    return "\n".join(lines)


class ResponseEditor(QPlainTextEdit):
    """Hands huge pastes to the panel instead of laying out megabytes of text."""

    huge_paste = Signal(str)
    large_paste = Signal()  # emitted (directly) before a paste too big to highlight

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            text = source.text()
            if needs_preview(text):
                self.huge_paste.emit(text)
                return
            if len(text) + self.document().characterCount() > HIGHLIGHT_LIMIT:
                self.large_paste.emit()
        super().insertFromMimeData(source)


class SwitchableHighlighter(PygmentsHighlighter):
    """Paused for big or non-JSON text; never detached (setDocument(None) then editing segfaults)."""

    enabled = True

    def highlightBlock(self, text: str) -> None:
        # Only JSON gets colours: the JSON lexer marks each character of a log line or HTML
        # page as a separate error token, and under PySide6 6.12.0 + Python 3.11 every
        # setFormat() call leaks a reference to None (thousands of them crash the process).
        if self.enabled and _looks_like_json(self.document()):
            super().highlightBlock(text)


def _looks_like_json(document: QTextDocument) -> bool:
    block = document.firstBlock()
    while block.isValid():
        stripped = block.text().lstrip()
        if stripped:
            return stripped[0] in "{["
        block = block.next()
    return False
