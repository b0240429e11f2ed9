"""Helpers for the Composer panel tests: build a panel, wait for the debounced preview."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.domain.lint import by_severity
from capi_desktop.services import Services
from capi_desktop.ui.panels.composer import ComposerPanel
from tests.ui.helpers import show_active

# What a marketer types after clicking each lint finding (synthetic values only).
FIXES = {
    "user_data.missing": "Pat.Example@Example.com",
    "user_data.broad_combination": "Pat.Example@Example.com",  # e.g. only a user agent so far
    "custom_data.purchase_missing_value": "25.00",
    "custom_data.purchase_missing_currency": "EUR",
    "action_source.website_without_url": "https://shop.example/thanks",
    "action_source.website_without_user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
}


def make_panel(qtbot: QtBot, tmp_path: Path, *, active: bool = False) -> ComposerPanel:
    services = Services(settings=Settings(tmp_path / "settings.json"))
    panel = ComposerPanel(services)
    panel.resize(1280, 800)
    if active:
        show_active(qtbot, panel)
    else:
        qtbot.addWidget(panel)
        panel.show()
    # The first lint runs at the event loop's next turn, after the panel painted (issue 14);
    # a user sees the findings from then on, so the tests start from there too.
    qtbot.waitUntil(lambda: not panel.lint_pending, timeout=2000)
    return panel


def open_editor(panel: ComposerPanel) -> None:
    """Show the Edit JSON tab, as a click on it does."""
    panel.json_tabs.setCurrentWidget(panel.editor)


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
    panel.form_tabs.setCurrentWidget(panel.customer_tab)
    customer.focus_row(row, edit=True)
    editors = [e for e in customer.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "the Input cell editor should be open"
    qtbot.keyClicks(editors[0], text)


def user_data(body: dict[str, Any], index: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = body["data"][index].get("user_data", {})
    return data


def type_into_focus(qtbot: QtBot, text: str) -> None:
    """Type into whatever clicking a finding focused (a selected customer row: F2 edits it)."""
    widget = QApplication.focusWidget()
    assert widget is not None, "clicking a finding must focus a field"
    if isinstance(widget, QTableView):
        qtbot.keyClick(widget, Qt.Key.Key_F2)
        widget = QApplication.focusWidget()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def fix_findings_by_clicking(qtbot: QtBot, panel: ComposerPanel) -> list[str]:
    """Click the top open error/warning, type its scripted fix, until none is left."""
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
    return fixed
