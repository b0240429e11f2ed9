"""Send tab on the one-rule functions: the body's test_event_code, every failing chunk in history."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from capi_desktop.backend.emulator import Fault
from capi_desktop.backend.graph_client import GraphClient
from capi_desktop.backend.retry import RetryPolicy
from capi_desktop.services import Services
from capi_desktop.ui.panels.send_compare import SendComparePanel
from tests.ui.send_compare_support import close, event, make_services


@pytest.fixture
def chunked(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, emulator: Any, tmp_path: Path) -> Any:
    """Services whose Graph client sends one event per request (chunks without 1,001 events)."""
    services = make_services(emulator, tmp_path)
    services.graph = GraphClient(chunk_size=1)
    yield services
    close(qtbot, services)


def _panel(qtbot: QtBot, services: Services) -> SendComparePanel:
    widget = SendComparePanel(services)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.send_tab.current_profile() is not None, timeout=3000)
    return widget


def _history(qtbot: QtBot, services: Services) -> list[Any]:
    rows: list[Any] = []
    qtbot.waitUntil(lambda: bool(rows.extend(services.history.search()) or rows), timeout=3000)
    return rows


@pytest.mark.parametrize(
    ("field", "sent"),
    [
        ("", "TEST777"),  # the reported bug: the body's code, and no "real conversions" warning
        ("TEST888", "TEST888"),  # the field replaces the body's code
    ],
)
def test_effective_test_code_is_what_is_sent_and_recorded(
    qtbot: QtBot, chunked: Services, emulator: Any, field: str, sent: str
) -> None:
    panel = _panel(qtbot, chunked)
    send = panel.send_tab
    send.set_request({"data": [event("code-1")], "test_event_code": "TEST777"})
    send.form.test_code.setText(field)
    with qtbot.waitSignal(send.send_finished, timeout=5000) as finished:
        qtbot.mouseClick(send.form.send_button, Qt.MouseButton.LeftButton)
        qtbot.wait(50)
        assert not isinstance(panel.dialogs.current, QMessageBox), "warned about live events"
    assert finished.args == ["accepted"]
    assert [r["test_event_code"] for r in emulator.received()] == [sent]
    (row,) = _history(qtbot, chunked)
    assert row.test_event_code == sent  # recorded as a test send, not "— live —"


def test_history_keeps_every_failing_chunks_error(
    qtbot: QtBot, chunked: Services, emulator: Any
) -> None:
    panel = _panel(qtbot, chunked)
    send = panel.send_tab
    thin = event("thin-1")
    thin["user_data"] = {"client_user_agent": "Mozilla/5.0"}  # too little to match anyone
    body = {"data": [event("ok-1"), event("old-1", age_s=9 * 86400), thin]}
    send.set_request(body)
    send.form.test_code.setText("TEST1")
    with qtbot.waitSignal(send.send_finished, timeout=5000) as finished:
        qtbot.mouseClick(send.form.send_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["rejected"]
    (row,) = _history(qtbot, chunked)
    assert "2 requests of 3 failed" in row.error_message
    assert "request 2 of 3" in row.error_message and "(#100/2804003)" in row.error_message
    assert "request 3 of 3" in row.error_message and "(#100/2804050)" in row.error_message
    # The result view shows the first failing request's error and lists the others.
    box = send.result_view.error_box.text()
    assert "(#100/2804003)" in box and "2804050" in box


@pytest.mark.parametrize(("code", "subcode"), [(17, 2446079), (80004, 2446079), (613, None)])
def test_a_throttle_sent_with_http_400_is_throttled_not_rejected(
    qtbot: QtBot, chunked: Services, emulator: Any, code: int, subcode: int | None
) -> None:
    chunked.graph = GraphClient(retry=RetryPolicy(max_attempts=1))
    emulator.set_faults(Fault("throttle", code=code, subcode=subcode, regain_minutes=3, times=0))
    panel = _panel(qtbot, chunked)
    send = panel.send_tab
    send.set_request({"data": [event("throttled-1")]})
    send.form.test_code.setText("TEST1")
    with qtbot.waitSignal(send.send_finished, timeout=5000) as finished:
        qtbot.mouseClick(send.form.send_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["throttled"]
    assert send.result_view.badge.text() == "Throttled"
    assert not send.form.bisect_button.isEnabled()  # nothing to bisect: the payload is not at fault
    (row,) = _history(qtbot, chunked)
    assert row.result != "rejected"
    assert row.error_message.startswith("Throttled by Meta (rate limit), not rejected.")
    assert f"(#{code}" in row.error_message
