"""MainWindow(defer_panel=True): the frame paints first, the restored panel is built later."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.main_window import MainWindow


def test_deferred_panel_is_built_on_request(qtbot: QtBot, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    settings.set("last_panel", "errors")
    window = MainWindow(Services(settings=settings), defer_panel=True)
    qtbot.addWidget(window)
    assert window.current_panel_key() == "errors"
    assert window.built_panels() == {}
    window.build_current_panel()
    assert list(window.built_panels()) == ["errors"]
    assert window.stack.currentWidget() is window.built_panels()["errors"]


def test_default_still_builds_the_restored_panel(qtbot: QtBot, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    settings.set("last_panel", "errors")
    window = MainWindow(Services(settings=settings))
    qtbot.addWidget(window)
    assert list(window.built_panels()) == ["errors"]
