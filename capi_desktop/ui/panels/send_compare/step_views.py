"""Result tables for batch bisect and the journey test (display only; the Send tab drives them)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain import doc_links
from capi_desktop.domain.journey import JourneyPlan
from capi_desktop.domain.request.bisect import BisectResult
from capi_desktop.domain.wording import plural
from capi_desktop.ui.widgets.badge import status_color
from capi_desktop.ui.widgets.notice import Notice


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def _item(text: str, status: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if status:
        item.setForeground(QColor(status_color(status)))
    return item


class BisectView(QWidget):
    """Which events made Meta reject the batch; double-click a row to show it in the Composer."""

    focus_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel(
            "When Meta rejects a request with several events, “Find the offending event” "
            "re-sends halves of it with your test event code until the failing event(s) remain."
        )
        self.status.setWordWrap(True)
        self.table = _table(["#", "Event", "event_id", "Why Meta rejected it"])
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.table.currentCellChanged.connect(self._show_reason)
        self.reason = Notice(kind="error")
        self.reason.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason)
        self.offending: tuple[int, ...] = ()

    def start(self, count: int) -> None:
        self.table.setRowCount(0)
        self.offending = ()
        self.reason.hide()
        self.status.setText(f"Bisecting {count} events…")

    def progress(self, sends: int) -> None:
        self.status.setText(f"Bisecting… {plural(sends, 'test send')} so far")

    def show_result(
        self, result: BisectResult[int], events: list[Any], reasons: dict[int, str]
    ) -> None:
        self.offending = tuple(result.offending)
        self.table.setRowCount(0)
        for index in result.offending:
            event = events[index] if isinstance(events[index], dict) else {}
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, _item(str(index)))
            self.table.setItem(row, 1, _item(str(event.get("event_name", ""))))
            self.table.setItem(row, 2, _item(str(event.get("event_id", ""))))
            self.table.setItem(row, 3, _item(reasons.get(index, ""), "error"))
        found = plural(len(result.offending), "offending event")
        text = f"Found {found} with {plural(result.sends, 'test send')}."
        if not result.offending:
            text = f"No single event was rejected in {plural(result.sends, 'test send')}."
        if result.exhausted:
            text += f" Send budget reached; not resolved: {list(result.unresolved)[:20]}."
        self.status.setText(text + " Double-click a row to show the event in the Composer.")
        if self.offending:
            self.table.setCurrentCell(0, 0)
            self._show_reason(0)
        else:
            self.reason.hide()

    def _show_reason(self, row: int, *_rest: int) -> None:
        item = self.table.item(row, 3) if row >= 0 else None
        if item is None or not item.text():
            self.reason.hide()
            return
        event = self.table.item(row, 1)
        self.reason.setText(
            f"data[{self.offending[row]}] {event.text() if event else ''}: {item.text()}"
        )
        self.reason.show()

    def _double_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.offending):
            self.focus_requested.emit(f"data.{self.offending[row]}")


class JourneyView(QWidget):
    """Per-step results of the journey test and Meta's checklist."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel(
            "The journey test sends PageView → ViewContent → AddToCart → InitiateCheckout → "
            "Purchase with one synthetic browser context and your test event code."
        )
        self.status.setWordWrap(True)
        self.table = _table(["Step", "Event", "event_id", "Result", "Received", "fbtrace_id"])
        # The long ids (event_id, fbtrace_id) give way, elided in the middle with the full
        # text in the tooltip, so Event and Result stay readable in the half-width pane.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.checklist = Notice()
        self.checklist.setTextFormat(Qt.TextFormat.RichText)
        self.checklist.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.checklist)

    def start(self, plan: JourneyPlan) -> None:
        self.table.setRowCount(0)
        for step in plan.steps:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, _item(str(step.index + 1)))
            self.table.setItem(row, 1, _item(step.event_name))
            self.table.setItem(row, 2, _item(step.event_id))
            self.table.setItem(row, 3, _item("waiting"))
            self.table.setItem(row, 4, _item(""))
            self.table.setItem(row, 5, _item(""))
        self.status.setText(f"Journey running… ({plan.note})")
        self._show_checklist(plan)

    def step_done(self, index: int, kind: str, received: str, trace: str) -> None:
        self.table.setItem(index, 3, _item(kind, kind))
        self.table.setItem(index, 4, _item(received))
        self.table.setItem(index, 5, _item(trace))

    def step_running(self, index: int) -> None:
        self.table.setItem(index, 3, _item("sending…", "info"))

    def finish(self, text: str, unfinished: str = "") -> None:
        """`unfinished`: what steps that will never run now say ("cancelled"), instead of
        "waiting…"/"sending…" forever. A step cancelled mid-send may still have reached Meta,
        so its label says so."""
        self.status.setText(text)
        if not unfinished:
            return
        for row, result in enumerate(self.result_texts()):
            if result == "waiting":
                self.table.setItem(row, 3, _item(unfinished, "warning"))
            elif result == "sending…":
                item = _item(f"{unfinished} mid-send", "warning")
                item.setToolTip(f"{unfinished} while sending: this step may have reached Meta")
                self.table.setItem(row, 3, item)

    def result_texts(self) -> list[str]:
        return [
            (self.table.item(r, 3).text() if self.table.item(r, 3) else "")  # type: ignore[union-attr]
            for r in range(self.table.rowCount())
        ]

    def _show_checklist(self, plan: JourneyPlan) -> None:
        items = "".join(f"<li>{html.escape(c)}</li>" for c in plan.checklist)
        link = f'<a href="{doc_links.BEST_PRACTICES}">Meta: best practices</a>'
        self.checklist.setText(
            f"<b>What to look for in Events Manager → Test Events</b><ul>{items}</ul>{link}"
        )
        self.checklist.show()
