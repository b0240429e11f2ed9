"""The Error lookup's state and logic without widgets: search, decode (latest paste wins), summary."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from capi_desktop.backend.error_catalog_store import default_catalog
from capi_desktop.domain.error_catalog import (
    Catalog,
    DecodedError,
    ErrorEntry,
    decode,
    entry_summary,
    support_summary,
)
from capi_desktop.domain.wording import plural

SYNC_DECODE_LIMIT = 256_000  # larger text is decoded on a worker thread
SEARCH_LIMIT = 500


@dataclass(frozen=True)
class SearchResult:
    entries: tuple[ErrorEntry, ...]
    count_text: str  # the line under the list
    pick_first: bool  # a filtered list shows its best match at once


class ErrorLookupController(QObject):
    """Owns what is decoded and what the detail pane shows (the copy button copies exactly that).

    Every decode request gets a number; only the latest one's result is kept, so a slow
    worker-thread decode of an old paste never replaces a newer one. `decoded_changed` is
    emitted on the GUI thread when the latest request is done.
    """

    decoded_changed = Signal(object)  # DecodedError | None
    _worker_done = Signal(int, object)  # emitted on the worker thread, delivered queued

    def __init__(
        self,
        catalog: Catalog | None = None,
        parent: QObject | None = None,
        *,
        executor: ThreadPoolExecutor | None = None,  # one worker; tests pass theirs to join it
    ) -> None:
        super().__init__(parent)
        self.catalog: Catalog = catalog if catalog is not None else default_catalog()
        self.decoded: DecodedError | None = None
        self.decoded_at: datetime | None = None
        self.shown: DecodedError | ErrorEntry | None = None
        self.shown_at: datetime | None = None
        self._requested = 0
        self._finished = 0
        self._executor = executor
        self._worker_done.connect(self._on_worker_done)

    # ----- search -------------------------------------------------------------------------
    def search(self, query: str) -> SearchResult:
        entries = tuple(self.catalog.search(query, limit=SEARCH_LIMIT))
        if not query.strip():
            return SearchResult(entries, f"{plural(len(entries), 'entry')} — type to filter", False)
        if entries:
            return SearchResult(entries, plural(len(entries), "match"), True)
        return SearchResult(entries, "No match. Try a code, code/subcode or other words.", False)

    def is_response(self, text: str) -> bool:
        """A whole Graph response (error or success), e.g. pasted into the search box."""
        return decode(text, self.catalog).status in ("graph_error", "success")

    def entry(self, key: str) -> ErrorEntry | None:
        return self.catalog.get(key)

    # ----- what is shown ------------------------------------------------------------------
    def show_entry(self, entry: ErrorEntry) -> None:
        self._set_shown(entry)

    def _set_shown(self, shown: DecodedError | ErrorEntry | None) -> None:
        self.shown = shown
        self.shown_at = datetime.now(UTC) if shown is not None else None

    @property
    def can_copy(self) -> bool:
        """Something readable is shown (an unreadable paste has nothing to summarise)."""
        shown = self.shown
        unreadable = isinstance(shown, DecodedError) and shown.status == "unreadable"
        return shown is not None and not unreadable

    @property
    def shows_entry(self) -> bool:
        return isinstance(self.shown, ErrorEntry)

    def support_summary(self) -> str:
        """The summary of what is shown (a decoded paste or a looked-up entry)."""
        shown, when = self.shown, self.shown_at
        if shown is None or when is None:
            return ""
        if isinstance(shown, ErrorEntry):
            return entry_summary(shown, when)
        return support_summary(shown, self.decoded_at or when)

    # ----- decode -------------------------------------------------------------------------
    @property
    def pending(self) -> bool:
        """A decode was requested and its result is not in yet."""
        return self._finished != self._requested

    def decode(self, text: str) -> None:
        """Decode now when small (or empty), else on a worker thread; the result arrives
        through `decoded_changed` either way."""
        self._requested += 1
        number = self._requested
        if not text.strip():
            self._finish(number, None)
            return
        if len(text) <= SYNC_DECODE_LIMIT:
            self._finish(number, decode(text, self.catalog))
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="decode")
        catalog, done = self.catalog, self._worker_done
        self._executor.submit(lambda: done.emit(number, decode(text, catalog)))

    def _on_worker_done(self, number: int, decoded: object) -> None:
        if number == self._requested and isinstance(decoded, DecodedError):
            self._finish(number, decoded)

    def _finish(self, number: int, decoded: DecodedError | None) -> None:
        self._finished = number
        self.decoded = decoded
        self.decoded_at = datetime.now(UTC) if decoded is not None else None
        self._set_shown(decoded)
        self.decoded_changed.emit(decoded)

    def shutdown(self) -> None:
        """Forget running decodes (their results are dropped) and stop the worker."""
        self._requested += 1
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
