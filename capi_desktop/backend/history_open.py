"""Opening the history database: healthy-but-unwritable is read-only, never renamed as damaged."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from capi_desktop.backend.file_notices import FileNotice, announce
from capi_desktop.backend.history_migrations import SchemaTooNew, migrate

log = logging.getLogger(__name__)
FILE_MODE = 0o600


@dataclass
class Opened:
    """A connection and, when it cannot be written, why (shown to the user, rows still read)."""

    conn: sqlite3.Connection
    read_only_reason: str = ""
    moved_to: Path | None = None


class Damaged(sqlite3.DatabaseError):
    """integrity_check failed or the file is not a database: the only case we move it aside."""


def _private(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        with contextlib.suppress(OSError):
            if extra.exists():
                os.chmod(extra, FILE_MODE)


def open_rw(path: Path) -> sqlite3.Connection:
    if not path.exists():
        # Created 0600 before SQLite touches it; -wal/-shm inherit the database's mode.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
        os.close(fd)
    conn = sqlite3.connect(path, check_same_thread=False, timeout=5)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        check = conn.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise Damaged(f"integrity check failed: {check[0] if check else 'no answer'}")
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    _private(path)
    return conn


def _open_ro(path: Path) -> sqlite3.Connection:
    """Read-only; `immutable` when even the -shm file cannot be created (read-only mount)."""
    last: sqlite3.Error | None = None
    for query in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?{query}", uri=True, check_same_thread=False
            )
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            return conn
        except sqlite3.DatabaseError as exc:
            if _says_damaged(exc):
                raise Damaged(str(exc)) from exc
            last = exc
    raise last or sqlite3.OperationalError("cannot open")


def _says_damaged(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or isinstance(exc, Damaged)


def integrity_ok(path: Path) -> bool | None:
    """True/False from PRAGMA integrity_check on a read-only connection; None if unreadable."""
    try:
        conn = _open_ro(path)
    except Damaged:
        return False
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("PRAGMA integrity_check").fetchone()
        return bool(row) and row[0] == "ok"
    except sqlite3.DatabaseError as exc:
        return False if _says_damaged(exc) else None
    finally:
        conn.close()


def _memory() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    migrate(conn)
    return conn


def move_aside(path: Path, reason: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + suffix))
    log.warning("history database damaged (%s); moved to %s", reason, aside)
    return aside


def open_history(path: Path) -> Opened:
    """Read-write if possible; a healthy file that cannot be written opens read-only."""
    try:
        return Opened(open_rw(path))
    except SchemaTooNew as exc:
        reason = f"it was written by a newer version of CAPI Desktop ({exc}); it is only read"
        return _read_only(path, reason)
    except sqlite3.DatabaseError as exc:
        error = exc
    healthy = integrity_ok(path) if path.exists() and path.stat().st_size else None
    if healthy is False or (healthy is None and isinstance(error, Damaged)):
        aside = move_aside(path, str(error))
        message = (
            f"The send history {path} was damaged ({error}). It was kept as {aside}; a fresh "
            "history was started. The old rows can be opened read-only from that copy."
        )
        announce(FileNotice(path, message, aside))
        try:
            return Opened(open_rw(path), moved_to=aside)
        except sqlite3.DatabaseError as again:
            return Opened(_memory(), f"a new history file cannot be written now ({again})", aside)
    # Healthy (or unreadable for now): never renamed. Keep reading what can be read.
    return _read_only(path, f"the disk refused the write ({error})")


def _read_only(path: Path, reason: str) -> Opened:
    try:
        conn = _open_ro(path) if path.exists() and path.stat().st_size else _memory()
    except sqlite3.Error as exc:
        log.warning("history %s cannot be read now: %s", path, exc)
        conn = _memory()
    message = (
        f"The send history {path} cannot be written now: {reason}. Its rows are still shown; "
        "new sends are kept in memory and written when it becomes possible."
    )
    announce(FileNotice(path, message))
    return Opened(conn, reason)
