"""Recover what can still be read from a damaged history copy (the one moved aside at start)."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BATCH = 64
# Past the last id that answered, stop after this many unreadable or missing ids in a row.
GIVE_UP_AFTER = 4096
Row = tuple[Any, ...]


@dataclass(frozen=True)
class Salvage:
    """Rows read back from a damaged copy, and the ids whose rows could not be read."""

    rows: tuple[Row, ...]
    unreadable: int

    def describe(self, name: str) -> str:
        if not self.rows and not self.unreadable:
            return f"{name} holds no sends that can still be read."
        lost = f"; {self.unreadable:,} could not be read" if self.unreadable else ""
        return f"Recovered {len(self.rows):,} send(s) from {name}{lost}."


def _open(path: Path, scratch: Path) -> sqlite3.Connection:
    """The copy and its -wal, copied to `scratch` and opened read-only there: SQLite then reads
    the WAL's committed pages (immutable mode would skip them), and nothing is ever written
    beside the damaged copy the user may want to hand over."""
    target = scratch / "damaged.sqlite3"
    shutil.copyfile(path, target)
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, scratch / "damaged.sqlite3-wal")
    return sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True)


def _last_id(conn: sqlite3.Connection) -> int | None:
    for sql in (
        "SELECT seq FROM sqlite_sequence WHERE name = 'sends'",
        "SELECT MAX(id) FROM sends",
    ):
        with contextlib.suppress(sqlite3.DatabaseError):
            found = conn.execute(sql).fetchone()
            if found and found[0] is not None:
                return int(found[0])
    return None


def salvage_sends(path: Path, columns: str) -> Salvage:
    """Every `sends` row of `path` that SQLite can still read, id by id where pages are broken."""
    with tempfile.TemporaryDirectory(prefix="capi-history-salvage-") as scratch:
        conn = _open(path, Path(scratch))
        try:
            return _read_all(conn, columns)
        finally:
            conn.close()


def _read_all(conn: sqlite3.Connection, columns: str) -> Salvage:
    """A damaged page raises for any query that walks through it, so ids are read in batches
    and a failing batch is halved down to single ids: only the rows on broken pages are lost."""
    last = _last_id(conn)
    rows: list[Row] = []
    unreadable = 0

    def read(first: int, end: int) -> None:
        nonlocal unreadable
        try:
            rows.extend(
                conn.execute(
                    f"SELECT {columns} FROM sends WHERE id >= ? AND id < ? ORDER BY id",
                    (first, end),
                ).fetchall()
            )
        except sqlite3.DatabaseError:
            if end - first == 1:
                unreadable += 1
                return
            middle = (first + end) // 2
            read(first, middle)
            read(middle, end)

    if last is not None:
        for first in range(1, last + 1, BATCH):
            read(first, min(first + BATCH, last + 1))
    else:  # no way to know the last id: read on until a long run of nothing
        _probe(read, rows)
    return Salvage(tuple(rows), unreadable)


def _probe(read: Callable[[int, int], None], rows: list[Row]) -> None:
    first, quiet = 1, 0
    while quiet < GIVE_UP_AFTER:
        before = len(rows)
        read(first, first + BATCH)
        quiet = 0 if len(rows) > before else quiet + BATCH
        first += BATCH
