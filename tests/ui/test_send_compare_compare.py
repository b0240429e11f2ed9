"""Compare tab as a user drives it: paste, see the verdict and its reason; a failed compare
never leaves the previous verdict on screen (issue 18 item 6); unread keys give "Unknown"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.send_compare import SendComparePanel

PIXEL = "1005535387858009"
URL = (
    f"https://www.facebook.com/tr/?id={PIXEL}&ev=Purchase&eid=ord-1&ts=1764000000000"
    "&fbp=fb.1.1763990000000.42&cd[value]=10&cd[currency]=EUR"
)
SERVER = {
    "data": [
        {
            "event_name": "Purchase",
            "event_id": "ord-1",
            "event_time": 1764000020,
            "action_source": "website",
            "user_data": {"fbp": "fb.1.1763990000000.42"},
            "custom_data": {"value": 10, "currency": "EUR"},
        }
    ]
}
RAW_PYTHON = ("Traceback", "truncated \\u", "Invalid IPv6", "maximum recursion", "Error:")


@pytest.fixture(name="tab")
def compare_tab(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    panel = SendComparePanel(Services(settings=Settings(tmp_path / "s.json")))
    qtbot.addWidget(panel)
    panel.tabs.setCurrentWidget(panel.compare_tab)
    tab = panel.compare_tab
    tab.server_edit.setPlainText(json.dumps(SERVER))
    return tab


def _paste(qtbot: QtBot, tab, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select all in the browser box and paste from the clipboard, as a user does."""
    QApplication.clipboard().setText(text)
    tab.browser_edit.setFocus()
    qtbot.keyClick(tab.browser_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(tab.browser_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not tab._timer.isActive(), timeout=3000)


def _type_pixel(qtbot: QtBot, tab, pixel: str) -> None:  # type: ignore[no-untyped-def]
    tab.pixel_edit.clear()
    qtbot.keyClicks(tab.pixel_edit, pixel)


@pytest.mark.parametrize(
    "broken",
    [
        "curl $'https://www.facebook.com/tr/?id=1&ev=Lead\\u12'",
        "https://[x/tr?id=1&ev=Lead",
        "fbq('track', 'Lead', " + "[" * 1000 + "]" * 1000 + ")",
        "[" * 5000 + "]" * 5000,
        "https://www.facebook.com/tr/?id=1&ev=Lead&cd[contents]=" + "[" * 3000 + "]" * 3000,
    ],
)
def test_failed_compare_takes_the_previous_verdict_off_screen(
    qtbot: QtBot, tab, broken: str
) -> None:  # type: ignore[no-untyped-def]
    _type_pixel(qtbot, tab, PIXEL)
    _paste(qtbot, tab, URL)
    assert tab.comparison is not None and tab.comparison.verdict == "deduplicated"
    assert tab.badge.text() == "Deduplicated" and tab.table.rowCount() > 0
    _paste(qtbot, tab, broken)
    shown = tab.view.problem.text() + tab.explanation.text()
    if tab.comparison is None:
        assert tab.badge.text() == "" and tab.table.rowCount() == 0
        assert not tab.view.problem.isHidden() and tab.view.problem.text()
    else:  # read after all (the cd value kept as text): then it is a fresh verdict
        assert tab.comparison.verdict != "deduplicated" or "cd[contents]" in shown
    for raw in RAW_PYTHON:
        assert raw not in shown, shown


def test_unread_pixel_is_unknown_with_its_reason(qtbot: QtBot, tab) -> None:  # type: ignore[no-untyped-def]
    _paste(qtbot, tab, URL)  # no server pixel typed and no profile: not assumed
    assert tab.comparison.verdict == "unknown"
    assert tab.badge.text() == "Unknown"
    assert "does not say which pixel" in tab.explanation.text()
    _type_pixel(qtbot, tab, PIXEL)
    qtbot.waitUntil(lambda: tab.comparison is not None and tab.comparison.verdict == "deduplicated")


def test_wrapped_url_is_read_whole_and_the_repair_is_shown(qtbot: QtBot, tab) -> None:  # type: ignore[no-untyped-def]
    _type_pixel(qtbot, tab, PIXEL)
    chat = "look at this hit:\n" + URL.replace("&fbp", "&\nfbp") + " — why no dedup?"
    _paste(qtbot, tab, chat)
    assert tab.comparison.verdict == "deduplicated"
    assert "split over several lines" in tab.explanation.text()


def test_url_without_ts_does_not_blame_fbq(qtbot: QtBot, tab) -> None:  # type: ignore[no-untyped-def]
    _type_pixel(qtbot, tab, PIXEL)
    _paste(qtbot, tab, URL.replace("&ts=1764000000000", ""))
    row = tab.comparison.row("time_gap")
    assert "fbq" not in row.reason and "ts parameter" in row.reason


def test_gui_and_cli_give_the_same_reason(qtbot: QtBot, tab, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from capi_desktop.cli import main

    _type_pixel(qtbot, tab, PIXEL)
    no_id = URL.replace("&eid=ord-1", "")
    _paste(qtbot, tab, no_id)
    server = tmp_path / "server.json"
    body = json.loads(json.dumps(SERVER))
    del body["data"][0]["event_id"]
    server.write_text(json.dumps(body), encoding="utf-8")
    tab.server_edit.setPlainText(json.dumps(body))
    tab.compare_now()
    main(["compare", "--browser", no_id, "--server", str(server), "--pixel", PIXEL, "--json"])
    cli = json.loads(capsys.readouterr().out)
    assert tab.comparison.verdict == cli["verdict"] == "at_risk"
    assert tab.comparison.reason == cli["reason"]
    assert "same fbp" in cli["reason"]
