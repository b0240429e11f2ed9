"""Error lookup copies exactly what it shows; users see plain words, right plurals, colour for problems."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.domain.lint.findings import Finding
from capi_desktop.services import Services
from capi_desktop.ui.panels.composer.findings_view import FindingsList
from capi_desktop.ui.panels.errors.panel import ErrorLookupPanel
from capi_desktop.ui.theme import SEVERITY_COLORS

TOKEN_190 = json.dumps(
    {
        "error": {
            "message": "Error validating access token: Session has expired.",
            "type": "OAuthException",
            "code": 190,
            "error_subcode": 463,
            "fbtrace_id": "Second190Trace",
        }
    }
)
INTERNAL = re.compile(r"capi\.md|landscape\.md|not_graph|graph_error|http:[a-z]|\(s\)|\(es\)")


@pytest.fixture
def panel(qtbot: QtBot, tmp_path: Path) -> ErrorLookupPanel:
    widget = ErrorLookupPanel(Services(settings=Settings(tmp_path / "settings.json")))
    widget.resize(1100, 700)
    qtbot.addWidget(widget)
    return widget


def _copy(qtbot: QtBot, panel: ErrorLookupPanel) -> str:
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(panel.paste.copy_button, Qt.MouseButton.LeftButton)
    return QGuiApplication.clipboard().text()


def _paste(panel: ErrorLookupPanel, text: str) -> None:
    """As Ctrl+V does: replace the editor's text through the clipboard path."""
    panel.paste.editor.selectAll()
    mime = QMimeData()
    mime.setText(text)
    panel.paste.editor.insertFromMimeData(mime)


def test_copy_after_a_second_paste_copies_the_second_error(
    qtbot: QtBot, panel: ErrorLookupPanel
) -> None:
    panel.load_demo()
    assert panel.decoded is not None and panel.decoded.code == 100
    _paste(panel, TOKEN_190)  # copied at once: before the debounced decode ran
    copied = _copy(qtbot, panel)
    shown = panel.detail.toPlainText()
    assert "Code: 190" in copied and "Subcode: 463" in copied and "Second190Trace" in copied
    assert "2804003" not in copied
    assert "code 190 / subcode 463" in shown and "Second190Trace" in shown
    assert copied == panel.support_summary_text()


def test_copy_after_picking_an_entry_copies_that_entry(
    qtbot: QtBot, panel: ErrorLookupPanel
) -> None:
    panel.load_demo()
    panel.search.setText("190/463")
    panel.search.returnPressed.emit()
    panel.results.setCurrentRow(0)
    assert "Access token expired" in panel.detail.toPlainText()
    copied = _copy(qtbot, panel)
    assert "Code: 190" in copied and "Subcode: 463" in copied and "2804003" not in copied
    assert panel.paste.copy_button.text() == "Copy entry summary"


@pytest.mark.parametrize(
    "paste",
    [
        "<html><head><title>502 Bad Gateway</title></head></html>",
        "Too Many Requests",
        '{"error":{"message":"x","type":"OAuthException","code":1150}}',
        '{"events_received": 1, "fbtrace_id": "AbCdEf123"}',
    ],
)
def test_no_internal_words_on_screen_or_in_the_summary(
    qtbot: QtBot, panel: ErrorLookupPanel, paste: str
) -> None:
    panel.set_response_text(paste)
    panel.decode_now()
    for text in (panel.detail.toPlainText(), panel.paste.trace_label.text(), _copy(qtbot, panel)):
        assert not INTERNAL.search(text), text
    assert "1 events" not in panel.detail.toPlainText()


def test_every_catalogue_entry_reads_without_internal_words(panel: ErrorLookupPanel) -> None:
    for entry in panel.catalog.entries:
        panel.show_entry(entry)
        assert not INTERNAL.search(panel.detail.toPlainText()), entry.key
        assert not INTERNAL.search(panel.support_summary_text()), entry.key


def test_result_count_uses_plurals(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    panel.search.setText("190/463")
    panel.search.returnPressed.emit()
    count = panel.result_count.text()
    assert re.fullmatch(r"\d+ match(es)?", count) and "(es)" not in count
    assert count != "1 matches"


def test_zero_lint_errors_are_not_red(qtbot: QtBot) -> None:
    view = FindingsList()
    qtbot.addWidget(view)
    warning = Finding("x.rule", "warning", "data[0].event_id", "Looks odd", "Check it", "https://x")
    view.show_findings([warning])
    text = view.summary.text()
    assert "0 errors" in text and "1 warning" in text and "1 warnings" not in text
    assert SEVERITY_COLORS["error"] not in text  # colour only for problems
    assert SEVERITY_COLORS["warning"] in text
