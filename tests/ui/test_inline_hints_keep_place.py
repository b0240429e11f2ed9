"""Inline validation never moves the controls under the pointer (issue: clicks landed wrong)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.ui.composer_helpers import make_panel
from tests.ui.credentials_support import open_new_profile


def _tops(widgets: list[QWidget], root: QWidget) -> list[int]:
    return [w.mapTo(root, w.rect().topLeft()).y() for w in widgets]


def test_typing_a_bad_pixel_id_moves_no_field(credentials_panels: Any, qtbot: QtBot) -> None:
    panel = credentials_panels()
    form = open_new_profile(qtbot, panel)
    below = [form.token.edit, form.version_combo, form.test_code_edit, panel.save_button]
    before = _tops(below, panel)
    for key in "12x3":  # each keystroke may show, change or clear the hint
        qtbot.keyClick(form.pixel_edit, key)
        assert _tops(below, panel) == before
    assert "digits only" in form.pixel_hint.message()
    qtbot.keyClick(form.token.edit, "a")  # a cut-off token: its hint shows too
    assert "cut off" in form.token.hint.message()
    assert _tops([form.version_combo, form.test_code_edit, panel.save_button], panel) == before[1:]
    for _ in range(4):
        qtbot.keyClick(form.pixel_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(form.pixel_edit, "1234567890")
    assert "Too short" not in form.pixel_hint.message()
    assert _tops(below, panel) == before


def test_a_long_hint_keeps_its_two_lines_and_says_all_in_the_tooltip(
    credentials_panels: Any, qtbot: QtBot
) -> None:
    panel = credentials_panels()
    form = open_new_profile(qtbot, panel)
    height = form.pixel_hint.height()
    long = "Too short: it has 5 to 20 digits. " * 8
    form.pixel_hint.set_message("error", long)
    assert form.pixel_hint.height() == height
    assert form.pixel_hint.toolTip() == long
    assert form.pixel_hint.text().endswith("…") and len(form.pixel_hint.text()) < len(long)


def test_composer_time_and_event_hints_move_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    section = panel.event_section
    panel.form_tabs.setCurrentIndex(0)
    qtbot.wait(10)
    below = [section.event_id, section.action_source, section.source_url]
    before = _tops(below, panel)
    section.event_name.setEditText("Search")  # the recommended-fields line changes
    panel.flush()
    section.event_name.setEditText("CustomThing")  # and empties
    panel.flush()
    assert _tops(below, panel) == before
    section._time_value = 1_796_589_000_000  # milliseconds: "Convert to seconds" appears
    section.refresh_time_info()
    assert section.fix_ms_button.isVisible()
    assert _tops(below, panel) == before
