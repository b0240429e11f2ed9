"""Send history in SQLite (WAL, migrations): every send, with hashes only and never a token."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from capi_desktop.backend.history_migrations import migrate
from capi_desktop.domain.redact import redact
from capi_desktop.domain.request_scrub import event_names, scrub_request, strip_secrets

log = logging.getLogger(__name__)

Result = Literal["accepted", "rejected", "error"]
RESULTS: tuple[Result, ...] = ("accepted", "rejected", "error")
# The settings key for keeping raw (unhashed) request bodies; off unless the user opts in.
STORE_RAW_SETTING = "history.store_raw_inputs"


@dataclass(frozen=True)
class HistoryEntry:
    """What the Send panel records after each send (the store scrubs it before writing)."""

    request: Any
    result: Result
    profile_id: str = ""
    profile_name: str = ""
    pixel_id: str = ""
    test_event_code: str | None = None
    response_text: str = ""
    http_status: int | None = None
    events_sent: int = 0
    events_received: int | None = None
    fbtrace_id: str | None = None
    attempts: int = 1
    duration_s: float = 0.0
    error_message: str = ""
    created_at: float | None = None
    event_names: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class HistoryRow:
    """One stored send, as read back."""

    id: int
    created_at: float
    profile_id: str
    profile_name: str
    pixel_id: str
    event_names: tuple[str, ...]
    test_event_code: str | None
    request: Any
    raw_request: Any
    response_text: str
    http_status: int | None
    events_sent: int
    events_received: int | None
    fbtrace_id: str | None
    attempts: int
    duration_s: float
    result: Result
    error_message: str

    def export_dict(self, *, include_raw: bool = False) -> dict[str, Any]:
        data = asdict(self)
        data["event_names"] = list(self.event_names)
        data["created_at_iso"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.created_at))
        if not include_raw:
            data.pop("raw_request")
        return data


_COLUMNS = (
    "id, created_at, profile_id, profile_name, pixel_id, event_names, test_event_code, "
    "request_json, raw_request_json, response_text, http_status, events_sent, events_received, "
    "fbtrace_id, attempts, duration_s, result, error_message"
)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _row(values: Sequence[Any]) -> HistoryRow:
    names = tuple(n for n in str(values[5]).split("\t") if n)
    return HistoryRow(
        id=int(values[0]),
        created_at=float(values[1]),
        profile_id=values[2],
        profile_name=values[3],
        pixel_id=values[4],
        event_names=names,
        test_event_code=values[6],
        request=json.loads(values[7]),
        raw_request=json.loads(values[8]) if values[8] else None,
        response_text=values[9],
        http_status=values[10],
        events_sent=int(values[11]),
        events_received=values[12],
        fbtrace_id=values[13],
        attempts=int(values[14]),
        duration_s=float(values[15]),
        result=values[16],
        error_message=values[17],
    )


class HistoryStore:
    """Thread-safe (one connection behind a lock): the UI calls it via asyncio.to_thread.

    The database is opened on first use. `problem` holds a message for the user when a
    damaged database had to be moved aside.
    """

    def __init__(self, path: Path, *, store_raw_inputs: bool = False) -> None:
        self.path = Path(path)
        self.store_raw_inputs = store_raw_inputs
        self.problem: str | None = None
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    # ----- connection ---------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=5)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check}")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _move_aside(self, reason: BaseException) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        os.replace(self.path, aside)
        for suffix in ("-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            if extra.exists():
                os.replace(extra, aside.with_name(aside.name + suffix))
        log.warning("history database unreadable (%s); moved to %s", reason, aside)
        self.problem = (
            f"The send history was damaged ({reason}); it was kept as {aside.name} "
            "and a fresh history started."
        )

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._conn = self._open()
            except sqlite3.DatabaseError as exc:
                if not self.path.exists():
                    raise
                self._move_aside(exc)
                self._conn = self._open()
        return self._conn

    def open(self) -> None:
        """Open now (and surface `problem`) instead of on first use."""
        with self._lock:
            self._connection()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    async def aclose(self) -> None:
        await asyncio.to_thread(self.close)

    # ----- writing ------------------------------------------------------------------------
    def add(self, entry: HistoryEntry, *, secrets: Iterable[str] = ()) -> int:
        """Store one send; `secrets` (e.g. the token) are scrubbed from every text field."""
        secret_list = [s for s in secrets if s]

        def clean(text: str) -> str:
            return redact(text, *secret_list)

        request_json = clean(json.dumps(scrub_request(entry.request), ensure_ascii=False))
        raw_json = None
        if self.store_raw_inputs:
            raw_json = clean(json.dumps(strip_secrets(entry.request), ensure_ascii=False))
        names = entry.event_names or event_names(entry.request)
        values = (
            entry.created_at if entry.created_at is not None else time.time(),
            entry.profile_id,
            entry.profile_name,
            entry.pixel_id,
            "\t" + "\t".join(names) + "\t" if names else "",
            entry.test_event_code or None,
            request_json,
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
        if entry.result not in RESULTS:
            raise ValueError(f"result must be one of {RESULTS}")
        with self._lock:
            conn = self._connection()
            with conn:
                cursor = conn.execute(
                    "INSERT INTO sends (created_at, profile_id, profile_name, pixel_id, "
                    "event_names, test_event_code, request_json, raw_request_json, response_text, "
                    "http_status, events_sent, events_received, fbtrace_id, attempts, duration_s, "
                    "result, error_message) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    values,
                )
            return int(cursor.lastrowid or 0)

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
        return _row(found) if found else None

    def search(
        self,
        text: str | None = None,
        profile_id: str | None = None,
        event_name: str | None = None,
        result: str | None = None,
        limit: int = 200,
    ) -> list[HistoryRow]:
        where: list[str] = []
        args: list[Any] = []
        if text and text.strip():
            like = _like(text.strip())
            fields = (
                "event_names", "profile_name", "pixel_id", "fbtrace_id", "test_event_code",
                "response_text", "request_json", "error_message",
            )  # fmt: skip
            where.append("(" + " OR ".join(f"{f} LIKE ? ESCAPE '\\'" for f in fields) + ")")
            args.extend([like] * len(fields))
        if profile_id:
            where.append("profile_id = ?")
            args.append(profile_id)
        if event_name:
            where.append("event_names LIKE ? ESCAPE '\\'")
            args.append(_like(f"\t{event_name}\t"))
        if result:
            where.append("result = ?")
            args.append(result)
        sql = f"SELECT {_COLUMNS} FROM sends"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
        args.append(max(1, int(limit)))
        with self._lock:
            rows = self._connection().execute(sql, args).fetchall()
        return [_row(r) for r in rows]

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
        dicts = [r.export_dict() for r in rows]
        if fmt == "jsonl":
            return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dicts)
        return json.dumps(dicts, ensure_ascii=False, indent=2)
