"""Nothing is cut: every button, box and one-line label gets at least its size hint, at 800x600
and 1280x800, in every panel (and Send & Compare tab), and results do not squeeze the form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QTabBar,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.service_factory import populate_services
from capi_desktop.services import Services
from capi_desktop.ui.main_window import MainWindow
from capi_desktop.ui.panels.registry import PANELS
from capi_desktop.ui.widgets.elided_button import ElidedButton
from capi_desktop.ui.widgets.header_tips import HeaderTips, section_tip
from tests.ui.helpers import show_active

SIZES = [(800, 600), (1280, 800)]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    services = Services(settings=Settings(tmp_path / "settings.json"))
    populate_services(services)
    window = MainWindow(services)
    show_active(qtbot, window)
    yield window


def clipped(root: QWidget) -> list[str]:
    """Visible controls narrower than their size hint (text cut), unless elided on purpose
    with the full text in a tooltip (a combo shows its current text that way)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or isinstance(widget.parent(), QTabBar):
            continue  # a tab bar's scroll arrows are Qt's own
        if isinstance(widget, ElidedButton):
            if widget.toolTip() != widget.full_text():
                found.append(f"ElidedButton {widget.text()!r} without its full text")
            continue
        if isinstance(widget, QLabel):
            if (
                widget.wordWrap()
                or not widget.text()
                or widget.textFormat() == Qt.TextFormat.RichText
            ):
                continue
            text = widget.text()
        elif isinstance(widget, QAbstractButton):
            text = widget.text()
        elif isinstance(widget, QComboBox):
            text = widget.currentText()
            if widget.toolTip() == text:
                continue  # elided, and the tooltip says it all
        else:
            continue
        if widget.width() + 1 < widget.sizeHint().width():
            found.append(
                f"{type(widget).__name__} {text[:40]!r}: {widget.width()} < "
                f"{widget.sizeHint().width()}"
            )
    return found


def _views(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    for spec in PANELS:
        panel = window.show_panel(spec.key)
        load_demo = getattr(panel, "load_demo", None)
        if load_demo is not None:
            load_demo()
        tabs = getattr(panel, "tabs", None)
        if spec.key == "send" and tabs is not None:
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                yield f"{spec.key}/{tabs.tabText(index)}", panel
        else:
            yield spec.key, panel


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_nothing_is_cut(qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height)
    problems = []
    for name, panel in _views(window):
        qtbot.wait(20)  # layouts settle
        problems += [f"{name}: {p}" for p in clipped(panel)]
    assert problems == []


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_rejected_send_does_not_squeeze_the_form(
    qtbot: QtBot, qloop: Any, window: MainWindow, width: int, height: int
) -> None:
    window.resize(width, height)
    panel = window.show_panel("send")
    send = panel.send_tab  # type: ignore[attr-defined]
    send.set_profiles([_Profile()])
    qtbot.wait(20)
    form_width = send.profile_combo.parentWidget().width()
    long_paths = tuple(
        f"data.{i}.user_data.external_id_for_a_very_long_integration_field" for i in range(5)
    )
    send.result_view.show_failure("Meta rejected the request: invalid parameter")
    send.result_view._set_blame(long_paths)
    qtbot.wait(20)
    assert abs(send.profile_combo.parentWidget().width() - form_width) <= 2
    assert clipped(send) == []
    buttons = send.result_view.blame_host.findChildren(QAbstractButton)
    assert len(buttons) == 5 and all(b.toolTip().endswith("in the Composer") for b in buttons)
    pane = send.result_view
    assert all(b.geometry().right() <= pane.width() for b in buttons)  # inside the pane


class _Profile:
    id = "p1"
    name = "Demo shop with a long client name"
    pixel_id = "123456789012345"
    graph_url = "https://graph.facebook.com"
    test_event_code = ""
    api_version = "v26.0"


def test_a_narrow_header_shows_its_full_title_on_hover(qtbot: QtBot) -> None:
    table = QTableWidget(1, 2)
    table.setHorizontalHeaderLabels(["Double counted", "Ok"])
    qtbot.addWidget(table)
    table.show()
    tips = HeaderTips()
    tips.watch(table)
    header = table.horizontalHeader()
    header.resizeSection(0, 30)
    header.resizeSection(1, 120)
    assert section_tip(header, 10) == "Double counted"
    assert section_tip(header, 60) == ""  # "Ok" fits: no tooltip
    event = QHelpEvent(QHelpEvent.Type.ToolTip, QPoint(10, 5), header.mapToGlobal(QPoint(10, 5)))
    assert tips.eventFilter(header.viewport(), event) is True
    assert QApplication.instance() is not None


def test_journey_results_stay_readable_at_1280(qtbot: QtBot, window: MainWindow) -> None:
    from capi_desktop.domain.journey import build_journey

    window.resize(1280, 800)
    panel = window.show_panel("send")
    view = panel.send_tab.journey_view  # type: ignore[attr-defined]
    panel.send_tab.results.setCurrentWidget(view)  # type: ignore[attr-defined]
    view.start(build_journey(1_800_000_000, spacing_s=0))
    view.step_done(0, "accepted", "1/1", "AbCdEfGhIjKlMnOpQrStUvW")
    view.step_running(1)
    view.finish("Journey cancelled.", unfinished="cancelled")
    qtbot.wait(20)
    header = view.table.horizontalHeader()
    result_text = view.table.item(1, 3).text()
    needed = view.table.fontMetrics().horizontalAdvance(result_text)
    assert header.sectionSize(3) >= needed  # "cancelled mid-send" in full
    assert header.length() <= view.table.viewport().width() + 1  # no sideways scrolling
