"""The issue's "Done when", end to end in the real main window, as a marketer would click it:
create a profile, verify it against the emulator, compose a Purchase from raw customer data,
read every normalization and hash with its explanation, fix every lint finding by clicking it,
copy a cURL and run it."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton
from pytestqt.qtbot import QtBot

from capi_desktop.ui.async_qt import start_task
from capi_desktop.ui.panels.composer import ComposerPanel
from capi_desktop.ui.panels.composer.customer_model import (
    HASH_COL,
    INPUT_COL,
    NORMALIZED_COL,
    STATUS_COL,
)
from capi_desktop.ui.panels.credentials import CredentialsPanel
from tests.ui.composer_helpers import fix_findings_by_clicking
from tests.ui.credentials_support import PIXEL, TOKEN, wait_verified
from tests.ui.helpers import show_active

CTRL = Qt.KeyboardModifier.ControlModifier
# Raw customer data as a shop exports it (synthetic): stray spaces, capitals, punctuation,
# accents. Expected: what Meta's rules make of each before hashing.
RAW = {
    "em": (" Pat.Example@Example.COM ", "pat.example@example.com"),
    "ph": ("(650) 555-0142", "16505550142"),
    "fn": ("Ángela", "ángela"),
    "ln": ("Rivera-Núñez", "riveranúñez"),
    "ct": ("San Francisco", "sanfrancisco"),
    "zp": ("94107-1234", "94107"),
}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def paste_into_row(qtbot: QtBot, panel: ComposerPanel, key: str, text: str) -> None:
    """Open the row's Input editor, paste `text` (Ctrl+V), press Return."""
    customer = panel.customer
    customer.focus_row(customer.model.row_of(key), edit=True)
    editors = [e for e in customer.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "the Input cell editor should be open"
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(editors[0], Qt.Key.Key_V, CTRL)
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)


@pytest.mark.skipif(shutil.which("curl") is None or shutil.which("bash") is None, reason="curl")
def test_marketer_journey_from_new_profile_to_a_working_curl(
    qtbot: QtBot, qloop: Any, emulator: Any
) -> None:
    from capi_desktop.app import build_services, close_services
    from capi_desktop.ui.main_window import MainWindow

    services = build_services("light")
    window = MainWindow(services)
    window.resize(1280, 800)
    show_active(qtbot, window)
    try:
        # 1. Create a profile: the empty state offers "New profile".
        qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
        creds = window.panel("credentials")
        assert isinstance(creds, CredentialsPanel)
        assert creds.pages.currentIndex() == 0
        qtbot.mouseClick(creds.empty.new_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: creds.pages.currentIndex() == 1)
        form = creds.form
        qtbot.keyClicks(form.name_edit, "Shop (emulator)")
        qtbot.keyClicks(form.pixel_edit, PIXEL)
        QGuiApplication.clipboard().setText(f"{TOKEN}\n")
        qtbot.mouseClick(form.token.paste_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(form.advanced.header, Qt.MouseButton.LeftButton)  # "Advanced"
        assert form.url_edit.isVisible()
        qtbot.keyClicks(form.url_edit, emulator.url)
        assert "not Meta" in form.url_hint.message()
        qtbot.keyClick(form.name_edit, Qt.Key.Key_S, CTRL)
        qtbot.waitUntil(lambda: "Saved" in creds.status_label.text(), timeout=5000)
        assert creds.active_profile() is not None
        assert "not Meta" in creds.profile_title.text()  # clearly badged

        # 2. Verify it against the emulator.
        qtbot.mouseClick(creds.verify_button, Qt.MouseButton.LeftButton)
        report = wait_verified(qtbot, creds, "Verified")
        assert f"Emulator pixel {PIXEL}" in report and "Emulator Business" in report
        assert "System User token" in report and TOKEN not in report

        # 3. Compose a Purchase with raw customer data.
        qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
        panel = window.panel("composer")
        assert isinstance(panel, ComposerPanel) and window.current_panel_key() == "composer"
        new_menu = panel.findChild(QToolButton, "composer_new").menu()
        next(a for a in new_menu.actions() if a.text() == "Blank event").trigger()
        assert panel.event_section.current_event_name() == "Purchase"
        panel.form_tabs.setCurrentWidget(panel.customer_tab)
        panel.customer.set_default_country("US")
        for key, (raw, _) in RAW.items():
            paste_into_row(qtbot, panel, key, raw)

        # 4. Every normalization and hash, with an explanation.
        model = panel.customer.model
        for key, (raw, normalized) in RAW.items():
            row = model.row_of(key)
            assert model.index(row, INPUT_COL).data() == raw, key  # what was pasted, untouched
            assert model.index(row, NORMALIZED_COL).data() == normalized, key
            assert model.index(row, HASH_COL).data() == sha(normalized), key
            status = model.index(row, STATUS_COL).data(Qt.ItemDataRole.AccessibleTextRole)
            assert status in ("valid", "normalized"), (key, status)
            assert model.index(row, NORMALIZED_COL).data(Qt.ItemDataRole.ToolTipRole)
            panel.customer.focus_row(row, edit=False)
            explained = panel.customer.details.explain.toPlainText()
            assert normalized in explained and "developers.facebook.com" in explained, key
        panel.customer.focus_row(model.row_of("ph"), edit=False)
        assert "added country code 1" in panel.customer.details.explain.toPlainText()
        assert any(v.differs_from_docs for v in panel.customer.details.shown_variants)

        # 5. Fix every lint finding by clicking it.
        fixed = fix_findings_by_clicking(qtbot, panel)
        assert "custom_data.purchase_missing_value" in fixed
        assert "custom_data.purchase_missing_currency" in fixed
        assert not [f for f in panel.findings if f.severity in ("error", "warning")]
        assert "0 errors" in panel.findings_list.summary.text()

        # 6. Copy a cURL (Ctrl+Shift+C) and run it: the emulator receives the hashed event.
        QGuiApplication.clipboard().clear()
        qtbot.keyClick(
            QApplication.focusWidget() or panel,
            Qt.Key.Key_C,
            CTRL | Qt.KeyboardModifier.ShiftModifier,
        )
        curl = QGuiApplication.clipboard().text()
        assert "curl -sS -X POST" in curl and PIXEL in curl and TOKEN not in curl
        env = dict(os.environ, META_ACCESS_TOKEN=TOKEN)
        done = subprocess.run(
            ["bash", "-c", curl], env=env, capture_output=True, timeout=20, check=False
        )
        assert done.returncode == 0, done.stderr
        assert b'"events_received":1' in done.stdout.replace(b" ", b"")
        event = emulator.received()[-1]["data"][0]
        assert event["event_name"] == "Purchase"
        assert event["custom_data"]["value"] == 25.0 and event["custom_data"]["currency"] == "EUR"
        for key, (_, normalized) in RAW.items():
            assert event["user_data"][key] == [sha(normalized)], key
        assert "Example.COM" not in curl and "Ángela" not in curl  # never the raw data
    finally:

        async def close() -> None:
            await window.shutdown_panels()
            await close_services(services)

        task = start_task(close())
        qtbot.waitUntil(task.done, timeout=8000)
