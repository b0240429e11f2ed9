"""History tab: browse, search and filter past sends; re-open, resend, export, delete, clear."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.backend.history import STORE_RAW_SETTING
from capi_desktop.domain.wording import plural
from capi_desktop.services import Services
from capi_desktop.ui.async_dialogs import DialogHost, choose_file, confirm
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.send_compare.files import write_text
from capi_desktop.ui.panels.send_compare.send_flow import pretty_json
from capi_desktop.ui.panels.send_compare.widgets import CodeView
from capi_desktop.ui.widgets.badge import status_color
from capi_desktop.ui.widgets.notice import Notice

log = logging.getLogger(__name__)
COLUMNS = ["When", "Result", "Events", "Profile", "Pixel", "Test code", "Received", "HTTP"]
EMPTY_TEXT = (
    "No sends yet. Every send from this panel is kept here — hashed values only, never the "
    "token — so you can search it, re-open it in the Composer or send it again."
)


class HistoryTab(QWidget):
    """`reopen(body)` loads a request into the Composer; `resend(body)` into the Send tab."""

    reopen_requested = Signal(object)
    resend_requested = Signal(object)

    def __init__(
        self,
        services: Services,
        dialogs: DialogHost,
        parent: QWidget | None = None,
        *,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.dialogs = dialogs
        self._on_problem = on_problem
        self.rows: list[Any] = []

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search events, profile, pixel, fbtrace_id, response…")
        self.search_edit.setClearButtonEnabled(True)
        self.profile_filter = QComboBox()
        self.event_filter = QComboBox()
        self.result_filter = QComboBox()
        for label, value in (("All results", None), ("Accepted", "accepted"),
                             ("Rejected", "rejected"), ("Error", "error")):  # fmt: skip
            self.result_filter.addItem(label, value)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._debounce.start)
        for combo in (self.profile_filter, self.event_filter, self.result_filter):
            combo.currentIndexChanged.connect(self._debounce.start)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.profile_filter, 1)
        filters.addWidget(self.event_filter, 1)
        filters.addWidget(self.result_filter)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.cellDoubleClicked.connect(lambda *_: self.reopen_selected())
        self.empty = Notice(EMPTY_TEXT)
        self.empty_page = QWidget()
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        empty_layout.addWidget(self.empty)
        empty_layout.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_page)

        self.detail = CodeView()
        self.detail_label = QLabel("Select a send to see its request and response.")
        self.detail_label.setWordWrap(True)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_label)
        detail_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.stack)
        splitter.addWidget(detail_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.reopen_button = QPushButton("Re-open in Composer")
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.resend_button = QPushButton("Resend…")
        self.resend_button.setToolTip("Load this request into the Send tab")
        self.resend_button.clicked.connect(self.resend_selected)
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(self.export_selected)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.clear_button = QPushButton("Clear history…")
        self.clear_button.clicked.connect(self.clear_all)
        self.count_label = QLabel("")
        self.keep_raw = QCheckBox("Keep raw inputs")
        self.keep_raw.setToolTip(
            "Off (recommended): history keeps only SHA-256 hashes of customer information. "
            "On: the unhashed request is also kept on this computer (never exported)."
        )
        self.keep_raw.setChecked(bool(services.settings.get(STORE_RAW_SETTING, False)))
        self.keep_raw.toggled.connect(self._keep_raw_toggled)
        # Two rows: in one, the buttons were squeezed below their text at 800 px.
        actions = QHBoxLayout()
        for button in (self.reopen_button, self.resend_button, self.export_button,
                       self.delete_button):  # fmt: skip
            actions.addWidget(button)
        actions.addStretch(1)
        self.recover_button = QPushButton("Recover from the damaged copy…")
        self.recover_button.setToolTip(
            "The history file was damaged and kept aside at start: bring back every send that "
            "can still be read from it (the copy itself is left untouched)"
        )
        self.recover_button.clicked.connect(self.recover_damaged)
        self.recover_button.hide()
        store_row = QHBoxLayout()
        store_row.addWidget(self.recover_button)
        store_row.addWidget(self.count_label, 1)
        store_row.addWidget(self.keep_raw)
        store_row.addWidget(self.clear_button)
        buttons = QVBoxLayout()
        buttons.addLayout(actions)
        buttons.addLayout(store_row)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.fill_filters({})
        self.show_rows([])  # the empty state until the first refresh
        self._selection_changed()

    def _keep_raw_toggled(self, on: bool) -> None:
        self.services.settings.set(STORE_RAW_SETTING, on)
        if self.services.history is not None:
            self.services.history.store_raw_inputs = on
        try:
            self.services.settings.save()
        except OSError as exc:
            log.warning("could not save settings: %s", exc)

    # ----- data ---------------------------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        return {
            "text": self.search_edit.text().strip() or None,
            "profile_id": self.profile_filter.currentData(),
            "event_name": self.event_filter.currentData(),
            "result": self.result_filter.currentData(),
        }

    @async_slot(cancel_previous=True)
    async def refresh(self) -> None:
        await self.reload()

    async def reload(self) -> None:
        history = self.services.history
        if history is None:
            self.empty.setText("History is not available in this setup.")
            self.stack.setCurrentWidget(self.empty_page)
            return
        try:
            rows = await asyncio.to_thread(history.search, **self.filters())
            values = await asyncio.to_thread(history.distinct_values)
        except Exception as exc:
            log.warning("history search failed: %s", exc)
            self.empty.setText(f"The history could not be read: {exc}")
            self.stack.setCurrentWidget(self.empty_page)
            return
        problem = getattr(history, "problem", None)
        if problem and self._on_problem is not None:
            moved = getattr(history, "moved_to", None)
            if moved is not None:
                problem += (
                    " Use “Recover from the damaged copy…” below to bring back what it still holds."
                )
            self._on_problem(problem)
            history.problem = None
        self.recover_button.setVisible(getattr(history, "moved_to", None) is not None)
        self.fill_filters(values)
        self.show_rows(rows)

    @async_slot()
    async def recover_damaged(self) -> None:
        """Bring back the sends still readable in the copy moved aside at start."""
        history = self.services.history
        copy = getattr(history, "moved_to", None)
        if history is None or copy is None:
            return
        self.recover_button.setEnabled(False)
        self.count_label.setText(f"Reading {copy.name}…")
        try:
            found = await asyncio.to_thread(history.recover_from, copy)
        except Exception as exc:  # unreadable copy, history not writable now: say which
            log.warning("history recovery failed: %s", exc)
            self.count_label.setText(f"Could not recover from {copy.name}: {exc}")
            self.recover_button.setEnabled(True)
            return
        self.recover_button.setEnabled(True)
        refreshing = self.refresh()
        if refreshing is not None:
            await refreshing
        self.count_label.setText(found.describe(copy.name))

    def fill_filters(self, values: dict[str, list[str]]) -> None:
        def refill(combo: QComboBox, first: str, items: list[tuple[str, str]]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for label, data in items:
                combo.addItem(label, data)
            combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
            combo.blockSignals(False)

        profiles = [p.split("\t", 1) for p in values.get("profiles", [])]
        refill(self.profile_filter, "All profiles", [(n or i or "(none)", i) for i, n in profiles])
        refill(self.event_filter, "All events", [(e, e) for e in values.get("events", [])])

    def show_rows(self, rows: list[Any]) -> None:
        self.rows = list(rows)
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row.created_at))
            received = (
                "" if row.events_received is None else f"{row.events_received}/{row.events_sent}"
            )
            cells = [when, row.result, ", ".join(row.event_names), row.profile_name,
                     row.pixel_id, row.test_event_code or "— live —", received,
                     str(row.http_status or "")]  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 1:
                    item.setForeground(QColor(status_color(row.result)))
                if c == 5 and not row.test_event_code:
                    item.setForeground(QColor(status_color("warning")))
                self.table.setItem(r, c, item)
        filtered = any(v for v in self.filters().values())
        if self.rows:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty.setText("No send matches these filters." if filtered else EMPTY_TEXT)
            self.stack.setCurrentWidget(self.empty_page)
        self.count_label.setText(f"{len(self.rows)} shown")
        self._selection_changed()

    def selected(self) -> list[Any]:
        picked = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.rows[i] for i in picked if i < len(self.rows)]

    def _selection_changed(self) -> None:
        rows = self.selected()
        for button in (self.reopen_button, self.resend_button):
            button.setEnabled(len(rows) == 1)
        self.export_button.setEnabled(bool(rows))
        self.delete_button.setEnabled(bool(rows))
        if len(rows) == 1:
            row = rows[0]
            self.detail_label.setText(
                f"#{row.id} · {row.result} · fbtrace_id {row.fbtrace_id or '—'} · "
                f"{plural(row.attempts, 'attempt')} · {row.duration_s:.2f} s"
                + (f" · {row.error_message}" if row.error_message else "")
            )
            self.detail.setPlainText(
                "// request (hashed values only)\n" + pretty_json(_dump(row.request))
                + "\n\n// response\n" + pretty_json(row.response_text)
            )  # fmt: skip
        else:
            self.detail_label.setText("Select a send to see its request and response.")
            self.detail.setPlainText("")

    # ----- actions ------------------------------------------------------------------------
    def reopen_selected(self) -> None:
        rows = self.selected()
        if len(rows) == 1:
            self.reopen_requested.emit(rows[0].request)

    def resend_selected(self) -> None:
        rows = self.selected()
        if len(rows) == 1:
            self.resend_requested.emit(rows[0].request)

    @async_slot()
    async def delete_selected(self) -> None:
        rows = self.selected()
        if not rows or self.services.history is None:
            return
        for row in rows:
            await asyncio.to_thread(self.services.history.delete, row.id)
        await self.reload()

    @async_slot()
    async def clear_all(self) -> None:
        if self.services.history is None:
            return
        agreed = await confirm(
            self.dialogs, self, "Clear the send history?",
            "Every recorded send is deleted from this computer. This cannot be undone.",
            "Clear history", icon=QMessageBox.Icon.Warning, role=QMessageBox.ButtonRole.AcceptRole,
        )  # fmt: skip
        if agreed:
            await asyncio.to_thread(self.services.history.clear)
            await self.reload()

    @async_slot()
    async def export_selected(self) -> None:
        rows = self.selected()
        if not rows or self.services.history is None:
            return
        path = await choose_file(
            self.dialogs, self, "Export sends", "JSON (*.json);;JSON Lines (*.jsonl)",
            save=True, default_suffix="json", suggested_name="capi-sends.json",
        )  # fmt: skip
        if not path:
            return
        fmt = "jsonl" if path.endswith(".jsonl") else "json"
        ids = [r.id for r in rows]
        text = await asyncio.to_thread(self.services.history.export, ids, fmt)
        await asyncio.to_thread(write_text, path, text)
        self.count_label.setText(f"Exported {plural(len(ids), 'send')} to {path}")


def _dump(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
