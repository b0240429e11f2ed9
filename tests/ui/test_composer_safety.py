"""Composer safety nets: New/Open keep unsaved work recoverable; consent "suppress" asks first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from capi_desktop.backend.drafts import read_draft
from capi_desktop.ui.panels.composer import ComposerPanel
from capi_desktop.ui.panels.composer.customer_model import STATUS_COL
from capi_desktop.ui.panels.composer.send_guard import SEND_ANYWAY, SEND_WITH_ERRORS
from tests.ui.composer_helpers import make_panel, user_data

MB = 1024 * 1024


def break_the_json(qtbot: QtBot, panel: ComposerPanel) -> str:
    panel.json_tabs.setCurrentWidget(panel.editor)
    broken = panel.editor.text() + "\n  oops"
    panel.editor.edit.setPlainText(broken)
    qtbot.waitUntil(panel.editor.has_error, timeout=2000)
    return broken


def test_new_keeps_json_that_does_not_parse_under_recent(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    broken = break_the_json(qtbot, panel)
    panel.tools.start_template("Lead")
    assert not panel.editor.has_error()  # the new draft is shown...
    kept = panel.tools.kept_path
    assert kept is not None and kept.exists()  # ...and the broken text is on disk
    assert kept.resolve() in panel.tools.drafts.recent()
    assert "did not parse" in panel.status.text() and kept.name in panel.status.text()
    assert read_draft(kept).editor_text == broken

    menu = panel.tools.recent_menu  # Recent ▾ -> the file: the text is back where it was typed
    menu.aboutToShow.emit()
    next(a for a in menu.actions() if a.text() == kept.name).trigger()
    assert panel.editor.text() == broken and panel.editor.has_error()


def test_new_keeps_edited_form_but_not_an_untouched_one(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.tools.start_template("Purchase")
    panel.tools.start_template("Lead")  # the Purchase template was not touched: nothing kept
    assert panel.tools.kept_path is None
    panel.customer.set_value("em", "Kept.Person@Example.com")
    panel.flush()
    panel.tools.start_template("Search")
    kept = panel.tools.kept_path
    assert kept is not None
    rows = read_draft(kept).user_rows
    assert ("em", "Kept.Person@Example.com") in rows
    assert "unsaved draft was kept" in panel.status.text()


def test_saved_draft_is_not_copied_again(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.customer.set_value("em", "saved@example.com")
    assert panel.save_draft(tmp_path / "mine.capi.json") is not None
    panel.tools.start_template("Lead")
    assert panel.tools.kept_path is None


def suppress(panel: ComposerPanel) -> None:
    combo = panel.consent.combos["ad_user_data"]
    combo.setCurrentText("denied")
    combo.activated.emit(combo.currentIndex())
    assert panel.consent.decision().action == "suppress"


def answer(qtbot: QtBot, panel: ComposerPanel, label: str) -> None:
    qtbot.waitUntil(lambda: panel.send_guard.prompt is not None, timeout=2000)
    box = panel.send_guard.prompt
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "suppressed" in box.text()
    next(b for b in box.buttons() if b.text() == label).click()
    qtbot.waitUntil(lambda: panel.send_guard.prompt is None, timeout=2000)


def test_suppressed_consent_asks_before_send(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    panel.tools.start_template("Purchase")  # lint-clean: a request with errors asks first
    suppress(panel)
    sent: list[dict[str, object]] = []
    panel.links.send_requested.connect(sent.append)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(panel.event_section.event_id, Qt.Key.Key_Return, ctrl)
    assert "suppress" in panel.status.text()
    answer(qtbot, panel, "Don't send")
    assert sent == []
    panel.request_send()
    answer(qtbot, panel, SEND_ANYWAY)
    assert len(sent) == 1 and sent[0] == panel.request_body()
    assert panel.copy_as("curl")
    assert "consent policy says this event must not be sent" in panel.status.text()


def test_granted_consent_sends_without_asking(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.tools.start_template("Purchase")  # lint-clean: a request with errors asks first
    with qtbot.waitSignal(panel.links.send_requested, timeout=1000):
        panel.request_send()
    assert panel.send_guard.prompt is None


def test_a_megabyte_pasted_into_a_customer_field_stays_responsive(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    customer = panel.customer
    panel.form_tabs.setCurrentWidget(panel.customer_tab)
    customer.focus_row(customer.model.row_of("fn"), edit=True)
    editor = next(e for e in customer.table.viewport().findChildren(QLineEdit) if e.isVisible())
    huge = "Ünïcødé " * (MB // 8)
    QApplication.clipboard().setText(huge)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    panel.flush()
    row = customer.model.row_of("fn")
    raw = customer.model.row_at(row).raw
    assert raw and huge.startswith(raw)  # a QLineEdit keeps up to 32767 characters
    status = customer.model.index(row, STATUS_COL)
    assert status.data(Qt.ItemDataRole.AccessibleTextRole) == "error"
    assert "Longer than" in status.data(Qt.ItemDataRole.ToolTipRole)
    assert "fn" not in user_data(panel.request_body())  # an invalid value is never sent
    qtbot.waitUntil(lambda: "Longer than" in customer.details.explain.toPlainText(), timeout=2000)
    panel.tools.autosave_now()
    again = make_panel(qtbot, tmp_path)
    assert again.customer.model.row_at(again.customer.model.row_of("fn")).raw == raw


def test_a_request_from_another_panel_keeps_edited_work(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.customer.set_value("em", "edited@example.com")
    panel.flush()
    panel.load_request({"data": [{"event_name": "Lead", "event_time": 1, "user_data": {}}]})
    assert panel.event_section.current_event_name() == "Lead"
    kept = panel.tools.kept_path
    assert kept is not None and kept.name in panel.status.text()
    assert ("em", "edited@example.com") in read_draft(kept).user_rows


def test_lint_errors_ask_before_send_and_name_them(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)  # a fresh Purchase: no currency, no user_data
    sent: list[dict[str, object]] = []
    panel.links.send_requested.connect(sent.append)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(panel.event_section.event_id, Qt.Key.Key_Return, ctrl)
    qtbot.waitUntil(lambda: panel.send_guard.prompt is not None, timeout=2000)
    box = panel.send_guard.prompt
    assert isinstance(box, QMessageBox)
    assert "Meta rejects" in box.text()
    assert "data[0].custom_data.currency" in box.informativeText()
    assert "100/2804010" in box.informativeText()
    assert "lint errors" in panel.status.text()
    next(b for b in box.buttons() if b.text() == "Don't send").click()
    qtbot.waitUntil(lambda: panel.send_guard.prompt is None, timeout=2000)
    assert sent == []
    panel.request_send()
    qtbot.waitUntil(lambda: panel.send_guard.prompt is not None, timeout=2000)
    box = panel.send_guard.prompt
    next(b for b in box.buttons() if b.text() == SEND_WITH_ERRORS).click()
    qtbot.waitUntil(lambda: len(sent) == 1, timeout=2000)
    assert sent[0] == panel.request_body()
