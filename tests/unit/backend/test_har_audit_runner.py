"""run_audit end to end: progress in order, cancel from another thread, export, GC restored."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

from capi_desktop.backend import har_reader
from capi_desktop.backend.audit_runner import export_report, run_audit
from capi_desktop.domain.cancel import Cancelled
from tests.unit.backend.har_factory import (
    BASE_TS_MS,
    COOKIE_CANARY,
    har_entry,
    other_entry,
    pixel_url,
    server_event,
    write_har,
    write_jsonl,
)


def _files(tmp_path: Path, count: int = 300) -> tuple[Path, Path]:
    entries = []
    for i in range(count):
        entries += [other_entry(i), har_entry(pixel_url("Purchase", f"o{i}", BASE_TS_MS + i))]
    events = [server_event("Purchase", f"o{i}", BASE_TS_MS // 1000) for i in range(count)]
    return write_har(tmp_path / "a.har", entries), write_jsonl(tmp_path / "s.jsonl", events)


def test_progress_sources_and_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(har_reader, "_CHUNK", 8192)
    har, server = _files(tmp_path)
    seen: list[tuple[float, str]] = []
    frozen_before = gc.get_freeze_count()
    report = run_audit(har, server, lambda f, m: seen.append((f, m)))
    assert report.totals.matched == 300
    assert report.sources == {"har": "a.har", "server": "s.jsonl"}
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert {m for _, m in seen} >= {"reading server events", "reading the HAR", "pairing events"}
    if frozen_before == 0:
        assert gc.get_freeze_count() == 0  # frozen generations are handed back
    out = export_report(report, tmp_path / "r.html", "html")
    text = out.read_text(encoding="utf-8")
    assert "a.har" in text and COOKIE_CANARY not in text
    assert not list(tmp_path.glob(".*.tmp"))


def test_cancel_from_another_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(har_reader, "_CHUNK", 4096)
    har, server = _files(tmp_path, 1500)
    stop = threading.Event()
    frozen_before = gc.get_freeze_count()
    outcome: list[BaseException] = []

    def on_progress(fraction: float, _message: str) -> None:
        if fraction > 0.2:
            stop.set()

    def work() -> None:
        try:
            run_audit(har, server, on_progress, stop)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)
    if frozen_before == 0:
        assert gc.get_freeze_count() == 0


def test_unknown_pixel_note(tmp_path: Path) -> None:
    har, _ = _files(tmp_path, 2)
    server = write_jsonl(tmp_path / "np.jsonl", [server_event("Purchase", "o0", 1)], pixel=None)
    report = run_audit(har, server)
    assert any("do not say which pixel" in n for n in report.notes)
    assert not any("do not say" in n for n in run_audit(har, server, pixel_id="1").notes)


def test_leaves_an_existing_freeze_alone(tmp_path: Path) -> None:
    har, server = _files(tmp_path, 3)
    gc.freeze()
    try:
        run_audit(har, server)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_no_automatic_collection_during_the_audit_and_restored_after(tmp_path: Path) -> None:
    har, server = _files(tmp_path, 3)
    seen: list[bool] = []

    def progress(_fraction: float, _message: str) -> None:
        seen.append(gc.isenabled())

    assert gc.isenabled()
    run_audit(har, server, progress)
    assert seen and not any(seen)  # a GC pass would hold the GIL the UI thread needs
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        run_audit(har, server)
        assert not gc.isenabled()  # someone else's choice is left alone
    finally:
        gc.enable()
