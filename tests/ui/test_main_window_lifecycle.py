"""Main window: start-up verify of the active profile, and no silent loss of unsaved edits."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.graph_client import GraphClient
from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.async_qt import start_task
from capi_desktop.ui.main_window import MainWindow
from capi_desktop.ui.panel_lifecycle import (
    HasDemo,
    HoldsUnsavedWork,
    ShutsDown,
    StartsWithApp,
)
from tests.ui.credentials_support import PIXEL, add_profile


def _window(qtbot: QtBot, tmp_path: Path, settings: dict[str, Any]) -> MainWindow:
    services = Services(
        settings=Settings(tmp_path / "settings.json"),
        graph=GraphClient(),
        credentials=CredentialStore(tmp_path / "profiles.json"),
    )
    for key, value in settings.items():
        services.settings.set(key, value)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    return window


def _close_graph(qtbot: QtBot, window: MainWindow) -> None:
    async def close() -> None:
        await window.shutdown_panels()
        await window.services.graph.aclose()

    task = start_task(close())
    qtbot.waitUntil(task.done, timeout=5000)


def test_active_profile_is_verified_at_start_even_on_another_panel(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, emulator: Any
) -> None:
    profile_id = add_profile(tmp_path, emulator)
    window = _window(qtbot, tmp_path, {"last_panel": "errors", "active_profile": profile_id})
    assert window.current_panel_key() == "errors"
    window.on_started()
    credentials = window.panel("credentials")
    qtbot.waitUntil(lambda: profile_id in credentials.controller.results, timeout=10_000)
    assert credentials.controller.results[profile_id][0].ok
    assert any(PIXEL in path for _method, path in emulator.hits())
    _close_graph(qtbot, window)


def test_closing_with_unsaved_profile_edits_asks_first(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, emulator: Any
) -> None:
    profile_id = add_profile(tmp_path, emulator)
    window = _window(qtbot, tmp_path, {"active_profile": profile_id})
    credentials = window.show_panel("credentials")
    qtbot.waitUntil(lambda: credentials.current_profile_id() == profile_id, timeout=5000)
    # The start-up verification runs in the background; let it finish, or its half-open
    # connection is garbage-collected unawaited after the test (flaky unraisable warning).
    qtbot.waitUntil(lambda: profile_id in credentials.controller.results, timeout=8000)
    credentials.form.name_edit.setText("Shop renamed")
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))

    window.close()
    assert window.isVisible() and not closed, "closed without asking"
    box = window.close_prompt
    assert box is not None and "unsaved" in box.text().lower()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.isVisible() and not closed

    window.close()
    window.close_prompt.button(QMessageBox.StandardButton.Save).click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: bool(closed), timeout=5000)
    assert CredentialStore(tmp_path / "profiles.json").get(profile_id).name == "Shop renamed"
    _close_graph(qtbot, window)


# What each panel offers the window (ui/panel_lifecycle.py). A panel refactor that renames one
# of these methods would silently drop the window's call to it; this table catches that.
CAPABILITIES = {
    "credentials": {StartsWithApp, HoldsUnsavedWork, ShutsDown, HasDemo},
    "composer": {ShutsDown, HasDemo},  # reached through links.py, not the window
    "send": {ShutsDown, HasDemo},  # wired through links.py
    "errors": {ShutsDown, HasDemo},
    "quality": {ShutsDown, HasDemo},  # opens the Composer through links.py
    "live": {HasDemo},
}
PROTOCOLS = (StartsWithApp, HoldsUnsavedWork, ShutsDown, HasDemo)


@pytest.mark.parametrize("key", list(CAPABILITIES))
def test_each_panel_offers_the_window_what_it_expects(
    qtbot: QtBot, tmp_path: Path, key: str
) -> None:
    window = MainWindow(Services(settings=Settings(tmp_path / "settings.json")))
    qtbot.addWidget(window)
    panel = window.panel(key)
    offered = {protocol for protocol in PROTOCOLS if isinstance(panel, protocol)}
    assert offered == CAPABILITIES[key]
