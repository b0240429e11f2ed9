"""A single-shot QTimer with its interval and slot set: the debounce every form uses."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def single_shot(parent: QObject, ms: int, slot: Callable[[], object]) -> QTimer:
    """Not started: `start()` (re)starts it, so a burst of edits runs `slot` once."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer
