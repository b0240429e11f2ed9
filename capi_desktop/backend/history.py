"""Send history in SQLite (WAL, migrations): every send, with hashes only and never a token."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from capi_desktop.backend.history_filters import search_filters
from capi_desktop.backend.history_migrations import SchemaTooNew
from capi_desktop.backend.history_model import (
    RESULTS,
    STORE_RAW_SETTING,
    HistoryEntry,
    HistoryNotWritten,
    HistoryRow,
    Result,
    row_from_sql,
)
from capi_desktop.backend.history_open import open_history, open_rw
from capi_desktop.backend.history_salvage import Salvage, salvage_sends
from capi_desktop.domain.redact import scrub, scrub_value
from capi_desktop.domain.request.scrub import event_names, scrub_request, strip_secrets
from capi_desktop.domain.text_clip import clip_text

__all__ = [
    "RESULTS",
    "STORE_RAW_SETTING",
    "HistoryEntry",
    "HistoryNotWritten",
    "HistoryRow",
    "HistoryStore",
    "Result",
]

log = logging.getLogger(__name__)

_COLUMNS = (
    "id, created_at, profile_id, profile_name, pixel_id, event_names, test_event_code, "
    "request_json, raw_request_json, response_text, http_status, events_sent, events_received, "
    "fbtrace_id, attempts, duration_s, result, error_message"
)


_INSERT = (
    "INSERT INTO sends (created_at, profile_id, profile_name, pixel_id, "
    "event_names, test_event_code, request_json, raw_request_json, response_text, "
    "http_status, events_sent, events_received, fbtrace_id, attempts, duration_s, "
    "result, error_message) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)


def _why(exc: BaseException) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return "the file or disk is read-only"
    return str(exc) or type(exc).__name__


class HistoryStore:
    """Thread-safe (one connection behind a lock): the UI calls it via asyncio.to_thread.

    The database is opened on first use. `problem` holds a message for the user when a
    damaged database had to be moved aside or the history cannot be written now; writes that
    fail are queued in memory (`pending_count`) and written by the next add or `flush_pending`.
    """

    def __init__(self, path: Path, *, store_raw_inputs: bool = False) -> None:
        self.path = Path(path)
        self.store_raw_inputs = store_raw_inputs
        self.problem: str | None = None
        self.read_only_reason = ""
        self.moved_to: Path | None = None
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._pending: list[tuple[Any, ...]] = []

    # ----- connection ---------------------------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            if not self.path.parent.is_dir():
                self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            opened = open_history(self.path)
            self._conn, self.read_only_reason = opened.conn, opened.read_only_reason
            if opened.moved_to is not None:
                self.moved_to = opened.moved_to
                self.problem = (
                    f"The send history was damaged; it was kept as {opened.moved_to.name} "
                    "and a fresh history started."
                )
            if self.read_only_reason:
                self.problem = (
                    f"The send history cannot be written now ({self.read_only_reason}); "
                    "its rows are still shown and new sends are kept until it can be."
                )
        return self._conn

    def open(self) -> None:
        """Open now (and surface `problem`) instead of on first use."""
        with self._lock:
            self._connection()

    def close(self) -> None:
        with self._lock:
            if self._pending:
                with contextlib.suppress(HistoryNotWritten):
                    self.flush_pending()
            if self._pending:
                log.warning("%d send(s) could not be written to history", len(self._pending))
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    async def aclose(self) -> None:
        await asyncio.to_thread(self.close)

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def _writable(self) -> sqlite3.Connection:
        conn = self._connection()
        if self.read_only_reason:
            try:  # space freed, remount, ...: reopen read-write quietly
                fresh = open_rw(self.path)
            except (sqlite3.Error, SchemaTooNew, OSError) as exc:
                raise HistoryNotWritten(self.read_only_reason, len(self._pending)) from exc
            conn.close()
            self._conn, self.read_only_reason, self.problem = fresh, "", None
            conn = fresh
        return conn

    def recover_from(self, copy: Path) -> Salvage:
        """Bring the sends still readable in a damaged copy (`moved_to`) back into this history.

        Rows already here (same time and request) are not added twice, so recovering again is
        harmless. Raises HistoryNotWritten when the history cannot be written now.
        """
        found = salvage_sends(Path(copy), _COLUMNS)
        with self._lock:
            conn = self._writable()
            try:
                with conn:
                    for row in found.rows:
                        exists = conn.execute(
                            "SELECT 1 FROM sends WHERE created_at = ? AND request_json = ?",
                            (row[1], row[7]),
                        ).fetchone()
                        if exists is None:
                            conn.execute(_INSERT, tuple(row[1:]))
            except sqlite3.Error as exc:
                raise HistoryNotWritten(_why(exc), len(self._pending)) from exc
        return found

    def flush_pending(self) -> int:
        """Write the queued sends; raises HistoryNotWritten (still queued) when it cannot."""
        with self._lock:
            if not self._pending:
                return 0
            conn = self._writable()
            try:
                with conn:
                    for values in self._pending:
                        try:
                            conn.execute(_INSERT, values)
                        except sqlite3.IntegrityError:  # a bad row must not block the queue
                            log.exception("history row dropped: it breaks the schema")
            except sqlite3.Error as exc:
                raise HistoryNotWritten(_why(exc), len(self._pending)) from exc
            written = len(self._pending)
            self._pending.clear()
            return written

    # ----- writing ------------------------------------------------------------------------
    def add(self, entry: HistoryEntry, *, secrets: Iterable[str] = ()) -> int:
        """Store one send; `secrets` (e.g. the token) are scrubbed from every text field.

        Raises HistoryNotWritten when the row could only be queued in memory.
        """
        if entry.result not in RESULTS:
            raise ValueError(f"result must be one of {RESULTS}")
        values = self._values(entry, [s for s in secrets if s])
        with self._lock:
            self._pending.append(values)
            self.flush_pending()
            row = self._connection().execute("SELECT MAX(id) FROM sends").fetchone()
            return int(row[0] or 0) if row else 0

    def _values(self, entry: HistoryEntry, secret_list: list[str]) -> tuple[Any, ...]:
        def clean(text: str) -> str:
            return scrub(clip_text(text), *secret_list)

        def as_json(value: Any) -> str:
            return json.dumps(scrub_value(value, *secret_list), ensure_ascii=False)

        raw_json = as_json(strip_secrets(entry.request)) if self.store_raw_inputs else None
        names = entry.event_names or event_names(entry.request)
        return (
            entry.created_at if entry.created_at is not None else time.time(),
            entry.profile_id,
            entry.profile_name,
            entry.pixel_id,
            "\t" + "\t".join(names) + "\t" if names else "",
            entry.test_event_code or None,
            as_json(scrub_request(entry.request)),
            raw_json,
            clean(entry.response_text or ""),
            entry.http_status,
            entry.events_sent,
            entry.events_received,
            entry.fbtrace_id,
            entry.attempts,
            entry.duration_s,
            entry.result,
            clean(entry.error_message or ""),
        )

    def delete(self, row_id: int) -> bool:
        with self._lock:
            conn = self._connection()
            with conn:
                return conn.execute("DELETE FROM sends WHERE id = ?", (row_id,)).rowcount > 0

    def clear(self) -> int:
        with self._lock:
            conn = self._connection()
            with conn:
                count = conn.execute("DELETE FROM sends").rowcount
            # Deleted rows linger in free pages and the WAL; compact so "clear" means gone.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")
            return int(count)

    # ----- reading ------------------------------------------------------------------------
    def get(self, row_id: int) -> HistoryRow | None:
        with self._lock:
            found = (
                self._connection()
                .execute(f"SELECT {_COLUMNS} FROM sends WHERE id = ?", (row_id,))
                .fetchone()
            )
        return row_from_sql(found) if found else None

    def search(
        self,
        text: str | None = None,
        profile_id: str | None = None,
        event_name: str | None = None,
        result: str | None = None,
        limit: int = 200,
    ) -> list[HistoryRow]:
        where, args = search_filters(text, profile_id, event_name, result)
        sql = f"SELECT {_COLUMNS} FROM sends"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
        args.append(max(1, int(limit)))
        with self._lock:
            rows = self._connection().execute(sql, args).fetchall()
        return [row_from_sql(r) for r in rows]

    def distinct_values(self) -> dict[str, list[str]]:
        """Profiles (id → name) and event names present, for the filter pickers."""
        with self._lock:
            conn = self._connection()
            profiles = conn.execute(
                "SELECT DISTINCT profile_id, profile_name FROM sends ORDER BY profile_name"
            ).fetchall()
            names = conn.execute("SELECT DISTINCT event_names FROM sends").fetchall()
        events = sorted({n for (joined,) in names for n in str(joined).split("\t") if n})
        return {"profiles": [f"{pid}\t{pname}" for pid, pname in profiles], "events": events}

    def export(self, ids: Iterable[int], fmt: str = "json") -> str:
        """The given rows as a JSON array or JSON Lines (hashed request only, no raw inputs)."""
        if fmt not in ("json", "jsonl"):
            raise ValueError("fmt must be 'json' or 'jsonl'")
        rows = [r for r in (self.get(i) for i in ids) if r is not None]
        dicts = [scrub_value(r.export_dict()) for r in rows]  # rows are scrubbed; belt and braces
        if fmt == "jsonl":
            return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dicts)
        return json.dumps(dicts, ensure_ascii=False, indent=2)
