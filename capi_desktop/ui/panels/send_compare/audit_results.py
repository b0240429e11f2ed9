"""The Audit tab's result views: the summary line, per-event counts, rows needing attention, fixes."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from capi_desktop.domain.audit.model import CATEGORY_LABELS, AuditReport
from capi_desktop.ui.panels.send_compare.rows_model import RowsModel
from capi_desktop.ui.widgets.badge import status_color

ATTENTION_COLUMNS = ["Outcome", "Event", "event_id", "Pixel", "Why"]
ATTENTION_LIMIT = 20_000  # the export has every row
CATEGORY_TEXT: dict[str, str] = {str(k): v for k, v in CATEGORY_LABELS.items()}
SUMMARY_FIELDS: tuple[tuple[str, str], ...] = (
    ("matched", "Deduplicated"),
    ("at_risk", "At risk"),
    ("unknown", "Unknown"),
    ("double_counted", "Double counted"),
    ("browser_only", "Browser only"),
    ("server_only", "Server only"),
    ("duplicate_ids", "Duplicate ids"),
    ("dedup_rate", "Dedup rate"),
)


def _rich_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AuditResults(QTabWidget):
    """ "Per event", "Needs attention" and "What to fix"; `summary` sits above, in the tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = _rich_label("Open a HAR and a server log, then run the audit.")
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # A model + view: a 20k-row audit renders only the visible rows (no UI stall).
        self.attention_model = RowsModel(ATTENTION_COLUMNS, self)
        self.attention = QTableView()
        self.attention.setModel(self.attention_model)
        self.attention.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attention.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attention.verticalHeader().setVisible(False)
        self.attention.verticalHeader().setDefaultSectionSize(24)
        self.attention.setWordWrap(False)
        header = self.attention.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 130, 200, 140)):
            self.attention.setColumnWidth(column, width)
        self.addTab(self.table, "Per event")
        self.addTab(self.attention, "Needs attention")
        # The same fix list as the exported report (domain/report_fixes), from the same rows.
        self.fixes = _rich_label("Run an audit to see what to fix.")
        self.fixes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.fixes.setContentsMargins(8, 8, 8, 8)
        fixes_scroll = QScrollArea()
        fixes_scroll.setWidgetResizable(True)
        fixes_scroll.setWidget(self.fixes)
        self.addTab(fixes_scroll, "What to fix")

    def clear_report(self) -> None:
        """No earlier result stays on screen after a failed run or import."""
        self.table.setRowCount(0)
        self.attention_model.set_rows([], [])
        self.setTabText(1, "Needs attention")
        self.fixes.setText("")
        self.setTabText(2, "What to fix")

    def show_report(self, report: AuditReport) -> None:
        data = report.summary_json()
        rate = data.get("dedup_rate")
        parts = [
            f"<b>{data.get('browser_hits', 0):,}</b> Pixel hits",
            f"<b>{data.get('server_events', 0):,}</b> server events",
        ]
        parts += [f"{label}: <b>{data.get(key, 0):,}</b>" for key, label in SUMMARY_FIELDS[:-1]]
        parts.append(f"dedup rate <b>{'—' if rate is None else f'{rate:.1%}'}</b>")
        notes = "".join(f"<br><i>{html.escape(str(n))}</i>" for n in data.get("notes", ())[:5])
        self.summary.setText(" · ".join(parts) + notes)
        self._fill_per_event(list(data.get("per_event", ())))
        self._fill_attention(report)
        self._fill_fixes(data)

    def _fill_per_event(self, per_event: list[dict[str, Any]]) -> None:
        headers = ["Event", *(label for _key, label in SUMMARY_FIELDS)]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(per_event))
        for r, stats in enumerate(per_event):
            cells = [str(stats.get("event_name", ""))]
            cells += [_fmt(stats.get(key)) for key, _label in SUMMARY_FIELDS]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                key = SUMMARY_FIELDS[c - 1][0] if c else ""
                if key in ("at_risk", "double_counted", "duplicate_ids") and stats.get(key):
                    item.setForeground(QColor(status_color(key)))
                self.table.setItem(r, c, item)

    def _fill_fixes(self, data: dict[str, Any]) -> None:
        fixes = list(data.get("fixes", ()))
        if not fixes:
            self.fixes.setText(html.escape(str(data.get("nothing_to_fix", ""))))
            self.setTabText(2, "What to fix")
            return
        items = "".join(
            f"<li><b>{html.escape(f['title'])} ({f['count']:,})</b>: {html.escape(f['fix'])}</li>"
            for f in fixes
        )
        self.fixes.setText(f"<ul>{items}</ul>")
        self.setTabText(2, f"What to fix ({len(fixes)})")

    def _fill_attention(self, report: AuditReport) -> None:
        rows = [r for r in report.rows if r.category != "matched" or r.duplicate]
        shown = rows[:ATTENTION_LIMIT]
        cells: list[tuple[str, ...]] = []
        for row in shown:
            outcome = CATEGORY_TEXT.get(row.category, row.category)
            if row.duplicate:
                outcome += " · duplicate id"
            cells.append((outcome, row.event_name or "—", row.event_id or "—",
                          row.pixel_id or "—", row.reason))  # fmt: skip
        self.attention_model.set_rows(cells, [status_color(r.category) for r in shown])
        title = f"Needs attention ({len(rows):,})"
        if len(rows) > ATTENTION_LIMIT:
            title += f" — first {ATTENTION_LIMIT:,}; the export has all"
        self.setTabText(1, title)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1%}" if 0 <= value <= 1 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)
