"""The Audit tab's large-input controls: several HARs, CSV column mapping, import a warehouse result."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from capi_desktop.backend.audit_engine.choice import csv_header, is_csv
from capi_desktop.ui.async_dialogs import DialogHost, await_dialog, choose_file
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.send_compare.controllers.audit import (
    AuditController,
    AuditJob,
    split_paths,
)

SERVER_FILTER = (
    "Server logs (*.jsonl *.ndjson *.json *.csv *.tsv *.parquet *.pq *.gz *.txt *.log)"
    ";;All files (*)"
)


class ScaleInputs(QObject):
    """Owns the "Add…", "Columns…" and "Import result…" buttons and asks for the CSV column
    mapping (the controller keeps it)."""

    imported = Signal(str)  # the problem, "" when the result was read (the controller has it)

    def __init__(
        self,
        parent: QWidget,
        dialogs: DialogHost,
        har_edit: QLineEdit,
        server_edit: QLineEdit,
        controller: AuditController,
    ) -> None:
        super().__init__(parent)
        self.owner = parent
        self.dialogs = dialogs
        self.har_edit = har_edit
        self.server_edit = server_edit
        self.controller = controller
        self.add_har_button = QPushButton("Add…")
        self.add_har_button.setToolTip("Add another HAR to the audit")
        self.add_har_button.clicked.connect(self.add_har)
        self.columns_button = QPushButton("Columns…")
        self.columns_button.setToolTip("Which CSV column holds which CAPI field")
        self.columns_button.clicked.connect(self.edit_columns)
        self.import_button = QPushButton("Import result…")
        self.import_button.setToolTip(
            "Open the aggregated result of the warehouse query (capi-desktop audit --emit-sql)"
        )
        self.import_button.clicked.connect(self.import_result)
        server_edit.textChanged.connect(self._server_changed)
        self._server_changed(server_edit.text())
        self.last_problem = ""

    def _server_changed(self, text: str) -> None:
        self.columns_button.setEnabled(any(is_csv(p) for p in split_paths(text)))

    @async_slot()
    async def add_har(self) -> None:
        path = await choose_file(
            self.dialogs, self.owner, "Add a HAR file", "HAR (*.har *.json *.gz);;All files (*)"
        )
        if path:
            self.har_edit.setText("; ".join([*split_paths(self.har_edit.text()), path]))

    @async_slot()
    async def import_result(self) -> None:
        path = await choose_file(
            self.dialogs,
            self.owner,
            "Open a warehouse result",
            "Results (*.csv *.json *.jsonl);;All files (*)",
        )
        if path:
            self.imported.emit(await self.controller.import_result(Path(path)))

    @async_slot()
    async def edit_columns(self) -> None:
        await self.ask_mapping()

    async def ask_mapping(self) -> bool:
        """Open the mapping dialog for the first CSV log; False if cancelled or unreadable."""
        csvs = [p for p in split_paths(self.server_edit.text()) if is_csv(p)]
        if not csvs:
            return True
        try:
            columns = csv_header(csvs[0])
        except (OSError, ValueError) as exc:
            self.last_problem = f"Cannot read the CSV header of {Path(csvs[0]).name}: {exc}"
            return False
        from capi_desktop.ui.panels.send_compare.column_mapping import ColumnMappingDialog

        dialog = ColumnMappingDialog(
            Path(csvs[0]).name, columns, self.controller.mapping, self.owner
        )
        chosen = await await_dialog(
            self.dialogs, dialog, lambda code: dialog.mapping() if code else None
        )
        if chosen is None:
            self.last_problem = "The audit needs to know which CSV column holds event_name."
            return False
        self.controller.remember_mapping(chosen, self.server_edit.text())
        return True

    async def map_columns_if_csv(self) -> None:
        if any(is_csv(p) for p in split_paths(self.server_edit.text())):
            await self.ask_mapping()

    async def job(self) -> AuditJob | None:
        """The run to start, asking for a CSV mapping first if there is none; None = don't."""
        self.last_problem = ""
        server_text = self.server_edit.text()
        if self.controller.needs_mapping(server_text) and not await self.ask_mapping():
            return None
        return self.controller.job(self.har_edit.text(), server_text)
