"""Keyboard use as a person would: Ctrl+N, then the panel's shortcuts, then Tab through it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.service_factory import populate_services
from capi_desktop.services import Services
from capi_desktop.ui.main_window import MainWindow
from capi_desktop.ui.panels.registry import PANELS
from capi_desktop.ui.shortcuts import SHORTCUTS
from tests.ui.helpers import show_active

PANEL_SHORTCUTS = {s.id: s for s in SHORTCUTS if not s.id.startswith("window.")}
MAX_TABS = 80


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    services = Services(settings=Settings(tmp_path / "settings.json"))
    populate_services(services)  # real stores in the test HOME, in-memory keyring
    window = MainWindow(services)
    window.resize(1280, 800)
    show_active(qtbot, window)
    yield window


def _press(qtbot: QtBot, keys: str) -> None:
    combo = QKeySequence(keys)[0]
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    qtbot.keyClick(target, combo.key(), combo.keyboardModifiers())


def _switch(qtbot: QtBot, window: MainWindow, index: int) -> QWidget:
    _press(qtbot, f"Ctrl+{index}")
    qtbot.wait(10)
    return window.stack.currentWidget()


@pytest.mark.parametrize("index", range(1, len(PANELS) + 1))
def test_panel_shortcuts_work_right_after_ctrl_number(
    qtbot: QtBot, window: MainWindow, index: int
) -> None:
    panel = _switch(qtbot, window, index)
    assert window.current_panel_key() == PANELS[index - 1].key
    focused = QApplication.focusWidget()
    assert focused is not None and panel.isAncestorOf(focused), "focus is not in the panel"
    bound = [s for s in panel.findChildren(QShortcut) if s.objectName() in PANEL_SHORTCUTS]
    for item in bound:
        fired: list[bool] = []
        item.activated.disconnect()  # count the key press, do not run the real command
        item.activated.connect(lambda fired=fired: fired.append(True))
        owner = item.parent()
        if isinstance(owner, QWidget) and not owner.isVisible():
            continue  # another tab's binding: Qt ignores it while hidden, by design
        _press(qtbot, item.key().toString())
        assert fired, f"{item.objectName()} ({item.key().toString()}) did nothing"
        _switch(qtbot, window, index)  # and again straight after a switch


def test_every_documented_panel_shortcut_is_bound(qtbot: QtBot, window: MainWindow) -> None:
    bound: set[str] = set()
    for spec in PANELS:
        bound |= {s.objectName() for s in window.panel(spec.key).findChildren(QShortcut)}
    assert set(PANEL_SHORTCUTS) <= bound


def test_ctrl_number_keeps_switching_with_focus_anywhere(qtbot: QtBot, window: MainWindow) -> None:
    for _ in range(2):
        for index, spec in enumerate(PANELS, start=1):
            _switch(qtbot, window, index)
            assert window.current_panel_key() == spec.key
            for _tab in range(5):  # focus deep inside the panel, then switch again
                _press(qtbot, "Tab")


def _ring_surrounds(window: MainWindow, widget: QWidget) -> bool:
    ring = window.focus_ring
    if not ring.isVisible() or ring.target() is not widget:
        return False
    top_left = widget.mapTo(window, widget.rect().topLeft())
    shown = QRect(top_left, widget.size()).intersected(window.rect())
    # Inside a scroll area the ring hugs the visible part; it always covers the centre.
    return ring.geometry().contains(shown.center())


def _content_rect(window: MainWindow, widget: QWidget) -> QRect:
    """Where the widget sits in its panel's layout: window coordinates with every scroll area
    around it scrolled back to the top (focusing a widget may scroll it into view)."""
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            rect.translate(parent.horizontalScrollBar().value(), parent.verticalScrollBar().value())
        parent = parent.parentWidget()
    return rect


def _reading_order_ok(first: QRect, second: QRect) -> bool:
    """Down the page, or on to a column further right; never back up and left."""
    return second.top() >= first.top() - 4 or second.left() >= first.right() - 4


@pytest.mark.parametrize("index", range(1, len(PANELS) + 1))
def test_tab_visits_the_panel_in_reading_order_with_a_visible_ring(
    qtbot: QtBot, window: MainWindow, index: int
) -> None:
    panel = _switch(qtbot, window, index)
    load_demo = getattr(panel, "load_demo", None)
    if load_demo is not None:
        load_demo()
    _switch(qtbot, window, index)
    start = QApplication.focusWidget()
    assert start is not None
    visited: list[QWidget] = []
    rects: list[QRect] = []
    widget = start
    for _ in range(MAX_TABS):
        assert widget.isVisible()
        assert _ring_surrounds(window, widget), f"no focus ring on {widget!r}"
        if not visited or visited[-1] is not widget:
            visited.append(widget)
            rects.append(_content_rect(window, widget))
        _press(qtbot, "Tab")
        nxt = QApplication.focusWidget()
        assert nxt is not None
        if nxt is widget and isinstance(widget, QTextBrowser | QLabel):
            continue  # Tab steps through the links of a text view, then moves on
        assert nxt is not widget, f"Tab is trapped in {widget!r}"
        widget = nxt
        if not panel.isAncestorOf(widget):
            break
    else:
        pytest.fail("Tab never left the panel: focus is trapped")
    assert len(visited) >= 3
    pairs = list(zip(visited, rects, strict=True))
    for (a, ra), (b, rb) in itertools.pairwise(pairs):
        assert _reading_order_ok(ra, rb), f"Tab jumps back from {a!r} {ra} to {b!r} {rb}"


def test_tab_leaves_every_text_editor(qtbot: QtBot, window: MainWindow) -> None:
    for spec in PANELS:
        panel = window.show_panel(spec.key)
        for editor in panel.findChildren(QPlainTextEdit):
            if not editor.isVisible() or editor.isReadOnly():
                continue
            editor.setFocus()
            before = editor.toPlainText()
            _press(qtbot, "Tab")
            assert QApplication.focusWidget() is not editor, f"Tab stayed in {editor!r}"
            assert editor.toPlainText() == before, "Tab typed into the editor"


def test_view_menu_shows_the_ampersand(window: MainWindow) -> None:
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    texts = [a.text() for a in view.actions()]
    assert "Send && Compare" in texts  # shown as "Send & Compare", not "Send Compare"


def test_help_lists_every_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    _press(qtbot, "F1")
    box = window.findChild(QWidget, "shortcutsDialog")
    qtbot.waitUntil(
        lambda: (
            (box is not None and box.isVisible())
            or bool(window.findChild(QWidget, "shortcutsDialog"))
        )
    )
    box = window.findChild(QWidget, "shortcutsDialog")
    text = box.text()  # type: ignore[union-attr]
    for entry in SHORTCUTS:
        assert entry.keys[0] in text and entry.what in text
    box.close()  # type: ignore[union-attr]


def test_readme_documents_every_shortcut_and_the_theme_switch() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for entry in SHORTCUTS:
        assert entry.keys[0] in readme, entry
        assert entry.what in readme, entry
    assert "View → Theme" in readme


def test_focus_ring_shows_on_the_sidebar(qtbot: QtBot, window: MainWindow) -> None:
    window.nav.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: _ring_surrounds(window, window.nav))


def test_view_theme_switches_now_and_is_remembered(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from capi_desktop.ui.theme import is_dark

    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    theme_menu = next(a.menu() for a in view.actions() if a.text() == "&Theme")
    by_text = {a.text(): a for a in theme_menu.actions()}
    app = QApplication.instance()
    try:
        by_text["&Dark"].trigger()
        assert is_dark(app) and by_text["&Dark"].isChecked()
        assert not by_text["&Light"].isChecked()
        by_text["&Light"].trigger()
        assert not is_dark(app)
        window.close()
        assert Settings(tmp_path / "settings.json").get("theme") == "light"
        again = MainWindow(Services(settings=Settings(tmp_path / "settings.json")))
        qtbot.addWidget(again)
        again_view = next(a.menu() for a in again.menuBar().actions() if a.text() == "&View")
        again_theme = next(a.menu() for a in again_view.actions() if a.text() == "&Theme")
        assert next(a for a in again_theme.actions() if a.isChecked()).text() == "&Light"
    finally:
        by_text["&System"].trigger()


def test_start_up_theme_choice_order() -> None:
    from capi_desktop.ui.theme import chosen_theme

    assert chosen_theme(None, None, "dark") == "dark"  # remembered View › Theme
    assert chosen_theme(None, "light", "dark") == "light"  # the environment wins
    assert chosen_theme("dark", "light", "light") == "dark"  # an explicit argument wins
    assert chosen_theme(None, "", {"x": 1}) == "system"  # junk in settings.json is ignored
