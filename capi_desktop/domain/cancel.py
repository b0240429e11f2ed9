"""Cancellation for long jobs run off the UI thread: a should_cancel() callable or a threading.Event."""

from __future__ import annotations

import threading
from collections.abc import Callable

CancelCheck = Callable[[], bool]
Cancel = CancelCheck | threading.Event | None


class Cancelled(Exception):
    """The caller asked the job to stop; partial results are discarded."""


def as_check(cancel: Cancel) -> CancelCheck:
    """Accept a `should_cancel()` callable, a threading.Event, or None (never cancelled)."""
    if cancel is None:
        return lambda: False
    if isinstance(cancel, threading.Event):
        return cancel.is_set
    return cancel
