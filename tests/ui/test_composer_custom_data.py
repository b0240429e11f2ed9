"""Composer Custom data tab, driven by keyboard: currency search, contents table, other keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from tests.ui.composer_helpers import make_panel, wait_preview

CUSTOM_TAB = 2


def type_cell(qtbot: QtBot, table: QTableWidget, row: int, column: int, text: str) -> None:
    table.setCurrentCell(row, column)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table, "F2 should open the cell editor"
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_custom_data_by_keyboard_reaches_the_preview(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    panel.form_tabs.setCurrentIndex(CUSTOM_TAB)
    section = panel.custom_data
    qtbot.keyClicks(section.lines["value"], "1,234.50")

    line = section.currency.lineEdit()
    assert line is not None
    line.clear()
    qtbot.keyClicks(line, "euro")  # search by name, not only by code
    popup = section.currency.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert "EUR — Euro" in shown and all("euro" in s.casefold() for s in shown)
    for _ in range(shown.index("EUR — Euro") + 1):  # arrow down to it, as a user would
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert section.currency.code() == "EUR"

    table = section.contents
    assert table.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers
    for row, (sku, quantity, price) in enumerate((("SKU-1", "2", "10.5"), ("SKU-2", "1", "3"))):
        section.add_content()
        type_cell(qtbot, table, row, 0, sku)
        type_cell(qtbot, table, row, 1, quantity)
        type_cell(qtbot, table, row, 2, price)
    qtbot.keyClicks(section.lines["content_ids"], "SKU-1, SKU-2")
    qtbot.keyClicks(section.lines["order_id"], "ORD-42")
    qtbot.keyClicks(section.lines["num_items"], "3")
    section._add_free_row("", "")
    type_cell(qtbot, section.free, 0, 0, "x_campaign")
    type_cell(qtbot, section.free, 0, 1, '{"week": 48}')

    def done(body: dict[str, object]) -> bool:
        return "x_campaign" in body["data"][0].get("custom_data", {})  # type: ignore[index]

    wait_preview(qtbot, panel, done)
    custom = panel.request_body()["data"][0]["custom_data"]
    assert custom == {
        "value": 1234.5,
        "currency": "EUR",
        "contents": [
            {"id": "SKU-1", "quantity": 2, "item_price": 10.5},
            {"id": "SKU-2", "quantity": 1, "item_price": 3},
        ],
        "content_ids": ["SKU-1", "SKU-2"],
        "order_id": "ORD-42",
        "num_items": 3,
        "x_campaign": {"week": 48},
    }
    assert not [f for f in panel.findings if f.path.startswith("data[0].custom_data")]
