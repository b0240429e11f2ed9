"""QualityStore: migrations via the shared runner, damaged file moved aside, too-new schema refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from capi_desktop.backend.history_migrations import SchemaTooNew
from capi_desktop.backend.quality_migrations import LATEST
from capi_desktop.backend.quality_store import QualityStore
from capi_desktop.domain.quality.outcome import classify
from capi_desktop.domain.quality.snapshot import QualitySnapshot


def snapshot(at: float, profile: str = "p1") -> QualitySnapshot:
    outcome = classify(
        code=80004, message="slow down", answered_empty=False, event_count=0, retry_after_s=60
    )
    return QualitySnapshot(
        profile, "Client", "123", "v25.0", at, outcome, stats={"event": {"data": []}}
    )


def test_round_trip_keeps_outcome_and_order(tmp_path: Path) -> None:
    store = QualityStore(tmp_path / "q.sqlite3")
    store.add(snapshot(20.0))
    store.add(snapshot(10.0))
    store.add(snapshot(5.0, "p2"))
    rows = store.for_profile("p1")
    assert [r.fetched_at for r in rows] == [10.0, 20.0]
    assert rows[0].outcome == snapshot(10.0).outcome
    assert rows[0].stats == {"event": {"data": []}}
    assert set(store.latest_per_profile()) == {"p1", "p2"}
    store.close()
    conn = sqlite3.connect(tmp_path / "q.sqlite3")
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == LATEST
    conn.close()


def test_damaged_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    store = QualityStore(path)
    store.add(snapshot(1.0))
    assert store.problem and "damaged" in store.problem
    assert list(tmp_path.glob("q.sqlite3.corrupt-*"))
    store.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    QualityStore(path).for_profile("x")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?)", (LATEST + 3,))
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNew, match="quality database"):
        QualityStore(path).for_profile("x")
