"""Done-when journey: compose, send with a test code to the emulator, compare with the Pixel hit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from capi_desktop.services import Services
from capi_desktop.ui.links import Links
from capi_desktop.ui.panels.send_compare import SendComparePanel
from tests.ui.send_compare_support import (
    PIXEL,
    TOKEN,
    FakeComposer,
    FakeWindow,
    attach,
    emulator_services,  # noqa: F401  (the `services` fixture)
    event,
    pixel_url,
)


def _panel(
    qtbot: QtBot, services: Services, composer: FakeComposer | None = None
) -> SendComparePanel:
    links = Links()  # as the main window does: one Links attached to it, handed to the panel
    if composer is not None:
        window = FakeWindow(composer)
        qtbot.addWidget(window)
        links.attach(window)
    panel = SendComparePanel(services, links=links)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.send_tab.current_profile() is not None, timeout=3000)
    return panel


def test_compose_send_compare_journey(qtbot: QtBot, services: Services, emulator: Any) -> None:
    purchase = event("order-1001")
    composer = FakeComposer({"data": [purchase]})
    panel = _panel(qtbot, services, composer)
    send = panel.send_tab

    # compose → take the Composer's request → send with a test code
    qtbot.mouseClick(send.form.take_button, Qt.MouseButton.LeftButton)
    assert '"order-1001"' in send.form.editor.toPlainText()
    send.form.test_code.setText("TEST4242")
    with qtbot.waitSignal(send.send_finished, timeout=5000) as finished:
        qtbot.mouseClick(send.form.send_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["accepted"]

    received = emulator.received()
    assert len(received) == 1
    assert received[0]["test_event_code"] == "TEST4242"
    assert received[0]["data"][0]["event_id"] == "order-1001"
    summary = send.result_view.summary.text()
    assert "events_received 1</b> of 1 sent" in summary
    assert "fbtrace_id" in summary
    response = send.result_view.response_view.toPlainText()
    assert '"events_received": 1' in response
    assert TOKEN not in send.result_view.request_view.toPlainText()
    assert send.result_view.badge.text() == "Accepted"

    # the send is in the history
    qtbot.waitUntil(lambda: len(panel.history_tab.rows) == 1, timeout=3000)
    assert panel.history_tab.rows[0].result == "accepted"

    # paste the matching Pixel URL; the server side comes from the history
    compare = panel.compare_tab
    compare.set_browser_text(pixel_url(purchase))
    compare.take_from_history()
    assert compare.pixel_edit.text() == PIXEL
    comparison = compare.compare_now()
    assert comparison is not None
    assert comparison.verdict == "deduplicated", comparison.summary
    assert compare.badge.text() == "Deduplicated"
    assert compare.table.rowCount() == len(comparison.rows) > 5

    # break the event_id case → double counted
    compare.set_browser_text(pixel_url(purchase, eid="ORDER-1001"))
    comparison = compare.compare_now()
    assert comparison.verdict == "double_counted"
    assert compare.badge.text() == "Double counted"
    event_id_row = comparison.row("event_id")
    assert event_id_row is not None and event_id_row.impact == "double_counted"


def test_composer_send_request_through_links_is_sent(
    qtbot: QtBot, services: Services, emulator: Any
) -> None:
    composer = FakeComposer({"data": [event("hooked-1")]})
    panel = SendComparePanel(services)
    qtbot.addWidget(panel)
    window = attach(qtbot, panel, composer)
    qtbot.waitUntil(lambda: panel.send_tab.current_profile() is not None, timeout=3000)
    panel.send_tab.form.test_code.setText("TEST1")
    with qtbot.waitSignal(panel.send_tab.send_finished, timeout=5000):
        panel.links.request_send({"data": [event("hooked-2")]})  # what the Composer's Send does
    assert [r["data"][0]["event_id"] for r in emulator.received()] == ["hooked-2"]
    assert window.shown == ["send"]


def test_comparison_from_composer_and_at_risk(qtbot: QtBot, services: Services) -> None:
    purchase = event("order-7", value=10.0)
    composer = FakeComposer({"data": [purchase]})
    panel = _panel(qtbot, services, composer)
    compare = panel.compare_tab
    qtbot.mouseClick(compare.from_composer, Qt.MouseButton.LeftButton)
    browser = dict(
        purchase, custom_data={"value": 12.5, "currency": "USD", "content_ids": ["sku-1"]}
    )
    compare.set_browser_text(pixel_url(browser))
    comparison = compare.compare_now()
    assert comparison.verdict == "at_risk"
    assert compare.badge.property("status") == "at_risk"


def test_compare_explains_unreadable_input(qtbot: QtBot, services: Services) -> None:
    panel = _panel(qtbot, services)
    compare = panel.compare_tab
    compare.set_browser_text("this is not a pixel request")
    compare.set_server_body({"data": [event("x")]})
    assert compare.compare_now() is None
    assert not compare.problem.isHidden()
    assert "Browser side" in compare.problem.text()


def test_real_composer_in_the_main_window(qtbot: QtBot, services: Services, emulator: Any) -> None:
    """The real Composer hands its request over; history re-opens it there; blame focuses it."""
    from capi_desktop.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    composer = window.panel("composer")
    purchase = event("real-composer-1")
    composer.load_request({"data": [purchase]})
    panel = window.panel("send")
    assert isinstance(panel, SendComparePanel)
    qtbot.waitUntil(lambda: panel.send_tab.current_profile() is not None, timeout=3000)
    panel.send_tab.form.test_code.setText("TESTREAL")
    with qtbot.waitSignal(panel.send_tab.send_finished, timeout=5000) as finished:
        composer.request_send()
    assert finished.args == ["accepted"]
    sent = emulator.received()[-1]
    assert sent["data"][0]["event_id"] == "real-composer-1"
    assert window.current_panel_key() == "send"

    comparison_input = pixel_url(sent["data"][0])
    panel.compare_tab.set_browser_text(comparison_input)
    panel.compare_tab.take_from_composer()
    assert panel.compare_tab.compare_now().verdict == "deduplicated"

    panel.send_tab.focus_in_composer("data.0.event_time")  # Meta's dotted blame form
    panel.reopen_in_composer({"data": [event("reopened-1")]})
    assert composer.request_body()["data"][0]["event_id"] == "reopened-1"
    assert window.current_panel_key() == "composer"


def test_token_never_reaches_history_or_the_screen(
    qtbot: QtBot, services: Services, emulator: Any, tmp_path: Path
) -> None:
    canary = "canary-token-51f0e2"
    profile = services.credentials.list_profiles()[0]
    services.credentials.set_token_sync(profile.id, canary)  # the emulator rejects it (190)
    panel = _panel(qtbot, services)
    send = panel.send_tab
    send.set_request({"data": [event("canary-1")], "access_token": canary})
    send.form.test_code.setText("TEST1")
    with qtbot.waitSignal(send.send_finished, timeout=5000):
        send.form.send_button.click()
    shown = (
        send.result_view.summary.text() + send.result_view.error_box.text()
        + send.result_view.request_view.toPlainText() + send.result_view.response_view.toPlainText()
    )  # fmt: skip
    assert canary not in shown
    qtbot.waitUntil(lambda: len(panel.history_tab.rows) == 1, timeout=3000)
    services.history.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("history.sqlite3*"))
    assert stored and canary.encode() not in stored


def test_compare_picks_the_matching_hit_from_a_har(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    import json

    wanted = event("har-order-2")
    others = [event("har-order-1", "AddToCart"), wanted, event("har-order-3", "Lead")]
    har = {
        "log": {
            "entries": [
                {"request": {"method": "GET", "url": pixel_url(e),
                             "cookies": [{"name": "c_user", "value": "secret-cookie"}]}}
                for e in others
            ]
            + [{"request": {"method": "GET", "url": "https://shop.example.com/app.js"}}]
        }
    }  # fmt: skip
    path = tmp_path / "capture.har"
    path.write_text(json.dumps(har), encoding="utf-8")
    panel = _panel(qtbot, services)
    compare = panel.compare_tab
    compare.set_server_body({"data": [wanted]})
    from capi_desktop.ui.async_qt import start_task

    loading = start_task(compare.load_har(str(path)))  # what "Open HAR…" runs after the dialog
    qtbot.waitUntil(loading.done, timeout=3000)
    assert compare.hit_combo.count() == 3
    assert compare.hit_combo.currentIndex() == 1  # the hit with the server event's id
    comparison = compare.compare_now()
    assert comparison.verdict == "deduplicated"
    assert "secret-cookie" not in compare.browser_edit.toPlainText()
