"""ui/qt_keys: Qt-namespace properties set by key name land as the Qt enum values would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QListWidget, QScrollArea, QSplitter, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from capi_desktop.ui.qt_keys import TEXT_WORD_WRAP, USER_ROLE, set_keys, solid_brush


def test_the_plain_int_constants_are_the_qt_values() -> None:
    assert Qt.ItemDataRole.UserRole.value == USER_ROLE
    assert Qt.TextFlag.TextWordWrap.value == TEXT_WORD_WRAP


def test_keys_set_what_the_enums_would(qtbot: QtBot) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    set_keys(label, "alignment", "AlignLeft|AlignTop")
    set_keys(label, "textFormat", "RichText")
    set_keys(label, "textInteractionFlags", "TextBrowserInteraction")
    assert label.alignment() == Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    assert label.textFormat() == Qt.TextFormat.RichText
    assert label.textInteractionFlags() == Qt.TextInteractionFlag.TextBrowserInteraction

    splitter, area, items, button = QSplitter(), QScrollArea(), QListWidget(), QToolButton()
    for widget in (splitter, area, items, button):
        qtbot.addWidget(widget)
    set_keys(splitter, "orientation", "Vertical")
    set_keys(area, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
    set_keys(items, "textElideMode", "ElideRight")
    set_keys(button, "arrowType", "DownArrow")
    assert splitter.orientation() == Qt.Orientation.Vertical
    assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert items.textElideMode() == Qt.TextElideMode.ElideRight
    assert button.arrowType() == Qt.ArrowType.DownArrow

    parent = QWidget()
    qtbot.addWidget(parent)
    shortcut = QShortcut(QKeySequence("Ctrl+K"), parent)
    set_keys(shortcut, "context", "WidgetWithChildrenShortcut")
    assert shortcut.context() == Qt.ShortcutContext.WidgetWithChildrenShortcut


@pytest.mark.parametrize(
    ("prop", "keys", "message"),
    [
        ("alignment", "AlignNowhere", "has no key"),
        ("alignment", "AlignLeft|AlignNowhere", "has no key"),
        ("alignmnet", "AlignLeft", "no enum property"),  # a typo: Qt would add a dynamic one
        ("text", "AlignLeft", "no enum property"),  # a property, but not an enum
    ],
)
def test_a_wrong_name_is_an_error_not_a_silent_no_op(
    qtbot: QtBot, prop: str, keys: str, message: str
) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    set_keys(label, "alignment", "AlignRight")
    with pytest.raises(ValueError, match=message):
        set_keys(label, prop, keys)
    assert label.alignment() == Qt.AlignmentFlag.AlignRight  # unchanged
    assert not label.dynamicPropertyNames()


def test_solid_brush_is_the_brush_qbrush_would_make() -> None:
    brush = solid_brush(QColor("#2e9d5b"))
    assert brush.style() == Qt.BrushStyle.SolidPattern
    assert brush.color() == QColor("#2e9d5b")
