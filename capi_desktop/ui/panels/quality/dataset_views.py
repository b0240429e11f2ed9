"""Diagnostics (Meta's text → payload field → our lint rule) and dataset settings."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.quality.dataset_reads import stats_totals
from capi_desktop.domain.quality.links import diagnostic_link
from capi_desktop.domain.quality.models import Diagnostic
from capi_desktop.domain.quality.snapshot import QualitySnapshot
from capi_desktop.ui.panels.quality.event_views import fmt
from capi_desktop.ui.theme import SEVERITY_COLORS


class DiagnosticsView(QScrollArea):
    """One card per diagnostic: Meta's name, description and fix, then where it lives in a payload."""

    def __init__(self, open_field: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open_field = open_field
        self.setWidgetResizable(True)
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self.setWidget(self._body)
        self.cards: list[QFrame] = []

    def set_diagnostics(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        while self._layout.count():
            taken = self._layout.takeAt(0)
            widget = taken.widget() if taken else None
            if widget is not None:
                # Hide and detach now: deleteLater waits for the event loop, and until then
                # the old widget would still paint over the new rows.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.cards = [self._card(d) for d in diagnostics]
        if not self.cards:
            self._layout.addWidget(QLabel("Meta reports no diagnostics for this event."))
        for card in self.cards:
            self._layout.addWidget(card)
        self._layout.addStretch(1)

    def _card(self, diagnostic: Diagnostic) -> QFrame:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(card)
        affected = ""
        if diagnostic.affected_event_count is not None:
            total = fmt(diagnostic.total_event_count)
            affected = (
                f"<br><i>Affects {diagnostic.affected_event_count} of {total} events "
                f"({fmt(diagnostic.percentage, ' %')})</i>"
            )
        text = QLabel(
            f"<b>{html.escape(diagnostic.name)}</b><br>{html.escape(diagnostic.description)}"
            f"<br><b>Meta's fix:</b> {html.escape(diagnostic.solution or '—')}{affected}"
        )
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        link = diagnostic_link(diagnostic)
        row = QHBoxLayout()
        if link is None:
            where = QLabel("Payload field: not known to us for this diagnostic (no guess made).")
        else:
            # lint loads normalization: with the first diagnostic, not with the panel
            from capi_desktop.domain.lint.findings import RULES

            rule = RULES.get(link.rule_id)
            rule_text = f"{link.rule_id} — {rule.title}" if rule else link.rule_id
            where = QLabel(
                f"Payload field: <code>{html.escape(link.path)}</code> ({html.escape(link.field_label)})"
                f" · our lint rule: <code>{html.escape(rule_text)}</code>"
            )
            button = QPushButton("Open in Composer")
            button.setToolTip(f"Show {link.path} in the Composer")
            button.clicked.connect(lambda _=False, p=link.path: self._open_field(p))
            row.addWidget(where, 1)
            row.addWidget(button)
        where.setWordWrap(True)
        if link is None:
            row.addWidget(where, 1)
        layout.addLayout(row)
        card.setProperty("field_path", link.path if link else "")
        return card


class DatasetInfo(QTextBrowser):
    """Pixel settings, DA checks and 7-day stats totals, as Meta sent them."""

    def set_snapshot(self, snapshot: QualitySnapshot | None) -> None:
        if snapshot is None:
            self.setHtml("<p>No read yet.</p>")
            return
        pixel = snapshot.pixel_info
        rows = [
            ("Last fired", pixel.last_fired_time or "—"),
            ("Unavailable", _yes_no(pixel.is_unavailable)),
            ("Data use setting", pixel.data_use_setting or "—"),
            ("First-party cookie", pixel.first_party_cookie_status or "—"),
            ("Automatic matching", _yes_no(pixel.enable_automatic_matching)),
            ("Automatic matching fields", ", ".join(pixel.automatic_matching_fields) or "—"),
        ]
        parts = ["<h4>Pixel settings</h4><table>"]
        parts += [f"<tr><td>{k}</td><td><b>{html.escape(v)}</b></td></tr>" for k, v in rows]
        parts.append("</table><h4>Diagnostics checks (da_checks)</h4><ul>")
        for check in snapshot.checks:
            color = SEVERITY_COLORS["error" if check.failed else "ok"]
            parts.append(
                f"<li><span style='color:{color}'>{html.escape(check.result or '?')}</span> "
                f"<b>{html.escape(check.title or check.key)}</b> {html.escape(check.user_message)}</li>"
            )
        parts.append("</ul><h4>Last 7 days (stats)</h4>")
        for aggregation in snapshot.stats:
            totals = stats_totals(snapshot.stats_buckets(aggregation))
            shown = ", ".join(f"{html.escape(k)}: {v}" for k, v in list(totals.items())[:12])
            parts.append(f"<p><b>{html.escape(aggregation)}</b>: {shown or 'none'}</p>")
        for key, message in snapshot.read_errors.items():
            parts.append(f"<p><i>{html.escape(key)}: {html.escape(message)}</i></p>")
        self.setHtml("".join(parts))


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")
