"""The History tab's filter bar: search text, profile, event and result, debounced into `changed`."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from capi_desktop.ui.panels.send_compare.controllers.history import Filters
from capi_desktop.ui.widgets.single_shot import single_shot

RESULTS = (("All results", None), ("Accepted", "accepted"), ("Rejected", "rejected"),
           ("Error", "error"))  # fmt: skip


class HistoryFilters(QWidget):
    changed = Signal()  # 250 ms after the last edit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search events, profile, pixel, fbtrace_id, response…")
        self.search_edit.setClearButtonEnabled(True)
        self.profile_filter = QComboBox()
        self.event_filter = QComboBox()
        self.result_filter = QComboBox()
        for label, value in RESULTS:
            self.result_filter.addItem(label, value)
        self._debounce = single_shot(self, 250, self.changed.emit)
        self.search_edit.textChanged.connect(self._debounce.start)
        for combo in (self.profile_filter, self.event_filter, self.result_filter):
            combo.currentIndexChanged.connect(self._debounce.start)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit, 2)
        layout.addWidget(self.profile_filter, 1)
        layout.addWidget(self.event_filter, 1)
        layout.addWidget(self.result_filter)
        self.set_choices([], [])

    def filters(self) -> Filters:
        return Filters(
            text=self.search_edit.text().strip() or None,
            profile_id=self.profile_filter.currentData(),
            event_name=self.event_filter.currentData(),
            result=self.result_filter.currentData(),
        )

    def set_choices(self, profiles: list[tuple[str, str]], events: list[str]) -> None:
        """The profile (label, id) and event choices, keeping each pick that is still offered."""
        _refill(self.profile_filter, "All profiles", profiles)
        _refill(self.event_filter, "All events", [(e, e) for e in events])


def _refill(combo: QComboBox, first: str, items: list[tuple[str, str]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(first, None)
    for label, data in items:
        combo.addItem(label, data)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
    combo.blockSignals(False)
