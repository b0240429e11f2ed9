"""Schema migrations for the quality snapshot database (each step runs once, in order)."""

from __future__ import annotations

import sqlite3

from capi_desktop.backend import history_migrations

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


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the quality schema to LATEST (the history's runner: one step per transaction)."""
    return history_migrations.migrate(conn, MIGRATIONS, what="quality")
