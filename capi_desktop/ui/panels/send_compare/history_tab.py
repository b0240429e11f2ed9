"""History tab: browse, search and filter past sends; re-open, resend, export, delete, clear."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.backend.history import HistoryRow
from capi_desktop.services import Services
from capi_desktop.ui.async_dialogs import DialogHost, choose_file, confirm
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.send_compare.controllers.history import (
    HistoryController,
    choices,
    row_cells,
    row_detail,
)
from capi_desktop.ui.panels.send_compare.history_filters import HistoryFilters
from capi_desktop.ui.panels.send_compare.widgets import CodeView
from capi_desktop.ui.widgets.badge import status_color
from capi_desktop.ui.widgets.notice import Notice

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
        self.controller = HistoryController(services)
        self.dialogs = dialogs
        self._on_problem = on_problem

        self.filter_bar = HistoryFilters()
        self.filter_bar.changed.connect(self.refresh)
        bar = self.filter_bar  # the tests and the demo use these directly
        self.search_edit, self.profile_filter, self.event_filter, self.result_filter = (
            bar.search_edit, bar.profile_filter, bar.event_filter, bar.result_filter,
        )  # fmt: skip

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
        self.keep_raw.setChecked(self.controller.keep_raw())
        self.keep_raw.toggled.connect(self.controller.set_keep_raw)
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
        layout.addWidget(self.filter_bar)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.show_rows([])  # the empty state until the first refresh
        self._selection_changed()

    @property
    def rows(self) -> list[HistoryRow]:
        return self.controller.rows

    # ----- data ---------------------------------------------------------------------------
    @async_slot(cancel_previous=True)
    async def refresh(self) -> None:
        await self.reload()

    async def reload(self) -> None:
        page = await self.controller.search(self.filter_bar.filters())
        if page.problem:
            self.empty.setText(page.problem)
            self.stack.setCurrentWidget(self.empty_page)
            return
        if self._on_problem is not None:
            problem = self.controller.take_store_problem()
            if problem:
                self._on_problem(problem)
        self.recover_button.setVisible(self.controller.damaged_copy() is not None)
        self.filter_bar.set_choices(page.profiles, page.events)
        self.show_rows(page.rows)

    @async_slot()
    async def recover_damaged(self) -> None:
        """Bring back the sends still readable in the copy moved aside at start."""
        copy = self.controller.damaged_copy()
        if copy is None:
            return
        self.recover_button.setEnabled(False)
        self.count_label.setText(f"Reading {copy.name}…")
        done, message = await self.controller.recover(copy)
        self.recover_button.setEnabled(True)
        if done:
            refreshing = self.refresh()
            if refreshing is not None:
                await refreshing
        self.count_label.setText(message)

    def fill_filters(self, values: dict[str, list[str]]) -> None:
        self.filter_bar.set_choices(*choices(values))

    def show_rows(self, rows: list[HistoryRow]) -> None:
        self.controller.rows = list(rows)
        self.table.setRowCount(0)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row_cells(row)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 1:
                    item.setForeground(QColor(status_color(row.result)))
                if c == 5 and not row.test_event_code:
                    item.setForeground(QColor(status_color("warning")))
                self.table.setItem(r, c, item)
        if rows:
            self.stack.setCurrentWidget(self.table)
        else:
            narrowed = self.filter_bar.filters().narrowed()
            self.empty.setText("No send matches these filters." if narrowed else EMPTY_TEXT)
            self.stack.setCurrentWidget(self.empty_page)
        self.count_label.setText(f"{len(rows)} shown")
        self._selection_changed()

    def selected(self) -> list[HistoryRow]:
        picked = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.rows[i] for i in picked if i < len(self.rows)]

    def _selection_changed(self) -> None:
        rows = self.selected()
        for button in (self.reopen_button, self.resend_button):
            button.setEnabled(len(rows) == 1)
        self.export_button.setEnabled(bool(rows))
        self.delete_button.setEnabled(bool(rows))
        if len(rows) == 1:
            line, body = row_detail(rows[0])
            self.detail_label.setText(line)
            self.detail.setPlainText(body)
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
        if not rows or self.controller.store is None:
            return
        await self.controller.delete(rows)
        await self.reload()

    @async_slot()
    async def clear_all(self) -> None:
        if self.controller.store is None:
            return
        agreed = await confirm(
            self.dialogs, self, "Clear the send history?",
            "Every recorded send is deleted from this computer. This cannot be undone.",
            "Clear history", icon=QMessageBox.Icon.Warning, role=QMessageBox.ButtonRole.AcceptRole,
        )  # fmt: skip
        if agreed:
            await self.controller.clear()
            await self.reload()

    @async_slot()
    async def export_selected(self) -> None:
        rows = self.selected()
        if not rows or self.controller.store is None:
            return
        path = await choose_file(
            self.dialogs, self, "Export sends", "JSON (*.json);;JSON Lines (*.jsonl)",
            save=True, default_suffix="json", suggested_name="capi-sends.json",
        )  # fmt: skip
        if path:
            self.count_label.setText(await self.controller.export(rows, path))
