"""GUI-test housekeeping shared by every test under tests/ui."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_main_thread() -> Iterator[None]:
    """Destroy each test's dead Qt objects (widgets, qasync timers) here, on the GUI thread.

    Left to the cyclic GC they can be freed later from whatever thread triggers a collection
    (e.g. an emulator server thread), and deleting a QObject off its thread crashed the run.
    """
    yield
    gc.collect()
