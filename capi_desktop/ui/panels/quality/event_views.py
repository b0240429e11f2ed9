"""Per-event widgets: the scores table, match-key bars, dedup table (Meta's numbers beside ours)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.quality.links import identifier_link
from capi_desktop.domain.quality.local import LocalEstimate
from capi_desktop.domain.quality.models import DedupeKeyFeedback, EventQuality, MatchKeyFeedback


def fmt(value: float | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value:g}{suffix}"


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tip:
        item.setToolTip(tip)
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class EventTable(QTableWidget):
    """One row per event name Meta scored."""

    event_selected = Signal(str)
    HEADERS = ("Event", "Meta EMQ", "Our estimate", "Coverage / goal", "Freshness", "ACR")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.itemSelectionChanged.connect(self._selected)
        self.setAccessibleName("Meta's Event Match Quality per event")

    def set_events(self, events: tuple[EventQuality, ...], local: dict[str, LocalEstimate]) -> None:
        current = self.current_event()
        self.blockSignals(True)
        self.setRowCount(len(events))
        for row, event in enumerate(events):
            estimate = local.get(event.event_name)
            ours = (
                f"{estimate.average}/100 ({estimate.events} sent)" if estimate else "no sends here"
            )
            coverage = f"{fmt(event.coverage_pct, ' %')} / {fmt(event.coverage_goal_pct, ' %')}"
            cells = [
                _item(event.event_name),
                _item(fmt(event.composite_score, " / 10"), "Meta's Event Match Quality"),
                _item(ours, estimate.disclaimer if estimate else "No accepted sends in history"),
                _item(
                    coverage, event.coverage_text or "7-day share of Pixel events covered by CAPI"
                ),
                _item(event.upload_frequency or "—", event.freshness_text),
                _item(
                    fmt(event.acr_pct, " %"), event.acr_text or "Additional Conversions Reported"
                ),
            ]
            for column, cell in enumerate(cells):
                self.setItem(row, column, cell)
        self.blockSignals(False)
        names = [e.event_name for e in events]
        self.selectRow(names.index(current) if current in names else 0)
        self._selected()

    def current_event(self) -> str:
        row = self.currentRow()
        item = self.item(row, 0) if row >= 0 else None
        return item.text() if item else ""

    def _selected(self) -> None:
        self.event_selected.emit(self.current_event())


class KeyBars(QWidget):
    """Meta's match-key coverage as bars; each key opens its Composer field."""

    def __init__(self, open_field: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open_field = open_field
        self._grid = QGridLayout()
        self._grid.setColumnStretch(1, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(self._grid)
        outer.addStretch(1)
        self.empty = QLabel("No event to show.")
        self.empty.setWordWrap(True)
        outer.insertWidget(0, self.empty)
        self.rows: list[tuple[str, QProgressBar]] = []

    def set_keys(self, keys: tuple[MatchKeyFeedback, ...]) -> None:
        while self._grid.count():
            taken = self._grid.takeAt(0)
            widget = taken.widget() if taken else None
            if widget is not None:
                # Hide and detach now: deleteLater waits for the event loop, and until then
                # the old widget would still paint over the new rows.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.rows = []
        self.empty.setVisible(not keys)
        for row, key in enumerate(sorted(keys, key=lambda k: -(k.coverage_pct or 0))):
            link = identifier_link(key.identifier)
            label = QLabel(link.field_label if link else key.identifier)
            label.setToolTip(f"Meta's identifier: {key.identifier}")
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round((key.coverage_pct or 0) * 10))
            bar.setFormat(fmt(key.coverage_pct, " %"))
            bar.setAccessibleName(f"{key.identifier} coverage")
            self._grid.addWidget(label, row, 0)
            self._grid.addWidget(bar, row, 1)
            if link is not None:
                button = QPushButton("Open field")
                button.setToolTip(f"{link.path} · our lint rule {link.rule_id}")
                button.clicked.connect(lambda _=False, p=link.path: self._open_field(p))
                self._grid.addWidget(button, row, 2)
            self.rows.append((key.identifier, bar))


class DedupTable(QWidget):
    """Browser vs server events per dedup key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = _table(
            [
                "Dedup key",
                "Browser events with key",
                "Server events with key",
                "Browser events deduplicated by key",
            ]
        )
        self.note = QLabel(
            "Meta's percentages. The last column is incremental per key (Meta: each key adds to "
            "the ones above). Meta deduplicates a browser and a server event that share "
            "event_name and event_id; fbp / external_id are fallbacks."
        )
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.note)

    def set_keys(self, keys: tuple[DedupeKeyFeedback, ...]) -> None:
        self.table.setRowCount(len(keys))
        for row, key in enumerate(keys):
            cells = [
                key.dedupe_key,
                fmt(key.browser_pct, " %"),
                fmt(key.server_pct, " %"),
                fmt(key.browser_coverage_pct, " %"),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, _item(text))
