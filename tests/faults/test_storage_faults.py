"""Storage faults on a real small disk: full, read-only, damaged, newer schema, private modes."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from capi_desktop.backend import file_notices
from capi_desktop.backend.app_files import tidy_app_dirs
from capi_desktop.backend.history import HistoryEntry, HistoryNotWritten, HistoryStore
from capi_desktop.backend.settings import Settings
from tests.faults.storage_support import fill, remount, small_disk


def entry(n: int) -> HistoryEntry:
    body = {"data": [{"event_name": "Lead", "event_time": 1, "event_id": f"e{n}"}]}
    return HistoryEntry(request=body, result="accepted", events_sent=1, events_received=1)


def seeded(path: Path, rows: int = 5) -> None:
    store = HistoryStore(path)
    for n in range(rows):
        store.add(entry(n))
    store.close()


@pytest.fixture
def disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    with small_disk(tmp_path / "disk", size_kb=2048) as mounted:
        if mounted is None:
            pytest.skip("cannot mount a tmpfs here (not root): see the ENOSPC simulation test")
        yield mounted


@pytest.fixture(autouse=True)
def _drain() -> None:
    file_notices.drain_notices()


def test_full_disk_at_start_keeps_the_healthy_history_and_writes_later(disk: Path) -> None:
    path = disk / "history.sqlite3"
    seeded(path)
    filler = fill(disk)
    store = HistoryStore(path)
    assert len(store.search()) == 5  # still read
    assert list(disk.glob("*.corrupt-*")) == []  # never renamed
    with pytest.raises(HistoryNotWritten) as caught:
        store.add(entry(99))
    assert "could not be written" in str(caught.value) and store.pending_count == 1
    filler.unlink()  # space freed
    store.add(entry(100))  # writes the queued one too
    assert store.pending_count == 0 and len(store.search()) == 7
    store.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_read_only_filesystem_keeps_reading_and_says_so(disk: Path) -> None:
    path = disk / "history.sqlite3"
    seeded(path)
    remount(disk, "ro")
    try:
        store = HistoryStore(path)
        assert len(store.search()) == 5
        assert store.problem and "cannot be written now" in store.problem
        notices = file_notices.drain_notices()
        assert [n.path for n in notices] == [path] and "cannot be written" in notices[0].message
        with pytest.raises(HistoryNotWritten):
            store.add(entry(7))
        store.close()
    finally:
        remount(disk, "rw")
    assert list(disk.glob("*.corrupt-*")) == []


def test_settings_save_on_a_full_disk_does_not_raise(disk: Path) -> None:
    settings = Settings(disk / "settings.json")
    settings.set("last_panel", "send")
    assert settings.save_quietly()
    filler = fill(disk)
    settings.set("window_geometry", "x" * 100_000)
    assert settings.save_quietly() is False  # logged, not raised
    assert Settings(disk / "settings.json").get("last_panel") == "send"  # old file intact
    assert [p.name for p in disk.iterdir() if p.name.endswith(".tmp")] == []
    filler.unlink()


def test_enospc_simulated_when_no_mount(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same promise without root: a writer failing with ENOSPC (simulated, patched os.fsync)."""
    import errno

    import capi_desktop.backend.json_store as json_store

    settings = Settings(tmp_path / "settings.json")
    settings.set("a", 1)
    settings.save()

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(json_store.os, "fsync", no_space)
    settings.set("a", 2)
    assert settings.save_quietly() is False
    monkeypatch.undo()
    assert Settings(tmp_path / "settings.json").get("a") == 1
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_damaged_database_is_moved_aside_and_named(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    seeded(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = os.urandom(3996)  # the header's tail and the schema page
    path.write_bytes(bytes(data))
    store = HistoryStore(path)
    assert store.search() == []
    [aside] = [
        p for p in tmp_path.glob("history.sqlite3.corrupt-*") if p.name[-4:] not in ("-wal", "-shm")
    ]
    notices = file_notices.drain_notices()
    assert notices and str(aside) in notices[0].message and notices[0].copy == aside
    store.add(entry(1))
    assert len(store.search()) == 1
    store.close()


def test_newer_schema_queues_and_never_migrates(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    seeded(path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (99)")
    conn.commit()
    conn.close()
    store = HistoryStore(path)
    assert len(store.search()) == 5
    with pytest.raises(HistoryNotWritten) as caught:
        store.add(entry(5))
    assert "newer version" in str(caught.value)
    store.close()
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM sends").fetchone()[0] == 5


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_app_files_are_private(app_home: Path) -> None:
    from capi_desktop import paths
    from capi_desktop.backend.drafts import Draft, DraftStore
    from capi_desktop.backend.logging_setup import configure_logging

    store = HistoryStore(paths.data_dir() / "history.sqlite3", store_raw_inputs=True)
    store.add(entry(1))
    settings = Settings(paths.config_dir() / "settings.json")
    settings.set("k", "v")
    settings.save()
    DraftStore(paths.data_dir() / "drafts").autosave(Draft(body={"data": []}))
    log_path = configure_logging(paths.log_dir())
    import logging

    logging.getLogger("privacy").warning("line")
    for folder in paths.all_dirs().values():
        assert _mode(folder) == 0o700, folder
    written = [
        paths.data_dir() / "history.sqlite3",
        paths.data_dir() / "history.sqlite3-wal",
        paths.data_dir() / "history.sqlite3-shm",
        paths.config_dir() / "settings.json",
        paths.data_dir() / "drafts" / "autosave.capi.json",
        log_path,
    ]
    for path in written:
        assert _mode(path) == 0o600, path
    store.close()
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "_capi_desktop", False):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_orphaned_temp_files_are_removed_at_start_and_modes_fixed(tmp_path: Path) -> None:
    config = tmp_path / "config"
    drafts = tmp_path / "data" / "drafts"
    drafts.mkdir(parents=True)
    config.mkdir()
    old = time.time() - 3600
    orphans = [config / ".profiles.json.ab12cd.tmp", drafts / ".autosave.capi.json.x9.tmp"]
    for orphan in orphans:
        orphan.write_bytes(b"raw pii" * 1000)
        os.utime(orphan, (old, old))
    fresh = config / ".settings.json.live.tmp"  # another instance mid-write: kept
    fresh.write_text("{}")
    loose = config / "profiles.json"
    loose.write_text("{}")
    loose.chmod(0o644)
    tidied = tidy_app_dirs([config, tmp_path / "data"])
    assert tidied.removed == 2 and not any(p.exists() for p in orphans) and fresh.exists()
    assert _mode(loose) == 0o600 and _mode(config) == 0o700 and _mode(drafts) == 0o700
