"""WORKAROUND for PySide6 6.12.0 on Python 3.11: keep None/True/False from being deallocated.

PySide6 6.12.0 returns None (every void method: setText, setEnabled, QTimer.start, ...) and
True (every Signal.emit) without taking a reference. On Python >= 3.12 those objects are
immortal and nothing happens; on 3.11 each call drops one reference, and after a few thousand
calls the interpreter aborts ("Fatal Python error: none_dealloc"/"bool_dealloc"). Reproduce:
`for _ in range(20000): QLineEdit().setText("x")` aborts on 6.12.0 + 3.11.7; 6.11.3 does not.

This guard tops the reference counts up with references that are never released (so the
interpreter's own teardown cannot underflow them either). Remove it once the project runs on
Python >= 3.12 or a PySide6 release without the bug.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QCoreApplication, QObject, QTimer

FLOOR = 20_000  # top up below this many references ...
TOP_UP = 100_000  # ... by this many (about 30 ms of ctypes calls, rarely)
CHECK_MS = 1000
_SINGLETONS: tuple[object, ...] = (None, True, False)
_timer: QTimer | None = None


def needed() -> bool:
    return sys.version_info < (3, 12)


def _incref(obj: object, count: int) -> None:
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    for _ in range(count):
        incref(obj)


def top_up() -> None:
    """Cheap when nothing is needed (three getrefcount calls)."""
    if not needed():
        return
    for obj in _SINGLETONS:
        if sys.getrefcount(obj) < FLOOR:
            _incref(obj, TOP_UP)


def install(parent: QObject | None = None) -> None:
    """Top up now and every second from the Qt loop; idempotent."""
    global _timer
    top_up()
    if _timer is not None or not needed():
        return
    owner = parent or QCoreApplication.instance()
    if owner is None:
        return
    _timer = QTimer(owner)
    _timer.setInterval(CHECK_MS)
    _timer.timeout.connect(top_up)
    _timer.start()
