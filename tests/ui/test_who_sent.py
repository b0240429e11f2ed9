"""'Which implementation sent this?' in the composer's Variants tab and in Compare, driven as a user."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.send_compare import SendComparePanel
from capi_desktop.ui.panels.send_compare.comparison_view import ComparisonView
from capi_desktop.ui.panels.send_compare.who_sent_box import WhoSentBox


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_compare_box_names_the_param_builder_for_jerusalem(qtbot: QtBot) -> None:
    box = WhoSentBox()
    qtbot.addWidget(box)
    assert not box.captured.isVisibleTo(box)  # folded until asked for
    box.setChecked(True)
    assert box.captured.isVisibleTo(box)
    box.offer("user_data.country", "79adb2…")  # a shortened hash: only the key is taken
    assert box.key.currentText() == "country" and box.captured.text() == ""
    qtbot.keyClicks(box.captured, sha("us") + ".AQYCAQMB")
    qtbot.keyClicks(box.raw, "Jerusalem")
    text = box.answer.text()
    assert "parameter builder, client JS 1.3.1" in text and "client JS param builder" in text
    assert "Python SDK" not in text
    box.raw.clear()
    qtbot.keyClicks(box.raw, "Israel")
    assert box.answer.text().startswith("No implementation we know")
    box.captured.setText("not a hash")
    assert "not a SHA-256 hash" in box.answer.text()


def test_compare_view_offers_the_selected_row_to_the_box(qtbot: QtBot, tmp_path: Path) -> None:
    panel = SendComparePanel(Services(settings=Settings(tmp_path / "s.json")))
    qtbot.addWidget(panel)
    panel.load_demo()
    view = panel.compare_tab.findChildren(ComparisonView)[0]
    rows = view.comparison.rows
    hashed_row = next(i for i, r in enumerate(rows) if r.field == "external_id")
    view.table.selectRow(hashed_row)
    assert view.who_sent.key.currentText() == "external_id"


def test_composer_variants_tab_answers_who_sent_a_pasted_hash(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.ui.composer_helpers import make_panel

    panel = make_panel(qtbot, tmp_path)
    row = panel.customer.set_value("fn", "Mary-Ann")
    panel.customer.focus_row(row, edit=False)
    details = panel.customer.details
    qtbot.keyClicks(details.captured, sha("mary-ann"))
    text = details.who_sent_label.text()
    assert "facebook-business Python SDK 26.0.3" in text
    assert "Stape sGTM Facebook tag — modelled, not run" in text
    assert "Meta's documented rules" not in text
    details.captured.clear()
    qtbot.keyClicks(details.captured, sha("maryann"))
    assert details.who_sent_label.text().startswith("Matches: Meta's documented rules")
    html = details.variants_view.toHtml()
    assert "not run" in html and "modelled from stape-io/facebook-tag@" in html
