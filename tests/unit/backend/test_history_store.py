"""Send history: round trip, search/filters, delete/clear, export, hashing, no token, corrupt DB."""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from capi_desktop.backend.history import HistoryEntry, HistoryNotWritten, HistoryStore
from capi_desktop.backend.history_migrations import LATEST
from capi_desktop.domain.request.scrub import RAW_MARKER

CANARY = "canary-token-7f3a9c"
HASH = hashlib.sha256(b"someone@example.com").hexdigest()


def _body(*names: str, em: str = HASH) -> dict[str, object]:
    return {
        "data": [
            {
                "event_name": n,
                "event_time": 1_700_000_000,
                "action_source": "website",
                "user_data": {"em": [em], "fbp": "fb.1.1700000000000.123456789"},
            }
            for n in names
        ],
        "test_event_code": "TEST123",
    }


def _entry(*names: str, result: str = "accepted", **kw: object) -> HistoryEntry:
    values: dict[str, object] = {
        "request": _body(*names),
        "result": result,
        "profile_id": "p1",
        "profile_name": "Shop A",
        "pixel_id": "111",
        "test_event_code": "TEST123",
        "response_text": '{"events_received": 1}',
        "http_status": 200,
        "events_sent": len(names),
        "events_received": len(names),
        "fbtrace_id": "AbCtrace",
    }
    values.update(kw)
    return HistoryEntry(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    s = HistoryStore(tmp_path / "history.sqlite3")
    yield s
    s.close()


def test_round_trip_and_schema(store: HistoryStore) -> None:
    row_id = store.add(_entry("Purchase", "Lead"))
    row = store.get(row_id)
    assert row is not None
    assert row.event_names == ("Purchase", "Lead")
    assert row.profile_name == "Shop A" and row.pixel_id == "111"
    assert row.request["data"][0]["user_data"]["em"] == [HASH]
    assert row.raw_request is None
    assert row.result == "accepted" and row.http_status == 200 and row.events_received == 2
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == LATEST
    conn.close()


def test_search_filters(store: HistoryStore) -> None:
    a = store.add(_entry("Purchase", created_at=1.0))
    b = store.add(_entry("Lead", result="rejected", created_at=2.0, http_status=400))
    c = store.add(_entry("PageView", profile_id="p2", profile_name="Shop B", created_at=3.0))
    assert [r.id for r in store.search()] == [c, b, a]
    assert [r.id for r in store.search(result="rejected")] == [b]
    assert [r.id for r in store.search(profile_id="p2")] == [c]
    assert [r.id for r in store.search(event_name="Lead")] == [b]
    # Event filter is exact per name, not a substring of another name.
    assert store.search(event_name="Page") == []
    assert [r.id for r in store.search(text="shop b")] == [c]
    assert store.search(text="100%_") == []  # LIKE wildcards are escaped
    assert len(store.search(limit=2)) == 2
    values = store.distinct_values()
    assert values["events"] == ["Lead", "PageView", "Purchase"]
    assert "p2\tShop B" in values["profiles"]


def test_delete_and_clear(store: HistoryStore) -> None:
    a = store.add(_entry("Purchase"))
    store.add(_entry("Lead"))
    assert store.delete(a) is True
    assert store.delete(a) is False
    assert store.get(a) is None
    assert store.clear() == 1
    assert store.search() == []


def test_raw_contact_info_is_hashed_or_marked(store: HistoryStore) -> None:
    body = _body("Purchase", em="Someone@Example.com ")
    body["data"][0]["user_data"]["ph"] = "+1 (650) 555-1212"  # type: ignore[index]
    body["data"][0]["user_data"]["client_ip_address"] = "192.0.2.1"  # type: ignore[index]
    row = store.get(store.add(_entry("Purchase", request=body)))
    assert row is not None
    user = row.request["data"][0]["user_data"]
    assert user["em"] == [hashlib.sha256(b"someone@example.com").hexdigest()]
    assert user["ph"] == hashlib.sha256(b"16505551212").hexdigest()
    assert RAW_MARKER not in (user["em"][0], user["ph"])
    assert user["client_ip_address"] == "192.0.2.1"  # never-hashed keys are kept
    text = store.path.read_bytes() + _wal(store.path)
    assert b"Someone@Example.com" not in text and b"555-1212" not in text


def test_raw_inputs_only_when_opted_in(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3", store_raw_inputs=True)
    row = store.get(store.add(_entry("Lead", request=_body("Lead", em="raw@example.com"))))
    assert row is not None and row.raw_request["data"][0]["user_data"]["em"] == ["raw@example.com"]
    assert "raw_request" not in json.loads(store.export([row.id]))[0]
    store.close()


def _wal(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""


def test_token_never_stored(store: HistoryStore) -> None:
    body = _body("Purchase")
    body["access_token"] = CANARY
    body["data"][0]["custom_data"] = {"note": f"token {CANARY}"}  # type: ignore[index]
    row_id = store.add(
        _entry(
            "Purchase",
            request=body,
            response_text=f'{{"error": "bad access_token={CANARY}"}}',
            error_message=f"failed with {CANARY}",
        ),
        secrets=[CANARY],
    )
    store.close()
    data = store.path.read_bytes() + _wal(store.path)
    assert CANARY.encode() not in data
    exported = store.export([row_id]) + store.export([row_id], fmt="jsonl")
    assert CANARY not in exported


def test_export_formats(store: HistoryStore) -> None:
    ids = [store.add(_entry("Purchase")), store.add(_entry("Lead"))]
    as_json = json.loads(store.export(ids))
    assert [d["event_names"] for d in as_json] == [["Purchase"], ["Lead"]]
    lines = store.export(ids, fmt="jsonl").splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["id"] == ids[1]
    with pytest.raises(ValueError):
        store.export(ids, fmt="xml")


def test_corrupt_database_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a sqlite database at all" * 100)
    store = HistoryStore(path)
    assert store.search() == []
    assert store.problem is not None and "fresh" in store.problem
    aside = list(tmp_path.glob("history.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    assert store.add(_entry("Lead")) > 0
    store.close()


def test_newer_schema_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (?)", (LATEST + 5,))
    conn.commit()
    conn.close()
    store = HistoryStore(path)
    store.open()  # read-only: a newer app's file is never migrated or renamed
    assert "newer version" in store.read_only_reason and store.problem
    with pytest.raises(HistoryNotWritten):
        store.add(HistoryEntry(request={"data": []}, result="accepted"))
    assert store.pending_count == 1
    store.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == LATEST + 5
    assert conn.execute("SELECT name FROM sqlite_master WHERE name='sends'").fetchone() is None


def test_migrates_from_version_one(tmp_path: Path) -> None:
    from capi_desktop.backend.history_migrations import MIGRATIONS

    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for statement in MIGRATIONS[0][1]:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1)")
    conn.execute("INSERT INTO sends (created_at, request_json, result) VALUES (5.0, '{}', 'error')")
    conn.commit()
    conn.close()
    store = HistoryStore(path)
    rows = store.search()
    assert len(rows) == 1 and rows[0].error_message == ""
    store.close()


def test_aclose_and_rejects_bad_result(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    with pytest.raises(ValueError):
        store.add(_entry("Lead", result="maybe"))
    asyncio.run(store.aclose())


def test_failed_migration_step_leaves_nothing_half_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from capi_desktop.backend import history_migrations

    conn = sqlite3.connect(tmp_path / "h.sqlite3")
    history_migrations.migrate(conn)
    broken = (LATEST + 1, ("CREATE INDEX half ON sends (pixel_id)", "ALTER TABLE nope ADD x"))
    monkeypatch.setattr(history_migrations, "MIGRATIONS", (*history_migrations.MIGRATIONS, broken))
    with pytest.raises(sqlite3.OperationalError):
        history_migrations.migrate(conn)
    # The step's DDL was rolled back with it, so a fixed step can run again later.
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "half" not in indexes
    assert history_migrations.current_version(conn) == LATEST
    conn.close()
