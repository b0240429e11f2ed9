"""Helpers for GUI tests."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


def show_active(qtbot: QtBot, widget: QWidget) -> None:
    """Show and really activate a window: offscreen Qt needs requestActivate for shortcuts."""
    qtbot.addWidget(widget)
    widget.show()
    handle = widget.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=3000)
