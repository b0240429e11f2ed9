"""Audit tab at scale: several HARs, a CSV log through the column-mapping dialog, the DuckDB
engine's progress (rows/s) and cancel, a second run opened from the kept database."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox
from pytestqt.qtbot import QtBot

from capi_desktop.ui.panels.send_compare import SendComparePanel
from capi_desktop.ui.panels.send_compare.column_mapping import ColumnMappingDialog
from capi_desktop.ui.panels.send_compare.controllers import audit as audit_controller
from tests.ui.test_send_compare_audit import PIXEL, T0, _har, _server
from tests.ui.test_send_compare_audit import panel as panel


def _csv(path: Path, count: int) -> Path:
    lines = ["Event,Order Event ID,ts,source,dataset"]
    for i in range(count):
        name = "Purchase" if i % 2 else "Lead"
        lines.append(f"{name},e-{i},{T0 + i + 2},website,{PIXEL}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _choose(dialog: ColumnMappingDialog, field: str, column: str) -> None:
    dialog.boxes[field].setCurrentText(column)


def test_two_hars_and_a_csv_mapped_in_the_dialog(
    qtbot: QtBot, panel: SendComparePanel, tmp_path: Path
) -> None:
    first, second = tmp_path / "one.har", tmp_path / "two.har"
    _har(first, 10)
    _har(second, 10)  # the same ids again: duplicates across captures
    csv = _csv(tmp_path / "export.csv", 10)
    tab = panel.audit_tab
    tab.har_path.setText(f"{first}; {second}")
    tab.server_path.setText(str(csv))
    assert tab.scale.columns_button.isEnabled()
    tab.run_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, ColumnMappingDialog), timeout=3000)
    dialog = panel.dialogs.current
    assert isinstance(dialog, ColumnMappingDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no column is called event_name
    _choose(dialog, "event_name", "Event")
    _choose(dialog, "event_id", "Order Event ID")
    _choose(dialog, "event_time", "ts")
    _choose(dialog, "action_source", "source")
    _choose(dialog, "pixel_id", "dataset")
    assert ok.isEnabled()
    dialog.accept()
    qtbot.waitUntil(lambda: tab.report is not None, timeout=15000)
    report = tab.report
    assert report.browser_hits == 20 and report.server_events == 10
    assert report.totals.matched == 10 and report.totals.browser_only == 10
    assert report.totals.duplicate_ids == 10
    assert report.sources == {"har": "one.har, two.har", "server": "export.csv"}
    assert "Done in" in tab.progress.format()
    # Run again: the mapping is remembered, the kept database answers.
    tab.controller.report = None
    tab.run_button.click()
    qtbot.waitUntil(lambda: tab.report is not None, timeout=15000)
    assert any("inputs unchanged" in note for note in tab.report.notes)
    assert panel.dialogs.current is None


def test_cancelling_the_mapping_explains_and_runs_nothing(
    qtbot: QtBot, panel: SendComparePanel, tmp_path: Path
) -> None:
    har = tmp_path / "a.har"
    _har(har, 4)
    tab = panel.audit_tab
    tab.har_path.setText(str(har))
    tab.server_path.setText(str(_csv(tmp_path / "e.csv", 4)))
    tab.run_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, ColumnMappingDialog), timeout=3000)
    panel.dialogs.current.reject()
    qtbot.waitUntil(lambda: "event_name" in tab.summary.text(), timeout=3000)
    assert tab.report is None and tab.run_button.isEnabled()


def test_engine_progress_shows_rows_per_second_and_cancel_stops(
    qtbot: QtBot, panel: SendComparePanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_threads: set[str] = set()

    def slow_run(self: Any, on_progress: Any, cancel: Any, _pixel: Any) -> Any:
        seen_threads.add(threading.current_thread().name)
        for step in range(1, 400):
            if cancel.is_set():
                from capi_desktop.domain.cancel import Cancelled

                raise Cancelled
            on_progress(step / 400, f"reading HARs: {step * 1000:,} rows, 50,000 rows/s, ETA 0:07")
            threading.Event().wait(0.01)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(audit_controller.AuditJob, "run", slow_run)
    first, second = tmp_path / "a.har", tmp_path / "b.har"
    _har(first, 2)
    _har(second, 2)
    server = tmp_path / "s.jsonl"
    _server(server, 2)
    tab = panel.audit_tab
    tab.har_path.setText(f"{first};{second}")
    tab.server_path.setText(str(server))
    tab.run_button.click()
    qtbot.waitUntil(lambda: "rows/s" in tab.progress.format(), timeout=3000)
    assert "ETA" in tab.progress.format()
    assert threading.main_thread().name not in seen_threads
    tab.cancel_button.click()
    qtbot.waitUntil(lambda: "cancelled" in tab.summary.text(), timeout=3000)
    assert tab.report is None


def test_mapping_dialog_preselects_same_named_columns(qtbot: QtBot) -> None:
    dialog = ColumnMappingDialog("x.csv", ["event_name", "EVENT_ID", "fbp", "other"])
    qtbot.addWidget(dialog)
    assert dialog.mapping() == {
        "event_name": "event_name",
        "event_id": "EVENT_ID",
        "user_data.fbp": "fbp",
    }
    assert isinstance(dialog.boxes["event_time"], QComboBox)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_import_a_warehouse_result_and_a_bad_one(
    qtbot: QtBot, panel: SendComparePanel, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog, QLineEdit

    good = tmp_path / "result.csv"
    good.write_text(
        "event_name,outcome,reason,events\nPurchase,deduplicated,,90\n"
        "Purchase,double_counted,id,10\nLead,browser_only,,5\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("event_name,outcome,reason,events\nLead,teleported,,1\n", encoding="utf-8")
    tab = panel.audit_tab

    def pick(path: Path) -> None:
        tab.scale.import_button.click()
        qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, QFileDialog), timeout=3000)
        dialog = panel.dialogs.current
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))
        dialog.accept()

    pick(good)
    qtbot.waitUntil(lambda: tab.report is not None, timeout=3000)
    assert tab.report.totals.double_counted == 10 and tab.report.totals.browser_only == 5
    assert "dedup keys only" in tab.summary.text()
    assert tab.export_button.isEnabled()
    pick(bad)
    qtbot.waitUntil(lambda: "teleported" in tab.summary.text(), timeout=3000)
    assert tab.report is None and not tab.export_button.isEnabled()  # no stale verdict left
    assert tab.table.rowCount() == 0
