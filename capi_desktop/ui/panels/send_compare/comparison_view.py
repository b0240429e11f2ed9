"""The comparison result: verdict badge, plain explanation, one row per field, row detail."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain import doc_links
from capi_desktop.domain.dedup.model import VERDICT_LABELS, Comparison
from capi_desktop.ui.panels.send_compare.who_sent_box import WhoSentBox
from capi_desktop.ui.widgets.badge import Badge, status_color
from capi_desktop.ui.widgets.notice import Notice

COLUMNS = ["Field", "Browser (Pixel)", "Server (CAPI)", "Status", "Why it matters"]
EMPTY_TEXT = "Paste both sides to compare them."
NO_VERDICT_TEXT = "No verdict: an input could not be read (see below)."
VERDICT_EXPLANATION = {
    "deduplicated": "Meta keeps one event: same pixel, event name and event_id within 48 hours.",
    "at_risk": "The keys match, but a difference can make Meta keep both, drop the wrong copy "
    "or raise a warning.",
    "double_counted": "Meta counts this conversion twice: a deduplication key differs or the "
    "events are more than 48 hours apart.",
    "unknown": "No verdict: a key Meta deduplicates on (pixel, event ID) was not read.",
}


class ComparisonView(QWidget):
    """The verdict of one comparison; `clear()` and `show_problem()` when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.badge = Badge(large=True)
        self.explanation = QLabel(EMPTY_TEXT)
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setOpenExternalLinks(True)
        self.problem = Notice(kind="warning")
        self.problem.hide()
        verdict_row = QHBoxLayout()
        verdict_row.addWidget(self.badge)
        verdict_row.addWidget(self.explanation, 1)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._row_selected)
        header = self.table.horizontalHeader()
        # Field names and statuses take what they need, the reason stretches; the two values
        # get a share of the width on resize (long URLs must not push the reason away).
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Interactive,
                                       QHeaderView.ResizeMode.Interactive,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch)):  # fmt: skip
            header.setSectionResizeMode(column, mode)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(verdict_row)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        self.who_sent = WhoSentBox()
        layout.addWidget(self.who_sent)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        share = max(140, int(self.table.viewport().width() * 0.24))
        self.table.setColumnWidth(1, share)
        self.table.setColumnWidth(2, share)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        if self.comparison is None:
            self.explanation.setText(NO_VERDICT_TEXT)

    def clear(self) -> None:
        self.comparison = None
        self.badge.set_state("", "")
        self.table.setRowCount(0)
        self.detail.setText("")
        self.explanation.setText(EMPTY_TEXT)

    def show_comparison(self, comparison: Comparison) -> None:
        """Badge, the summary (it names the deciding field and reason, as the CLI does), and
        beside them whatever part of the input could not be read or had to be repaired."""
        self.comparison = comparison
        verdict = comparison.verdict
        self.badge.set_state(verdict, VERDICT_LABELS.get(verdict, verdict))
        text = html.escape(comparison.summary or VERDICT_EXPLANATION.get(verdict, ""))
        if comparison.notes:
            notes = "; ".join(comparison.notes)
            text += "<br><i>Not read / repaired: " + html.escape(notes) + "</i>"
        text += f' <a href="{doc_links.DEDUP}">Meta: deduplication rules</a>'
        self.explanation.setText(text)
        self.table.setRowCount(len(comparison.rows))
        for r, row in enumerate(comparison.rows):
            impact = row.impact
            color = status_color(impact if impact in ("at_risk", "double_counted") else row.status)
            if impact == "unknown":
                color = status_color("risk")
            cells = [row.field, row.browser or "—", row.server or "—", row.status, row.reason]
            for c, text_value in enumerate(cells):
                item = QTableWidgetItem(text_value)
                item.setToolTip(text_value)
                if c == 3:
                    item.setForeground(QColor(color))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.table.selectRow(_first_problem_row(comparison))

    def _row_selected(self) -> None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model else []
        if not rows or self.comparison is None or rows[0].row() >= len(self.comparison.rows):
            self.detail.setText("")
            return
        row = self.comparison.rows[rows[0].row()]
        self.who_sent.offer(row.field, row.server or row.browser)
        self.detail.setText(
            f"<b>{html.escape(row.field)}</b> — {html.escape(row.reason)}<br>"
            f"Browser: <code>{html.escape(row.browser or '—')}</code><br>"
            f"Server: <code>{html.escape(row.server or '—')}</code>"
        )


def _first_problem_row(comparison: Comparison) -> int:
    for index, row in enumerate(comparison.rows):
        if row.impact != "deduplicated":
            return index
    return 0
