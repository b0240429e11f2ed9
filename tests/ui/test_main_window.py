"""Main window: navigation, shortcuts, state restore, About, clean start/stop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.main_window import MainWindow
from capi_desktop.ui.panels.registry import PANELS
from tests.ui.helpers import show_active


def _window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = MainWindow(Services(settings=Settings(tmp_path / "settings.json")))
    show_active(qtbot, window)
    return window


def test_ctrl_number_switches_panels(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    for index, spec in enumerate(PANELS, start=1):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{index}"), Qt.KeyboardModifier.ControlModifier)
        assert window.current_panel_key() == spec.key
        assert window.stack.currentWidget() is window.panel(spec.key)


def test_last_panel_and_geometry_are_restored(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    window.show_panel("errors")
    window.resize(900, 650)
    window.close()
    saved = Settings(tmp_path / "settings.json")
    assert saved.get("last_panel") == "errors"
    again = _window(qtbot, tmp_path)
    assert again.current_panel_key() == "errors"
    assert again.height() == 650


def test_corrupt_settings_do_not_stop_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    window = _window(qtbot, tmp_path)
    assert window.current_panel_key() == PANELS[0].key
    assert any(p.name.startswith("settings.json.corrupt-") for p in tmp_path.iterdir())


def test_about_names_versions_and_keyring(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    box = window.show_about()
    assert "Qt 6" in box.text() and "Python 3." in box.text() and "Keyring:" in box.text()
    box.close()


def test_report_error_is_non_modal_and_redacts(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    window.report_error(RuntimeError("failed with access_token=EAAB1234567890abcdef"))
    box = window._error_boxes[-1]
    assert not box.isModal()
    assert "EAAB1234567890abcdef" not in box.text()
    assert "REDACTED" in box.text()
