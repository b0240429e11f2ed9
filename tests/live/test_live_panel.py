"""Live session panel and its controller, driven as a user would: start, journey, stop, export."""

from __future__ import annotations

import gc
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from capi_desktop.backend.browser_find import InstalledBrowser
from capi_desktop.backend.live_runner import LiveRunner
from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.live import LivePanel
from capi_desktop.ui.panels.live.controller import LiveController
from tests.live.shop_server import ShopServer


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_main_thread() -> Iterator[None]:
    yield
    gc.collect()  # see tests/ui/conftest.py: dead Qt objects must die on the GUI thread


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _offline_runner(**options: Any) -> LiveRunner:
    return LiveRunner(block_pixel=True, **options)


def _panel(qtbot: QtBot, tmp_path: Path, controller: LiveController) -> LivePanel:
    services = Services(settings=Settings(tmp_path / "settings.json"))
    panel = LivePanel(services, controller=controller)
    panel.resize(1280, 800)
    qtbot.addWidget(panel)
    return panel


def test_panel_runs_a_real_journey_and_renders_pairs_timeline_and_timer(
    qtbot: QtBot, tmp_path: Path, chromium: str
) -> None:
    controller = LiveController(
        runner_factory=_offline_runner,
        browser_finder=lambda: [InstalledBrowser("Chromium", chromium)],
    )
    controller.headless = True
    port = _free_port()
    shop = ShopServer(f"http://127.0.0.1:{port}")
    panel = _panel(qtbot, tmp_path, controller)
    try:
        assert not panel.forward.isChecked() and not panel.forward_note.isVisible()
        panel.url.setText(f"{shop.url}/index.html")
        panel.port.setValue(port)
        panel.start_button.click()
        assert controller.state == "starting" and not panel.start_button.isEnabled()
        assert panel.relay_url.text() == f"http://127.0.0.1:{port}/v21.0/{{pixel_id}}/events"
        qtbot.waitUntil(lambda: panel.pairs.rowCount() == 5, timeout=30_000)
        assert panel.tabs.tabText(0) == "Pairs (5)"
        assert panel.pairs.item(0, 1).text() == "Purchase"  # newest first
        assert panel.pairs.item(0, 4).text() == "Deduplicated"
        assert [panel.timeline.item(r, 3).text() for r in range(5)] == ["✓ 1"] * 5
        assert "/ 10:00" in panel.window_timer.clock.text()
        assert "All five events" in panel.checklist.toPlainText()
        out = tmp_path / "session.har"
        controller.export(out, "har")
        entries = json.loads(out.read_text(encoding="utf-8"))["log"]["entries"]
        assert sum("/tr/" in e["request"]["url"] for e in entries) == 5
        panel.stop_button.click()
        qtbot.waitUntil(lambda: controller.state == "stopped", timeout=20_000)
        assert panel.start_button.isEnabled() and "stopped" in panel.status.text()
    finally:
        if controller.state not in ("stopped", "idle", "error"):
            controller.runner.stop()
        shop.stop()


def test_forward_toggle_shows_its_warning(qtbot: QtBot, tmp_path: Path) -> None:
    panel = _panel(qtbot, tmp_path, LiveController(browser_finder=list))
    panel.show()
    panel.forward.setChecked(True)
    assert panel.controller.forward and panel.forward_note.isVisible()
    assert "production events" in panel.forward_note.text()


def test_busy_port_is_an_error_state_with_what_to_do(qtbot: QtBot, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        panel = _panel(qtbot, tmp_path, LiveController(browser_finder=list))
        panel.port.setValue(taken.getsockname()[1])
        panel.start_button.click()
    assert panel.controller.state == "error"
    assert "Pick another port" in panel.status.text() and panel.start_button.isEnabled()


def test_url_without_any_browser_says_what_to_do(tmp_path: Path) -> None:
    controller = LiveController(browser_finder=list)
    controller.url = "shop.example"
    controller.start()
    assert controller.state == "error" and "Choose a browser" in (controller.error or "")
    assert (
        controller.choose_browser(str(tmp_path / "nothing"))
        == f"no browser at {tmp_path / 'nothing'}"
    )


def test_relay_only_session_records_an_imported_log(tmp_path: Path) -> None:
    controller = LiveController(browser_finder=list)
    with pytest.raises(ValueError, match="start a session first"):
        controller.import_log(tmp_path / "none.jsonl")
    controller.start()  # no URL: relay only
    try:
        for _ in range(200):
            time.sleep(0.02)
            controller.poll()
            if controller.state == "running":
                break
        assert controller.state == "running" and controller.relay_url
        log = tmp_path / "capi.jsonl"
        event = {"event_name": "Purchase", "event_time": 1_800_000_000, "event_id": "o-1",
                 "action_source": "website", "user_data": {"em": ["a" * 64]}}  # fmt: skip
        log.write_text(json.dumps({"data": [event]}), encoding="utf-8")
        assert controller.import_log(log) == 1
        controller.poll()
        view = controller.view()
        assert view.server_events == 1 and view.unpaired_server == 1
        assert next(r for r in view.timeline if r.event_name == "Purchase").server == 1
    finally:
        controller.shutdown()  # what quitting the app does
    assert controller.state == "stopped"
    with socket.socket() as again:  # the relay let go of its port
        again.bind(("127.0.0.1", int(controller.relay_url.rsplit(":", 1)[1])))


def test_footer_counts_what_the_session_saw(qtbot: QtBot, tmp_path: Path) -> None:
    panel = _panel(qtbot, tmp_path, LiveController(browser_finder=list))
    assert panel.counts.text() == "No session yet."
    panel.load_demo()
    view = panel.controller.view()
    text = panel.counts.text()
    assert text == view.counts_text and f"{len(view.pairs)} paired" in text
    assert f"{view.browser_hits} browser hit(s)" in text and "No session" not in text
