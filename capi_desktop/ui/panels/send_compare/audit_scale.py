"""The Audit tab's large-input controls: several HARs, CSV column mapping, the DuckDB engine."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from capi_desktop import paths
from capi_desktop.backend.audit_engine.choice import csv_header, is_csv, wants_duckdb
from capi_desktop.domain.cancel import Cancel
from capi_desktop.ui.async_dialogs import DialogHost, await_dialog, choose_file
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.send_compare.column_mapping import ColumnMappingDialog

SERVER_FILTER = (
    "Server logs (*.jsonl *.ndjson *.json *.csv *.tsv *.parquet *.pq *.gz *.txt *.log)"
    ";;All files (*)"
)


def split_paths(text: str) -> list[str]:
    """The paths of a field holding one or several, separated by ';'."""
    return [part.strip() for part in text.split(";") if part.strip()]


@dataclasses.dataclass(frozen=True)
class AuditJob:
    """What one run audits, and with which engine."""

    hars: list[str]
    servers: list[str]
    duckdb: bool
    mapping: dict[str, str]

    def run(
        self, on_progress: Callable[[float, str], None], cancel: Cancel, pixel: str | None
    ) -> Any:
        """Worker thread: the DuckDB engine, its database kept in the app's cache folder."""
        from capi_desktop.backend.audit_engine.runner import EngineOptions, run_engine_audit
        from capi_desktop.backend.audit_engine.store import cached_db_path

        hars = [Path(p) for p in self.hars]
        servers = [Path(p) for p in self.servers]
        db = cached_db_path(paths.cache_dir() / "audits", hars, servers)
        options = EngineOptions(pixel_id=pixel, mapping=self.mapping)
        return run_engine_audit(
            hars, servers, options=options, db_path=db, on_progress=on_progress, cancel=cancel
        )


class ScaleInputs(QObject):
    """Owns the "Add…", "Columns…" and "Import result…" buttons and the CSV column mapping."""

    imported = Signal(object, str)  # (AuditReport or None, problem)

    def __init__(
        self, parent: QWidget, dialogs: DialogHost, har_edit: QLineEdit, server_edit: QLineEdit
    ) -> None:
        super().__init__(parent)
        self.owner = parent
        self.dialogs = dialogs
        self.har_edit = har_edit
        self.server_edit = server_edit
        self.mapping: dict[str, str] = {}
        self.mapped_for = ""  # the server field text the mapping was chosen for
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
            self.dialogs, self.owner, "Add a HAR file", "HAR (*.har *.json);;All files (*)"
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
        if not path:
            return
        from capi_desktop.backend.audit_engine.result_file import read_result
        from capi_desktop.domain.audit.warehouse_result import ResultError

        try:
            report = await asyncio.to_thread(read_result, Path(path))
        except (ResultError, OSError) as exc:
            self.imported.emit(None, f"Could not import {Path(path).name}: {exc}")
            return
        self.imported.emit(report, "")

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
        dialog = ColumnMappingDialog(Path(csvs[0]).name, columns, self.mapping, self.owner)
        chosen = await await_dialog(
            self.dialogs, dialog, lambda code: dialog.mapping() if code else None
        )
        if chosen is None:
            self.last_problem = "The audit needs to know which CSV column holds event_name."
            return False
        self.mapping = chosen
        self.mapped_for = self.server_edit.text()
        return True

    async def map_columns_if_csv(self) -> None:
        if any(is_csv(p) for p in split_paths(self.server_edit.text())):
            await self.ask_mapping()

    async def job(self) -> AuditJob | None:
        """The run to start, asking for a CSV mapping first if there is none; None = don't."""
        self.last_problem = ""
        hars = split_paths(self.har_edit.text())
        servers = split_paths(self.server_edit.text())
        needs_map = any(is_csv(p) for p in servers) and (
            self.mapped_for != self.server_edit.text() or "event_name" not in self.mapping
        )
        if needs_map and not await self.ask_mapping():
            return None
        duckdb = wants_duckdb(hars, servers)
        return AuditJob(hars, servers, duckdb, dict(self.mapping) if duckdb else {})
