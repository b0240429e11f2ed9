"""Lint findings list (click to focus the field) and the match-key coverage meter."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.match_score import MatchScore
from capi_desktop.domain.wording import plural
from capi_desktop.ui.panels.composer.request_state import target_path
from capi_desktop.ui.qt_keys import USER_ROLE, set_keys
from capi_desktop.ui.theme import SEVERITY_COLORS
from capi_desktop.ui.widgets.wrapped_label import WrappedLabel

if TYPE_CHECKING:  # lint's rule table loads with the first findings, after the first paint
    from capi_desktop.domain.lint import Finding

PATH_ROLE = USER_ROLE


def finding_tooltip(finding: Finding) -> str:
    parts = [
        f"<b>{html.escape(finding.message)}</b>",
        f"<br><b>Fix:</b> {html.escape(finding.fix)}" if finding.fix else "",
        f"<br><b>Where:</b> <code>{html.escape(finding.path)}</code>",
        f"<br><b>Rule:</b> {html.escape(finding.rule)}",
    ]
    if finding.predicted_error:
        predicted = ", ".join(f"{k} {v}" for k, v in finding.predicted_error.items())
        parts.append(f"<br><b>Meta would answer:</b> {html.escape(predicted)}")
    if finding.doc_url:
        parts.append(f"<br><b>Meta docs:</b> {html.escape(finding.doc_url)}")
    return "".join(parts)


def _tally(count: int, severity: str, meaning: str) -> str:
    """'2 errors (Meta rejects the request)'; colour only when there is something to see."""
    text = plural(count, severity, "info" if severity == "info" else None)
    if count and meaning:
        text += f" ({meaning})"
    color = SEVERITY_COLORS.get(severity) if count and severity != "info" else None
    return f"<span style='color:{color}'>{text}</span>" if color else text


class FindingsList(QWidget):
    """Findings sorted by severity; activating one emits its JSON path."""

    finding_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = WrappedLabel()
        self.tree = QListWidget()
        self.tree.setWordWrap(True)  # whole messages, also at 1024 px; the path is in the tooltip
        self.tree.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.tree.setUniformItemSizes(False)
        self.tree.setIconSize(QSize(16, 16))
        set_keys(self.tree, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self.tree.itemClicked.connect(self._activated)
        self.tree.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self._key: tuple[tuple[str, str, str], ...] | None = None
        self.show_checking()

    def show_checking(self) -> None:
        """Nothing linted yet: the first lint of a restored draft runs right after it paints."""
        self._key = None
        self.tree.clear()
        self.summary.setText("<b>Lint:</b> checking…")

    def show_findings(self, findings: Sequence[Finding]) -> None:
        from capi_desktop.domain.lint import by_severity, counts
        from capi_desktop.ui.panels.composer.icons import severity_icon  # after the first paint

        ordered = by_severity(list(findings))
        key = tuple((f.rule, f.path, f.message) for f in ordered)
        if key == self._key:
            return  # most keystrokes change nothing here: skip the rebuild
        self._key = key
        self.tree.clear()
        for finding in ordered:
            target = target_path(finding.rule, finding.path)
            item = QListWidgetItem(severity_icon(finding.severity), finding.message)
            item.setData(PATH_ROLE, target)
            item.setToolTip(finding_tooltip(finding))
            item.setStatusTip(target)
            self.tree.addItem(item)
        tally = counts(list(findings))
        if not findings:
            self.summary.setText(
                f"<span style='color:{SEVERITY_COLORS['ok']}'>✓ No lint findings</span>"
            )
        else:
            parts = [
                _tally(tally["error"], "error", "Meta rejects the request"),
                _tally(tally["warning"], "warning", "Meta accepts"),
                _tally(tally["info"], "info", ""),
            ]
            self.summary.setText(
                "<b>Lint:</b> " + " · ".join(parts) + " — click one to go to the field"
            )

    def items(self) -> list[QListWidgetItem]:
        found = (self.tree.item(i) for i in range(self.tree.count()))
        return [item for item in found if item is not None]

    def _activated(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if isinstance(path, str):
            self.finding_activated.emit(path)


class ScoreMeter(QWidget):
    """Estimated match-key coverage with its breakdown and the next key worth adding."""

    add_next = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = WrappedLabel("<b>Match-key coverage</b> <i>(estimate)</i>")
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setFormat("%v / 100")
        self.breakdown = WrappedLabel()
        self.breakdown.set_format("RichText")
        # A wrapping link rather than a button: it fits the narrow column at 1024 px.
        self.next_button = WrappedLabel()
        self.next_button.set_format("RichText")
        self.next_button.linkActivated.connect(self._next_clicked)
        self.disclaimer = WrappedLabel()
        self.disclaimer.setStyleSheet("color: palette(placeholder-text); font-size: small;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.bar)
        layout.addWidget(self.next_button)
        layout.addWidget(self.breakdown, 1)
        layout.addWidget(self.disclaimer)
        self._next: str | None = None
        self._shown: MatchScore | None = None

    def show_score(self, score: MatchScore) -> None:
        if score == self._shown:
            return
        self._shown = score
        self.bar.setValue(score.score)
        lines = []
        for key in score.present:
            color = (
                SEVERITY_COLORS["ok"]
                if key.valid
                else (SEVERITY_COLORS["warning"] if key.present else "#8a8f98")
            )
            mark = "✓" if key.valid else ("!" if key.present else "○")
            lines.append(
                f"<span style='color:{color}'>{mark}</span> {html.escape(key.label)} "
                f"<small>{html.escape(key.lift_range)} · {html.escape(key.note)}</small>"
            )
        self.breakdown.setText("<br>".join(lines))
        self._next = score.next_best
        label = score.next_best_label
        self.next_button.setVisible(label is not None)
        if label is not None:
            lift = next((k.lift_range for k in score.present if k.key == score.next_best), "")
            self.next_button.setText(
                f"<b>+</b> Add this next: <a href='add'>{html.escape(label)}</a> <small>({lift})</small>"
            )
            self.next_button.setToolTip(
                f"Estimated lift {lift} from adding {label} (an estimate, not Meta's EMQ)"
            )
        self.disclaimer.setText(score.disclaimer)
        self.bar.setToolTip(score.disclaimer)

    def _next_clicked(self, *_: object) -> None:
        if self._next:
            self.add_next.emit(self._next)
