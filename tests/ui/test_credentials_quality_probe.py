"""After Verify, Credentials tells which quality reads the token can do and which scope each lacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.credentials_support import TOKEN, add_profile, wait_verified


def test_verify_lists_quality_reads_and_missing_scope(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path, emulator: Any
) -> None:
    emulator.state.quality.token_scopes[TOKEN] = ("ads_management",)
    add_profile(tmp_path, emulator)
    panel = credentials_panels()
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    text = wait_verified(qtbot, panel, "Verified")
    assert "Quality reads" in text
    assert "Event Match Quality (dataset_quality)" in text
    assert "lacks ads_read" in text
    assert "Pixel stats (/{pixel}/stats)" in text and "can read" in text
    assert "System users" in text  # the setup step


def test_verify_with_full_scopes_can_read_everything(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path, emulator: Any
) -> None:
    add_profile(tmp_path, emulator)
    panel = credentials_panels()
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    text = wait_verified(qtbot, panel, "Verified")
    assert "Quality reads" in text and "lacks" not in text
