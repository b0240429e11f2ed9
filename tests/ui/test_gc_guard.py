"""The GUI-thread garbage collector collects cycles only when its timer runs."""

from __future__ import annotations

import gc
import weakref

from pytestqt.qtbot import QtBot

from capi_desktop.ui.gc_guard import MainThreadGarbageCollector


class _Node:
    def __init__(self) -> None:
        self.me = self


def test_cycles_are_collected_by_the_timer_not_automatically(qtbot: QtBot) -> None:
    guard = MainThreadGarbageCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        node = _Node()
        ref = weakref.ref(node)
        del node
        for _ in range(gc.get_threshold()[0] + 10):
            _Node()  # allocations that would trigger an automatic collection
        qtbot.waitUntil(lambda: ref() is None, timeout=3000)
    finally:
        guard.stop()
    assert gc.isenabled()
