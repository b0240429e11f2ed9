"""Audit tab: run in a worker thread with progress, cancel, show counts, export a redacted report."""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from PySide6.QtWidgets import QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.domain.cancel import Cancelled
from capi_desktop.services import Services
from capi_desktop.ui.panels.send_compare import SendComparePanel
from capi_desktop.ui.panels.send_compare.controllers import audit as audit_module
from tests.ui.send_compare_support import settle

PIXEL = "1234567890"
COOKIE = "sid-cookie-canary-5f1e"
T0 = int(time.time()) - 3600


def _har(path: Path, count: int) -> None:
    entries = []
    for i in range(count):
        params = {"id": PIXEL, "ev": "Purchase" if i % 2 else "Lead", "eid": f"e-{i}",
                  "ts": str((T0 + i) * 1000), "fbp": "fb.1.1767225600000.1234567890"}  # fmt: skip
        entries.append(
            {
                "startedDateTime": "2026-09-21T10:00:00.000Z",
                "request": {
                    "method": "GET",
                    "url": "https://www.facebook.com/tr/?" + urlencode(params),
                    "headers": [{"name": "cookie", "value": f"sid={COOKIE}"}],
                    "cookies": [{"name": "sid", "value": COOKIE}],
                },
                "response": {"status": 200, "content": {"size": 0}},
            }
        )
        entries.append({"request": {"method": "GET", "url": f"https://shop.example/{i}.js"}})
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}), encoding="utf-8")


def _server(path: Path, count: int) -> None:
    lines = []
    for i in range(count):
        event = {"event_name": "Purchase" if i % 2 else "Lead", "event_time": T0 + i + 2,
                 "event_id": f"e-{i}" if i % 5 else f"E-{i}", "action_source": "website",
                 "user_data": {"fbp": "fb.1.1767225600000.1234567890"}}  # fmt: skip
        lines.append(json.dumps({"pixel_id": PIXEL, "body": {"data": [event]}}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def panel(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> Iterator[SendComparePanel]:
    widget = SendComparePanel(Services(settings=Settings(tmp_path / "s.json")))
    qtbot.addWidget(widget)
    yield widget
    settle(qtbot)


def test_audit_runs_and_exports_redacted_csv(
    qtbot: QtBot, panel: SendComparePanel, tmp_path: Path
) -> None:
    har, server = tmp_path / "capture.har", tmp_path / "server.jsonl"
    _har(har, 40)
    _server(server, 40)
    tab = panel.audit_tab
    tab.har_path.setText(str(har))
    tab.server_path.setText(str(server))
    tab.run_button.click()
    qtbot.waitUntil(lambda: tab.report is not None, timeout=5000)
    assert tab.progress.value() == 1000
    summary = tab.summary.text()
    assert "<b>40</b> Pixel hits" in summary and "<b>40</b> server events" in summary
    assert tab.report.totals.double_counted == 8  # every fifth id differs in case
    assert tab.report.totals.matched == 32
    assert {tab.table.item(r, 0).text() for r in range(tab.table.rowCount())} == {
        "Lead",
        "Purchase",
    }
    assert tab.results.tabText(1).startswith("Needs attention (8")

    out = tmp_path / "rows.csv"
    tab.export_format.setCurrentIndex(list(audit_module.EXPORTS.values()).index("csv"))
    tab.export_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, QFileDialog), timeout=3000)
    dialog = panel.dialogs.current
    dialog.findChild(QLineEdit, "fileNameEdit").setText(str(out))
    dialog.accept()
    qtbot.waitUntil(out.exists, timeout=3000)
    text = out.read_text(encoding="utf-8")
    assert "double_counted" in text or "Double counted" in text
    assert COOKIE not in text


def test_progress_is_marshalled_and_cancel_stops(
    qtbot: QtBot, panel: SendComparePanel, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    threads: set[str] = set()
    intervals: set[float] = set()
    before = sys.getswitchinterval()

    def slow_audit(har: Any, server: Any, on_progress: Any, cancel: Any, **_kw: Any) -> Any:
        for step in range(500):
            threads.add(threading.current_thread().name)
            intervals.add(sys.getswitchinterval())
            if cancel.is_set():
                raise Cancelled
            on_progress(step / 500, "reading the HAR")
            time.sleep(0.01)
        raise AssertionError("the audit was not cancelled")

    monkeypatch.setattr(audit_module, "run_audit", slow_audit)
    tab = panel.audit_tab
    tab.har_path.setText(str(tmp_path / "a.har"))
    tab.server_path.setText(str(tmp_path / "b.jsonl"))
    tab.run_button.click()
    qtbot.waitUntil(lambda: tab.progress.value() > 0, timeout=3000)
    assert "reading the HAR" in tab.progress.format()
    assert not tab.run_button.isEnabled() and tab.cancel_button.isEnabled()
    assert threading.main_thread().name not in threads  # the work ran off the UI thread
    tab.cancel_button.click()
    qtbot.waitUntil(lambda: "cancelled" in tab.summary.text(), timeout=3000)
    assert tab.run_button.isEnabled() and not tab.cancel_button.isEnabled()
    assert tab.report is None
    # The UI thread got the GIL back quickly during the audit; the default is restored after.
    assert intervals and max(intervals) <= audit_module.AUDIT_SWITCH_INTERVAL_S
    assert sys.getswitchinterval() == before


def test_audit_error_is_explained(qtbot: QtBot, panel: SendComparePanel, tmp_path: Path) -> None:
    bad = tmp_path / "bad.har"
    bad.write_text("{not json", encoding="utf-8")
    server = tmp_path / "server.jsonl"
    _server(server, 2)
    tab = panel.audit_tab
    tab.har_path.setText(str(bad))
    tab.server_path.setText(str(server))
    tab.run_button.click()
    qtbot.waitUntil(lambda: "failed" in tab.summary.text(), timeout=3000)
    assert tab.run_button.isEnabled()
