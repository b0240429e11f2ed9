"""The main window's ways to a panel: the sidebar list, the menus (File, View, Help), their keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from capi_desktop.config import APP_NAME
from capi_desktop.ui.panels.registry import PANELS
from capi_desktop.ui.qt_keys import USER_ROLE
from capi_desktop.ui.theme import THEME_CHOICES

if TYPE_CHECKING:
    from capi_desktop.ui.main_window import MainWindow

NAV_KEY_ROLE = USER_ROLE  # a plain int, not Qt.ItemDataRole (see ui/qt_keys)


def navigation_list() -> QListWidget:
    """The sidebar: one entry per registry panel, its summary and Ctrl+N key as tooltip."""
    nav = QListWidget()
    nav.setObjectName("navigation")
    nav.setFixedWidth(170)
    nav.setSpacing(2)
    nav.setFrameShape(QListWidget.Shape.NoFrame)
    # Roomy, clearly selectable navigation entries; colours come from the palette.
    nav.setStyleSheet(
        "QListWidget#navigation { background: palette(window); padding-top: 6px; outline: 0; }"
        "QListWidget#navigation::item { padding: 9px 12px; border-radius: 6px; margin: 1px 6px; }"
        "QListWidget#navigation::item:selected { background: palette(highlight); border: none;"
        " color: palette(highlighted-text); }"
        "QListWidget#navigation::item:hover:!selected { background: palette(midlight); }"
    )
    for index, spec in enumerate(PANELS, start=1):
        item = QListWidgetItem(spec.title)
        item.setToolTip(f"{spec.summary}  (Ctrl+{index})")
        item.setData(NAV_KEY_ROLE, spec.key)
        nav.addItem(item)
    return nav


@dataclass
class WindowMenus:
    """The actions the window touches later: key bindings (set after the first paint, see
    `bind_keys`) and the theme choices (checked to match the theme in use)."""

    keys: list[tuple[QAction, QKeySequence.StandardKey | str]] = field(default_factory=list)
    theme_actions: dict[str, QAction] = field(default_factory=dict)

    def bind_keys(self) -> None:
        """Converting the first QKeySequence builds PySide's whole `Qt` enum namespace
        (~15 ms, benchmarks/startup.py): done once the window has painted."""
        for action, key in self.keys:
            action.setShortcut(QKeySequence(key))

    def check_theme(self, theme: str) -> None:
        for key, action in self.theme_actions.items():
            action.setChecked(key == theme)


def _action(text: str, window: MainWindow) -> QAction:
    """QAction(text, parent), without the text argument: matching it against the (icon, text)
    overload makes PySide build QIcon's class and enums (~1 ms) before the first paint."""
    action = QAction(window)
    action.setText(text)
    return action


def build_menus(window: MainWindow) -> WindowMenus:
    menus = WindowMenus()
    file_menu = window.menuBar().addMenu("&File")
    quit_action = _action("&Quit", window)
    menus.keys.append((quit_action, QKeySequence.StandardKey.Quit))
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)

    view_menu = window.menuBar().addMenu("&View")
    for index, spec in enumerate(PANELS, start=1):
        # "&&": a lone "&" would turn "Send & Compare" into a mnemonic ("Send Compare").
        action = _action(spec.title.replace("&", "&&"), window)
        menus.keys.append((action, f"Ctrl+{index}"))
        action.triggered.connect(lambda _=False, row=index - 1: window.switch_to_row(row))
        view_menu.addAction(action)
        window.addAction(action)
    view_menu.addSeparator()
    theme_menu = view_menu.addMenu("&Theme")
    current = window.services.settings.get("theme")
    current = current if current in {"system", "light", "dark"} else "system"
    for key, label in THEME_CHOICES:
        action = _action(label, window)
        action.setCheckable(True)
        action.setChecked(key == current)
        action.triggered.connect(lambda _=False, key=key: window.set_theme(key))
        theme_menu.addAction(action)
        menus.theme_actions[key] = action

    help_menu = window.menuBar().addMenu("&Help")
    keys = _action("&Keyboard shortcuts", window)
    menus.keys.append((keys, "F1"))
    keys.triggered.connect(window.show_shortcuts)
    help_menu.addAction(keys)
    window.addAction(keys)
    about = _action(f"&About {APP_NAME}", window)
    about.triggered.connect(window.show_about)
    help_menu.addAction(about)
    return menus
