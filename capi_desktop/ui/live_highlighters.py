"""Every live code-view highlighter, so View › Theme recolours them all (no pygments here)."""

from __future__ import annotations

import weakref

from PySide6.QtGui import QSyntaxHighlighter, QTextDocument
from shiboken6 import isValid


class ThemedHighlighter(QSyntaxHighlighter):
    """A highlighter with light and dark colours; View › Theme calls its `set_dark`."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        _LIVE.add(self)

    def set_dark(self, dark: bool) -> None:
        raise NotImplementedError


_LIVE: weakref.WeakSet[ThemedHighlighter] = weakref.WeakSet()


def set_all_dark(dark: bool) -> None:
    for highlighter in list(_LIVE):
        # A wrapper can outlive its Qt object (Qt deleted its document): skip it.
        if isValid(highlighter):
            highlighter.set_dark(dark)
        else:
            _LIVE.discard(highlighter)
