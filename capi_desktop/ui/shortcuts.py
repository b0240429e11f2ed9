"""Every keyboard shortcut of the app in one table, and the one way panels bind them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from capi_desktop.ui.qt_keys import set_keys

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox


class Shortcut(NamedTuple):  # not a frozen dataclass: ~0.5-1.5 ms less at start
    id: str  # also the QShortcut's objectName, so tests can find each binding
    keys: tuple[str, ...]  # portable text ("Ctrl+Return"); the first one is shown to users
    where: str  # "Everywhere" or the panel/tab it belongs to
    what: str


# Window-wide ones (Ctrl+1.., Quit) are built by the main window from the panel registry;
# they are listed here too so the Help dialog and README show one complete table.
SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut(
        "window.panels", ("Ctrl+1 … Ctrl+9",), "Everywhere", "Switch panel (in sidebar order)"
    ),
    Shortcut("window.quit", ("Ctrl+Q",), "Everywhere", "Quit"),
    Shortcut("window.shortcuts", ("F1",), "Everywhere", "Show this list of shortcuts"),
    Shortcut("credentials.save", ("Ctrl+S",), "Credentials", "Save the profile"),
    Shortcut("credentials.verify", ("Ctrl+Return", "Ctrl+Enter"), "Credentials", "Verify"),
    Shortcut("credentials.new", ("Ctrl+N",), "Credentials", "New profile"),
    Shortcut("credentials.rename", ("F2",), "Credentials", "Rename the profile"),
    Shortcut("composer.send", ("Ctrl+Return", "Ctrl+Enter"), "Composer", "Send… (hand over)"),
    Shortcut("composer.save", ("Ctrl+S",), "Composer", "Save the draft"),
    Shortcut("composer.copy_curl", ("Ctrl+Shift+C",), "Composer", "Copy as cURL"),
    Shortcut("send.send", ("Ctrl+Return", "Ctrl+Enter"), "Send & Compare › Send", "Send"),
    Shortcut("errors.find", ("Ctrl+F",), "Error lookup", "Focus the search box"),
)

# In every code/text editor Tab moves focus instead of typing a tab character; said in
# the Help dialog and README so keyboard users know how to leave an editor.
EDITOR_NOTE = (
    "In the JSON and paste editors, as in every text box and table, Tab and Shift+Tab move to "
    "the next/previous control; they never insert a tab character (indent with spaces)."
)


def shortcut(shortcut_id: str) -> Shortcut:
    for entry in SHORTCUTS:
        if entry.id == shortcut_id:
            return entry
    raise KeyError(shortcut_id)


def bind(parent: QWidget, shortcut_id: str, slot: Callable[[], object]) -> list[QShortcut]:
    """Bind a panel shortcut so it works as soon as the panel is shown.

    WindowShortcut, not WidgetWithChildrenShortcut: the latter only fires once focus is
    inside the panel, so Ctrl+S did nothing right after Ctrl+2. Qt ignores shortcuts of
    hidden widgets, so only the visible panel's (and tab's) binding fires.
    """
    entry = shortcut(shortcut_id)
    made = []
    for keys in entry.keys:
        item = QShortcut(QKeySequence(keys), parent)
        item.setObjectName(shortcut_id)
        set_keys(item, "context", "WindowShortcut")
        item.activated.connect(slot)
        made.append(item)
    return made


def shortcuts_html() -> str:
    """The Help › Keyboard shortcuts text."""
    from html import escape

    rows = "".join(
        f"<tr><td><b>{escape(' / '.join(s.keys))}</b></td><td>{escape(s.where)}</td>"
        f"<td>{escape(s.what)}</td></tr>"
        for s in SHORTCUTS
    )
    return (
        "<table cellspacing='0' cellpadding='4'>"
        "<tr><th align='left'>Keys</th><th align='left'>Where</th><th align='left'>What</th></tr>"
        f"{rows}</table><p>{escape(EDITOR_NOTE)}</p>"
    )


def open_shortcuts(parent: QWidget) -> QMessageBox:
    """Help › Keyboard shortcuts (F1): the table above, non-blocking."""
    from PySide6.QtWidgets import QMessageBox  # here: PySide builds the class on first use

    box = QMessageBox(
        QMessageBox.Icon.NoIcon, "Keyboard shortcuts", shortcuts_html(), parent=parent
    )
    box.setObjectName("shortcutsDialog")
    set_keys(box, "textFormat", "RichText")
    box.open()  # never exec(): no nested loop under qasync
    return box
