"""Syntax highlighting for code views: pygments tokens rendered by a QSyntaxHighlighter."""

from __future__ import annotations

from functools import cache

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.styles import get_style_by_name
from pygments.token import Token, _TokenType
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextDocument

from capi_desktop.ui.json_highlighter import SizePause
from capi_desktop.ui.live_highlighters import ThemedHighlighter
from capi_desktop.ui.utf16 import has_astral, qt_length

LIGHT_STYLE = "friendly"
DARK_STYLE = "monokai"


@cache
def _lexer(language: str) -> Lexer:
    return get_lexer_by_name(language, stripnl=False, stripall=False, ensurenl=False)


@cache
def _formats(style_name: str) -> dict[_TokenType, QTextCharFormat]:
    style = get_style_by_name(style_name)
    formats: dict[_TokenType, QTextCharFormat] = {}
    for token, spec in style:
        fmt = QTextCharFormat()
        if spec["color"]:
            fmt.setForeground(QColor(f"#{spec['color']}"))
        if spec["bold"]:
            fmt.setFontWeight(QFont.Weight.Bold)
        if spec["italic"]:
            fmt.setFontItalic(True)
        formats[token] = fmt
    return formats


class PygmentsHighlighter(ThemedHighlighter):
    """Highlights each block with a pygments lexer (JSON, bash, python, ...)."""

    def __init__(self, document: QTextDocument, language: str = "json", dark: bool = False) -> None:
        super().__init__(document)
        self._language = language
        self._style = DARK_STYLE if dark else LIGHT_STYLE

    def set_language(self, language: str) -> None:
        if language != self._language:
            self._language = language
            self.rehighlight()

    def set_dark(self, dark: bool) -> None:
        style = DARK_STYLE if dark else LIGHT_STYLE
        if style != self._style:
            self._style = style
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if len(text) > 20_000:  # a minified megabyte line: skip rather than stall typing
            return
        formats = _formats(self._style)
        measure = qt_length if has_astral(text) else len  # setFormat counts UTF-16 units
        position = 0
        for token, value in _lexer(self._language).get_tokens(text):
            length = measure(value)
            fmt = None
            while token is not Token and fmt is None:
                fmt = formats.get(token)
                token = token.parent
            if fmt is not None and length:
                self.setFormat(position, length, fmt)
            position += length


class JsonEditorHighlighter(SizePause, PygmentsHighlighter):
    """pygments' JSON lexer for text the user types (comments, junk and all), paused for huge
    documents. The preview shows only JSON the app rendered: json_highlighter colours it."""

    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        super().__init__(document, "json", dark=dark)

    def highlightBlock(self, text: str) -> None:
        if self.enabled:
            super().highlightBlock(text)
