"""History tab: rows from the store, search and filters, delete, clear (confirmed), corrupt DB, export."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from capi_desktop.backend.history import HistoryEntry, HistoryStore
from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.send_compare import SendComparePanel
from tests.ui.send_compare_support import FakeComposer, attach, event, settle


def _entry(name: str, result: str, profile: str = "p1", created: float = 0.0) -> HistoryEntry:
    return HistoryEntry(
        request={"data": [event(f"{name}-id", name)]},
        result=result,  # type: ignore[arg-type]
        profile_id=profile,
        profile_name=f"Shop {profile}",
        pixel_id="1234567890",
        test_event_code="TEST1",
        response_text='{"events_received": 1}',
        http_status=200,
        events_sent=1,
        events_received=1,
        created_at=created or None,
    )


@pytest.fixture
def services(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[Services]:
    store = HistoryStore(tmp_path / "history.sqlite3")
    built = Services(settings=Settings(tmp_path / "settings.json"), history=store)
    yield built
    settle(qtbot)
    store.close()


def _select(tab: object, row: int) -> None:
    """Select a row regardless of keyboard modifier state left behind by other tests."""
    from PySide6.QtCore import QItemSelectionModel

    table = tab.table  # type: ignore[attr-defined]
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    table.selectionModel().select(table.model().index(row, 0), flags)


def _panel(qtbot: QtBot, services: Services) -> SendComparePanel:
    panel = SendComparePanel(services)
    qtbot.addWidget(panel)
    return panel


def test_empty_state(qtbot: QtBot, services: Services) -> None:
    panel = _panel(qtbot, services)
    tab = panel.history_tab
    qtbot.waitUntil(lambda: tab.stack.currentWidget() is tab.empty_page, timeout=3000)
    assert "No sends yet" in tab.empty.text()
    assert not tab.delete_button.isEnabled()


def test_search_and_filters(qtbot: QtBot, services: Services) -> None:
    store = services.history
    store.add(_entry("Purchase", "accepted", created=1000.0))
    store.add(_entry("Lead", "rejected", created=2000.0))
    store.add(_entry("PageView", "accepted", profile="p2", created=3000.0))
    panel = _panel(qtbot, services)
    tab = panel.history_tab
    qtbot.waitUntil(lambda: len(tab.rows) == 3, timeout=3000)
    assert tab.table.item(0, 2).text() == "PageView"  # newest first

    tab.result_filter.setCurrentIndex(tab.result_filter.findData("rejected"))
    qtbot.waitUntil(lambda: [r.event_names for r in tab.rows] == [("Lead",)], timeout=3000)
    tab.result_filter.setCurrentIndex(0)
    tab.event_filter.setCurrentIndex(tab.event_filter.findData("Purchase"))
    qtbot.waitUntil(lambda: [r.event_names for r in tab.rows] == [("Purchase",)], timeout=3000)
    tab.event_filter.setCurrentIndex(0)
    tab.profile_filter.setCurrentIndex(tab.profile_filter.findData("p2"))
    qtbot.waitUntil(lambda: [r.profile_id for r in tab.rows] == ["p2"], timeout=3000)
    tab.profile_filter.setCurrentIndex(0)
    tab.search_edit.setText("nothing-matches-this")
    qtbot.waitUntil(
        lambda: tab.rows == [] and tab.stack.currentWidget() is tab.empty_page, timeout=3000
    )
    assert "No send matches" in tab.empty.text()
    tab.search_edit.setText("lead")
    qtbot.waitUntil(lambda: len(tab.rows) == 1, timeout=3000)


def test_delete_and_clear_with_confirmation(qtbot: QtBot, services: Services) -> None:
    for i in range(3):
        services.history.add(_entry(f"Ev{i}", "accepted", created=1000.0 + i))
    panel = _panel(qtbot, services)
    tab = panel.history_tab
    qtbot.waitUntil(lambda: len(tab.rows) == 3, timeout=3000)
    _select(tab, 0)
    assert tab.delete_button.isEnabled()
    tab.delete_button.click()
    qtbot.waitUntil(lambda: len(tab.rows) == 2, timeout=3000)
    assert len(services.history.search()) == 2

    tab.clear_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, QMessageBox), timeout=3000)
    box = panel.dialogs.current
    next(b for b in box.buttons() if b.text() != "Clear history").click()  # cancel
    qtbot.waitUntil(lambda: panel.dialogs.current is None, timeout=3000)
    assert len(services.history.search()) == 2

    tab.clear_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, QMessageBox), timeout=3000)
    next(b for b in panel.dialogs.current.buttons() if b.text() == "Clear history").click()
    qtbot.waitUntil(
        lambda: tab.rows == [] and tab.stack.currentWidget() is tab.empty_page, timeout=3000
    )
    assert services.history.search() == []


def test_corrupt_database_shows_message(qtbot: QtBot, tmp_path: Path, qloop: object) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"garbage, not sqlite" * 200)
    store = HistoryStore(path)
    services = Services(settings=Settings(tmp_path / "s.json"), history=store)
    panel = _panel(qtbot, services)
    qtbot.waitUntil(lambda: not panel.banner.isHidden(), timeout=3000)
    assert "fresh history" in panel.banner.text()
    assert list(tmp_path.glob("history.sqlite3.corrupt-*"))
    assert panel.history_tab.stack.currentWidget() is panel.history_tab.empty_page
    settle(qtbot)
    store.close()


def test_reopen_resend_and_export(qtbot: QtBot, services: Services, tmp_path: Path) -> None:
    services.history.add(_entry("Purchase", "accepted"))
    composer = FakeComposer({"data": []})
    panel = _panel(qtbot, services)
    window = attach(qtbot, panel, composer)
    tab = panel.history_tab
    qtbot.waitUntil(lambda: len(tab.rows) == 1, timeout=3000)
    _select(tab, 0)
    assert "request (hashed values only)" in tab.detail.toPlainText()

    tab.reopen_button.click()
    assert composer.loaded[-1]["data"][0]["event_id"] == "Purchase-id"
    assert window.shown[-1] == "composer"

    tab.resend_button.click()
    assert panel.tabs.currentWidget() is panel.send_tab
    assert "Purchase-id" in panel.send_tab.form.editor.toPlainText()

    out = tmp_path / "export.jsonl"
    tab.export_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, QFileDialog), timeout=3000)
    dialog = panel.dialogs.current
    name_edit = dialog.findChild(QLineEdit, "fileNameEdit")  # what the user types into
    name_edit.setText(str(out))
    dialog.accept()
    qtbot.waitUntil(out.exists, timeout=3000)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["event_names"] == ["Purchase"]


def test_keep_raw_inputs_is_an_opt_in_setting(qtbot: QtBot, services: Services) -> None:
    from capi_desktop.backend.history import STORE_RAW_SETTING

    panel = _panel(qtbot, services)
    box = panel.history_tab.keep_raw
    assert not box.isChecked() and services.history.store_raw_inputs is False
    box.setChecked(True)
    assert services.history.store_raw_inputs is True
    assert services.settings.get(STORE_RAW_SETTING) is True
    raw = {"data": [{"event_name": "Lead", "user_data": {"em": "raw@example.com"}}]}
    row_id = services.history.add(HistoryEntry(request=raw, result="accepted"))
    row = services.history.get(row_id)
    assert row is not None and row.raw_request["data"][0]["user_data"]["em"] == "raw@example.com"
    assert row.request["data"][0]["user_data"]["em"] != "raw@example.com"


def test_export_opens_in_documents_then_the_last_folder_used(
    qtbot: QtBot, services: Services, tmp_path: Path, monkeypatch: Any
) -> None:
    from capi_desktop.ui import async_dialogs

    monkeypatch.setattr(async_dialogs, "_LAST_FOLDER", [])
    elsewhere = tmp_path / "install-dir"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # where the app was started from: never the default
    services.history.add(_entry("Purchase", "accepted"))
    panel = _panel(qtbot, services)
    tab = panel.history_tab
    qtbot.waitUntil(lambda: len(tab.rows) == 1, timeout=3000)
    _select(tab, 0)

    tab.export_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, QFileDialog), timeout=3000)
    dialog = panel.dialogs.current
    assert Path(dialog.directory().absolutePath()) != elsewhere
    assert dialog.directory().absolutePath() == async_dialogs.start_folder()
    reports = tmp_path / "client-reports"
    reports.mkdir()
    dialog.findChild(QLineEdit, "fileNameEdit").setText(str(reports / "sends.jsonl"))
    dialog.accept()
    qtbot.waitUntil((reports / "sends.jsonl").exists, timeout=3000)
    # The export's task ends after the file lands; a click while it still runs is ignored.
    qtbot.waitUntil(lambda: tab.count_label.text().startswith("Exported"), timeout=3000)

    tab.export_button.click()  # the next export starts where the last one went
    qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, QFileDialog), timeout=3000)
    assert Path(panel.dialogs.current.directory().absolutePath()) == reports
    panel.dialogs.current.reject()


def test_a_damaged_history_is_kept_aside_and_its_sends_can_be_recovered(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from tests.unit.backend.test_history_salvage import _break_a_table_page, _fill

    path = tmp_path / "history.sqlite3"
    _fill(path, 300)  # last session's history, then a bad sector in the middle
    _break_a_table_page(path)
    store = HistoryStore(path)  # this start: the file fails its integrity check
    services = Services(settings=Settings(tmp_path / "settings.json"), history=store)
    panel = _panel(qtbot, services)
    tab = panel.history_tab
    qtbot.waitUntil(lambda: not tab.recover_button.isHidden(), timeout=3000)
    assert (
        "damaged" in panel.banner.text() and "Recover from the damaged copy" in panel.banner.text()
    )
    assert tab.rows == []  # a fresh history for now; the copy is kept, not lost

    qtbot.mouseClick(tab.recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Recovered" in tab.count_label.text(), timeout=10_000)
    assert 250 <= len(store.search(limit=1000)) < 300
    assert "could not be read" in tab.count_label.text()
    qtbot.waitUntil(lambda: len(tab.rows) >= 200, timeout=3000)  # shown (the first page)
    settle(qtbot)
    store.close()
