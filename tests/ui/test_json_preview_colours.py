"""The Composer's JSON views as a user sees them: the preview coloured without pygments
(emoji, huge text, View › Theme), the editor coloured by pygments once it has text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.service_factory import populate_services
from capi_desktop.services import Services
from capi_desktop.ui.json_highlighter import HIGHLIGHT_LIMIT, LINE_LIMIT
from capi_desktop.ui.main_window import MainWindow
from capi_desktop.ui.panels.composer import ComposerPanel
from capi_desktop.ui.panels.composer.json_views import JsonEditor, JsonPreview
from tests.ui.composer_helpers import make_panel, open_editor
from tests.ui.helpers import show_active
from tests.ui.json_colour_helpers import (
    PLAIN,
    as_utf16,
    blocks,
    preview_text,
    pygments_styles,
    shown_styles,
)

ROOT = Path(__file__).resolve().parents[2]
EMOJI_BODY = {
    "data": [
        {
            "event_name": "Purchase😀",
            "custom_data": {"😀 key": ["𝄞", True, None, -1.5e-7], "after": "é中\u2028x", "n": 10},
        }
    ]
}


def _assert_pygments_colours(document_blocks: list, dark: bool) -> None:
    for block in document_blocks:
        text = block.text()
        assert shown_styles(block) == as_utf16(text, pygments_styles(text, dark)), text


def test_the_preview_paints_pygments_colours_past_an_emoji(qtbot: QtBot) -> None:
    """Qt positions count UTF-16 units; the pygments highlighter counted code points, so after
    an emoji every colour sat one character to the left. The preview's are in place."""
    preview = JsonPreview()
    qtbot.addWidget(preview)
    preview.show()
    preview.show_json(preview_text(EMOJI_BODY))
    lines = blocks(preview.document())
    assert any("😀 key" in block.text() for block in lines)
    _assert_pygments_colours(lines, dark=False)
    line = next(block for block in lines if "😀 key" in block.text())
    styles = shown_styles(line)
    assert styles[-1] == PLAIN  # the "[" of '    "😀 key": [' (friendly leaves it plain)
    assert styles[-4] == ("#062873", True, False)  # the key's closing quote, bold navy


def test_huge_requests_pause_colours_and_a_huge_line_is_left_plain(qtbot: QtBot) -> None:
    preview = JsonPreview()
    qtbot.addWidget(preview)
    long_value = "x" * (LINE_LIMIT + 10)
    preview.show_json(preview_text({"data": [{"event_name": "Lead", "note": long_value}]}))
    lines = blocks(preview.document())
    long_line = next(block for block in lines if long_value in block.text())
    assert shown_styles(long_line) == [PLAIN] * len(long_line.text())
    assert any(style != PLAIN for style in shown_styles(lines[1]))  # '  "data": ['

    # Past HIGHLIGHT_LIMIT characters the lines that change stay plain, however short.
    huge = {"data": [{"event_name": "Lead", "custom_data": {"v": ["y" * 98] * 2100}}]}
    assert len(preview_text(huge)) > HIGHLIGHT_LIMIT
    preview.show_json(preview_text(huge))
    lines = blocks(preview.document())
    assert sum("yyy" in block.text() for block in lines) == 2100
    assert all(shown_styles(b) == [PLAIN] * len(b.text()) for b in lines if "yyy" in b.text())
    preview.show_json(preview_text(EMOJI_BODY))  # small again: the new lines are coloured
    # (lines the pause left plain and the change did not touch stay so, as before)
    changed = [block for block in blocks(preview.document()) if "😀" in block.text()]
    assert len(changed) == 2
    _assert_pygments_colours(changed, dark=False)


def test_view_theme_recolours_the_composer_preview(qtbot: QtBot, tmp_path: Path) -> None:
    services = Services(settings=Settings(tmp_path / "settings.json"))
    populate_services(services)
    window = MainWindow(services)
    window.resize(1280, 800)
    show_active(qtbot, window)
    composer = window.show_panel("composer")
    assert isinstance(composer, ComposerPanel)
    composer.load_request(EMOJI_BODY)
    qtbot.waitUntil(lambda: "😀 key" in composer.preview.toPlainText(), timeout=2000)
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    theme_menu = next(a.menu() for a in view.actions() if a.text() == "&Theme")
    by_text = {a.text(): a for a in theme_menu.actions()}
    try:
        by_text["&Dark"].trigger()
        _assert_pygments_colours(blocks(composer.preview.document()), dark=True)
        assert ("#ff4689", False, False) in shown_styles(composer.preview.document().begin().next())
        by_text["&Light"].trigger()
        _assert_pygments_colours(blocks(composer.preview.document()), dark=False)
    finally:
        by_text["&System"].trigger()


def test_the_editor_colours_what_the_user_types_with_pygments(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    assert panel.editor.highlighter is None  # nothing to colour before the tab is shown
    open_editor(panel)
    assert panel.editor.highlighter is not None
    edit = panel.editor.edit
    edit.setFocus()
    edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, '// typed "note": 1')  # a comment: not JSON, coloured as pygments does
    last = edit.document().lastBlock()
    assert last.text() == '// typed "note": 1'
    assert shown_styles(last) == pygments_styles(last.text(), dark=False)
    assert shown_styles(last)[0] == ("#60a0b0", False, True)  # friendly's italic comment
    qtbot.waitUntil(panel.editor.has_error, timeout=2000)  # and still reported as invalid


def test_an_empty_editor_colours_the_first_text_typed(qtbot: QtBot) -> None:
    editor = JsonEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, '{"a": [1, true]}')
    block = editor.edit.document().begin()
    want = pygments_styles(block.text(), dark=False)
    qtbot.waitUntil(lambda: shown_styles(block) == want, timeout=2000)
    assert json.loads(editor.text()) == {"a": [1, True]}


def test_the_editor_paints_pygments_colours_past_an_emoji(qtbot: QtBot) -> None:
    """The pygments highlighter (editor, Send & Compare, Error lookup) counted code points
    too: after an emoji its colours sat one character to the left. Now in UTF-16 units."""
    editor = JsonEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.set_text(preview_text(EMOJI_BODY))
    lines = blocks(editor.edit.document())
    assert any("😀 key" in block.text() for block in lines)
    _assert_pygments_colours(lines, dark=False)


def test_importing_the_composer_does_not_import_pygments(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import capi_desktop.ui.panels.composer.composer_panel\n"
        "assert 'capi_desktop.ui.panels.composer.json_views' in sys.modules\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pygments'))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAPI_DESKTOP_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_restored_composer_paints_its_coloured_preview_without_pygments(
    tmp_path: Path,
) -> None:
    from tests.test_startup_imports import _modules_at_first_paint

    modules = _modules_at_first_paint("composer", tmp_path)  # the real start-up, offscreen
    assert "capi_desktop.ui.json_highlighter" in modules
    assert not [name for name in modules if name.split(".")[0] == "pygments"]
