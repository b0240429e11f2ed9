"""Error lookup panel: search, paste-to-decode, support summary, huge pastes, Ctrl+F."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.errors.panel import (
    DEMO_RESPONSE,
    SEARCH_DELAY_MS,
    ErrorLookupPanel,
)
from capi_desktop.ui.panels.errors.response_editor import EDITOR_LIMIT
from tests.conftest import SHARED_FIXTURES
from tests.ui.helpers import show_active


@pytest.fixture
def panel(qtbot: QtBot, tmp_path: object) -> ErrorLookupPanel:
    from pathlib import Path

    services = Services(settings=Settings(Path(str(tmp_path)) / "settings.json"))
    widget = ErrorLookupPanel(services)
    widget.resize(1100, 700)
    qtbot.addWidget(widget)
    return widget


def _detail(panel: ErrorLookupPanel) -> str:
    return panel.detail.toPlainText()


@pytest.mark.parametrize("query", ["2804003", "100/2804003", "too old"])
def test_search_finds_2804003(qtbot: QtBot, panel: ErrorLookupPanel, query: str) -> None:
    qtbot.keyClicks(panel.search, query)
    qtbot.waitUntil(lambda: panel.result_keys()[:1] == ["100/2804003"], timeout=2000)
    qtbot.waitUntil(lambda: "Event timestamp too old" in _detail(panel), timeout=2000)
    assert "How to fix" in _detail(panel)


def test_empty_state_and_no_match(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    assert "Type in the search box" in _detail(panel)
    assert len(panel.result_keys()) == len(panel.catalog.entries)
    qtbot.keyClicks(panel.search, "zzzz qqqq")
    qtbot.waitUntil(lambda: panel.results.count() == 0, timeout=2000)
    assert "No match" in panel.result_count.text()


def test_clicking_a_result_shows_it(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    keys = panel.result_keys()
    panel.results.setCurrentRow(keys.index("190/463"))
    assert "Access token expired" in _detail(panel)


def test_pasting_a_body_fills_the_detail_pane(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    body = (SHARED_FIXTURES / "graph" / "error_100_2804050_en.json").read_text()
    mime = QMimeData()
    mime.setText(body)
    panel.paste.editor.insertFromMimeData(mime)
    qtbot.waitUntil(lambda: panel.decoded is not None, timeout=3000)
    text = _detail(panel)
    assert "Insufficient customer information" in text
    assert "This event has insufficient customer information." in text  # error_user_msg
    assert (
        "trace123" in panel.paste.trace_label.text() and "decoded" in panel.paste.trace_label.text()
    )
    assert panel.paste.copy_button.isEnabled()
    current = panel.results.currentItem()
    assert current is not None and current.data(Qt.ItemDataRole.UserRole) == "100/2804050"


def test_nested_errors_are_listed(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    panel.set_response_text(
        '{"error":{"code":100,"error_subcode":1815356,"message":"x",'
        '"error_data":"[{\\"event_index\\":2,\\"code\\":2804030}]"}}'
    )
    panel.decode_now()
    assert "event 2: code 2804030" in _detail(panel)


def test_copy_support_summary(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    panel.load_demo()
    assert panel.decoded is not None and panel.decoded.subcode == 2804003
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(panel.paste.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "Code: 100" in copied and "Subcode: 2804003" in copied
    assert "A6UyEgg_HdoiRX9duxcBOjb" in copied and "Decoded at:" in copied
    assert "The timestamp for this event" not in copied  # no Meta message text / payload


def test_huge_paste_does_not_hang(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    huge = "noise line\n" * 1_000_000 + DEMO_RESPONSE
    assert len(huge) > EDITOR_LIMIT
    mime = QMimeData()
    mime.setText(huge)
    started = time.perf_counter()
    panel.paste.editor.insertFromMimeData(mime)
    assert time.perf_counter() - started < 2.0
    assert panel.paste.editor.document().characterCount() < EDITOR_LIMIT  # preview only
    qtbot.waitUntil(
        lambda: panel.decoded is not None and panel.decoded.subcode == 2804003, timeout=10_000
    )
    assert time.perf_counter() - started < 10.0


def test_typing_after_a_huge_paste_decodes_the_visible_text(
    qtbot: QtBot, panel: ErrorLookupPanel
) -> None:
    panel.set_response_text("x" * (EDITOR_LIMIT + 10))
    panel.paste.editor.setPlainText(DEMO_RESPONSE)
    panel.decode_now()
    assert panel.decoded is not None and panel.decoded.code == 100


def test_clearing_the_editor_returns_to_empty_state(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    panel.load_demo()
    panel.paste.editor.clear()
    qtbot.waitUntil(lambda: panel.decoded is None, timeout=2000)
    assert not panel.paste.copy_button.isEnabled()
    assert "Type in the search box" in _detail(panel)


def test_ctrl_f_focuses_search(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    show_active(qtbot, panel)
    panel.paste.editor.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(panel.search.hasFocus, timeout=2000)


def test_long_single_line_paste_is_previewed(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    line = '{"blob":"' + "y" * 200_000 + '",' + DEMO_RESPONSE[1:]
    mime = QMimeData()
    mime.setText(line)
    started = time.perf_counter()
    panel.paste.editor.insertFromMimeData(mime)
    panel.decode_now()
    qtbot.waitUntil(lambda: panel.decoded is not None, timeout=5000)
    assert time.perf_counter() - started < 3.0
    assert "more characters]" in panel.paste.editor.toPlainText()
    assert panel.decoded is not None and panel.decoded.subcode == 2804003


def test_only_json_is_highlighted(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    calls: list[int] = []
    original = panel.paste.highlighter.setFormat

    def counting(*args: object) -> None:
        calls.append(1)
        original(*args)  # type: ignore[call-overload]

    panel.paste.highlighter.setFormat = counting  # type: ignore[method-assign]
    panel.set_response_text("2026-11-27 ERROR not json at all " * 50)
    assert calls == []
    panel.set_response_text(DEMO_RESPONSE)
    assert calls


def test_long_fbtrace_id_does_not_squeeze_the_detail_pane(
    qtbot: QtBot, panel: ErrorLookupPanel
) -> None:
    show_active(qtbot, panel)
    width_before = panel.detail.width()
    trace = "T" * 150
    panel.set_response_text(f'{{"error":{{"code":190,"message":"x","fbtrace_id":"{trace}"}}}}')
    panel.decode_now()
    qtbot.wait(50)
    assert panel.width() == 1100
    assert panel.detail.width() >= width_before - 5
    assert trace not in panel.paste.trace_label.text() and "…" in panel.paste.trace_label.text()
    assert trace in _detail(panel)  # the whole id stays available in the detail pane
    assert trace in panel.support_summary_text()


def test_status_line_without_code_or_trace(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    panel.set_response_text('{"error":{"code":true,"message":"hm"}}')
    panel.decode_now()
    label = panel.paste.trace_label.text()
    assert "None" not in label and "(no code)" in label and "no fbtrace_id" in label
    assert "code missing" in _detail(panel)


def test_a_token_echoed_by_meta_is_not_shown(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    token = "canary-token-123456"
    panel.set_response_text(
        f'{{"error":{{"code":190,"message":"Cannot parse access_token={token}",'
        f'"error_user_msg":"Bearer {token} rejected","fbtrace_id":"T1"}}}}'
    )
    panel.decode_now()
    assert "Cannot parse access_token=" in _detail(panel)
    assert token not in _detail(panel) and token not in panel.support_summary_text()


def test_metas_is_transient_flag_is_shown_when_it_disagrees(
    qtbot: QtBot, panel: ErrorLookupPanel
) -> None:
    panel.set_response_text('{"error":{"code":1,"message":"x","is_transient":false}}')
    panel.decode_now()
    assert panel.decoded is not None and panel.decoded.transient is False
    assert "is_transient: false" in _detail(panel)
    assert "overrides the catalogue" in _detail(panel)


def test_a_response_pasted_into_the_search_box_is_decoded(
    qtbot: QtBot, panel: ErrorLookupPanel
) -> None:
    panel.search.setText(DEMO_RESPONSE)
    qtbot.waitUntil(lambda: panel.decoded is not None, timeout=2000)
    assert panel.decoded is not None and panel.decoded.subcode == 2804003
    assert panel.search.text() == "" and '"error_subcode"' in panel.paste.editor.toPlainText()
    panel.search.setText("{not a response")
    qtbot.wait(SEARCH_DELAY_MS * 3)
    assert panel.search.text() == "{not a response"


def test_paste_box_never_lights_letters_inside_words(qtbot: QtBot, panel: ErrorLookupPanel) -> None:
    """Issue 18.11: non-JSON pastes got the JSON lexer, which styled each letter as an error."""
    from pygments.token import Token

    from capi_desktop.ui.panels.errors.response_editor import paste_language

    android = (
        "{HttpStatus: 400, errorCode: 100, subErrorCode: 33, errorType: GraphMethodException, "
        "errorMessage: Unsupported get request.}"
    )
    assert paste_language(android) is None
    assert paste_language(DEMO_RESPONSE) == "json"
    assert paste_language("{'error': {'code': 190}}") == "python"
    assert paste_language("b'{\"error\":{}}'") == "python"
    assert paste_language("{ message: 'x', code: 100 }") == "javascript"
    assert paste_language("Stacktrace: FacebookRequestError") is None

    lengths: list[int] = []
    original = panel.paste.highlighter.setFormat

    def recording(start: int, length: int, fmt: object) -> None:
        lengths.append(length)
        original(start, length, fmt)  # type: ignore[call-overload]

    assert paste_language("[400] #<Facebook::Response::Error @code=1150,") is None
    panel.load_demo()  # JSON first: switching to a log line must drop the JSON lexer
    panel.paste.highlighter.setFormat = recording  # type: ignore[method-assign]
    panel.set_response_text("E/GraphResponse: " + android)
    assert lengths == []  # plain: no per-letter error tokens
    assert panel.paste.highlighter.language is None
    assert not panel.paste.editor.document().firstBlock().layout().formats()
    panel.paste.editor.insertPlainText(" more")  # typing keeps it plain
    assert panel.paste.highlighter.language is None and lengths == []
    panel.set_response_text("{'error': {'code': 190, 'message': 'Invalid OAuth access token.'}}")
    assert lengths and min(lengths) > 0
    # The lexer chosen for a Python repr finds no error tokens in it.
    from pygments.lexers import get_lexer_by_name

    tokens = get_lexer_by_name("python").get_tokens("{'error': {'code': 190}}")
    assert all(token is not Token.Error for token, _ in tokens)


def test_another_panel_opens_an_error_through_the_links(qtbot: QtBot, tmp_path: object) -> None:
    """links.decode_error (ErrorDecoderPort): the lookup is shown with the text decoded."""
    from pathlib import Path

    from capi_desktop.ui.links import ErrorDecoderPort, Links
    from capi_desktop.ui.main_window import MainWindow

    assert Links().decode_error(DEMO_RESPONSE) is False  # no window: says no, no crash
    services = Services(settings=Settings(Path(str(tmp_path)) / "settings.json"))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    assert window.links.decode_error(DEMO_RESPONSE) is True
    assert window.current_panel_key() == "errors"
    shown = window.panel("errors")
    assert isinstance(shown, ErrorLookupPanel) and isinstance(shown, ErrorDecoderPort)
    assert shown.decoded is not None and shown.decoded.subcode == 2804003
    assert '"error_subcode"' in shown.paste.editor.toPlainText()
    assert "Event timestamp too old" in _detail(shown)
