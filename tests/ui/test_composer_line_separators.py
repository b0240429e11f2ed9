"""Characters a Qt text view breaks lines at, or rewrites, survive the Composer's JSON views.

QTextDocument gives "\\n" back for U+2028, U+2029 and its frame markers U+FDD0/U+FDD1, and a
space for U+00A0: a JSON string holding one came back from the Edit JSON tab as invalid JSON
(Send refused) or as other text. Found by the emulator round-trip property test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from capi_desktop.ui.panels.send_compare.send_form import SendFormView
from capi_desktop.ui.plain_text import view_text
from tests.ui.composer_helpers import make_panel, open_editor

ODD = "a\u2028b\u2029c\ufdd0d\ufdd1e\u00a0f"


def test_values_with_separators_round_trip_through_the_editor(qtbot: QtBot, tmp_path: Path) -> None:
    composer = make_panel(qtbot, tmp_path)
    body = composer.request_body()
    body["data"][0]["custom_data"] = {"order_id": ODD, "currency": "EUR", "value": 1}
    composer.document.apply_text(json.dumps(body, ensure_ascii=False))  # as a restored draft
    qtbot.waitUntil(lambda: "custom_data" in composer.request_body()["data"][0], timeout=2000)
    open_editor(composer)  # the form's request is written into the editor
    qtbot.waitUntil(lambda: bool(composer.editor.text()), timeout=2000)
    shown = json.loads(composer.editor.text())  # valid JSON, not a raw newline in a string
    assert shown["data"][0]["custom_data"]["order_id"] == ODD
    preview = json.loads(view_text(composer.preview))  # (toPlainText: a space for U+00A0)
    assert preview["data"][0]["custom_data"]["order_id"] == ODD
    assert not composer.editor.has_error()


def test_pasted_line_separator_and_no_break_space_are_kept(qtbot: QtBot, tmp_path: Path) -> None:
    composer = make_panel(qtbot, tmp_path)
    open_editor(composer)
    body = composer.request_body()
    body["data"][0]["custom_data"] = {"content_name": "Tee\u00a0shirt\u2028XL", "value": 2}
    composer.editor.edit.setPlainText(json.dumps(body, ensure_ascii=False))  # raw characters
    qtbot.waitUntil(
        lambda: composer.request_body()["data"][0].get("custom_data", {}).get("value") == 2,
        timeout=2000,
    )
    assert not composer.editor.has_error()
    custom = composer.request_body()["data"][0]["custom_data"]
    assert custom["content_name"] == "Tee\u00a0shirt\u2028XL"


REALWORLD = Path(__file__).resolve().parents[1] / "fixtures" / "realworld" / "text" / "values.json"


@pytest.mark.parametrize(
    "case",
    json.loads(REALWORLD.read_text(encoding="utf-8"))["values"],
    ids=lambda case: case["file_note"],
)
def test_public_catalogue_strings_come_back_from_both_editors(
    qtbot: QtBot, tmp_path: Path, case: dict[str, str]
) -> None:
    composer = make_panel(qtbot, tmp_path)
    body = composer.request_body()
    body["data"][0]["custom_data"] = {"content_name": case["value"], "value": 3}
    composer.document.apply_text(json.dumps(body, ensure_ascii=False))
    open_editor(composer)
    qtbot.waitUntil(lambda: bool(composer.editor.text()), timeout=2000)
    shown = json.loads(composer.editor.text())["data"][0]["custom_data"]
    assert shown["content_name"] == case["value"]

    form = SendFormView()  # the Send & Compare request editor the Composer hands its body to
    qtbot.addWidget(form)
    form.set_request(composer.request_body())
    sent = json.loads(form.request_text())["data"][0]["custom_data"]
    assert sent["content_name"] == case["value"]
