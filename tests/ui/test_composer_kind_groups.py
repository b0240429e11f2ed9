"""The Composer's per-kind groups are built on first need (issue 14), and a user cannot tell.

A website event (the default) shows none of the app / messaging / CRM groups, so a fresh
Composer builds none of them; switching the action source, loading a draft with their values,
jumping to one of their fields or reading them builds a group in its place in the form.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QGroupBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from capi_desktop.backend.drafts import Draft
from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.focus_order import layout_order
from capi_desktop.ui.panels.composer import ComposerPanel
from capi_desktop.ui.panels.composer.kind_groups import AppDataGroup, CrmGroup, MessagingGroup
from capi_desktop.ui.panels.composer.templates import kind_template
from tests.ui.composer_helpers import make_panel, type_into_row, wait_preview
from tests.ui.helpers import show_active


def _fresh(qtbot: QtBot, tmp_path: Path) -> ComposerPanel:
    """A panel as the window builds it at start (restoring the autosave, if any)."""
    panel = ComposerPanel(Services(settings=Settings(tmp_path / "settings.json")))
    qtbot.addWidget(panel)
    return panel


def _pick_source(qtbot: QtBot, panel: ComposerPanel, source: str) -> None:
    combo = panel.event_section.action_source
    combo.setCurrentIndex(combo.findData(source))
    combo.activated.emit(combo.currentIndex())  # as a pick from the list does
    wait_preview(qtbot, panel, lambda body: body["data"][0]["action_source"] == source)


def _event(panel: ComposerPanel) -> dict[str, Any]:
    event: dict[str, Any] = panel.request_body()["data"][0]
    return event


def _built(panel: ComposerPanel) -> list[type[QWidget]]:
    """The kind groups built so far, in the order the form lays them out."""
    layout = panel.kind_section.layout()
    items = (layout.itemAt(i) for i in range(layout.count()))
    found = [type(w) for item in items if item and isinstance(w := item.widget(), QGroupBox)]
    assert len(found) == len(panel.kind_section.findChildren(QGroupBox))
    return found


def _slot(body: dict[str, Any], index: int) -> Any:
    extinfo = body["data"][0].get("app_data", {}).get("extinfo", [])
    return extinfo[index] if index < len(extinfo) else None


def test_a_fresh_composer_for_a_website_event_builds_no_kind_group(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = _fresh(qtbot, tmp_path)
    panel.resize(1280, 800)
    panel.show()
    qtbot.waitUntil(lambda: not panel.lint_pending, timeout=2000)
    section = panel.kind_section
    assert panel.event_section.action_source.currentData() == "website"
    assert section.findChildren(QGroupBox) == []
    assert section.findChildren(QLineEdit) == [] and section.findChildren(QComboBox) == []
    assert "Website" in section.summary.text()  # the kind line still says what it is
    _pick_source(qtbot, panel, "physical_store")  # a kind without a group of its own
    assert _built(panel) == []


def test_switching_to_app_builds_its_fields_and_keeps_what_was_typed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, tmp_path)
    _pick_source(qtbot, panel, "app")
    assert _built(panel) == [AppDataGroup]
    app = panel.kind_section.group(AppDataGroup)
    assert app.isVisible() and all(slot.isVisible() for slot in app.slots)
    assert all(slot.text() == "" for slot in app.slots)
    qtbot.keyClicks(app.slots[0], "a2")
    qtbot.keyClicks(app.slots[3], "Version 7")
    wait_preview(qtbot, panel, lambda b: _slot(b, 3) == "Version 7")
    _pick_source(qtbot, panel, "website")
    assert app.isHidden() and "app_data" in panel.kind_section.stale()
    _pick_source(qtbot, panel, "app")
    assert app.isVisible() and app.slots[3].text() == "Version 7"
    extinfo = _event(panel)["app_data"]["extinfo"]
    assert extinfo[:4] == ["a2", "", "", "Version 7"] and len(extinfo) == 16
    # Where it was laid out: after the event's fields, before the consent box.
    order = layout_order(panel)
    assert order.index(panel.event_section.action_source) < order.index(app.att)
    assert order.index(app.slots[-1]) < order.index(next(iter(panel.consent.combos.values())))
    bottom = app.mapTo(panel, QPoint(0, app.height())).y()
    assert bottom <= panel.consent.mapTo(panel, QPoint(0, 0)).y()


def test_tab_walks_from_the_app_fields_into_the_consent_box(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    _pick_source(qtbot, panel, "app")
    app = panel.kind_section.group(AppDataGroup)
    app.slots[14].setFocus()
    qtbot.keyClick(app.slots[14], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is app.slots[15]
    qtbot.keyClick(app.slots[15], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is next(iter(panel.consent.combos.values()))


def test_a_draft_with_kind_fields_shows_them_and_sends_them_unchanged(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, tmp_path)
    draft = kind_template("app")
    draft.body["data"][0]["app_data"]["extinfo"][5] = "Pixel 8 Pro"
    sent = copy.deepcopy(draft.body["data"][0]["app_data"])
    panel.load_draft(draft)
    app = panel.kind_section.group(AppDataGroup)
    assert app.isVisible() and app.slots[5].text() == "Pixel 8 Pro"
    assert app.att.currentData() == sent["advertiser_tracking_enabled"]
    assert _event(panel)["app_data"] == sent


def test_a_website_event_keeps_a_waba_id_its_group_does_not_show(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The customer table rebuilds user_data without the WABA ID; the hidden group puts it back."""
    panel = make_panel(qtbot, tmp_path)
    event = {
        "event_name": "Lead",
        "event_time": 1,
        "action_source": "website",
        "event_source_url": "https://shop.example/lead",
        "user_data": {"whatsapp_business_account_id": "100000000000001"},
        "custom_data": {"event_source": "crm", "lead_event_source": "Example CRM"},
    }
    panel.load_draft(Draft(body={"data": [event]}, user_rows=[("em", "pat@example.com")]))
    assert sorted(t.__name__ for t in _built(panel)) == ["CrmGroup", "MessagingGroup"]
    assert all(box.isHidden() for box in panel.kind_section.findChildren(QGroupBox))
    type_into_row(qtbot, panel, panel.customer.model.row_of("em"), "pat.other@example.com")
    retyped = [hashlib.sha256(b"pat.other@example.com").hexdigest()]
    wait_preview(qtbot, panel, lambda b: b["data"][0]["user_data"]["em"] == retyped)
    sent = _event(panel)
    assert sent["user_data"]["whatsapp_business_account_id"] == "100000000000001"
    assert sent["custom_data"] == {"event_source": "crm", "lead_event_source": "Example CRM"}


def test_undo_and_autosave_restore_bring_back_the_typed_app_fields(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, tmp_path)
    _pick_source(qtbot, panel, "app")
    app = panel.kind_section.group(AppDataGroup)
    qtbot.keyClicks(app.slots[1], "com.example.app")
    wait_preview(qtbot, panel, lambda b: "app_data" in b["data"][0])
    assert panel.undo()  # the typed slot goes
    assert app.slots[1].text() == "" and "app_data" not in _event(panel)
    assert panel.redo()
    assert app.slots[1].text() == "com.example.app"
    sent = panel.request_body()
    panel.tools.autosave_now()

    again = _fresh(qtbot, tmp_path)  # the next start restores the autosave
    assert _built(again) == [AppDataGroup]
    assert again.kind_section.group(AppDataGroup).slots[1].text() == "com.example.app"
    assert again.request_body() == sent


def test_a_finding_on_an_extinfo_slot_jumps_to_that_slot(qtbot: QtBot, tmp_path: Path) -> None:
    first = make_panel(qtbot, tmp_path)
    draft = kind_template("app")
    draft.body["data"][0]["app_data"]["extinfo"][3] = True  # not a string
    first.load_draft(draft)
    first.tools.autosave_now()

    panel = _fresh(qtbot, tmp_path)  # restored at start, then clicked
    panel.resize(1280, 800)
    show_active(qtbot, panel)
    qtbot.waitUntil(lambda: not panel.lint_pending, timeout=2000)
    finding = next(f for f in panel.findings if f.rule == "app.extinfo_slot_type")
    assert finding.path == "data[0].app_data.extinfo[3]"
    item = next(i for i in panel.findings_list.items() if i.text() == finding.message)
    rect = panel.findings_list.tree.visualItemRect(item)
    qtbot.mouseClick(
        panel.findings_list.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    slot = panel.kind_section.group(AppDataGroup).slots[3]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is slot)
    assert panel.form_tabs.currentIndex() == 0 and not slot.visibleRegion().isEmpty()
    slot.selectAll()
    qtbot.keyClicks(slot, "Version 7")
    wait_preview(qtbot, panel, lambda b: _slot(b, 3) == "Version 7")
    panel.flush()
    assert all(f.rule != "app.extinfo_slot_type" for f in panel.findings)


def test_messaging_and_crm_groups_appear_for_their_kinds(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    _pick_source(qtbot, panel, "business_messaging")
    assert _built(panel) == [MessagingGroup]
    messaging = panel.kind_section.group(MessagingGroup)
    assert messaging.isVisible()
    qtbot.keyClicks(messaging.waba, "100000000000002")
    _pick_source(qtbot, panel, "system_generated")
    assert _built(panel) == [MessagingGroup, CrmGroup]
    crm = panel.kind_section.group(CrmGroup)
    assert crm.isVisible() and messaging.isHidden()
    lead_source = panel.kind_section.field_widget("custom_data.lead_event_source")
    assert isinstance(lead_source, QLineEdit) and lead_source.isVisible()
    qtbot.keyClicks(lead_source, "Example CRM")
    wait_preview(
        qtbot,
        panel,
        lambda b: b["data"][0].get("custom_data", {}).get("lead_event_source") == "Example CRM",
    )
    event = _event(panel)
    assert event["user_data"]["whatsapp_business_account_id"] == "100000000000002"
    _pick_source(qtbot, panel, "app")
    assert _built(panel) == [AppDataGroup, MessagingGroup, CrmGroup]  # built last, laid out first
