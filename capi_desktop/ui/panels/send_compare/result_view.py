"""The outcome of one send: result badge, counts, trace id, decoded error, request and response."""

from __future__ import annotations

import html
import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.backend.graph_errors import GraphError
from capi_desktop.backend.graph_models import SendResult
from capi_desktop.domain.request.delivery import events_without_id, explain_failure
from capi_desktop.domain.wording import plural
from capi_desktop.ui.panels.send_compare.send_delivery import DeliveryNote
from capi_desktop.ui.panels.send_compare.send_flow import (
    decode_response,
    error_text,
    first_chunk,
    pretty_json,
    result_kind,
)
from capi_desktop.ui.panels.send_compare.widgets import CodeView
from capi_desktop.ui.widgets.badge import Badge
from capi_desktop.ui.widgets.elided_button import ElidedButton
from capi_desktop.ui.widgets.graph_error_view import COMPACT, ErrorParts, graph_error_html
from capi_desktop.ui.widgets.notice import Notice


class ResultView(QWidget):
    """Filled by `show_result` / `show_failure`; `focus_requested(path)` asks the Composer."""

    focus_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.badge = Badge()
        self.summary = QLabel("No send yet. The result of the next send appears here.")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.addWidget(self.badge)
        head.addWidget(self.summary, 1)

        self.delivery = DeliveryNote()
        self.error_box = Notice(kind="error")
        self.error_box.setTextFormat(Qt.TextFormat.RichText)
        self.error_box.hide()
        # One button per line, elided: in a row, long field paths widened this pane and
        # squeezed the Send form beside it (profile combo cut after a rejected send).
        self.blame_row = QVBoxLayout()
        self.blame_host = QWidget()
        self.blame_host.setLayout(self.blame_row)
        self.blame_row.setContentsMargins(0, 0, 0, 0)
        self.blame_host.hide()

        self.request_view = CodeView()
        self.response_view = CodeView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.response_view, "Response")
        self.tabs.addTab(self.request_view, "Request as sent (token redacted)")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.delivery)
        layout.addWidget(self.error_box)
        layout.addWidget(self.blame_host)
        layout.addWidget(self.tabs, 1)
        self._without_id = 0  # events of the shown send lacking event_id (adapts fix text)

    def clear(self) -> None:
        self.badge.set_state("", "")
        self.summary.setText("Sending…")
        self.error_box.hide()
        self.delivery.hide()
        self._set_blame(())
        self.request_view.setPlainText("")
        self.response_view.setPlainText("")

    def show_result(
        self, result: SendResult, *, sent_at: float | None = None, events: Sequence[Any] = ()
    ) -> None:
        self._without_id = events_without_id(events)
        self.delivery.show_for(result, events)
        kind = result_kind(result)
        self.badge.set_state(kind, kind.capitalize())
        chunk = first_chunk(result)
        when = time.strftime("%H:%M:%S", time.localtime(sent_at or time.time()))
        trace = (chunk.fbtrace_id if chunk is not None else "") or "—"
        parts = [
            f"<b>events_received {result.events_received}</b> of {result.events_sent} sent",
            f"fbtrace_id <code>{html.escape(trace)}</code> at {when}",
            plural(result.attempts, "attempt"),
            f"{result.duration_s:.2f} s",
        ]
        if chunk is not None and chunk.http_status:
            parts.insert(1, f"HTTP {chunk.http_status}")
        if len(result.chunks) > 1:
            parts.append(plural(len(result.chunks), "request"))
        self.summary.setText(" · ".join(parts))
        self.request_view.setPlainText(
            pretty_json(chunk.request_body_redacted if chunk is not None else "")
        )
        response = chunk.response_text if chunk is not None else ""
        self.response_view.setPlainText(pretty_json(response) or "(empty response)")
        if result.ok:
            self.error_box.hide()
            self._set_blame(())
            messages = chunk.messages if chunk is not None else ()
            if messages:
                self._show_box("Meta added messages", [html.escape(m) for m in messages], "")
            return
        self._show_error((chunk.error if chunk is not None else None) or result.error, response)
        failures = error_text(result)
        if len(result.chunks) > 1 and failures:
            others = "".join(f"<br>{html.escape(line)}" for line in failures.splitlines())
            self.error_box.setText(self.error_box.text() + f"<p>{others}</p>")

    def show_failure(self, message: str, *, request_text: str = "") -> None:
        """A send that never reached Meta (no token, cancelled, refused URL)."""
        self.delivery.hide()
        self.badge.set_state("error", "Not sent")
        self.summary.setText(html.escape(message))
        self.error_box.hide()
        self._set_blame(())
        self.request_view.setPlainText(request_text)
        self.response_view.setPlainText("")

    def _show_error(self, error: GraphError | None, response: str) -> None:
        decoded = decode_response(response)
        entry = (decoded.entry if decoded is not None else None) or (
            error.entry if error is not None else None
        )
        message = (error.user_msg or error.message) if error is not None else ""
        answered = error is not None and bool(error.http_status)
        # The domain's one rule picks the title and adapts the fixes; the shared view draws it.
        text = explain_failure(
            entry,
            title=error.title if error is not None else "",
            message=message,
            answered=answered,
            without_id=self._without_id,
        )
        parts = ErrorParts(
            title=text.title,
            code=error.code if error is not None else None,
            subcode=error.subcode if error is not None else None,
            said=message,
            said_by="Meta says" if answered else "What happened",
            meaning=entry.meaning if entry is not None else "",
            fixes=tuple(text.fixes),
            doc_url=text.doc_url,
        )
        self.error_box.setText(graph_error_html(parts, COMPACT))
        self.error_box.show()
        self._set_blame(decoded.fields if decoded is not None else ())

    def _show_box(self, title: str, lines: list[str], tail: str) -> None:
        body = "".join(f"<p>{line}</p>" for line in lines)
        self.error_box.setText(f"<b>{html.escape(title)}</b>{body}{tail}")
        self.error_box.show()

    def _set_blame(self, fields: tuple[str, ...]) -> None:
        while self.blame_row.count():
            item = self.blame_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not fields:
            self.blame_host.hide()
            return
        self.blame_row.addWidget(QLabel("Offending field:"))
        for path in fields[:5]:
            button = ElidedButton(f"Show {path} in the Composer")
            button.clicked.connect(lambda _=False, p=path: self.focus_requested.emit(p))
            self.blame_row.addWidget(button)
        self.blame_host.show()
