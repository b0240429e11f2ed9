"""Tab order from the layouts: the order widgets are laid out in is the order they are read."""

from __future__ import annotations

import itertools

from PySide6 import QtCore
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLayout,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QWidget,
)

# Widgets that take focus as one unit: their inner parts (a combo's line edit, a text view's
# viewport) are not separate Tab stops.
_LEAVES = (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTabBar,
)


def takes_tab_focus(widget: QWidget) -> bool:
    # QtCore.Qt when called, not imported: the Composer imports this before its first paint.
    return bool(widget.focusPolicy().value & QtCore.Qt.FocusPolicy.TabFocus.value)


def first_tab_stop(root: QWidget) -> QWidget | None:
    """The first visible, enabled Tab stop under `root` in layout order."""
    for widget in apply_layout_tab_order(root):
        if widget.isVisible() and widget.isEnabled():
            return widget
    return None


def layout_order(root: QWidget) -> list[QWidget]:
    """Every Tab stop under `root`, in reading order of the layouts (hidden ones included:
    Qt skips them when tabbing, and they keep their place for when they show)."""
    found: list[QWidget] = []
    seen: set[int] = set()
    _visit_children(root, found, seen)
    return found


def apply_layout_tab_order(root: QWidget) -> list[QWidget]:
    """Chain `root`'s Tab stops in layout order. Cheap (well under 1 ms for a panel), so it
    runs before each Tab press and widgets added later (custom data rows) take their place."""
    order = layout_order(root)
    for first, second in itertools.pairwise(order):
        QWidget.setTabOrder(first, second)
    return order


def _visit(widget: QWidget, found: list[QWidget], seen: set[int]) -> None:
    if id(widget) in seen or widget.isWindow():
        return
    seen.add(id(widget))
    if takes_tab_focus(widget) and not isinstance(widget, QScrollArea | QStackedWidget):
        found.append(widget)
        if isinstance(widget, _LEAVES) or (
            isinstance(widget, QAbstractScrollArea) and not isinstance(widget, QScrollArea)
        ):
            return
    if isinstance(widget, QTabWidget):
        _visit(widget.tabBar(), found, seen)
        for index in range(widget.count()):
            page = widget.widget(index)
            if page is not None:
                _visit(page, found, seen)
        return
    if isinstance(widget, QScrollArea):
        if takes_tab_focus(widget):
            found.append(widget)
        inner = widget.widget()
        if inner is not None:
            _visit(inner, found, seen)
        return
    _visit_children(widget, found, seen)


def _visit_children(widget: QWidget, found: list[QWidget], seen: set[int]) -> None:
    if isinstance(widget, QSplitter):
        for index in range(widget.count()):
            child = widget.widget(index)
            if child is not None:
                _visit(child, found, seen)
    elif isinstance(widget, QStackedWidget):
        for index in range(widget.count()):
            page = widget.widget(index)
            if page is not None:
                _visit(page, found, seen)
    else:
        layout = widget.layout()
        if layout is not None:
            _visit_layout(layout, found, seen)
    # Children outside any layout (overlays, popups parented here) go last, in child order.
    for direct in widget.children():
        if isinstance(direct, QWidget):
            _visit(direct, found, seen)


def _visit_layout(layout: QLayout, found: list[QWidget], seen: set[int]) -> None:
    for index in _layout_indexes(layout):
        item = layout.itemAt(index)
        if item is None:
            continue
        child = item.widget()
        if child is not None:
            _visit(child, found, seen)
            continue
        inner = item.layout()
        if inner is not None:
            _visit_layout(inner, found, seen)


def _layout_indexes(layout: QLayout) -> list[int]:
    """Item indexes in reading order: grids and forms row by row, boxes as laid out."""
    count = layout.count()
    if isinstance(layout, QGridLayout):
        cells = []
        for index in range(count):
            position: tuple[int, int, int, int] = layout.getItemPosition(index)  # type: ignore[assignment]
            cells.append((position[0], position[1], index))
        return [index for _r, _c, index in sorted(cells)]
    if isinstance(layout, QFormLayout):
        rows = []
        for index in range(count):
            place: tuple[int, QFormLayout.ItemRole] = layout.getItemPosition(index)  # type: ignore[assignment]
            rows.append((place[0], int(place[1].value), index))
        return [index for _r, _role, index in sorted(rows)]
    return list(range(count))
