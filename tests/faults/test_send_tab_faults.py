"""The Send tab under faults, driven like a user: live retry wait + cancel, unknown delivery, resend."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.graph_client import GraphClient
from capi_desktop.backend.history import HistoryStore
from capi_desktop.backend.retry import RetryPolicy
from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.send_compare import SendComparePanel
from tests.faults.fault_server import FaultServer, fault_server
from tests.ui.send_compare_support import close

TOKEN = "send-tab-fault-token"


def lead(event_id: str | None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_name": "Lead",
        "event_time": int(time.time()),
        "action_source": "website",
        "event_source_url": "https://shop.example.com/",
        "user_data": {"em": ["a" * 64], "client_user_agent": "Mozilla/5.0"},
    }
    if event_id:
        event["event_id"] = event_id
    return event


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with fault_server("accept") as running:
        yield running


@pytest.fixture
def services(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, server: FaultServer, tmp_path: Path
) -> Iterator[Services]:
    credentials = CredentialStore(tmp_path / "profiles.json")
    profile = credentials.add("Faulty", "1234567890", graph_url=server.url)
    credentials.set_token_sync(profile.id, TOKEN)
    built = Services(
        settings=Settings(tmp_path / "settings.json"),
        graph=GraphClient(retry=RetryPolicy(max_attempts=4, base_delay_s=4.0)),
        credentials=credentials,
        history=HistoryStore(tmp_path / "history.sqlite3"),
    )
    yield built
    close(qtbot, built)


@pytest.fixture
def panel(qtbot: QtBot, services: Services) -> SendComparePanel:
    widget = SendComparePanel(services)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.send_tab.current_profile() is not None, timeout=3000)
    widget.send_tab.form.test_code.setText("TEST1")
    return widget


def test_throttle_retry_is_shown_live_and_cancel_stops_it(
    qtbot: QtBot, panel: SendComparePanel, server: FaultServer
) -> None:
    server.modes = ["400-throttle-17", "accept"]
    send = panel.send_tab
    send.set_request({"data": [lead("t-1"), lead("t-2")]})
    qtbot.mouseClick(send.form.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Waiting" in send.form.progress.text(), timeout=3000)
    first = send.form.progress.text()
    assert "retry 2 of 4" in first and "#17" in first and "Cancel" in first
    # The remaining wait counts down (a 1 s timer: under load its tick can land after 1.1 s).
    qtbot.waitUntil(lambda: send.form.progress.text() != first, timeout=2500)
    assert "Waiting" in send.form.progress.text() and server.hits == 1  # still before the retry
    with qtbot.waitSignal(send.send_finished, timeout=3000) as finished:
        qtbot.mouseClick(send.form.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["cancelled"] and server.hits == 1


def test_unknown_delivery_is_said_and_resend_warns_about_missing_event_ids(
    qtbot: QtBot, panel: SendComparePanel, server: FaultServer
) -> None:
    server.modes = ["reset-mid-body", "accept"]
    send = panel.send_tab
    send.set_request({"data": [lead("u-1"), lead(None)]})
    with qtbot.waitSignal(send.send_finished, timeout=5000):
        send.form.send_button.click()
    assert server.hits == 1
    note = send.result_view.delivery
    assert note.isVisible() or not note.isHidden()
    text = note.note.text()
    assert "Unknown whether Meta received these 2 event(s)" in text
    assert "1 of them have no event_id" in text
    box = send.result_view.error_box.text()
    assert "same event_id" not in box  # the fix text must not promise deduplication
    send.form.editor.setPlainText('{"data": []}')  # the resend sends what was sent, not the editor
    note.resend_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, QMessageBox), timeout=3000)
    dialog = panel.dialogs.current
    assert isinstance(dialog, QMessageBox)
    assert "1 have no event_id" in dialog.text() and "count them twice" in dialog.text()
    with qtbot.waitSignal(send.send_finished, timeout=5000) as finished:
        next(b for b in dialog.buttons() if b.text() == "Resend").click()
    assert finished.args == ["accepted"] and server.hits == 2
    assert note.isHidden()


def test_history_not_written_is_said_kept_and_written_later(
    qtbot: QtBot, panel: SendComparePanel, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import capi_desktop.backend.history as history_module

    history = services.history
    history.open()
    history.read_only_reason = "the disk is full"  # as open_history reports a full disk

    def full_disk(path: Path) -> Any:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(history_module, "open_rw", full_disk)
    send = panel.send_tab
    send.set_request({"data": [lead("h-1")]})
    with qtbot.waitSignal(send.send_finished, timeout=5000) as finished:
        send.form.send_button.click()
    assert finished.args == ["accepted"]
    assert send.result_view.badge.text() == "Accepted"  # the result stays on screen
    qtbot.waitUntil(lambda: not send.form.history_note.isHidden(), timeout=3000)
    assert "could not be written" in send.form.history_note.note.text()
    assert history.pending_count == 1
    monkeypatch.undo()  # space freed
    with qtbot.waitSignal(send.history_changed, timeout=3000):
        send.form.history_note.write_button.click()
    assert history.pending_count == 0 and len(history.search()) == 1
    assert send.form.history_note.isHidden()


def test_bisect_stops_without_a_verdict_when_a_send_fails_for_another_reason(
    qtbot: QtBot, panel: SendComparePanel, server: FaultServer
) -> None:
    # First send: Meta rejects the batch (code 100); the bisect's first half meets a 502 page.
    server.modes = ["400-invalid", "5xx-html"]
    send = panel.send_tab
    send.set_request({"data": [lead("b-1"), lead("b-2"), lead("b-3"), lead("b-4")]})
    with qtbot.waitSignal(send.send_finished, timeout=5000) as finished:
        send.form.send_button.click()
    assert finished.args == ["rejected"] and send.form.bisect_button.isEnabled()
    send.form.bisect_button.click()
    qtbot.waitUntil(lambda: "Stopped after" in send.bisect_view.status.text(), timeout=5000)
    assert "no verdict" in send.bisect_view.status.text()
    assert send.bisect_view.offending == ()
