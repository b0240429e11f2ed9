"""Closing the main window with unsaved panel work: ask first, then save or discard."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from capi_desktop.ui.panel_lifecycle import HoldsUnsavedWork

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget


class CloseGuard:
    """Keeps a close from silently losing edits: `allow_close()` says whether to close now."""

    def __init__(self, window: QMainWindow, panels: Callable[[], Iterable[QWidget]]) -> None:
        self._window = window
        self._panels = panels
        self.confirmed = False  # the user chose Save (and it worked) or Discard
        self.prompt: QMessageBox | None = None

    def unsaved_changes(self) -> list[tuple[HoldsUnsavedWork, str]]:
        found: list[tuple[HoldsUnsavedWork, str]] = []
        for panel in self._panels():
            if isinstance(panel, HoldsUnsavedWork):
                message = panel.unsaved_changes()
                if message:
                    found.append((panel, message))
        return found

    def allow_close(self) -> bool:
        """True to close now; False after asking (the answer closes the window again)."""
        found = [] if self.confirmed else self.unsaved_changes()
        if found:
            self._ask(found)
            return False
        return True

    def _ask(self, found: list[tuple[HoldsUnsavedWork, str]]) -> QMessageBox:
        from capi_desktop.ui.async_qt import start_task
        from capi_desktop.ui.window_dialogs import ask_unsaved

        def discard() -> None:
            self.confirmed = True
            self._window.close()

        def save() -> None:
            start_task(self._save_then_close([panel for panel, _ in found]))

        self.prompt = ask_unsaved(
            self._window, [message for _, message in found], on_discard=discard, on_save=save
        )
        return self.prompt

    async def _save_then_close(self, panels: list[HoldsUnsavedWork]) -> None:
        for panel in panels:
            if not await panel.save_unsaved():
                self._window.statusBar().showMessage(
                    "Not saved: fix the problem shown, then quit.", 8000
                )
                return
        self.confirmed = True
        self._window.close()
