"""The marketer's journey: fix every lint finding by clicking it, then copy a cURL that works."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.emulator import DEFAULT_PIXEL, DEFAULT_TOKEN, start_emulator
from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.composer import ComposerPanel
from tests.ui.composer_helpers import FIXES, fix_findings_by_clicking
from tests.ui.helpers import show_active


@pytest.mark.skipif(shutil.which("curl") is None or shutil.which("bash") is None, reason="curl")
def test_fix_every_finding_by_clicking_then_copy_a_working_curl(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with start_emulator() as emulator:
        store = CredentialStore(tmp_path / "profiles.json")
        profile = store.add("Local", DEFAULT_PIXEL, graph_url=emulator.url)
        settings = Settings(tmp_path / "settings.json")
        settings.set("active_profile", profile.id)
        panel = ComposerPanel(Services(settings=settings, credentials=store))
        panel.resize(1280, 800)
        show_active(qtbot, panel)

        fixed = fix_findings_by_clicking(qtbot, panel)
        assert len(fixed) == 5 and set(fixed) <= set(FIXES)
        assert [f.severity for f in panel.findings] == ["info"]  # only "no test_event_code"

        QGuiApplication.clipboard().clear()
        qtbot.keyClick(
            QApplication.focusWidget() or panel,
            Qt.Key.Key_C,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        curl = QGuiApplication.clipboard().text()
        assert DEFAULT_TOKEN not in curl
        env = dict(os.environ, META_ACCESS_TOKEN=DEFAULT_TOKEN)
        done = subprocess.run(
            ["bash", "-c", curl], env=env, capture_output=True, timeout=20, check=False
        )
        assert done.returncode == 0, done.stderr
        assert b'"events_received":1' in done.stdout.replace(b" ", b"")
        received = emulator.received()
        assert len(received) == 1
        event = received[0]["data"][0]
        assert event["custom_data"] == {"value": 25.0, "currency": "EUR"}
        assert len(event["user_data"]["em"][0]) == 64  # hashed, never the raw address
