"""Keyboard set-up of a built panel: Tab leaves editors and tables; focus its first field."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def tab_leaves_editors(panel: QWidget) -> None:
    """Tab moves focus out of every text editor and table of `panel` instead of typing a tab
    or stepping through cells: without this, keyboard users were trapped in the request
    editor and the customer table. Help › Keyboard shortcuts and README say so."""
    from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QTextEdit

    for plain in panel.findChildren(QPlainTextEdit):
        plain.setTabChangesFocus(True)
    for rich in panel.findChildren(QTextEdit):
        rich.setTabChangesFocus(True)
    # Tables step through their cells with Tab by default, which trapped the keyboard in the
    # customer table; arrow keys still move between cells.
    for view in panel.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


def focus_first_field(panel: QWidget) -> None:
    """Put the keyboard on the panel's first field (in the order Tab follows)."""
    from capi_desktop.ui.focus_order import first_tab_stop

    first = panel.focusProxy() or first_tab_stop(panel)
    if first is not None:
        first.setFocus()
