"""A damaged history is moved aside; what is still readable in it can be brought back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from capi_desktop.backend.history import HistoryEntry, HistoryStore

PAGE = 4096


def _fill(path: Path, count: int) -> None:
    store = HistoryStore(path)
    for i in range(count):
        request = {"data": [{"event_name": "Purchase", "event_id": f"o-{i}", "pad": "x" * 300}]}
        store.add(HistoryEntry(request=request, result="accepted", pixel_id="123"))
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _break_a_table_page(path: Path) -> None:
    """Garbage over one leaf page of the `sends` table, in the middle of the file."""
    conn = sqlite3.connect(path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((pages // 2) * size)
        handle.write(b"\xde\xad\xbe\xef" * (size // 4))


def test_rows_on_healthy_pages_come_back_after_a_damaged_start(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _fill(path, 300)
    _break_a_table_page(path)

    store = HistoryStore(path)  # the next start: integrity check fails → moved aside
    assert store.search(limit=1000) == []
    assert store.moved_to is not None and "damaged" in (store.problem or "")
    found = store.recover_from(store.moved_to)
    rows = store.search(limit=1000)
    assert 250 <= len(rows) < 300  # only the broken page's rows are lost
    assert found.unreadable > 0 and len(found.rows) == len(rows)
    assert "could not be read" in found.describe(store.moved_to.name)
    assert {r.request["data"][0]["event_id"] for r in rows} <= {f"o-{i}" for i in range(300)}

    again = store.recover_from(store.moved_to)  # a second click adds nothing twice
    assert len(store.search(limit=1000)) == len(rows) and len(again.rows) == len(rows)
    store.close()


def test_the_damaged_copy_itself_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _fill(path, 40)
    _break_a_table_page(path)
    store = HistoryStore(path)
    store.open()
    copy = store.moved_to
    assert copy is not None
    beside = sorted(p.name for p in tmp_path.iterdir())
    before = copy.read_bytes()
    store.recover_from(copy)
    assert copy.read_bytes() == before
    # No -shm or journal created beside the copy (it is read from a scratch copy).
    assert sorted(p.name for p in tmp_path.iterdir()) == beside
    store.close()
