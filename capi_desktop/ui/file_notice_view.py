"""Shows every app file found damaged or unwritable (at start and later) in the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMessageBox


class FileNoticeView(QObject):
    """The backend reports from any thread; the signal brings each notice to the GUI thread,
    where it goes to the status bar and to one non-modal box that lists them all."""

    notice = Signal(str)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.box: QMessageBox | None = None
        self.notice.connect(self.show)

    def watch(self) -> None:
        """Show the notices queued so far, and every later one as it happens."""
        from capi_desktop.backend import file_notices

        file_notices.set_notice_listener(lambda notice: self.notice.emit(notice.message))
        for notice in file_notices.drain_notices():
            self.show(notice.message)

    def stop(self) -> None:
        from capi_desktop.backend import file_notices

        file_notices.set_notice_listener(None)

    def show(self, message: str) -> None:
        from capi_desktop.ui.window_dialogs import show_file_notice

        self._window.statusBar().showMessage(message, 15_000)
        self.box = show_file_notice(self._window, message, self.box)
