"""Composer customer information: typing shows normalized values and hashes live."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from capi_desktop.ui.panels.composer.customer_model import (
    HASH_COL,
    NORMALIZED_COL,
    STATUS_COL,
)
from tests.ui.composer_helpers import make_panel, type_into_row, user_data, wait_preview


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def cell(panel, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return str(panel.customer.model.index(row, column).data())


def status(panel, row: int) -> str:  # type: ignore[no-untyped-def]
    index = panel.customer.model.index(row, STATUS_COL)
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()  # the status icon
    return str(index.data(Qt.ItemDataRole.AccessibleTextRole))


def test_typing_an_email_shows_normalized_value_and_hash(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    row = panel.customer.model.row_of("em")
    type_into_row(qtbot, panel, row, "  Jane.Doe@Example.COM ")
    # Live: the row follows each keystroke, before the editor is even closed.
    assert cell(panel, row, NORMALIZED_COL) == "jane.doe@example.com"
    assert cell(panel, row, HASH_COL) == sha("jane.doe@example.com")
    assert status(panel, row) == "normalized"
    wait_preview(qtbot, panel, lambda b: user_data(b).get("em") == [sha("jane.doe@example.com")])
    # The raw address never reaches the request body.
    assert "Jane.Doe" not in panel.preview.toPlainText()


def test_unicode_name_via_set_text(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    row = panel.customer.set_value("fn", "Valéry")
    assert cell(panel, row, NORMALIZED_COL) == "valéry"
    wait_preview(qtbot, panel, lambda b: user_data(b).get("fn") == [sha("valéry")])


def test_multi_value_emails_collapse_duplicates(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.customer.set_value("em", "first@example.com")
    panel.customer.set_value("em", "SECOND@example.com", occurrence=1)
    panel.customer.set_value("em", " first@Example.com", occurrence=2)
    rows = [r for r in panel.customer.model.rows() if r.key == "em"]
    assert len(rows) == 3
    expected = [sha("first@example.com"), sha("second@example.com")]
    wait_preview(qtbot, panel, lambda b: user_data(b).get("em") == expected)


def test_default_country_changes_the_phone_hash(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.customer.set_default_country("GB")
    row = panel.customer.set_value("ph", "020 7946 0958")
    assert cell(panel, row, NORMALIZED_COL) == "442079460958"
    wait_preview(qtbot, panel, lambda b: user_data(b).get("ph") == [sha("442079460958")])

    panel.customer.country.set_code("")
    panel.customer.country.code_changed.emit("")  # as when the user picks "No default"
    assert cell(panel, row, NORMALIZED_COL) == "2079460958"
    assert status(panel, row) == "warning"
    assert "country code" in str(panel.customer.model.index(row, 1).data(3)).lower()  # tooltip
    wait_preview(qtbot, panel, lambda b: user_data(b).get("ph") == [sha("2079460958")])


def test_already_hashed_value_is_sent_as_is(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    hashed = sha("someone@example.com").upper()
    row = panel.customer.set_value("em", hashed)
    assert status(panel, row) == "already hashed"
    wait_preview(qtbot, panel, lambda b: user_data(b).get("em") == [hashed.lower()])


def test_invalid_value_is_flagged_and_not_sent(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.customer.set_value("em", "ok@example.com")
    row = panel.customer.set_value("em", "not-an-email", occurrence=1)
    assert status(panel, row) == "error"
    wait_preview(qtbot, panel, lambda b: user_data(b).get("em") == [sha("ok@example.com")])
    assert "not-an-email" not in panel.preview.toPlainText()


def test_row_details_show_steps_and_highlighted_variants(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.customer.set_default_country("US")
    row = panel.customer.set_value("ph", "(650) 555-0142")
    panel.customer.focus_row(row, edit=False)
    details = panel.customer.details
    assert "added country code 1" in details.explain.toPlainText()
    assert "developers.facebook.com" in details.explain.toPlainText()
    shown = details.shown_variants
    assert len(shown) >= 5
    assert any("Python SDK" in v.label for v in shown)
    differing = [v for v in shown if v.differs_from_docs]
    assert differing, "implementations that drop the country code must be flagged"
    assert differing[0].normalized == "6505550142"
    html = details.variants_view.toHtml()
    assert "6505550142" in html and differing[0].label.split()[0] in html
    assert "differ" in details.variants_note.text()


def test_add_value_menu_adds_a_second_phone_row(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    before = sum(r.key == "ph" for r in panel.customer.model.rows())
    panel.customer.set_value("ph", "+1 650 555 0100")
    panel.customer.add_value("ph")
    assert sum(r.key == "ph" for r in panel.customer.model.rows()) == before + 1


def test_delete_key_removes_an_extra_row_and_empties_a_standard_one(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    panel.form_tabs.setCurrentWidget(panel.customer_tab)
    panel.customer.set_value("em", "one@example.com")
    extra = panel.customer.set_value("em", "two@example.com", occurrence=1)
    panel.customer.focus_row(extra, edit=False)
    qtbot.keyClick(panel.customer.table, Qt.Key.Key_Delete)
    assert [r.raw for r in panel.customer.rows() if r.key == "em"] == ["one@example.com"]
    panel.customer.focus_key("em")
    qtbot.keyClick(panel.customer.table, Qt.Key.Key_Delete)
    assert not [r for r in panel.customer.rows() if r.key == "em"]
    assert panel.customer.model.row_of("em") >= 0  # the standard row stays, empty
    wait_preview(qtbot, panel, lambda b: "em" not in user_data(b))


def test_tab_moves_from_input_to_input_and_nothing_typed_is_lost(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    model = panel.customer.model
    panel.customer.set_default_country("US")
    type_into_row(qtbot, panel, model.row_of("em"), "tab@example.com")
    for text in ("(650) 555-0100", "Robin"):  # em -> ph -> fn, by Tab alone
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)  # back to ph, still editing
    assert panel.customer.current_row() == model.row_of("ph")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    raw = {row.key: row.raw for row in panel.customer.rows()}
    assert raw["em"] == "tab@example.com" and raw["ph"] == "(650) 555-0100" and raw["fn"] == "Robin"
    wait_preview(qtbot, panel, lambda b: user_data(b).get("fn") == [sha("robin")])
    assert user_data(panel.request_body())["ph"] == [sha("16505550100")]
