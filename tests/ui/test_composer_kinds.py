"""Composer per event kind (issue 15): templates from the New menu, the kind's fields, switching
kind keeps what was typed and flags what no longer applies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLineEdit, QMenu, QToolButton
from pytestqt.qtbot import QtBot

from capi_desktop.ui.panels.composer import ComposerPanel
from capi_desktop.ui.panels.composer.kind_groups import AppDataGroup, CrmGroup, MessagingGroup
from tests.ui.composer_helpers import make_panel, type_into_row, wait_preview


def _start_from_menu(panel: ComposerPanel, label: str) -> None:
    button = panel.findChild(QToolButton, "composer_new")
    menu = button.menu()
    assert isinstance(menu, QMenu)
    action = next(a for a in menu.actions() if a.text() == label)
    action.trigger()


def _event(panel: ComposerPanel) -> dict[str, Any]:
    event: dict[str, Any] = panel.request_body()["data"][0]
    return event


def _serious(panel: ComposerPanel) -> list[str]:
    return [f.rule for f in panel.findings if f.severity != "info"]


def test_every_kind_template_from_the_new_menu_is_clean(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    for label in ("App", "Physical store (offline)", "CRM / Conversion Leads",
                  "Business messaging", "Email", "Phone call", "Chat", "Other"):  # fmt: skip
        _start_from_menu(panel, label)
        assert _serious(panel) == [], (label, _serious(panel))
        assert panel.score is not None and panel.score.score >= 60, label
        assert label.split(" ")[0] in panel.kind_section.summary.text()


def test_app_template_shows_app_fields_and_hashes_live(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    _start_from_menu(panel, "App")
    section = panel.kind_section
    app = section.group(AppDataGroup)
    assert not app.isHidden() and section.group(MessagingGroup).isHidden()
    event = _event(panel)
    assert event["app_data"]["extinfo"][0] == "a2" and len(event["app_data"]["extinfo"]) == 16
    assert event["user_data"]["madid"] == "38400000-8cf0-11bd-b23e-10b96e40000d"  # not hashed
    assert len(event["user_data"]["em"][0]) == 64  # typed email, hashed by the customer tab
    # A wrong slot type, typed into the form, is flagged by lint at once.
    app.slots[9].setText("wide")
    app.slots[9].textEdited.emit("wide")
    wait_preview(qtbot, panel, lambda body: body["data"][0]["app_data"]["extinfo"][9] == "wide")
    assert "app.extinfo_slot_type" in _serious(panel)


def test_switching_kind_keeps_typed_values_and_flags_stale_fields(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, tmp_path)
    _start_from_menu(panel, "App")
    source = panel.event_section.action_source
    source.setCurrentIndex(source.findData("website"))
    source.activated.emit(source.currentIndex())
    wait_preview(qtbot, panel, lambda body: body["data"][0]["action_source"] == "website")
    section = panel.kind_section
    assert section.group(AppDataGroup).isHidden()
    assert section.stale() == ["app_data", "user_data.madid", "user_data.anon_id"]
    assert "No longer applies" in section.stale_label.text()
    assert "kind.app_data_on_non_app" in _serious(panel)
    assert "app_data" in _event(panel)  # nothing typed is lost by switching
    source.setCurrentIndex(source.findData("app"))
    source.activated.emit(source.currentIndex())
    wait_preview(qtbot, panel, lambda body: body["data"][0]["action_source"] == "app")
    assert section.stale() == [] and not section.group(AppDataGroup).isHidden()
    assert section.group(AppDataGroup).slots[1].text() == "com.example.app"
    # Back to website, and remove what belongs to the app kind.
    source.setCurrentIndex(source.findData("website"))
    source.activated.emit(source.currentIndex())
    wait_preview(qtbot, panel, lambda body: body["data"][0]["action_source"] == "website")
    section.remove_stale.click()
    event = _event(panel)
    assert "app_data" not in event and "madid" not in event["user_data"]
    assert [r.key for r in panel.customer.rows()] == ["em", "client_ip_address"]
    assert section.stale() == []


def test_crm_template_is_not_told_about_the_pixel(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    _start_from_menu(panel, "CRM / Conversion Leads")
    assert not panel.kind_section.group(CrmGroup).isHidden()
    event = _event(panel)
    assert event["user_data"]["lead_id"] == "123456789012345"
    assert event["custom_data"]["event_source"] == "crm"
    panel.event_section.event_id.setText("")
    panel.event_section.touch("event_id")
    wait_preview(qtbot, panel, lambda body: "event_id" not in body["data"][0])
    text = " ".join(f.message for f in panel.findings).casefold()
    assert "browser pixel" not in text and "lead_id" in text
    lead_source = panel.kind_section.field_widget("custom_data.lead_event_source")
    assert isinstance(lead_source, QLineEdit)
    lead_source.setText("")
    panel.kind_section.touch("custom_data.lead_event_source")
    wait_preview(qtbot, panel, lambda b: "lead_event_source" not in b["data"][0]["custom_data"])
    assert "crm.lead_event_source_missing" in _serious(panel)


def test_messaging_waba_id_survives_customer_edits(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    _start_from_menu(panel, "Business messaging")
    messaging = panel.kind_section.group(MessagingGroup)
    assert not messaging.isHidden() and messaging.waba.text() == "100000000000001"
    row = panel.customer.model.row_of("ctwa_clid")
    type_into_row(qtbot, panel, row, "ARAkExampleClickId")  # retype the click ID
    wait_preview(
        qtbot, panel, lambda b: b["data"][0]["user_data"]["ctwa_clid"] == "ARAkExampleClickId"
    )
    assert _event(panel)["user_data"]["whatsapp_business_account_id"] == "100000000000001"
    assert _serious(panel) == []


def test_clicking_an_app_finding_focuses_the_extinfo_slot(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from capi_desktop.ui.panels.composer.templates import kind_template

    panel = make_panel(qtbot, tmp_path, active=True)
    draft = kind_template("app")
    draft.body["data"][0]["app_data"]["extinfo"][9] = "wide"
    panel.load_draft(draft)
    finding = next(f for f in panel.findings if f.rule == "app.extinfo_slot_type")
    assert finding.path == "data[0].app_data.extinfo[9]"
    assert panel.focus_path(finding.path)
    slot = panel.kind_section.group(AppDataGroup).slots[9]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is slot)
    slot.setText("1080")
    slot.textEdited.emit("1080")
    wait_preview(qtbot, panel, lambda b: b["data"][0]["app_data"]["extinfo"][9] == "1080")
    assert "app.extinfo_slot_type" not in _serious(panel)


def test_coverage_hint_adds_the_kind_identifier_row(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    panel.load_request(
        {
            "data": [
                {
                    "event_name": "Lead",
                    "event_time": 1,
                    "action_source": "system_generated",
                    "custom_data": {"event_source": "crm", "lead_event_source": "Hubspot"},
                    "user_data": {"em": ["a" * 64]},
                }
            ]
        }
    )
    assert panel.score is not None and panel.score.next_best == "lead_id"
    panel.score_meter.add_next.emit("lead_id")
    assert panel.customer.model.row_of("lead_id") >= 0
