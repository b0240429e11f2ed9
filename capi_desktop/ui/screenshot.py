"""Render the main window on one panel to a PNG, with synthetic demo data (the app is handed in)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from capi_desktop.services import Services
from capi_desktop.ui.main_window import MainWindow
from capi_desktop.ui.panel_lifecycle import HasDemo

# The QApplication and the services for one theme: capi_desktop/screenshots.py builds them (a
# throwaway home, an in-memory keyring); the UI never imports the composition root itself.
StartedApp = tuple[QApplication, Services]
AppStart = Callable[[str], StartedApp]
# Fills a panel with what a shot shows (instead of its own load_demo), synchronously.
Prepare = Callable[[QWidget], None]


def _settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def render_panel(
    key: str,
    out: Path,
    width: int,
    height: int,
    theme: str,
    *,
    start: AppStart,
    demo: bool = True,
    prepare: Prepare | None = None,
) -> None:
    """Show the panel `key` in a main window of width x height, fill it (prepare, else its
    load_demo unless demo=False) and write the window to `out` as a PNG."""
    app, services = start(theme)
    window = MainWindow(services)
    window.resize(width, height)
    panel = window.show_panel(key)
    window.show()
    _settle(app)
    if prepare is not None:
        prepare(panel)
    elif demo and isinstance(panel, HasDemo):
        panel.load_demo()
    _settle(app, 10)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out), "PNG"):
        raise OSError(f"Qt could not write a PNG to {out}")
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents()
