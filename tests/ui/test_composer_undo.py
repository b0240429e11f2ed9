"""Composer undo/redo as a user does it: Undo/Redo buttons, Ctrl+Z outside text boxes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from capi_desktop.ui.panels.composer.templates import template
from tests.ui.composer_helpers import make_panel, type_into_row, user_data, wait_preview


def test_undo_brings_back_the_request_and_what_was_typed(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    panel.tools.start_template("Lead")
    undo, redo = panel.tools.undo_buttons.undo_button, panel.tools.undo_buttons.redo_button
    assert not undo.isEnabled() and not redo.isEnabled()  # a new draft has nothing to undo
    row = panel.customer.model.row_of("em")
    before = user_data(panel.request_body()).get("em")

    type_into_row(qtbot, panel, row, "pat@example.com")
    qtbot.keyClick(panel.customer.table.viewport().focusWidget(), Qt.Key.Key_Return)
    wait_preview(qtbot, panel, lambda body: user_data(body).get("em") != before)
    typed_hash = user_data(panel.request_body())["em"]
    assert undo.isEnabled()

    panel.customer.table.setFocus()  # not in a text box: Ctrl+Z is the request's undo
    qtbot.keyClick(panel.customer.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_preview(qtbot, panel, lambda body: user_data(body).get("em") == before)
    typed_before = next((raw for key, raw in template("Lead").user_rows if key == "em"), "")
    assert panel.customer.model.row_at(panel.customer.model.row_of("em")).raw == typed_before
    assert redo.isEnabled() and panel.status.text() == "Undone."

    qtbot.mouseClick(redo, Qt.MouseButton.LeftButton)
    wait_preview(qtbot, panel, lambda body: user_data(body).get("em") == typed_hash)
    assert panel.customer.model.row_at(panel.customer.model.row_of("em")).raw == "pat@example.com"
    assert not redo.isEnabled()


def test_ctrl_z_in_a_text_box_undoes_its_own_typing(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    panel.tools.start_template("Lead")
    field = panel.event_section.event_id
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "order-9")
    wait_preview(qtbot, panel, lambda body: body["data"][0]["event_id"] == "order-9")
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() != "order-9"  # the line edit's own undo, not the whole request's
    qtbot.wait(200)
    assert panel.status.text() != "Undone."
    assert panel.request_body()["data"][0]["event_id"] == field.text()


def test_undo_of_json_editor_text_and_event_choice(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.load_request({"data": [{"event_name": "Lead"}, {"event_name": "Contact"}]})
    panel.json_tabs.setCurrentWidget(panel.editor)
    panel.editor.edit.setPlainText('{"data": [{"event_name": "Purchase"}]}')
    qtbot.waitUntil(lambda: len(panel.request_body()["data"]) == 1, timeout=2000)
    assert panel.event_picker.isHidden()
    assert panel.undo()
    assert [e["event_name"] for e in panel.request_body()["data"]] == ["Lead", "Contact"]
    assert not panel.event_picker.isHidden()
    assert panel.editor.text() == panel.document.preview_text()  # the editor follows the undo
    assert panel.event_section.current_event_name() == "Lead"
    assert not panel.undo() and panel.status.text() == "Nothing to undo."


def test_undo_of_a_default_country_pick_restores_the_hashes(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.load_request({"data": [{"event_name": "Lead", "user_data": {}}]})
    panel.customer.set_value("ph", "(650) 555-0142")
    panel.flush()
    no_country = user_data(panel.request_body()).get("ph")
    combo = panel.customer.country
    combo.setCurrentIndex(combo.findData("US"))  # as picking it from the list does
    us = user_data(panel.request_body())["ph"]
    assert us != no_country and panel.customer.default_country() == "US"
    assert panel.undo()
    assert panel.customer.default_country() == "" and combo.code() == ""
    assert user_data(panel.request_body()).get("ph") == no_country
    assert panel.redo() and user_data(panel.request_body())["ph"] == us
    assert combo.code() == "US"
