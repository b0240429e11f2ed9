"""The marketer's journey: fix every lint finding by clicking it, then copy a cURL that works."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.emulator import DEFAULT_PIXEL, DEFAULT_TOKEN, start_emulator
from capi_desktop.backend.settings import Settings
from capi_desktop.domain.lint import by_severity
from capi_desktop.services import Services
from capi_desktop.ui.panels.composer import ComposerPanel
from tests.ui.helpers import show_active

# What a marketer types after clicking each finding (synthetic values only).
FIXES = {
    "user_data.missing": "Pat.Example@Example.com",
    "user_data.broad_combination": "Pat.Example@Example.com",  # e.g. only a user agent so far
    "custom_data.purchase_missing_value": "25.00",
    "custom_data.purchase_missing_currency": "EUR",
    "action_source.website_without_url": "https://shop.example/thanks",
    "action_source.website_without_user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
}


def type_into_focus(qtbot: QtBot, text: str) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None, "clicking a finding must focus a field"
    if isinstance(widget, QTableView):  # a customer row is selected: F2 opens its editor
        qtbot.keyClick(widget, Qt.Key.Key_F2)
        widget = QApplication.focusWidget()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


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

        fixed: list[str] = []
        for _ in range(len(FIXES) + 2):
            panel.flush()
            open_findings = [f for f in by_severity(panel.findings) if f.severity != "info"]
            if not open_findings:
                break
            finding = open_findings[0]  # the top of the list, as a user would pick
            assert finding.rule in FIXES, f"no scripted fix for {finding.rule}: {finding.message}"
            item = next(i for i in panel.findings_list.items() if i.text() == finding.message)
            rect = panel.findings_list.tree.visualItemRect(item)
            qtbot.mouseClick(
                panel.findings_list.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
            )
            type_into_focus(qtbot, FIXES[finding.rule])
            qtbot.waitUntil(
                lambda r=finding.rule: all(f.rule != r for f in panel.findings), timeout=3000
            )
            fixed.append(finding.rule)
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
