"""Run Python's cyclic garbage collector only on the GUI thread.

With automatic collection, a cycle holding Qt objects can be freed from whichever thread
happens to trigger a collection (a worker in `asyncio.to_thread`, the local emulator), and
deleting a QObject off its own thread crashes Qt. We saw exactly that in the test suite.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGarbageCollector(QObject):
    """Disables automatic GC and collects from a GUI-thread timer using gc's own thresholds."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        count0, count1, count2 = gc.get_count()
        t0, t1, t2 = self._thresholds
        if count0 > t0:
            gen = 2 if count2 > t2 else 1 if count1 > t1 else 0
            gc.collect(gen)

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
