"""Undo / Redo of the request's edits: toolbar buttons and Ctrl+Z / Ctrl+Shift+Z outside text boxes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QToolButton, QWidget

from capi_desktop.ui.qt_keys import set_keys


class History(Protocol):
    @property
    def can_undo(self) -> bool: ...

    @property
    def can_redo(self) -> bool: ...


UNDO_TIP = (
    "Undo the last change to the request, typed customer information included (Ctrl+Z when "
    "the cursor is not in a text box; in a text box Ctrl+Z undoes its own typing)"
)
REDO_TIP = "Redo the change just undone (Ctrl+Shift+Z when the cursor is not in a text box)"


def _button(text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setEnabled(False)
    button.clicked.connect(slot)
    return button


class UndoButtons:
    """Buttons that follow the history (disabled when there is nothing to undo or redo).

    The shortcuts live on the panel with WidgetWithChildrenShortcut: a line edit or the JSON
    editor takes Ctrl+Z itself (Qt's shortcut override), so typing keeps its own undo."""

    def __init__(
        self,
        panel: QWidget,
        history: History,
        undo: Callable[[], object],
        redo: Callable[[], object],
    ) -> None:
        self._history = history
        self.undo_button = _button("Undo", UNDO_TIP, undo)
        self.redo_button = _button("Redo", REDO_TIP, redo)
        self.undo_button.setObjectName("composer_undo")
        self.redo_button.setObjectName("composer_redo")
        for keys, slot, name in (
            (QKeySequence.StandardKey.Undo, undo, "composer.undo"),
            (QKeySequence.StandardKey.Redo, redo, "composer.redo"),
        ):
            shortcut = QShortcut(QKeySequence(keys), panel)
            shortcut.setObjectName(name)
            set_keys(shortcut, "context", "WidgetWithChildrenShortcut")
            shortcut.activated.connect(slot)

    def refresh(self) -> None:
        self.undo_button.setEnabled(self._history.can_undo)
        self.redo_button.setEnabled(self._history.can_redo)
