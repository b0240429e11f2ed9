"""Every send goes to the history; when it cannot be written, say so and write it later."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Protocol

from capi_desktop.backend.history import HistoryEntry, HistoryNotWritten, HistoryStore
from capi_desktop.domain.redact import redact

log = logging.getLogger(__name__)


class HistoryNoteView(Protocol):
    def show_history_problem(self, text: str | None) -> None: ...

    def show_progress(self, text: str) -> None: ...


class HistoryWriter:
    """Writes through `history()` (read at each call: services may be swapped in tests)."""

    def __init__(
        self,
        history: Callable[[], HistoryStore | None],
        view: HistoryNoteView,
        written: Callable[[], None],
    ) -> None:
        self._history = history
        self._view = view
        self._written = written

    async def record(self, entry: HistoryEntry, secret: str) -> None:
        history = self._history()
        if history is None:
            return
        try:
            await asyncio.to_thread(history.add, entry, secrets=[secret])
        except HistoryNotWritten as exc:
            log.warning("history not written: %s", exc.reason)
            self._view.show_history_problem(str(exc))
            return
        except Exception as exc:
            log.warning("could not record the send in history: %s", exc)
            self._view.show_history_problem(
                f"This send could not be written to the history: {redact(str(exc), secret)}"
            )
            return
        self._view.show_history_problem(None)
        self._written()

    async def write_pending(self) -> None:
        """ "Write to history now": the sends queued while the history was not writable."""
        history = self._history()
        if history is None:
            return
        try:
            written = await asyncio.to_thread(history.flush_pending)
        except HistoryNotWritten as exc:
            self._view.show_history_problem(str(exc))
            return
        self._view.show_history_problem(None)
        self._view.show_progress(f"{written} send(s) written to the history.")
        self._written()
