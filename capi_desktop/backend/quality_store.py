"""Quality snapshots in SQLite (beside the send history): each fetch with its time and Graph version."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from capi_desktop.backend.quality_migrations import migrate
from capi_desktop.domain.quality.outcome import Outcome
from capi_desktop.domain.quality.snapshot import QualitySnapshot
from capi_desktop.domain.redact import redact

log = logging.getLogger(__name__)
_COLUMNS = (
    "id, fetched_at, profile_id, profile_name, pixel_id, graph_version, outcome_json, "
    "dataset_quality_json, stats_json, da_checks_json, pixel_json, read_errors_json"
)


def _dump(value: Any) -> str | None:
    return None if value is None else redact(json.dumps(value, ensure_ascii=False))


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _outcome(text: str) -> Outcome:
    data = json.loads(text)
    data["missing_scopes"] = tuple(data.get("missing_scopes") or ())
    return Outcome(**data)


def _row(values: tuple[Any, ...]) -> QualitySnapshot:
    return QualitySnapshot(
        id=int(values[0]),
        fetched_at=float(values[1]),
        profile_id=values[2],
        profile_name=values[3],
        pixel_id=values[4],
        graph_version=values[5],
        outcome=_outcome(values[6]),
        dataset_quality=_load(values[7]),
        stats=_load(values[8]) or {},
        da_checks=_load(values[9]),
        pixel=_load(values[10]),
        read_errors=_load(values[11]) or {},
    )


class QualityStore:
    """Thread-safe (one connection behind a lock); the UI calls it via asyncio.to_thread."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.problem: str | None = None
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=5)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._conn = self._open()
            except sqlite3.DatabaseError as exc:
                if not self.path.exists():
                    raise
                aside = self.path.with_name(
                    f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}"
                )
                os.replace(self.path, aside)
                log.warning("quality database unreadable (%s); moved to %s", exc, aside)
                self.problem = f"The quality history was damaged; it was kept as {aside.name}."
                self._conn = self._open()
        return self._conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    async def aclose(self) -> None:
        import asyncio  # here, not at import: the Quality panel paints before asyncio loads

        await asyncio.to_thread(self.close)

    def add(self, snapshot: QualitySnapshot) -> int:
        outcome = asdict(snapshot.outcome)
        outcome["missing_scopes"] = list(snapshot.outcome.missing_scopes)
        with self._lock:
            conn = self._connection()
            with conn:
                cursor = conn.execute(
                    "INSERT INTO snapshots (fetched_at, profile_id, profile_name, pixel_id, "
                    "graph_version, state, outcome_json, dataset_quality_json, stats_json, "
                    "da_checks_json, pixel_json, read_errors_json) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        snapshot.fetched_at,
                        snapshot.profile_id,
                        snapshot.profile_name,
                        snapshot.pixel_id,
                        snapshot.graph_version,
                        snapshot.outcome.state,
                        json.dumps(outcome, ensure_ascii=False),
                        _dump(snapshot.dataset_quality),
                        _dump(snapshot.stats) or "{}",
                        _dump(snapshot.da_checks),
                        _dump(snapshot.pixel),
                        _dump(snapshot.read_errors) or "{}",
                    ),
                )
            return int(cursor.lastrowid or 0)

    def for_profile(self, profile_id: str, *, limit: int = 500) -> list[QualitySnapshot]:
        """Oldest first (the order a trend is drawn in)."""
        with self._lock:
            rows = (
                self._connection()
                .execute(
                    f"SELECT {_COLUMNS} FROM snapshots WHERE profile_id = ? "
                    "ORDER BY fetched_at DESC, id DESC LIMIT ?",
                    (profile_id, limit),
                )
                .fetchall()
            )
        return [_row(r) for r in reversed(rows)]

    def latest_for_pixels(self, pixel_ids: Iterable[str]) -> list[QualitySnapshot]:
        """The newest snapshot of each profile reading one of `pixel_ids` (an audit report's
        datasets), oldest profile name first; every profile's when `pixel_ids` is empty."""
        wanted = {p for p in pixel_ids if p}
        latest = self.latest_per_profile().values()
        found = [s for s in latest if not wanted or s.pixel_id in wanted]
        return sorted(found, key=lambda s: (s.profile_name.casefold(), s.pixel_id))

    def latest_per_profile(self) -> dict[str, QualitySnapshot]:
        with self._lock:
            rows = (
                self._connection()
                .execute(
                    f"SELECT {_COLUMNS} FROM snapshots WHERE id IN "
                    "(SELECT MAX(id) FROM snapshots GROUP BY profile_id)"
                )
                .fetchall()
            )
        return {snapshot.profile_id: snapshot for snapshot in map(_row, rows)}
