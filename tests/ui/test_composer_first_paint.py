"""What the Composer shows before and right after its first paint (issue 14, time to interactive).

The first lint runs at the event loop's next turn and the Customer information tab is built when
first shown; neither may put a wrong state on screen or change what is sent.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from capi_desktop.backend.drafts import Draft
from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.composer import ComposerPanel
from capi_desktop.ui.panels.composer.code_combos import currency_combo
from tests.ui.composer_helpers import make_panel, preview_json, user_data


def _panel(qtbot: QtBot, tmp_path: Path) -> ComposerPanel:
    """A panel as the window builds it: constructed, nothing waited for."""
    panel = ComposerPanel(Services(settings=Settings(tmp_path / "settings.json")))
    qtbot.addWidget(panel)
    return panel


def test_lint_says_checking_until_its_first_run_then_shows_the_findings(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = _panel(qtbot, tmp_path)
    summary = panel.findings_list.summary
    assert panel.lint_pending
    assert "checking" in summary.text() and "No lint findings" not in summary.text()
    assert panel.findings_list.items() == []
    panel.show()
    qtbot.waitUntil(lambda: not panel.lint_pending, timeout=2000)  # one turn of the loop
    assert "Meta rejects the request" in summary.text()  # the blank Purchase has errors
    assert any("currency" in item.text() for item in panel.findings_list.items())


def test_reading_the_request_runs_a_pending_first_lint(qtbot: QtBot, tmp_path: Path) -> None:
    panel = _panel(qtbot, tmp_path)
    panel.request_body()  # Send, Save, Copy as all flush first
    assert not panel.lint_pending and panel.findings
    assert "checking" not in panel.findings_list.summary.text()


def test_a_restored_draft_sends_the_same_before_and_after_the_customer_tab_is_built(
    qtbot: QtBot, tmp_path: Path
) -> None:
    first = make_panel(qtbot, tmp_path)
    first.customer.set_value("ph", "+1 650 555 0142")
    first.customer.set_value("em", " Pat.Example@Example.com ")
    first.flush()
    sent = first.request_body()
    first.tools.autosave_now()

    again = _panel(qtbot, tmp_path)  # the next start restores the autosave
    assert not again.customer_tab.built  # hidden tab: not built to paint
    assert again.request_body() == sent
    unbuilt_draft = again.current_draft()
    assert user_data(preview_json(again))["em"] == [
        hashlib.sha256(b"pat.example@example.com").hexdigest()
    ]
    again.show()
    again.form_tabs.setCurrentWidget(again.customer_tab)  # the user opens the tab
    assert again.customer_tab.built
    raw = {row.key: row.raw for row in again.customer.rows()}
    assert raw == {"em": " Pat.Example@Example.com ", "ph": "+1 650 555 0142"}
    assert again.current_draft() == unbuilt_draft  # rows in the same order, same draft
    assert again.customer.table.isVisible()
    again.flush()
    assert again.request_body() == sent


def test_a_code_list_fills_only_when_a_code_or_the_list_is_needed(qtbot: QtBot) -> None:
    combo = currency_combo()
    qtbot.addWidget(combo)
    combo.set_code("")
    assert combo.code() == "" and combo.count() == 1  # "none" only: no pycountry yet
    combo.set_code("eur")
    assert combo.code() == "EUR" and combo.count() > 100
    other = currency_combo()
    qtbot.addWidget(other)
    other.show()  # its tab was opened: typing may search the list
    assert other.count() > 100


def test_the_custom_data_tab_shows_the_restored_values_and_hints_when_first_opened(
    qtbot: QtBot, tmp_path: Path
) -> None:
    first = make_panel(qtbot, tmp_path)
    first.load_request(
        {"data": [{"event_name": "Purchase", "custom_data": {"value": 25.5, "currency": "EUR"}}]}
    )
    sent = first.request_body()
    first.tools.autosave_now()

    again = _panel(qtbot, tmp_path)
    assert not again.custom_data_tab.built  # hidden tab: not built to paint
    again.flush()
    assert again.request_body() == sent  # an unbuilt tab writes nothing back
    again.show()
    again.form_tabs.setCurrentIndex(2)  # Custom data, as a click on the tab
    assert again.custom_data_tab.built
    section = again.custom_data
    assert section.lines["value"].text() == "25.5" and section.currency.code() == "EUR"
    value_label = section.field_widget("value")
    assert value_label is not None and value_label.isVisible()
    currency_label = next(
        label for label in section.findChildren(QLabel) if label.buddy() is section.currency
    )
    assert "★" in currency_label.text()  # Purchase requires a currency
    again.flush()
    assert again.request_body() == sent


def test_rows_keep_the_table_s_order_before_the_customer_tab_is_built(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = _panel(qtbot, tmp_path)
    body = {"data": [{"event_name": "Lead", "user_data": {}}]}
    # A draft written by hand (or an older version) may list its rows in any order.
    panel.load_draft(Draft(body=body, user_rows=[("ph", "+1 650 555 0142"), ("em", "a@b.example")]))
    assert not panel.customer_tab.built
    unbuilt = panel.current_draft()
    panel.customer  # noqa: B018 -- built, as opening the tab does
    assert panel.current_draft() == unbuilt
    assert [key for key, _ in unbuilt.user_rows] == ["em", "ph"]  # Meta's key order
