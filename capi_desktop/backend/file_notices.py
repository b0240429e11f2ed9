"""Messages about the app's own files (moved aside, read-only, ...) queued for the window."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger(__name__)


class FileNotice(NamedTuple):  # not a frozen dataclass: ~0.5-1.5 ms less at start
    """One file the user must hear about: which file, and the sentence to show."""

    path: Path
    message: str
    copy: Path | None = None  # where a damaged file was moved, if it was


# Announced from whichever thread read the file: pending until the window subscribes (it
# shows them once started), then pushed to the listener.
_pending: list[FileNotice] = []
_listener: Callable[[FileNotice], None] | None = None
_lock = threading.Lock()


def drain_notices() -> list[FileNotice]:
    """The notices not yet shown (and forget them)."""
    with _lock:
        found = list(_pending)
        _pending.clear()
    return found


def pending_notices() -> list[FileNotice]:
    """The notices not yet shown, kept (app start logs those found before the log existed)."""
    with _lock:
        return list(_pending)


def set_notice_listener(listener: Callable[[FileNotice], None] | None) -> None:
    """Called for each later notice (from any thread); None goes back to queueing."""
    global _listener
    with _lock:
        _listener = listener


def announce(notice: FileNotice) -> None:
    log.warning("%s", notice.message)
    with _lock:
        listener = _listener
        if listener is None:
            _pending.append(notice)
    if listener is not None:
        try:
            listener(notice)
        except Exception:
            log.exception("showing a file notice failed")
