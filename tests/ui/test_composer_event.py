"""Composer event section: time assistant, event ID, LDU, consent decision, recommended fields."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from capi_desktop.ui.panels.composer.templates import template
from tests.ui.composer_helpers import make_panel, wait_preview


def first_event(panel):  # type: ignore[no-untyped-def]
    return panel.request_body()["data"][0]


def test_millisecond_timestamp_is_flagged_and_converted(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    ms = int(time.time() * 1000)
    panel.load_request({"data": [{"event_name": "Lead", "event_time": ms}]})
    section = panel.event_section
    assert "milliseconds" in section.time_info.text()
    assert section.fix_ms_button.isVisible()
    assert first_event(panel)["event_time"] == ms  # nothing is fixed behind the user's back
    assert any(f.rule == "event_time.milliseconds" for f in panel.findings)
    section.fix_ms_button.click()
    assert first_event(panel)["event_time"] == ms // 1000
    assert not section.fix_ms_button.isVisible()
    assert "Unix" in section.time_info.text() and " s" in section.time_info.text()


def test_now_and_generate(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.load_request({"data": [{"event_name": "Lead", "event_time": 1_600_000_000}]})
    panel.event_section.now_button.click()
    assert abs(first_event(panel)["event_time"] - time.time()) < 5
    assert "ago" in panel.event_section.time_info.text()
    panel.event_section.generate_event_id()
    uuid.UUID(first_event(panel)["event_id"])  # a valid UUID


def test_string_event_time_is_kept_until_edited(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.load_request({"data": [{"event_name": "Lead", "event_time": "1700000000"}]})
    assert first_event(panel)["event_time"] == "1700000000"
    assert "sent as str" in panel.event_section.time_info.text()


def test_ldu_checkbox_writes_the_three_fields(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    section = panel.event_section
    section.ldu.setChecked(True)
    section.ldu_country.setCurrentIndex(1)
    section.ldu_state.setCurrentIndex(1)
    section.touch("data_processing_options")
    event = first_event(panel)
    assert event["data_processing_options"] == ["LDU"]
    assert (event["data_processing_options_country"], event["data_processing_options_state"]) == (
        1,
        1000,
    )
    section.ldu.setChecked(False)
    event = first_event(panel)
    assert event["data_processing_options"] == []
    assert "data_processing_options_country" not in event


def test_consent_decision_is_shown_and_can_set_ldu(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    consent = panel.consent
    combo: QComboBox = consent.combos["ad_user_data"]
    combo.setCurrentText("denied")
    combo.activated.emit(combo.currentIndex())
    assert "Suppress" in consent.decision_label.text()
    assert not consent.apply_button.isEnabled()
    combo.setCurrentText("granted")
    combo.activated.emit(combo.currentIndex())
    consent.region.setText("US-CA")
    consent.region.textEdited.emit("US-CA")
    assert "Limited Data Use" in consent.decision_label.text()
    consent.apply_button.click()
    event = first_event(panel)
    assert event["data_processing_options"] == ["LDU"]
    assert event["data_processing_options_state"] == 1000
    assert "data_processing_options" not in panel.request_body().get("consent", {})
    assert panel.current_draft().consent["region"] == "US-CA"  # kept with the draft


def test_recommended_fields_follow_the_event_name(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    labels = panel.custom_data._labels
    assert "★" in labels["currency"].text()
    assert "Purchase" in panel.event_section.recommended_label.message()
    panel.event_section.event_name.setEditText("Search")
    panel.flush()
    assert "★" not in labels["order_id"].text()


def test_several_events_are_edited_one_at_a_time(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    body = {"data": [template("Purchase").body["data"][0], {"event_name": "Lead", "event_time": 1}]}
    panel.load_request(body)
    assert panel.event_picker.isVisibleTo(panel) and panel.event_picker.count() == 2
    panel.select_event(1)
    assert panel.event_section.current_event_name() == "Lead"
    panel.event_section.event_id.setText("lead-1")
    panel.event_section.touch("event_id")
    result = panel.request_body()
    assert result["data"][1]["event_id"] == "lead-1"
    assert result["data"][0] == body["data"][0]
    assert panel.focus_path("data[0].custom_data.value")
    assert panel.event_section.current_event_name() == "Purchase"


def test_a_custom_event_name_can_be_typed(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    combo = panel.event_section.event_name
    assert combo.isEditable()
    line = combo.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "NewsletterSignup")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    wait_preview(qtbot, panel, lambda b: b["data"][0]["event_name"] == "NewsletterSignup")
    assert "Purchase events need" not in " ".join(f.message for f in panel.findings)


def test_tab_walks_the_event_form_one_field_at_a_time(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    section = panel.event_section
    expected = [
        section.event_name,
        section.time_edit,
        section.now_button,
        section.event_id,
    ]
    section.event_name.setFocus()
    seen = []
    for _ in expected:
        widget = QApplication.focusWidget()
        while widget is not None and widget not in expected and widget.parentWidget():
            widget = widget.parentWidget()  # a combo's or date edit's inner line edit
        seen.append(widget)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert seen == expected
