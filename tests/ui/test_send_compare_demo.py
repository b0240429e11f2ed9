"""load_demo fills every tab synchronously (screenshots build the panel without an event loop)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.send_compare import SendComparePanel


def test_load_demo_without_a_loop(qtbot: QtBot, tmp_path: Path) -> None:
    panel = SendComparePanel(Services(settings=Settings(tmp_path / "s.json")))
    qtbot.addWidget(panel)
    panel.load_demo()
    assert panel.tabs.currentWidget() is panel.compare_tab
    assert panel.compare_tab.comparison.verdict == "at_risk"
    assert panel.history_tab.table.rowCount() == 6
    assert panel.send_tab.result_view.badge.text() == "Accepted"
    assert panel.audit_tab.report is not None and panel.audit_tab.table.rowCount() == 4
    assert panel.send_tab.current_profile().name == "Demo shop"


def test_registry_targets_the_panel() -> None:
    from capi_desktop.ui.panels.registry import PANELS

    spec = next(s for s in PANELS if s.key == "send")
    assert spec.target == "capi_desktop.ui.panels.send_compare:SendComparePanel"
