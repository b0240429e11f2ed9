"""Helpers for the Composer panel tests: build a panel, wait for the debounced preview."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.composer import ComposerPanel
from tests.ui.helpers import show_active


def make_panel(qtbot: QtBot, tmp_path: Path, *, active: bool = False) -> ComposerPanel:
    services = Services(settings=Settings(tmp_path / "settings.json"))
    panel = ComposerPanel(services)
    panel.resize(1280, 800)
    if active:
        show_active(qtbot, panel)
    else:
        qtbot.addWidget(panel)
        panel.show()
    return panel


def preview_json(panel: ComposerPanel) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(panel.preview.toPlainText())
    return data


def wait_preview(qtbot: QtBot, panel: ComposerPanel, predicate: Any, timeout: int = 2000) -> None:
    """Wait until the (debounced) preview JSON satisfies `predicate`."""

    def check() -> bool:
        text = panel.preview.toPlainText()
        return bool(text) and bool(predicate(json.loads(text)))

    qtbot.waitUntil(check, timeout=timeout)


def type_into_row(qtbot: QtBot, panel: ComposerPanel, row: int, text: str) -> None:
    """Open the Input cell editor like a user (ASCII only: keyClicks aborts on non-ASCII)."""
    customer = panel.customer
    panel.form_tabs.setCurrentWidget(customer)
    customer.focus_row(row, edit=True)
    editors = [e for e in customer.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "the Input cell editor should be open"
    qtbot.keyClicks(editors[0], text)


def user_data(body: dict[str, Any], index: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = body["data"][index].get("user_data", {})
    return data
