"""AuditController without widgets: a run off the thread with progress, cancel, failure, the CSV
mapping, a warehouse result imported, the export (with or without Meta's quality view)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from capi_desktop.domain.audit.model import AuditReport
from capi_desktop.domain.cancel import Cancelled
from capi_desktop.ui.panels.send_compare.controllers import audit as audit_module
from capi_desktop.ui.panels.send_compare.controllers.audit import AuditController, AuditJob

PIXEL = "1234567890"
T0 = int(time.time()) - 3600


def _inputs(tmp_path: Path, count: int) -> tuple[Path, Path]:
    """A HAR with `count` Pixel hits and a server log where every fifth id differs in case."""
    entries, lines = [], []
    for i in range(count):
        params = {"id": PIXEL, "ev": "Lead", "eid": f"e-{i}", "ts": str((T0 + i) * 1000)}
        entries.append(
            {
                "request": {
                    "method": "GET",
                    "url": "https://www.facebook.com/tr/?" + urlencode(params),
                }
            }
        )
        event = {"event_name": "Lead", "event_time": T0 + i + 2, "action_source": "website",
                 "event_id": f"e-{i}" if i % 5 else f"E-{i}"}  # fmt: skip
        lines.append(json.dumps({"pixel_id": PIXEL, "body": {"data": [event]}}))
    har, server = tmp_path / "a.har", tmp_path / "s.jsonl"
    har.write_text(json.dumps({"log": {"entries": entries}}), encoding="utf-8")
    server.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return har, server


def _recording(controller: AuditController) -> tuple[list[tuple[float, str]], list[Any]]:
    progress: list[tuple[float, str]] = []
    reports: list[Any] = []
    controller.progressed.connect(lambda f, t: progress.append((f, t)))
    controller.report_changed.connect(reports.append)
    return progress, reports


def test_a_run_reports_progress_and_keeps_the_report(tmp_path: Path) -> None:
    har, server = _inputs(tmp_path, 20)
    controller = AuditController()
    progress, reports = _recording(controller)
    job = controller.job(str(har), str(server))
    assert not job.duckdb  # one small HAR and one JSONL: the in-memory engine
    outcome = asyncio.run(controller.run(job, None))
    assert outcome.status == "done" and outcome.seconds > 0
    report = controller.report
    assert isinstance(report, AuditReport) and reports == [report]
    assert report.totals.matched == 16 and report.totals.double_counted == 4
    assert progress and all(0.0 <= f <= 1.0 and "%" in t for f, t in progress)
    assert not controller.cancel()  # nothing runs any more


def test_cancel_stops_the_worker_and_late_progress_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: set[str] = set()

    def slow(har: Any, server: Any, on_progress: Any, cancel: Any, **_kw: Any) -> Any:
        for step in range(500):
            threads.add(threading.current_thread().name)
            if cancel.is_set():
                on_progress(0.99, "after cancel")  # must not reach the UI
                raise Cancelled
            on_progress(step / 500, "reading the HAR")
            time.sleep(0.01)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(audit_module, "run_audit", slow)
    controller = AuditController()
    progress, reports = _recording(controller)

    async def run_then_cancel() -> Any:
        task = asyncio.ensure_future(controller.run(controller.job("a.har", "b.jsonl"), None))
        while not progress:
            await asyncio.sleep(0.01)
        assert controller.cancel()
        return await task

    outcome = asyncio.run(run_then_cancel())
    assert outcome.status == "cancelled" and controller.report is None and reports == []
    assert threading.main_thread().name not in threads
    assert all(text != "after cancel — 99 %" for _f, text in progress)


def test_a_failed_run_explains_and_clears_the_previous_report(tmp_path: Path) -> None:
    har, server = _inputs(tmp_path, 3)
    controller = AuditController()
    asyncio.run(controller.run(controller.job(str(har), str(server)), None))
    assert controller.report is not None
    _progress, reports = _recording(controller)
    har.write_text("{not json", encoding="utf-8")
    outcome = asyncio.run(controller.run(controller.job(str(har), str(server)), None))
    assert outcome.status == "failed" and outcome.problem and "Traceback" not in outcome.problem
    assert controller.report is None and reports == [None]
    missing = asyncio.run(
        controller.run(controller.job(str(tmp_path / "gone.har"), str(server)), None)
    )
    assert missing.status == "failed" and missing.problem.startswith("cannot read")


def test_csv_mapping_is_asked_once_per_server_field_text() -> None:
    controller = AuditController()
    assert not controller.needs_mapping("log.jsonl")
    assert controller.needs_mapping("export.csv")
    controller.remember_mapping({"event_id": "id"}, "export.csv")
    assert controller.needs_mapping("export.csv")  # event_name is required
    controller.remember_mapping({"event_name": "Event"}, "export.csv")
    assert not controller.needs_mapping("export.csv")
    assert controller.needs_mapping("other.csv; export.csv")
    job = controller.job("a.har; b.har", "export.csv")
    assert job == AuditJob(["a.har", "b.har"], ["export.csv"], True, {"event_name": "Event"})


def test_import_a_warehouse_result_and_a_bad_one(tmp_path: Path) -> None:
    good, bad = tmp_path / "result.csv", tmp_path / "bad.csv"
    good.write_text("event_name,outcome,reason,events\nLead,double_counted,id,10\n", "utf-8")
    bad.write_text("event_name,outcome,reason,events\nLead,teleported,,1\n", "utf-8")
    controller = AuditController()
    assert asyncio.run(controller.import_result(good)) == ""
    assert controller.report is not None and controller.report.totals.double_counted == 10
    problem = asyncio.run(controller.import_result(bad))
    assert "bad.csv" in problem and "teleported" in problem and controller.report is None


def test_export_adds_the_quality_view_and_survives_a_broken_store(tmp_path: Path) -> None:
    har, server = _inputs(tmp_path, 5)
    asked: list[set[str]] = []

    def broken(pixels: set[str]) -> list[Any]:
        asked.append(pixels)
        raise OSError("quality store unreadable")

    controller = AuditController(quality_for=broken)
    assert asyncio.run(controller.export(tmp_path / "x.md", "md")).problem  # no report yet
    asyncio.run(controller.run(controller.job(str(har), str(server)), None))
    out = tmp_path / "report.md"
    outcome = asyncio.run(controller.export(out, "md"))
    assert outcome.problem == "" and not outcome.with_quality and out.exists()
    assert asked == [{PIXEL}]
    asyncio.run(controller.export(tmp_path / "rows.csv", "csv"))
    assert len(asked) == 1  # the CSV rows carry no quality section: not asked
    blocked = asyncio.run(controller.export(tmp_path / "missing-dir" / "r.md", "md"))
    assert blocked.problem.startswith("Could not write")
