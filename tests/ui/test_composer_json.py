"""Composer JSON: live preview, and a raw editor that syncs both ways without losing text."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.composer_helpers import make_panel, open_editor, user_data, wait_preview


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_editor_starts_with_the_current_body(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    open_editor(panel)
    assert json.loads(panel.editor.text()) == panel.request_body()


def test_json_edit_updates_the_form(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    open_editor(panel)
    body = panel.request_body()
    event = body["data"][0]
    event["event_name"] = "Lead"
    event["event_source_url"] = "https://shop.example/contact"
    event["custom_data"] = {"value": 9.5, "currency": "EUR", "x_campaign": "spring"}
    event["my_extension"] = {"kept": True}
    panel.editor.edit.setPlainText(json.dumps(body, indent=2))
    qtbot.waitUntil(lambda: panel.event_section.current_event_name() == "Lead", timeout=2000)
    assert panel.event_section.source_url.text() == "https://shop.example/contact"
    assert panel.custom_data.lines["value"].text() == "9.5"
    assert panel.custom_data.currency.code() == "EUR"
    assert panel.custom_data.free.item(0, 0).text() == "x_campaign"
    # Unknown keys round-trip untouched.
    assert panel.request_body()["data"][0]["my_extension"] == {"kept": True}


def test_invalid_json_keeps_text_and_last_valid_form(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.customer.set_value("em", "kept@example.com")
    wait_preview(qtbot, panel, lambda b: "em" in user_data(b))
    before = panel.request_body()
    open_editor(panel)
    broken = panel.editor.text().replace('"event_name"', '"event_name" "Lead",', 1)
    panel.editor.edit.setPlainText(broken)
    qtbot.waitUntil(panel.editor.has_error, timeout=2000)
    status = panel.editor.status.text()
    assert "line 4" in status and "column" in status
    assert panel.editor.text() == broken  # nothing typed is lost
    assert panel.request_body() == before  # the form keeps the last valid state
    assert panel.event_section.current_event_name() == before["data"][0]["event_name"]

    # A form edit meanwhile does not overwrite the invalid text either.
    panel.event_section.event_id.setText("evt-42")
    panel.event_section.touch("event_id")
    qtbot.waitUntil(lambda: panel.request_body()["data"][0]["event_id"] == "evt-42")
    assert panel.editor.text() == broken
    assert "not shown here" in panel.editor.status.text()

    # Fixing the text makes the form follow again.
    fixed = panel.request_body()
    fixed["data"][0]["event_name"] = "Contact"
    panel.editor.edit.setPlainText(json.dumps(fixed))
    qtbot.waitUntil(lambda: panel.event_section.current_event_name() == "Contact", timeout=2000)
    assert not panel.editor.has_error()


def test_the_invalid_line_is_marked_until_the_text_parses(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    open_editor(panel)
    assert panel.editor.edit.extraSelections() == []
    good = panel.editor.text()
    panel.editor.edit.setPlainText(good.replace('"event_name"', '"event_name" "Lead",', 1))
    qtbot.waitUntil(panel.editor.has_error, timeout=2000)
    (mark,) = panel.editor.edit.extraSelections()
    assert mark.cursor.blockNumber() == 3  # line 4, as the status says
    panel.editor.edit.setPlainText(good)
    qtbot.waitUntil(lambda: not panel.editor.has_error(), timeout=2000)
    assert panel.editor.edit.extraSelections() == []


def test_a_form_edit_keeps_the_preview_where_the_user_scrolled(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, tmp_path)
    body = panel.request_body()
    body["data"][0]["custom_data"] = {f"x_key_{i}": i for i in range(120)}  # taller than the view
    open_editor(panel)
    panel.editor.edit.setPlainText(json.dumps(body, indent=2))
    qtbot.waitUntil(lambda: "x_key_119" in panel.request_body()["data"][0].get("custom_data", {}))
    panel.json_tabs.setCurrentWidget(panel.preview)  # the preview catches up when shown
    wait_preview(qtbot, panel, lambda b: "x_key_119" in b["data"][0].get("custom_data", {}))
    bar = panel.preview.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 10, timeout=2000)
    bar.setValue(10)
    panel.event_section.event_id.setText("evt-scrolled")
    panel.event_section.touch("event_id")
    wait_preview(qtbot, panel, lambda b: b["data"][0]["event_id"] == "evt-scrolled")
    assert bar.value() == 10


def test_raw_input_survives_unrelated_json_edits(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.customer.set_value("em", "Raw.Person@Example.com")
    wait_preview(qtbot, panel, lambda b: user_data(b).get("em") == [sha("raw.person@example.com")])
    open_editor(panel)
    body = json.loads(panel.editor.text())
    body["data"][0]["event_id"] = "edited-in-json"
    panel.editor.edit.setPlainText(json.dumps(body, indent=2))
    qtbot.waitUntil(lambda: panel.event_section.event_id.text() == "edited-in-json", timeout=2000)
    rows = [r for r in panel.customer.rows() if r.key == "em"]
    assert [r.raw for r in rows] == ["Raw.Person@Example.com"]


def test_hashes_pasted_in_json_show_as_already_hashed(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    open_editor(panel)
    body = json.loads(panel.editor.text())
    body["data"][0]["user_data"] = {"em": [sha("a@example.com")], "fbp": "fb.1.1596403881668.1"}
    panel.editor.edit.setPlainText(json.dumps(body))
    qtbot.waitUntil(lambda: any(r.key == "fbp" for r in panel.customer.rows()), timeout=2000)
    model = panel.customer.model
    row = model.row_of("em")
    assert model.result(row).status == "already_hashed"


def test_preview_is_the_exact_request_body(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.load_demo()
    wait_preview(qtbot, panel, lambda b: b == panel.request_body())
    assert panel.preview.highlighter.document() is panel.preview.document()


def test_a_pasted_access_token_never_reaches_drafts(qtbot: QtBot, tmp_path: Path) -> None:
    from capi_desktop import paths

    panel = make_panel(qtbot, tmp_path)
    open_editor(panel)
    body = json.loads(panel.editor.text())
    body["access_token"] = "canary-token-pasted-json"
    panel.editor.edit.setPlainText(json.dumps(body))
    qtbot.waitUntil(lambda: "access_token" in panel.status.text(), timeout=2000)
    assert "access_token" not in panel.request_body()
    panel.tools.autosave_now()
    autosave = paths.data_dir() / "drafts" / "autosave.capi.json"
    assert "canary-token-pasted-json" not in autosave.read_text(encoding="utf-8")
    saved = tmp_path / "x.capi.json"
    panel.save_draft(saved)
    assert "canary-token-pasted-json" not in saved.read_text(encoding="utf-8")
    assert "canary-token-pasted-json" not in (panel.copy_as("curl") or "")


def test_typing_bursts_are_debounced_into_few_updates(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    updates: list[int] = []
    panel.request_changed.connect(lambda: updates.append(1))
    row = panel.customer.model.row_of("em")
    for length in range(1, 21):  # twenty keystrokes in a burst
        panel.customer.model.set_raw(row, "burst@example.com"[:length] or "b")
    wait_preview(qtbot, panel, lambda b: "em" in user_data(b))
    assert len(updates) <= 2  # one debounced update, not twenty


def test_ctrl_enter_in_the_json_editor_sends_without_inserting_a_newline(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    panel = make_panel(qtbot, tmp_path, active=True)
    panel.tools.start_template("Purchase")  # lint-clean: a request with errors asks first
    open_editor(panel)
    before = panel.editor.text()
    panel.editor.edit.setFocus()
    with qtbot.waitSignal(panel.links.send_requested, timeout=1000):
        qtbot.keyClick(panel.editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.editor.text() == before
