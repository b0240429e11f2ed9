"""Send tab: confirmation without a test code, one send per double-click, cancel, bisect, journey."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from capi_desktop.backend.emulator import Fault
from capi_desktop.services import Services
from capi_desktop.ui.panels.send_compare import SendComparePanel
from tests.ui.send_compare_support import (
    FakeComposer,
    attach,
    emulator_services,  # noqa: F401  (the `services` fixture)
    event,
)


@pytest.fixture
def panel(qtbot: QtBot, services: Services) -> SendComparePanel:
    widget = SendComparePanel(services)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.send_tab.current_profile() is not None, timeout=3000)
    return widget


def _answer(qtbot: QtBot, panel: SendComparePanel, confirm: bool) -> None:
    qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, QMessageBox), timeout=3000)
    box = panel.dialogs.current
    assert isinstance(box, QMessageBox)
    assert "test event code" in box.text().lower() or "live" in box.text().lower()
    wanted = [b for b in box.buttons() if (b.text() == "Send live events") == confirm]
    wanted[0].click()


def test_send_without_test_code_needs_confirmation(
    qtbot: QtBot, panel: SendComparePanel, emulator: Any
) -> None:
    send = panel.send_tab
    send.set_request({"data": [event("live-1")]})
    send.form.test_code.setText("")
    with qtbot.waitSignal(send.send_finished, timeout=200, raising=False) as early:
        qtbot.mouseClick(send.form.send_button, Qt.MouseButton.LeftButton)
    assert not early.signal_triggered  # waiting for the user, nothing sent
    _answer(qtbot, panel, confirm=False)
    qtbot.waitUntil(lambda: panel.dialogs.current is None, timeout=3000)
    qtbot.waitUntil(
        lambda: not send.is_busy() and send.form.progress.text() == "Not sent.", timeout=3000
    )
    assert emulator.received() == []

    qtbot.mouseClick(send.form.send_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(send.send_finished, timeout=5000):
        _answer(qtbot, panel, confirm=True)
    received = emulator.received()
    assert len(received) == 1 and not received[0].get("test_event_code")


def test_double_click_sends_once(qtbot: QtBot, panel: SendComparePanel, emulator: Any) -> None:
    emulator.set_faults(Fault("latency", latency_s=0.3))
    send = panel.send_tab
    send.set_request({"data": [event("dbl-1")]})
    send.form.test_code.setText("TEST1")
    with qtbot.waitSignal(send.send_finished, timeout=5000):
        qtbot.mouseDClick(send.form.send_button, Qt.MouseButton.LeftButton)
        send.form.send_button.click()  # a third, stray click while the first send runs
        send.send()
    qtbot.wait(100)
    assert len(emulator.received()) == 1
    assert send.controller.sends_started == 1


def test_cancel_a_running_send(qtbot: QtBot, panel: SendComparePanel, emulator: Any) -> None:
    emulator.set_faults(Fault("latency", latency_s=1.5))
    send = panel.send_tab
    send.set_request({"data": [event("slow-1")]})
    send.form.test_code.setText("TEST1")
    qtbot.mouseClick(send.form.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: send.form.cancel_button.isEnabled(), timeout=3000)
    with qtbot.waitSignal(send.send_finished, timeout=2000) as finished:
        qtbot.mouseClick(send.form.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["cancelled"]
    assert "Cancelled" in send.result_view.summary.text()
    assert send.form.send_button.isEnabled() and not send.form.cancel_button.isEnabled()


def test_rejected_batch_bisect_finds_old_event(
    qtbot: QtBot, services: Services, emulator: Any
) -> None:
    events = [event(f"b-{i}") for i in range(6)]
    events[4] = event("b-4-old", age_s=10 * 86400)  # the emulator rejects > 7 days old
    composer = FakeComposer({"data": events})
    panel = SendComparePanel(services)
    qtbot.addWidget(panel)
    attach(qtbot, panel, composer)
    qtbot.waitUntil(lambda: panel.send_tab.current_profile() is not None, timeout=3000)
    send = panel.send_tab
    send.set_request({"data": events})
    send.form.test_code.setText("TEST9")
    with qtbot.waitSignal(send.send_finished, timeout=5000) as finished:
        send.form.send_button.click()
    assert finished.args == ["rejected"]
    assert send.result_view.badge.text() == "Rejected"
    assert "Meta says" in send.result_view.error_box.text()  # a Graph answer is Meta's word
    assert (
        "2804003" in send.result_view.error_box.text()
        or "Too Old" in send.result_view.error_box.text()
    )
    assert send.form.bisect_button.isEnabled()

    before = len(emulator.hits())
    qtbot.mouseClick(send.form.bisect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: send.bisect_view.offending != () and not send.is_busy(), timeout=5000)
    assert send.bisect_view.offending == (4,)
    assert send.bisect_view.table.item(0, 2).text() == "b-4-old"
    sent_now = [r for r in emulator.received()]
    assert all(r["test_event_code"] == "TEST9" for r in sent_now)
    assert len(emulator.hits()) - before <= 8
    bisect_sends = len(emulator.hits()) - before
    qtbot.waitUntil(lambda: len(panel.history_tab.rows) == 1 + bisect_sends, timeout=3000)
    # double-click the culprit: the Composer gets the rejected request and focuses the event
    send.bisect_view.table.cellDoubleClicked.emit(0, 0)
    assert composer.focused[-1] == "data[4]"


def test_blame_field_button_focuses_composer(qtbot: QtBot, panel: SendComparePanel) -> None:
    composer = FakeComposer({"data": [event("x")]})
    window = attach(qtbot, panel, composer)
    panel.send_tab.result_view._set_blame(("data.0.event_time",))
    panel.send_tab.controller.last_body = composer.body
    buttons = panel.send_tab.result_view.blame_host.findChildren(QPushButton)
    button = buttons[0]
    button.click()
    assert composer.focused == ["data[0].event_time"]
    assert window.shown == ["composer"] and composer.loaded == []  # same body: not reloaded

    sent = {"data": [event("sent-1")]}
    panel.send_tab.controller.last_body = sent  # the Composer moved on since that send
    button.click()
    assert composer.loaded == [sent] and composer.focused[-1] == "data[0].event_time"


def test_journey_runs_five_steps_with_checklist(
    qtbot: QtBot, panel: SendComparePanel, emulator: Any
) -> None:
    send = panel.send_tab
    send.form.spacing.setValue(0)
    send.form.test_code.setText("TESTJOURNEY")
    qtbot.mouseClick(send.form.journey_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: send.journey_view.result_texts() == ["accepted"] * 5 and not send.is_busy(),
        timeout=8000,
    )
    received = emulator.received()
    names = [r["data"][0]["event_name"] for r in received]
    assert names == ["PageView", "ViewContent", "AddToCart", "InitiateCheckout", "Purchase"]
    assert {r["test_event_code"] for r in received} == {"TESTJOURNEY"}
    assert len({r["data"][0]["user_data"]["fbp"] for r in received}) == 1
    assert len({r["data"][0]["event_id"] for r in received}) == 5
    assert "10 minutes" in send.journey_view.checklist.text()
    assert "5 of 5" in send.journey_view.status.text()
    qtbot.waitUntil(lambda: len(panel.history_tab.rows) == 5, timeout=3000)


def test_journey_requires_a_test_code(qtbot: QtBot, panel: SendComparePanel, emulator: Any) -> None:
    send = panel.send_tab
    send.form.test_code.setText("")
    send.controller.run_journey()
    qtbot.wait(50)
    assert emulator.received() == []
    assert "test event code" in send.form.problem.text()


def test_missing_token_is_reported_not_sent(
    qtbot: QtBot, panel: SendComparePanel, services: Services, emulator: Any
) -> None:
    profile = panel.send_tab.current_profile()
    services.credentials.forget_token_sync(profile.id)
    send = panel.send_tab
    send.set_request({"data": [event("t-1")]})
    send.form.test_code.setText("TEST1")
    with qtbot.waitSignal(send.send_finished, timeout=5000) as finished:
        send.form.send_button.click()
    assert finished.args == ["error"]
    assert "No access token" in send.result_view.summary.text()
    assert emulator.received() == []


def test_shutdown_cancels_a_running_send(
    qtbot: QtBot, panel: SendComparePanel, emulator: Any
) -> None:
    from capi_desktop.ui.async_qt import start_task

    emulator.set_faults(Fault("latency", latency_s=1.0))
    send = panel.send_tab
    send.set_request({"data": [event("shutdown-1")]})
    send.form.test_code.setText("TEST1")
    send.form.send_button.click()
    qtbot.waitUntil(send.is_busy, timeout=3000)
    assert panel.running_tasks()
    done = start_task(panel.shutdown())
    qtbot.waitUntil(done.done, timeout=3000)
    assert not send.is_busy() and panel.running_tasks() == []


def test_follows_the_active_profile_and_its_test_code(
    qtbot: QtBot, services: Services, emulator: Any
) -> None:
    second = services.credentials.add("Second", "1234567890", graph_url=emulator.url,
                                      test_event_code="TEST222")  # fmt: skip
    services.settings.set("active_profile", second.id)
    panel = SendComparePanel(services)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.send_tab.current_profile() is not None, timeout=3000)
    assert panel.send_tab.current_profile().id == second.id
    assert panel.send_tab.form.test_code.text() == "TEST222"

    # The Credentials side selects through links.active_profile (nothing published yet:
    # the Send tab reads the saved profiles itself).
    active = panel.links.active_profile
    first = next(p for p in services.credentials.list_profiles() if p.id != second.id)
    active.select(first.id)
    assert panel.send_tab.current_profile().id == first.id
    assert panel.send_tab.form.test_code.text() == ""  # the auto-filled code follows the profile

    third = services.credentials.add("Third", "1234567890", graph_url=emulator.url)
    active.select(third.id)
    qtbot.waitUntil(lambda: panel.send_tab.current_profile().id == third.id, timeout=3000)
    assert panel.send_tab.form.profile_combo.count() == 3

    # Once the Credentials side publishes, its list and its problem are what the tab shows.
    active.publish([second, third], "1 saved profile could not be read.")
    qtbot.waitUntil(lambda: panel.send_tab.form.profile_combo.count() == 2, timeout=3000)
    assert panel.send_tab.current_profile().id == third.id  # the choice is kept
    assert "could not be read" in panel.send_tab.form.problem.text()
    active.select(second.id)
    assert panel.send_tab.current_profile().id == second.id
    assert panel.send_tab.form.test_code.text() == "TEST222"


def test_dead_network_is_explained_and_recorded(
    qtbot: QtBot, panel: SendComparePanel, services: Services
) -> None:
    import dataclasses
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    send = panel.send_tab
    profile = send.current_profile()
    services.credentials.update(dataclasses.replace(profile, graph_url=f"http://127.0.0.1:{port}"))
    send.form.reload_button.click()
    qtbot.waitUntil(lambda: str(port) in send.current_profile().graph_url, timeout=3000)
    send.set_request({"data": [event("offline-1")]})
    send.form.test_code.setText("TEST1")
    with qtbot.waitSignal(send.send_finished, timeout=30000) as finished:
        send.form.send_button.click()
    assert finished.args == ["error"]
    shown = send.result_view.summary.text() + send.result_view.error_box.text()
    assert "connection" in shown.lower() and "Traceback" not in shown
    assert "Meta says" not in shown  # Meta never answered
    assert send.form.send_button.isEnabled() and not send.is_busy()
    qtbot.waitUntil(lambda: len(panel.history_tab.rows) == 1, timeout=3000)
    assert panel.history_tab.rows[0].result == "error"


def test_locked_keyring_is_named_and_nothing_is_sent(
    qtbot: QtBot, panel: SendComparePanel, emulator: Any, memory_keyring: Any
) -> None:
    memory_keyring.fail_with = RuntimeError  # the keyring refuses to hand out the token
    send = panel.send_tab
    send.set_request({"data": [event("locked-1")]})
    send.form.test_code.setText("TEST1")
    with qtbot.waitSignal(send.send_finished, timeout=10000) as finished:
        send.form.send_button.click()
    assert finished.args == ["error"]
    assert "keyring is locked" in send.result_view.summary.text()
    assert emulator.received() == []


def test_cancelled_journey_marks_the_steps_that_will_never_run(
    qtbot: QtBot, panel: SendComparePanel, emulator: Any
) -> None:
    send = panel.send_tab
    send.form.spacing.setValue(2)  # seconds between steps: time to cancel after the first
    send.form.test_code.setText("TESTJOURNEY")
    qtbot.mouseClick(send.form.journey_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: send.journey_view.result_texts()[:1] == ["accepted"], timeout=5000)
    qtbot.mouseClick(send.form.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not send.is_busy(), timeout=5000)
    results = send.journey_view.result_texts()
    assert results[0] == "accepted"
    assert results[1:] == ["cancelled"] * 4, results  # not "waiting" forever
    assert "cancelled" in send.journey_view.status.text()
    assert len(emulator.received()) == 1


def test_no_test_code_question_names_the_emulator_not_real_conversions(
    qtbot: QtBot, panel: SendComparePanel, emulator: Any
) -> None:
    send = panel.send_tab
    send.set_request({"data": [event("emu-1")]})
    send.form.test_code.setText("")
    qtbot.mouseClick(send.form.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, QMessageBox), timeout=3000)
    box = panel.dialogs.current
    assert isinstance(box, QMessageBox)
    assert "emulator" in box.informativeText() + box.text()
    assert "real conversions" not in box.informativeText() + box.text()
    _answer(qtbot, panel, confirm=False)
