"""The Quality panel driven against the emulator: data, empty, missing scope, {}, throttling,
Graph error, cancel mid-sweep, a stored trend that survives a restart, the Composer link."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.emulator import Fault, RunningEmulator
from capi_desktop.backend.history import HistoryEntry, HistoryStore
from capi_desktop.backend.quality_client import QualityClient
from capi_desktop.backend.quality_store import QualityStore
from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.quality.panel import QualityPanel
from tests.quality_support import PIXEL, TOKEN, Sleeps, good_event, poor_event, post_events
from tests.ui.send_compare_support import settle

pytestmark = pytest.mark.usefixtures("qloop")


class BlockingSleep(Sleeps):
    """Records delays; blocks (until cancelled) once `block` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.block = False
        self.blocked = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        if self.block:
            self.blocked.set()
            await asyncio.sleep(3600)


def make_services(
    emulator: RunningEmulator, tmp_path: Path, names: tuple[str, ...] = ("Shop",)
) -> Services:
    credentials = CredentialStore(tmp_path / "profiles.json")
    for name in names:
        profile = credentials.add(name, PIXEL, graph_url=emulator.url)
        credentials.set_token_sync(profile.id, TOKEN)
    services = Services(
        settings=Settings(tmp_path / "settings.json"),
        credentials=credentials,
        history=HistoryStore(tmp_path / "history.sqlite3"),
    )
    services.quality_store = QualityStore(tmp_path / "quality.sqlite3")
    sleeper = BlockingSleep()
    services.quality_client = QualityClient(sleep=sleeper)
    SLEEPERS[id(services)] = sleeper
    return services


SLEEPERS: dict[int, BlockingSleep] = {}  # the blocking sleep each test's client waits in


def make_panel(qtbot: QtBot, services: Services) -> QualityPanel:
    panel = QualityPanel(services)
    qtbot.addWidget(panel)
    panel.resize(1100, 760)
    panel.show()
    settle(qtbot)
    return panel


def close(qtbot: QtBot, panel: QualityPanel) -> None:
    from capi_desktop.ui.async_qt import start_task

    settle(qtbot)

    async def shutdown() -> None:
        await panel.shutdown()
        await panel.services.quality_client.aclose()
        await panel.services.history.aclose()

    task = start_task(shutdown())
    qtbot.waitUntil(task.done, timeout=5000)


def refresh(qtbot: QtBot, panel: QualityPanel) -> None:
    task = panel.refresh()
    assert task is not None
    qtbot.waitUntil(task.done, timeout=10000)
    settle(qtbot)


def record_send(services: Services, events: list[dict[str, Any]], at: float | None = None) -> None:
    profile = services.credentials.list_profiles()[0]
    services.history.add(
        HistoryEntry(
            request={"data": events},
            result="accepted",
            profile_id=profile.id,
            profile_name=profile.name,
            pixel_id=PIXEL,
            events_sent=len(events),
            created_at=at,
        )
    )


def cell(panel: QualityPanel, row: int, column: int) -> str:
    item = panel.events.item(row, column)
    return item.text() if item else ""


def test_data_meta_emq_beside_our_estimate(
    qtbot: QtBot, emulator: RunningEmulator, tmp_path: Path
) -> None:
    services = make_services(emulator, tmp_path)
    events = [good_event(), good_event(), poor_event("Lead")]
    post_events(emulator.url, events)
    record_send(services, events)
    panel = make_panel(qtbot, services)
    assert panel.banner.state == "empty"  # nothing stored yet
    refresh(qtbot, panel)
    assert panel.banner.isHidden()
    names = [cell(panel, r, 0) for r in range(panel.events.rowCount())]
    assert names == ["Purchase", "Lead"]
    assert cell(panel, 0, 1).endswith("/ 10")
    assert "(2 sent)" in cell(panel, 0, 2)  # our estimate from history, beside Meta's
    assert "/ 75 %" in cell(panel, 0, 3)
    assert {k for k, _ in panel.keys.rows} >= {"email", "phone", "fbc"}
    panel.events.selectRow(1)
    assert len(panel.diagnostics.cards) == 3  # fbc, IP, event_id
    assert {c.property("field_path") for c in panel.diagnostics.cards} == {
        "data[0].user_data.fbc",
        "data[0].user_data.client_ip_address",
        "data[0].event_id",
    }
    dedup = panel.dedup.table
    assert dedup.item(0, 0).text() == "event_id" and dedup.item(0, 2).text() == "0 %"
    assert "FIRST_PARTY_COOKIE_ENABLED" in panel.dataset.toPlainText()
    close(qtbot, panel)


@pytest.mark.parametrize(
    ("setup", "state", "words"),
    [
        ("empty", "empty", "No web events"),
        ("scope", "permission", "ads_read"),
        ("events_manager", "events_manager_empty", "Events Manager"),
        ("graph_error", "error", "Unknown path"),
    ],
)
def test_states(
    qtbot: QtBot, emulator: RunningEmulator, tmp_path: Path, setup: str, state: str, words: str
) -> None:
    if setup == "scope":
        emulator.state.quality.token_scopes[TOKEN] = ("business_management",)
    elif setup == "events_manager":
        emulator.state.quality.events_manager_tokens.add(TOKEN)
    elif setup == "graph_error":
        emulator.set_faults(
            Fault(kind="error", code=2500, path="dataset_quality", message="Unknown path")
        )
    panel = make_panel(qtbot, make_services(emulator, tmp_path))
    refresh(qtbot, panel)
    assert panel.banner.state == state
    shown = panel.banner.title.text() + panel.banner.label.text()
    assert words in shown
    if state == "permission":
        assert "Missing: ads_read" in shown and "System users" in shown  # exact scope + setup step
    assert panel.events.rowCount() == 0
    close(qtbot, panel)


def test_failed_read_clears_previous_scores(
    qtbot: QtBot, emulator: RunningEmulator, tmp_path: Path
) -> None:
    post_events(emulator.url, [good_event()])
    panel = make_panel(qtbot, make_services(emulator, tmp_path))
    refresh(qtbot, panel)
    assert panel.events.rowCount() == 1
    emulator.set_faults(
        Fault(kind="error", code=2500, path="dataset_quality", message="Unknown path")
    )
    refresh(qtbot, panel)
    assert panel.banner.state == "error" and panel.events.rowCount() == 0
    assert panel.keys.rows == [] and panel.diagnostics.cards == []
    close(qtbot, panel)


def test_throttling_backs_off_then_shows_data(
    qtbot: QtBot, emulator: RunningEmulator, tmp_path: Path
) -> None:
    post_events(emulator.url, [good_event()])
    emulator.set_faults(
        Fault(kind="throttle", code=80004, path="dataset_quality", times=1, retry_after_s=7)
    )
    services = make_services(emulator, tmp_path)
    panel = make_panel(qtbot, services)
    states: list[str] = []
    panel.controller.waiting.connect(lambda s, why: states.append(panel.banner.state))
    refresh(qtbot, panel)
    sleeps = SLEEPERS[id(services)]
    assert sleeps.delays[0] >= 7  # the server's Retry-After, not our shorter backoff
    assert states == ["throttled"]
    assert panel.banner.isHidden() and panel.events.rowCount() == 1
    close(qtbot, panel)


def test_persistent_throttle_shows_retry_time(
    qtbot: QtBot, emulator: RunningEmulator, tmp_path: Path
) -> None:
    emulator.set_faults(
        Fault(kind="throttle", code=17, path="dataset_quality", times=0, retry_after_s=90)
    )
    panel = make_panel(qtbot, make_services(emulator, tmp_path))
    refresh(qtbot, panel)
    assert panel.banner.state == "throttled"
    assert "Retry possible in" in panel.banner.label.text()
    assert "2 min" in panel.banner.label.text()
    close(qtbot, panel)


def test_cancel_mid_sweep(qtbot: QtBot, emulator: RunningEmulator, tmp_path: Path) -> None:
    post_events(emulator.url, [good_event()])
    services = make_services(emulator, tmp_path, ("A", "B", "C"))
    panel = make_panel(qtbot, services)
    sleeper: BlockingSleep = SLEEPERS[id(services)]
    finished: list[bool] = []
    panel.controller.sweep_finished.connect(finished.append)

    def on_progress(progress: Any) -> None:
        if progress.done == 1 and progress.snapshot is not None:
            sleeper.block = True  # the second profile's throttle backoff now hangs
            emulator.set_faults(Fault(kind="throttle", code=80004, path="dataset_quality", times=0))

    panel.controller.sweep_progress.connect(on_progress)
    panel.tabs.setCurrentWidget(panel.overview)
    qtbot.mouseClick(panel.overview.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(sleeper.blocked.is_set, timeout=10000)
    assert panel.overview.cancel_button.isEnabled()
    assert panel.overview.progress.value() == 1
    qtbot.mouseClick(panel.overview.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: finished == [True], timeout=5000)
    settle(qtbot)
    assert "Cancelled after 1 of 3" in panel.overview.status.text()
    assert panel.overview.refresh_button.isEnabled()
    states = [panel.overview.table.item(r, 2).text() for r in range(3)]
    assert states == ["Scored by Meta", "never read", "never read"]
    close(qtbot, panel)


def test_stored_trend_survives_restart(
    qtbot: QtBot, emulator: RunningEmulator, tmp_path: Path
) -> None:
    services = make_services(emulator, tmp_path)
    post_events(emulator.url, [poor_event()])
    panel = make_panel(qtbot, services)
    refresh(qtbot, panel)
    first = float(cell(panel, 0, 1).split()[0])
    fix = [good_event() for _ in range(4)]
    post_events(emulator.url, fix)
    record_send(services, fix, at=time.time())
    refresh(qtbot, panel)
    assert float(cell(panel, 0, 1).split()[0]) > first  # did the fix help? yes
    close(qtbot, panel)
    services.quality_store.close()

    # "Restart": fresh services and panel over the same files, no network call.
    emulator.stop()
    again = make_services(emulator, tmp_path / "restart")
    again.credentials = CredentialStore(tmp_path / "profiles.json")
    again.history = HistoryStore(tmp_path / "history.sqlite3")
    again.quality_store = QualityStore(tmp_path / "quality.sqlite3")
    panel = make_panel(qtbot, again)
    qtbot.waitUntil(lambda: panel.view is not None, timeout=5000)
    trend = panel.chart.trend()
    assert trend is not None and [round(p.emq or 0) for p in trend.points] == [
        round(first),
        round(float(cell(panel, 0, 1).split()[0])),
    ]
    assert len(trend.sends) == 1
    panel.chart.grab()
    assert panel.chart.drawn == {"emq": 2, "coverage": 2, "sends": 1}
    close(qtbot, panel)


def test_diagnostic_opens_composer_field(
    qtbot: QtBot, emulator: RunningEmulator, tmp_path: Path
) -> None:
    from capi_desktop.ui.main_window import MainWindow

    post_events(emulator.url, [poor_event()])
    services = make_services(emulator, tmp_path)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    panel = window.show_panel("quality")
    assert isinstance(panel, QualityPanel)
    refresh(qtbot, panel)
    panel.details.setCurrentWidget(panel.diagnostics)
    assert panel.open_field("data[0].user_data.fbc") is True
    assert window.current_panel_key() == "composer"
    close(qtbot, panel)
