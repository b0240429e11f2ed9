"""The consultant's morning view: every profile's latest scores, refreshed in one paced sweep."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.profile import Profile
from capi_desktop.domain.quality.snapshot import QualitySnapshot
from capi_desktop.ui.panels.quality.event_views import fmt

if TYPE_CHECKING:  # the sweep module imports the client (httpx)
    from capi_desktop.backend.quality_sweep import SweepProgress

HEADERS = ["Profile", "Dataset", "State", "Best EMQ", "Events", "Lowest coverage", "Read", "Graph"]


class OverviewView(QWidget):
    refresh_all = Signal()
    cancel = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refresh_button = QPushButton("Refresh all profiles")
        self.refresh_button.setToolTip("One profile after another, paced by Meta's usage headers")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = QLabel("Latest stored read of every profile.")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        bar = QHBoxLayout()
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.progress, 3)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.refresh_button.clicked.connect(self.refresh_all.emit)
        self.cancel_button.clicked.connect(self.cancel.emit)
        self._profiles: list[Profile] = []
        self._latest: dict[str, QualitySnapshot] = {}

    def set_rows(
        self, profiles: list[Profile], latest: dict[str, QualitySnapshot] | None = None
    ) -> None:
        """`latest` None keeps the reads already shown (a profile list change)."""
        self._profiles = list(profiles)
        if latest is not None:
            self._latest = dict(latest)
        self._render()

    def _render(self) -> None:
        self.table.setRowCount(len(self._profiles))
        for row, profile in enumerate(self._profiles):
            snapshot = self._latest.get(profile.id)
            if snapshot is None:
                cells = [profile.name, profile.pixel_id, "never read", "—", "—", "—", "—", "—"]
            else:
                events = snapshot.quality.events
                coverages = [e.coverage_pct for e in events if e.coverage_pct is not None]
                cells = [
                    profile.name,
                    profile.pixel_id,
                    snapshot.outcome.title,
                    fmt(snapshot.best_score(), " / 10"),
                    str(len(events)),
                    fmt(min(coverages) if coverages else None, " %"),
                    time.strftime("%Y-%m-%d %H:%M", time.localtime(snapshot.fetched_at)),
                    snapshot.graph_version,
                ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2 and snapshot is not None:
                    item.setToolTip(snapshot.outcome.detail)
                self.table.setItem(row, column, item)

    def sweep_started(self, total: int) -> None:
        self.refresh_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(0)
        self.progress.setFormat(f"0 of {total}")
        self.progress.show()
        self.status.setText("Refreshing every profile…")

    def sweep_progress(self, progress: SweepProgress) -> None:
        self.progress.setValue(progress.done)
        self.progress.setFormat(f"{progress.done} of {progress.total}")
        if progress.snapshot is None:
            self.status.setText(
                f"{progress.profile_name}: waiting {progress.waiting_s:.0f} s ({progress.note})"
            )
            return
        self._latest[progress.snapshot.profile_id] = progress.snapshot
        self.status.setText(f"{progress.profile_name}: {progress.snapshot.outcome.title}")
        self._render()

    def sweep_finished(self, cancelled: bool) -> None:
        self.refresh_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        done = self.progress.value()
        self.progress.hide()
        self.status.setText(
            f"Cancelled after {done} of {self.progress.maximum()} profiles; reads so far are stored."
            if cancelled
            else f"All {self.progress.maximum()} profiles refreshed."
        )
