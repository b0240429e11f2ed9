"""Guards the PySide6 pin: void-returning Qt calls must not leak references to None."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(200):
        widget.setEnabled(True)
        widget.setToolTip("x")
    # On 3.12+ None is immortal (huge constant count); on 3.11 a buggy binding drops 400.
    assert sys.getrefcount(None) >= before - 20
