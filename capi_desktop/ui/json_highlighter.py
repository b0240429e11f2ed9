"""Colours for JSON the app rendered itself (the Composer preview): json_colours, no pygments."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextDocument

from capi_desktop.ui.json_colours import colours, spans
from capi_desktop.ui.live_highlighters import ThemedHighlighter
from capi_desktop.ui.qt_keys import solid_brush
from capi_desktop.ui.utf16 import qt_spans

HIGHLIGHT_LIMIT = 200_000  # characters in the document; past this, colours are paused
LINE_LIMIT = 20_000  # characters in one line: a minified megabyte line is left plain


class SizePause:
    """Pause for huge text (the colours of a 2 MB request are not worth seconds of typing)."""

    enabled = True

    def follow_size(self, length: int) -> None:
        self.enabled = length <= HIGHLIGHT_LIMIT


@cache
def _formats(dark: bool) -> dict[str, QTextCharFormat]:
    formats: dict[str, QTextCharFormat] = {}
    for kind, colour in colours(dark).items():
        if colour == (None, False, False):
            continue  # the view's own text colour: nothing to set
        fmt = QTextCharFormat()
        if colour.color:
            fmt.setForeground(solid_brush(QColor(colour.color)))
        if colour.bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if colour.italic:
            fmt.setFontItalic(True)
        formats[kind] = fmt
    return formats


class JsonHighlighter(SizePause, ThemedHighlighter):
    """pygments' JSON colours (friendly / monokai), without loading pygments."""

    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        super().__init__(document)
        self._dark = dark

    def set_dark(self, dark: bool) -> None:
        if dark != self._dark:
            self._dark = dark
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if not self.enabled or len(text) > LINE_LIMIT:
            return
        formats = _formats(self._dark)
        for start, length, kind in qt_spans(text, spans(text)):
            fmt = formats.get(kind)
            if fmt is not None:
                self.setFormat(start, length, fmt)
