"""Schema migrations for the quality snapshot database (each step runs once, in order)."""

from __future__ import annotations

import sqlite3

# Append new steps; never edit a released one (users' databases already ran it).
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """
            CREATE TABLE snapshots (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                fetched_at REAL NOT NULL,
                profile_id TEXT NOT NULL DEFAULT '',
                profile_name TEXT NOT NULL DEFAULT '',
                pixel_id TEXT NOT NULL DEFAULT '',
                graph_version TEXT NOT NULL DEFAULT '',
                state TEXT NOT NULL,
                outcome_json TEXT NOT NULL,
                dataset_quality_json TEXT,
                stats_json TEXT NOT NULL DEFAULT '{}',
                da_checks_json TEXT,
                pixel_json TEXT,
                read_errors_json TEXT NOT NULL DEFAULT '{}'
            )
            """,
            "CREATE INDEX snapshots_profile_time ON snapshots (profile_id, fetched_at)",
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


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to LATEST; returns the version found before migrating."""
    found = current_version(conn)
    if found > LATEST:
        raise SchemaTooNew(f"quality database schema {found} is newer than this app ({LATEST})")
    for version, statements in MIGRATIONS:
        if version <= found:
            continue
        with conn:  # explicit BEGIN: sqlite3 would autocommit each DDL statement on its own
            conn.execute("BEGIN")
            for statement in statements:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
    return found
