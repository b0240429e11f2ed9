"""Schema migrations for the send history database (each step runs once, in order)."""

from __future__ import annotations

import sqlite3

# Append new steps; never edit a released one (users' databases already ran it).
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """
            CREATE TABLE sends (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                created_at REAL NOT NULL,
                profile_id TEXT NOT NULL DEFAULT '',
                profile_name TEXT NOT NULL DEFAULT '',
                pixel_id TEXT NOT NULL DEFAULT '',
                event_names TEXT NOT NULL DEFAULT '',
                test_event_code TEXT,
                request_json TEXT NOT NULL,
                raw_request_json TEXT,
                response_text TEXT NOT NULL DEFAULT '',
                http_status INTEGER,
                events_sent INTEGER NOT NULL DEFAULT 0,
                events_received INTEGER,
                fbtrace_id TEXT,
                attempts INTEGER NOT NULL DEFAULT 1,
                duration_s REAL NOT NULL DEFAULT 0,
                result TEXT NOT NULL CHECK (result IN ('accepted', 'rejected', 'error'))
            )
            """,
        ),
    ),
    (
        2,
        (
            "CREATE INDEX sends_created ON sends (created_at DESC)",
            "CREATE INDEX sends_profile ON sends (profile_id)",
            "CREATE INDEX sends_result ON sends (result)",
            "ALTER TABLE sends ADD COLUMN error_message TEXT NOT NULL DEFAULT ''",
        ),
    ),
)
LATEST = MIGRATIONS[-1][0]


class SchemaTooNew(RuntimeError):
    """The database was written by a newer app version; we must not touch it."""


def current_version(conn: sqlite3.Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(
    conn: sqlite3.Connection,
    migrations: tuple[tuple[int, tuple[str, ...]], ...] | None = None,
    *,
    what: str = "history",
) -> int:
    """Bring the schema to the last of `migrations`; returns the version found before migrating.

    Other databases (quality_migrations) pass their own steps."""
    migrations = MIGRATIONS if migrations is None else migrations  # looked up now, not at import
    latest = migrations[-1][0]
    found = current_version(conn)
    if found > latest:
        raise SchemaTooNew(f"{what} database schema {found} is newer than this app ({latest})")
    for version, statements in migrations:
        if version <= found:
            continue
        # One transaction per step so a failure leaves the previous version intact. sqlite3
        # does not open a transaction before DDL by itself (CREATE/ALTER would autocommit one
        # by one and a half-applied step could never be re-run), hence the explicit BEGIN.
        with conn:
            conn.execute("BEGIN")
            for statement in statements:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
    return found
