"""The request body as highlighted JSON: a read-only live preview and a two-way raw editor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFont, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.request.event_model import JsonError
from capi_desktop.ui.json_highlighter import JsonHighlighter
from capi_desktop.ui.plain_text import view_text
from capi_desktop.ui.theme import SEVERITY_COLORS, is_dark
from capi_desktop.ui.utf16 import qt_offset

if TYPE_CHECKING:  # pygments loads with the editor's first text, not with the Composer
    from PySide6.QtWidgets import QTextEdit

    from capi_desktop.ui.highlight import JsonEditorHighlighter


def _mono_font() -> QFont:
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by bisection on slice equality (C speed on megabytes)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def replace_text_minimal(edit: QPlainTextEdit, new: str, old: str | None = None) -> bool:
    """Swap in `new` by replacing only the changed middle: the highlighter then re-colours a
    few lines instead of the whole document, and the scroll position stays put."""
    if old is None:
        old = view_text(edit)
    if old == new:
        return False
    start = common_prefix(old, new)
    tail = common_prefix(old[start:][::-1], new[start:][::-1])
    end_old, end_new = len(old) - tail, len(new) - tail
    # An empty view has no position to keep (and its first fill, as the panel is built, then
    # makes PySide build no scroll-bar class).
    bar = edit.verticalScrollBar() if old else None
    position = bar.value() if bar is not None else 0
    cursor = QTextCursor(edit.document())
    cursor.setPosition(qt_offset(old, start))
    cursor.setPosition(qt_offset(old, end_old), QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(new[start:end_new])
    if bar is not None:
        bar.setValue(position)
    return True


class JsonPreview(QPlainTextEdit):
    """Read-only: exactly the body that would be POSTed (pretty-printed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFont(_mono_font())
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.document().setUndoRedoEnabled(False)
        self.highlighter = JsonHighlighter(self.document(), dark=is_dark())
        self._shown = ""

    def show_json(self, text: str) -> bool:
        self.highlighter.follow_size(len(text))
        # Read-only, so the view holds what we last put there: no 30 ms toPlainText() on 2 MB.
        changed = replace_text_minimal(self, text, self._shown)
        self._shown = text
        return changed


class JsonEditor(QWidget):
    """Raw JSON that drives the form. Invalid text is kept as typed; the form keeps its last
    valid state until the text parses again (or the user discards the text)."""

    text_edited = Signal()
    discard_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QPlainTextEdit()
        self.edit.setFont(_mono_font())
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        # The user's text may be anything (comments, junk): pygments colours it. It loads
        # (~10 ms) with the editor's first text, after the Composer has painted.
        self.highlighter: JsonEditorHighlighter | None = None
        self.edit.textChanged.connect(self._changed)
        self._setting = False
        self._error: JsonError | None = None

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.goto_button = QPushButton("Go to error")
        self.goto_button.clicked.connect(self.go_to_error)
        self.discard_button = QPushButton("Discard my text")
        self.discard_button.setToolTip("Replace the editor text by the form's current request")
        self.discard_button.clicked.connect(self.discard_requested.emit)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.goto_button)
        bar.addWidget(self.discard_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addLayout(bar)
        self.show_error(None)

    def text(self) -> str:
        return view_text(self.edit)

    def has_error(self) -> bool:
        return self._error is not None

    @property
    def error(self) -> JsonError | None:
        return self._error

    def set_text(self, text: str) -> None:
        """Programmatic update (from the form); never emits `text_edited`."""
        self._setting = True
        if text or self.highlighter is not None:
            self._highlighter().follow_size(len(text))
        try:
            replace_text_minimal(self.edit, text)
        finally:
            self._setting = False

    def _highlighter(self) -> JsonEditorHighlighter:
        if self.highlighter is None:
            from capi_desktop.ui.highlight import JsonEditorHighlighter

            self.highlighter = JsonEditorHighlighter(self.edit.document(), dark=is_dark())
        return self.highlighter

    def _changed(self) -> None:
        if not self._setting:
            # Typed (or pasted) text: colours from the first character on.
            self._highlighter().follow_size(self.edit.document().characterCount())
            self.text_edited.emit()

    def show_error(self, error: JsonError | None, *, form_ahead: bool = False) -> None:
        had_error, self._error = self._error is not None, error
        self.goto_button.setVisible(error is not None)
        self.discard_button.setVisible(error is not None)
        selections: list[QTextEdit.ExtraSelection] = []
        if error is None:
            self.status.setText("Valid JSON: the form follows your edits.")
            self.status.setStyleSheet(f"color: {SEVERITY_COLORS['ok']};")
        else:
            extra = " Form changes made since are not shown here." if form_ahead else ""
            self.status.setText(
                f"Invalid JSON at line {error.line}, column {error.column}: {error.message}. "
                f"Your text is kept; the form keeps the last valid request.{extra}"
            )
            self.status.setStyleSheet(f"color: {SEVERITY_COLORS['error']};")
            from PySide6.QtWidgets import QTextEdit  # here: PySide builds the class on first use

            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor(214, 69, 69, 50))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            block = self.edit.document().findBlockByNumber(max(error.line - 1, 0))
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        if selections or had_error:  # no mark to clear: no call (it builds QTextEdit's class)
            self.edit.setExtraSelections(selections)

    def go_to_error(self) -> None:
        if self._error is None:
            return
        block = self.edit.document().findBlockByNumber(max(self._error.line - 1, 0))
        cursor = QTextCursor(block)
        cursor.movePosition(
            QTextCursor.MoveOperation.Right,
            QTextCursor.MoveMode.MoveAnchor,
            min(max(self._error.column - 1, 0), block.length() - 1),
        )
        self.edit.setTextCursor(cursor)
        self.edit.setFocus()

    def go_to_offset(self, offset: int) -> None:
        cursor = QTextCursor(self.edit.document())
        text = view_text(self.edit)
        cursor.setPosition(qt_offset(text, min(offset, len(text))))
        self.edit.setTextCursor(cursor)
        self.edit.centerCursor()
        self.edit.setFocus()


class JsonPane(QTabWidget):
    """Preview and editor tabs; only the visible one is updated per keystroke, the other
    catches up when it is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = JsonPreview()
        self.editor = JsonEditor()
        self.addTab(self.preview, "Request preview")
        self.addTab(self.editor, "Edit JSON")
        self.text = ""
        self._preview_stale = self._editor_stale = False
        self.editor.discard_requested.connect(self.discard_editor_text)
        self.currentChanged.connect(self._tab_changed)

    def show_text(self, text: str, *, from_editor: bool) -> None:
        """The body's JSON changed; `from_editor`: the user's own text must stay as typed."""
        if text == self.text:
            return
        self.text = text
        if self.currentWidget() is self.preview:
            self.preview.show_json(text)
        else:
            self._preview_stale = True
        if from_editor:
            return
        if self.editor.has_error():
            self.editor.show_error(self.editor.error, form_ahead=True)  # never overwrite it
        elif self.currentWidget() is self.editor:
            self.editor.set_text(text)
        else:
            self._editor_stale = True

    def reset(self) -> None:
        """A new draft: forget the editor's text and error."""
        self.editor.show_error(None)
        self.editor.set_text("")
        self.text = ""

    def discard_editor_text(self) -> None:
        self.editor.show_error(None)
        self.editor.set_text(self.text)
        self._editor_stale = False

    def _tab_changed(self, _index: int) -> None:
        if self.currentWidget() is self.preview and self._preview_stale:
            self.preview.show_json(self.text)
            self._preview_stale = False
        elif (
            self.currentWidget() is self.editor
            and not self.editor.has_error()
            and (self._editor_stale or not self.editor.text())
        ):
            self.editor.set_text(self.text)
            self._editor_stale = False
