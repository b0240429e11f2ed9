"""Live panel pieces that only render: the clean-window timer, timeline, checklist, pairs."""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.live.clean_window import CLEAN_WINDOW_S, WindowStatus
from capi_desktop.domain.live.records import LivePair, SessionWarning
from capi_desktop.domain.live.timeline import Checklist, TimelineRow
from capi_desktop.ui.theme import SEVERITY_COLORS
from capi_desktop.ui.widgets.badge import VERDICT_TEXT, status_color

TICK, CROSS, DOT = "✓", "✗", "·"
_STATE_COLOR = {
    "waiting": SEVERITY_COLORS["info"],
    "running": SEVERITY_COLORS["ok"],
    "ready": SEVERITY_COLORS["ok"],
}


def _mark(value: bool | None) -> str:
    return DOT if value is None else (TICK if value else CROSS)


def _clock(at: float) -> str:
    return datetime.fromtimestamp(at).strftime("%H:%M:%S")


class WindowTimer(QFrame):
    """The ten-minute clean window: clock, progress, what it means, what reset it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.title = QLabel("<b>Clean window</b> (10 min)")
        self.title.setToolTip(
            "The setup guide's promotion rule: ten minutes with no missing-field, token or"
            " dedup warnings, then remove the test event code."
        )
        self.title.setWordWrap(True)
        self.clock = QLabel("--:-- / 10:00")
        font = QFont(self.clock.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.clock.setFont(font)
        self.bar = QProgressBar()
        self.bar.setRange(0, CLEAN_WINDOW_S)
        self.bar.setTextVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.title, self.clock, self.bar, self.message):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_status(self, status: WindowStatus | None) -> None:
        if status is None:
            self.clock.setText("--:-- / 10:00")
            self.bar.setValue(0)
            self.message.setText(
                "Starts at the first clean pair (same event_id, fbp and client context on the server)."
            )
            return
        self.clock.setText(status.clock)
        color = _STATE_COLOR.get(status.state, SEVERITY_COLORS["info"])
        self.clock.setStyleSheet(f"color: {color};")
        self.bar.setValue(int(min(status.elapsed_s, CLEAN_WINDOW_S)))
        text = html.escape(status.message)
        if status.state == "ready":
            text = f"<b>{text}</b>"
        elif status.last_reset is not None and status.state == "running":
            reset = status.last_reset
            short = reset.text if len(reset.text) <= 70 else reset.text[:69] + "…"
            text += (
                f"<br><span style='color:#8a8d93'>Last reset {_clock(reset.at)} by"
                f" {html.escape(short)}</span>"
            )
        self.message.setToolTip(status.last_reset.text if status.last_reset else "")
        self.message.setText(text)


def _configure(table: QTableWidget, headers: tuple[str, ...], *, stretch_all: bool = False) -> None:
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    if stretch_all:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    else:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)


def _item(text: str, color: str | None = None, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if color:
        item.setForeground(QColor(color))
    if tip:
        item.setToolTip(tip)
    return item


class TimelineTable(QTableWidget):
    """One row per event name: browser ✓ server ✓ paired ✓ fbp ✓ client context ✓."""

    HEADERS = ("Event", "Browser", "Server", "Paired", "fbp", "Client ctx")

    def __init__(self) -> None:
        super().__init__()
        _configure(self, self.HEADERS, stretch_all=True)

    def show_rows(self, rows: tuple[TimelineRow, ...]) -> None:
        self.setRowCount(len(rows))
        ok, bad = SEVERITY_COLORS["ok"], SEVERITY_COLORS["error"]
        for r, row in enumerate(rows):
            paired_ok = row.paired > 0 and row.clean_pairs == row.paired
            cells = [
                _item(row.event_name if row.in_journey else f"{row.event_name} (extra)"),
                _item(f"{TICK} {row.browser}" if row.browser else DOT, ok if row.browser else None),
                _item(f"{TICK} {row.server}" if row.server else DOT, ok if row.server else None),
                _item(
                    f"{TICK if paired_ok else '!'} {row.paired}" if row.paired else DOT,
                    (ok if paired_ok else SEVERITY_COLORS["warning"]) if row.paired else None,
                    f"{row.clean_pairs} of {row.paired} pairs clean",
                ),
                _item(_mark(row.fbp), None if row.fbp is None else ok if row.fbp else bad),
                _item(
                    _mark(row.client_context),
                    None if row.client_context is None else ok if row.client_context else bad,
                    "client_ip_address and client_user_agent on every server event",
                ),
            ]
            for c, cell in enumerate(cells):
                if c:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(r, c, cell)


def checklist_html(checklist: Checklist | None) -> str:
    if checklist is None:
        return "<p style='color:#8a8d93'>The guide's journey: PageView, ViewContent, AddToCart, InitiateCheckout, Purchase — each from the browser and the server, same event_id.</p>"
    lines = [
        "<b>Journey checklist</b><table cellspacing='3'>"
        "<tr><td></td><td>browser</td><td>server</td><td>paired</td></tr>"
    ]
    for item in checklist.items:
        marks = [
            ("browser", item.browser_seen),
            ("server", item.server_seen),
            ("paired", item.paired),
        ]
        cells = "".join(
            f"<td style='color:{SEVERITY_COLORS['ok'] if seen else '#8a8d93'}'>{TICK if seen else DOT}</td>"
            for _label, seen in marks
        )
        lines.append(f"<tr><td>{html.escape(item.event_name)}</td>{cells}</tr>")
    lines.append("</table>")
    if checklist.gaps:
        lines.append("<b>Upstream identifiers missing later</b><ul>")
        lines += [
            f"<li style='color:{SEVERITY_COLORS['warning']}'>{html.escape(g)}</li>"
            for g in checklist.gaps
        ]
        lines.append("</ul>")
    elif checklist.complete:
        lines.append(
            f"<p style='color:{SEVERITY_COLORS['ok']}'>All five events seen from both sides and paired.</p>"
        )
    return "".join(lines)


class PairsTable(QTableWidget):
    """Every pair as it arrived: verdict and the reason of the first field that hurts."""

    HEADERS = ("Time", "Event", "event_id", "Paired by", "Verdict", "Why")

    def __init__(self) -> None:
        super().__init__()
        _configure(self, self.HEADERS)

    def show_pairs(self, pairs: tuple[LivePair, ...]) -> None:
        self.setRowCount(len(pairs))
        for r, pair in enumerate(reversed(pairs)):  # newest first
            verdict = pair.comparison.verdict
            color = (
                status_color(verdict)
                if pair.clean or verdict != "deduplicated"
                else SEVERITY_COLORS["warning"]
            )
            why = pair.warnings[0].reason if pair.warnings else pair.comparison.summary
            details = "\n".join(
                f"{row.field}: {row.status} — {row.reason}" for row in pair.comparison.rows
            )
            label = VERDICT_TEXT.get(verdict, verdict)
            if verdict == "deduplicated" and not pair.clean:
                label += " (warning)"
            cells = [
                _item(_clock(max(pair.browser.at, pair.server.at))),
                _item(pair.browser.hit.event_name or ""),
                _item(_ids(pair)),
                _item(pair.method),
                _item(label, color),
                _item(why, tip=details),
            ]
            for c, cell in enumerate(cells):
                self.setItem(r, c, cell)


def _ids(pair: LivePair) -> str:
    browser = pair.browser.hit.event_id
    server = pair.server.event.get("event_id")
    server_text = None if server in (None, "") else str(server)
    if browser == server_text:
        return browser or "—"
    return f"{browser or '—'} / {server_text or '—'}"


class WarningsTable(QTableWidget):
    HEADERS = ("Time", "Kind", "What reset the window")

    def __init__(self) -> None:
        super().__init__()
        _configure(self, self.HEADERS)

    def show_warnings(self, warnings: tuple[SessionWarning, ...]) -> None:
        self.setRowCount(len(warnings))
        for r, warning in enumerate(reversed(warnings)):
            color = (
                SEVERITY_COLORS["error"]
                if warning.kind in ("token", "rejected request")
                else SEVERITY_COLORS["warning"]
            )
            for c, cell in enumerate(
                [
                    _item(_clock(warning.at)),
                    _item(warning.kind, color),
                    _item(warning.reason, tip=warning.reason),
                ]
            ):
                self.setItem(r, c, cell)
