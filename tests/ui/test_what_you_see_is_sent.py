"""What you see is what is sent: broken JSON is never replaced by the last valid request, a
repeated event_id is asked about, and what reaches the emulator is the preview's JSON."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from capi_desktop.domain.request.repeat_sends import (
    EarlierSend,
    repeated_event_ids,
    with_new_event_ids,
)
from capi_desktop.services import Services
from capi_desktop.ui.panels.send_compare import SendComparePanel
from capi_desktop.ui.panels.send_compare.send_questions import NEW_IDS, SAME_IDS
from capi_desktop.ui.plain_text import view_text
from tests.ui.composer_helpers import make_panel, open_editor
from tests.ui.send_compare_support import (
    emulator_services,  # noqa: F401  (the `services` fixture)
    event,
)


def test_ctrl_enter_with_broken_json_sends_nothing_and_shows_why(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    open_editor(panel)
    broken = panel.editor.text().replace('"event_name"', '"event_name" "Lead",', 1)
    panel.editor.edit.setPlainText(broken)
    panel.editor.edit.setFocus()
    sent: list[Any] = []
    panel.links.send_requested.connect(sent.append)
    qtbot.keyClick(panel.editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    assert sent == []  # the last valid request is NOT sent in its place
    assert "Not sent" in panel.status.text() and "does not parse" in panel.status.text()
    assert "line 4" in panel.status.text()
    assert panel.json_tabs.currentWidget() is panel.editor
    assert QApplication.focusWidget() is panel.editor.edit  # at the error, ready to fix
    assert panel.editor.text() == broken  # nothing typed is lost

    fixed = {"data": [{**event("lead-1"), "event_name": "Lead"}]}  # a request lint passes
    panel.editor.edit.setPlainText(json.dumps(fixed))
    qtbot.waitUntil(lambda: not panel.editor.has_error(), timeout=2000)
    with qtbot.waitSignal(panel.links.send_requested, timeout=1000) as handed:
        qtbot.keyClick(panel.editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert handed.args[0]["data"][0]["event_name"] == "Lead"


def _panel(qtbot: QtBot, services: Services) -> SendComparePanel:
    panel = SendComparePanel(services)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.send_tab.current_profile() is not None, timeout=3000)
    return panel


def _send(qtbot: QtBot, panel: SendComparePanel, answer: str | None) -> str | None:
    """Click Send; answer the repeat question with `answer` if it comes; the send's outcome."""
    send = panel.send_tab
    outcome: list[str] = []
    send.send_finished.connect(outcome.append)
    qtbot.mouseClick(send.form.send_button, Qt.MouseButton.LeftButton)
    if answer is not None:
        qtbot.waitUntil(lambda: isinstance(panel.dialogs.current, QMessageBox), timeout=3000)
        box = panel.dialogs.current
        assert "event_id" in box.text() and "48 hours" in box.informativeText()
        next(b for b in box.buttons() if b.text() == answer).click()
    if answer == "Cancel":
        qtbot.waitUntil(lambda: send.form.progress.text() == "Not sent.", timeout=3000)
        send.send_finished.disconnect()
        return None
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    send.send_finished.disconnect()
    return outcome[0]


def test_resending_an_accepted_event_id_asks_first(
    qtbot: QtBot, services: Services, emulator: Any
) -> None:
    panel = _panel(qtbot, services)
    send = panel.send_tab
    send.form.test_code.setText("TEST1")
    send.set_request({"data": [event("order-7")]})
    assert _send(qtbot, panel, None) == "accepted"  # first time: no question
    qtbot.waitUntil(lambda: len(panel.history_tab.rows) == 1, timeout=3000)

    send.set_request({"data": [event("order-7")]})
    assert _send(qtbot, panel, "Cancel") is None
    assert len(emulator.received()) == 1  # cancelled: nothing left

    assert _send(qtbot, panel, NEW_IDS) == "accepted"
    fresh = emulator.received()[-1]["data"][0]["event_id"]
    assert fresh != "order-7"
    assert json.loads(send.form.editor.toPlainText())["data"][0]["event_id"] == fresh  # shown

    send.set_request({"data": [event("order-7")]})
    assert _send(qtbot, panel, SAME_IDS) == "accepted"  # testing dedup itself: allowed
    assert emulator.received()[-1]["data"][0]["event_id"] == "order-7"


def test_repeat_rule_counts_only_accepted_sends_to_the_same_pixel_within_48_hours() -> None:
    body = {"data": [{"event_name": "Purchase", "event_id": "o-1"}, {"event_name": "Lead"}]}
    now = 1_800_000_000.0
    earlier = [
        EarlierSend(now - 3600, "111", body, accepted=True),
        EarlierSend(now - 60, "222", body, accepted=True),  # another pixel
        EarlierSend(now - 30, "111", body, accepted=False),  # rejected: never counted
        EarlierSend(now - 49 * 3600, "111", body, accepted=True),  # outside the window
    ]
    repeats = repeated_event_ids(body, "111", earlier, now)
    assert [(r.event_name, r.event_id, round(r.hours_ago)) for r in repeats] == [
        ("Purchase", "o-1", 1)
    ]
    other_name = {"data": [{"event_name": "Lead", "event_id": "o-1"}]}
    assert repeated_event_ids(other_name, "111", earlier, now) == []
    fresh = with_new_event_ids(body, repeats)
    assert fresh["data"][0]["event_id"] != "o-1" and fresh["data"][1] == {"event_name": "Lead"}


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    event_name=st.sampled_from(["Purchase", "Lead", "ViewContent", "custom_event"]),
    value=st.floats(min_value=0, max_value=1e6, allow_nan=False) | st.integers(0, 10**6),
    extra=st.dictionaries(st.sampled_from(["order_id", "content_name", "note"]), _text),
)
# Found by this test: Qt's text views gave "\n" back for U+2028 (and a space for U+00A0).
@example(event_name="Purchase", value=1, extra={"order_id": "\u2028", "note": "a\u00a0b"})
def test_the_emulator_receives_exactly_the_preview(
    qtbot: QtBot,
    tmp_path: Path,
    services: Services,
    emulator: Any,
    event_name: str,
    value: float,
    extra: dict[str, str],
) -> None:
    composer = make_panel(qtbot, tmp_path)
    open_editor(composer)
    edited = event(str(uuid.uuid4()))  # each example a new event_id: no repeat question
    edited["event_name"] = event_name
    edited["custom_data"] = {"currency": "EUR", "value": value, **extra}
    body = {"data": [edited]}
    composer.editor.edit.setPlainText(json.dumps(body, ensure_ascii=False))
    qtbot.waitUntil(
        lambda: composer.request_body()["data"][0].get("event_name") == event_name, timeout=2000
    )
    composer.flush()  # the form catches up with the editor (and the preview with the form)
    composer.json_tabs.setCurrentWidget(composer.preview)
    qtbot.wait(10)
    text = view_text(composer.preview)  # as shown (toPlainText: a space for U+00A0)
    shown = json.loads(text, object_pairs_hook=list)  # once showed garbage after an emoji

    panel = _panel(qtbot, services)
    panel.send_tab.form.test_code.setText("TESTPROP")
    handed: list[Any] = []
    composer.links.send_requested.connect(handed.append)
    composer.request_send()
    assert len(handed) == 1
    panel.send_tab.set_request(handed[0])
    before = len(emulator.received())
    assert _send(qtbot, panel, None) == "accepted"
    received = emulator.received()[before]
    # The same JSON value, key order included (object_pairs_hook=list keeps the order).
    wire = json.loads(json.dumps(received["data"]), object_pairs_hook=list)
    assert wire == dict(shown)["data"]


def test_the_preview_stays_exact_after_text_with_emoji(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QPlainTextEdit

    from capi_desktop.ui.panels.composer.json_views import replace_text_minimal

    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    steps = [
        '{"note": "plain", "value": 1}',
        '{"note": "jane😀@exämple.com 𝔘", "value": 1}',  # two characters beyond U+FFFF
        '{"note": "jane😀@exämple.com 𝔘", "value": 228}',  # an edit after them
        '{"note": "x", "value": 228}',
        '{"note": "🧪🧪🧪", "value": 2}',
    ]
    for text in steps:
        replace_text_minimal(edit, text)
        assert edit.toPlainText() == text
