"""Composer lint list and score: findings explain themselves and clicking one focuses the field."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.composer_helpers import make_panel, type_into_row


def finding_item(panel, rule_text: str):  # type: ignore[no-untyped-def]
    for item in panel.findings_list.items():
        if rule_text in item.toolTip():
            return item
    return None


def click(qtbot: QtBot, panel, item) -> None:  # type: ignore[no-untyped-def]
    tree = panel.findings_list.tree
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_clicking_a_currency_finding_focuses_the_currency_field(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    qtbot.waitUntil(lambda: finding_item(panel, "purchase_missing_currency") is not None)
    item = finding_item(panel, "purchase_missing_currency")
    assert "Fix:" in item.toolTip()
    click(qtbot, panel, item)
    assert panel.form_tabs.currentIndex() == 2  # Custom data
    focused = QApplication.focusWidget()
    assert focused is panel.custom_data.currency or focused is panel.custom_data.currency.lineEdit()


def test_clicking_a_user_data_finding_selects_the_row(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    panel.customer.set_value("fn", "Mary")
    panel.customer.set_value("email", "mary@example.com")
    qtbot.waitUntil(lambda: finding_item(panel, "user_data.alias_key") is not None, timeout=2000)
    click(qtbot, panel, finding_item(panel, "user_data.alias_key"))
    assert panel.form_tabs.currentWidget() is panel.customer_tab
    row = panel.customer.current_row()
    assert panel.customer.model.row_at(row).key == "email"


def test_focus_path_for_contents_and_unknown_paths(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    panel.load_demo()
    assert panel.focus_path("data[0].custom_data.contents[1].quantity")
    assert panel.custom_data.contents.currentRow() == 1
    assert panel.custom_data.contents.currentColumn() == 1
    assert panel.focus_path("data[0].event_time")
    assert QApplication.focusWidget() is panel.event_section.time_edit
    # Paths without a form field fall back to the JSON editor, cursor on the value.
    assert panel.focus_path("data[0].user_data")
    assert panel.focus_path("data")
    assert panel.json_tabs.currentWidget() is panel.editor


def test_score_meter_suggests_the_next_key(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.customer.set_value("em", "a@example.com")
    qtbot.waitUntil(lambda: panel.score is not None and panel.score.next_best == "ph", timeout=2000)
    meter = panel.score_meter
    assert "Add this next" in meter.next_button.text()
    assert "Hashed phone" in meter.next_button.text()
    assert "estimate" in meter.next_button.toolTip()
    assert "not Meta's Event Match Quality" in meter.disclaimer.text()
    meter.next_button.linkActivated.emit("add")
    row = panel.customer.current_row()
    assert panel.customer.model.row_at(row).key == "ph"


def test_marketer_composes_a_clean_purchase(qtbot: QtBot, tmp_path: Path) -> None:
    """From a blank draft to a Purchase with raw customer data and no lint errors."""
    panel = make_panel(qtbot, tmp_path, active=True)
    section = panel.event_section
    assert section.current_event_name() == "Purchase"
    qtbot.keyClicks(section.source_url, "https://shop.example/checkout/done")
    panel.form_tabs.setCurrentIndex(2)
    qtbot.keyClicks(panel.custom_data.lines["value"], "49.90")
    currency = panel.custom_data.currency
    currency.lineEdit().clear()
    qtbot.keyClicks(currency.lineEdit(), "EUR")
    qtbot.keyClick(currency.lineEdit(), Qt.Key.Key_Return)
    panel.customer.set_default_country("US")
    model = panel.customer.model
    for key, raw in (
        ("em", "Jamie.Example@Example.com"),
        ("ph", "(650) 555-0199"),
        ("fn", "Jamie"),
        ("ln", "Example"),
        ("ct", "Menlo Park"),
        ("zp", "94025"),
        ("country", "US"),
        ("client_user_agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"),
    ):
        type_into_row(qtbot, panel, model.row_of(key), raw)
        qtbot.keyClick(panel.customer.table.viewport().focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not [f for f in panel.findings if f.severity == "error"], timeout=3000)
    body = panel.request_body()
    event = body["data"][0]
    assert event["custom_data"] == {"value": 49.9, "currency": "EUR"}
    assert len(event["user_data"]["em"][0]) == 64
    assert "Jamie" not in str(body)
    assert "0 errors" in panel.findings_list.summary.text()


def _key(panel, key: str):  # type: ignore[no-untyped-def]
    return next(k for k in panel.score.present if k.key == key)


def test_typed_values_that_normalization_drops_or_ruins_are_findings_and_not_coverage(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Issue 21 item 2: one verdict for the findings list and the coverage meter."""
    panel = make_panel(qtbot, tmp_path, active=True)
    type_into_row(qtbot, panel, panel.customer.model.row_of("em"), "not-an-email")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: finding_item(panel, "user_data.value_dropped") is not None)
    item = finding_item(panel, "user_data.value_dropped")
    assert "left out of the request" in item.text()
    assert item.data(Qt.ItemDataRole.UserRole) == "data[0].user_data.em"
    assert "em" not in panel.request_body()["data"][0].get("user_data", {})
    assert not _key(panel, "em").valid and "unusable" in _key(panel, "em").note

    panel.customer.set_value("ph", "(650) 555-0100")  # no country code, no default country
    qtbot.waitUntil(lambda: finding_item(panel, "user_data.value_unmatchable") is not None)
    assert panel.request_body()["data"][0]["user_data"]["ph"]  # sent, as the screen shows
    assert not _key(panel, "ph").valid  # the meter no longer says "valid, +12"
    click(qtbot, panel, finding_item(panel, "user_data.value_unmatchable"))
    assert panel.customer.model.row_at(panel.customer.current_row()).key == "ph"

    panel.customer.set_value("ph", "+1 650 555 0100")
    qtbot.waitUntil(lambda: finding_item(panel, "user_data.value_unmatchable") is None)
    assert _key(panel, "ph").valid


def test_an_emoji_email_is_not_a_green_tick(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.customer.set_value("em", "jane😀@exämple.com")
    qtbot.waitUntil(lambda: finding_item(panel, "user_data.value_unmatchable") is not None)
    assert not _key(panel, "em").valid


def test_inline_checks_read_the_field_contract(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    line = panel.event_section.source_url
    panel.form_tabs.setCurrentWidget(panel.event_section)
    line.setFocus()
    qtbot.keyClicks(line, "shop.example.com/thanks")
    panel.flush()
    assert "not an absolute http(s) URL" in line.toolTip()
    assert finding_item(panel, "field.bad_format") is not None  # lint says the same
    line.clear()
    qtbot.keyClicks(line, "https://shop.example.com/thanks")
    panel.flush()
    assert "not an absolute" not in line.toolTip() and line.styleSheet() == ""
    order = panel.custom_data.lines["order_id"]
    panel.form_tabs.setCurrentWidget(panel.custom_data)
    order.setFocus()
    qtbot.keyClicks(order, "jane@example.com")
    panel.flush()
    assert finding_item(panel, "field.pii_in_identifier") is not None
