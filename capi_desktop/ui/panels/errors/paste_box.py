"""The Error lookup's paste box: the response editor (previews huge pastes), its status line, Copy."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.ui.panels.errors.response_editor import (
    HIGHLIGHT_LIMIT,
    ResponseEditor,
    SwitchableHighlighter,
    needs_preview,
    preview,
)
from capi_desktop.ui.theme import is_dark


class PasteBox(QWidget):
    """Holds the whole text of a huge paste while the editor shows a preview; `edited` fires
    when the user changes the text (not when it is set or rehighlighted)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full_text: str | None = None
        self._programmatic = False
        self.editor = ResponseEditor()
        self.editor.setObjectName("responseEditor")
        self.editor.setPlaceholderText(
            'Paste a response here: {"error": {...}}, a log line or an HTML error page'
        )
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.highlighter = SwitchableHighlighter(self.editor.document(), "json", dark=is_dark())
        self.trace_label = QLabel("Nothing decoded yet")
        self.trace_label.setObjectName("traceLabel")
        self.trace_label.setWordWrap(True)
        # A pasted value must never widen the left column and squeeze the detail pane.
        self.trace_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.trace_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton("Copy support summary")
        self.copy_button.setToolTip(
            "Code, subcode, title, fbtrace_id and time — no token, no payload data"
        )
        self.copy_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Paste a response</b> (decoded as you paste)"))
        layout.addWidget(self.editor, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.trace_label, 1)
        bottom.addWidget(self.copy_button)
        layout.addLayout(bottom)
        self.editor.textChanged.connect(self._on_editor_changed)
        self.editor.large_paste.connect(lambda: self._set_highlighting(False))

    def set_text(self, text: str) -> None:
        """Show a response (huge text: a preview; `text()` still gives all of it)."""
        huge = needs_preview(text)
        shown = preview(text) if huge else text
        self._programmatic = True  # rehighlighting emits textChanged too
        try:
            self._set_highlighting(len(shown) <= HIGHLIGHT_LIMIT)
            self.highlighter.choose_for(shown)
            self.editor.setPlainText(shown)
        finally:
            self._programmatic = False
        self._full_text = text if huge else None
        if huge:
            self.trace_label.setText(
                f"Decoding {len(text):,} characters (the editor shows a shortened preview)…"
            )

    def text(self) -> str:
        return self._full_text if self._full_text is not None else self.editor.toPlainText()

    def _set_highlighting(self, on: bool) -> None:
        if on != self.highlighter.enabled:
            self.highlighter.enabled = on
            if on:
                self.highlighter.rehighlight()

    def _on_editor_changed(self) -> None:
        if self._programmatic:
            return
        self._full_text = None  # the user edited the preview: decode what is shown
        size = self.editor.document().characterCount()
        self._programmatic = True  # a rehighlight below emits textChanged: not an edit
        try:
            self._set_highlighting(size <= HIGHLIGHT_LIMIT)
            self.highlighter.choose_for(_head(self.editor))
        finally:
            self._programmatic = False
        self.edited.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_dark(is_dark())
        super().changeEvent(event)


def _head(editor: QPlainTextEdit, size: int = 400) -> str:
    """The first characters of the editor without copying a huge document."""
    parts: list[str] = []
    block = editor.document().firstBlock()
    while block.isValid() and sum(map(len, parts)) < size:
        parts.append(block.text())
        block = block.next()
    return "\n".join(parts)[:size]
