"""The "Paste a response" editor: previews huge pastes, highlights JSON only."""

from __future__ import annotations

import re

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
    """Colours a paste with the lexer of its own language, or not at all.

    The JSON lexer on a log line, an Android `{HttpStatus: 400, ...}` print or a Python repr
    marks each letter as a separate error token (letters lit up inside words); and under
    PySide6 6.12.0 + Python 3.11 every setFormat() call leaks a reference to None (thousands
    of them crash the process). So the language is chosen from the text, once per change,
    and text in no known language is left plain. Never detached (setDocument(None) then
    editing segfaults).
    """

    enabled = True

    def __init__(self, document: QTextDocument, language: str = "json", dark: bool = False) -> None:
        super().__init__(document, language, dark=dark)
        self.language: str | None = language

    def choose_for(self, text: str) -> None:
        """Pick the lexer for this paste (None: no colours) before it is laid out."""
        language = paste_language(text)
        if language != self.language:
            self.language = language
            if language is not None:
                self.set_language(language)  # rehighlights
            else:
                self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if self.enabled and self.language is not None:
            super().highlightBlock(text)


# "[400] #<Facebook::Error ..." starts like a JSON array but is a log line: only a bracket
# followed by an object, a string or nothing counts as JSON.
_JSON_HEAD = re.compile(r"""(?:\{\s*(?:"|\}|$)|\[\s*(?:\{|"|\[|\]|$))""")
_PYTHON_HEAD = re.compile(r"""(?:[bu]?'|[bu]?"|[\[{]\s*[bu]?')""")
_JS_HEAD = re.compile(r"""\{\s*[A-Za-z_$][\w$]*\s*:\s*'""")  # Node's util.inspect print


def paste_language(text: str) -> str | None:
    """ "json", "python" (dict and bytes reprs), "javascript" (object prints) or None."""
    head = text.lstrip()[:400]
    if _JSON_HEAD.match(head):
        return "json"
    if _PYTHON_HEAD.match(head):
        return "python"
    if _JS_HEAD.match(head):
        return "javascript"
    return None
