"""Send tab pieces for faults: live retry countdown, "did Meta get it?" note, history queue note."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.backend.graph_models import SendResult
from capi_desktop.backend.retry import RetryNotice
from capi_desktop.domain.request.delivery import events_without_id, unknown_delivery_text
from capi_desktop.ui.widgets.notice import Notice


class RetryCountdown:
    """Shows "retry 2 of 4 in 12 s" on a label, ticking each second until the retry starts."""

    def __init__(self, label: QLabel) -> None:
        self.label = label
        label.setTextFormat(Qt.TextFormat.PlainText)  # error text may hold "<html>"
        label.setWordWrap(True)  # a long reason wraps instead of widening the window
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._deadline = 0.0
        self._text = ""
        self._summary = ""
        self._timer = QTimer(label)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)

    def start(self, notice: RetryNotice) -> None:
        self._deadline = time.monotonic() + notice.wait_s
        self._text = f"retry {notice.attempt + 1} of {notice.max_attempts}"
        self.label.setToolTip(f"{notice.error_summary}\nWhy it is repeated: {notice.reason}")
        self._summary = notice.error_summary
        self._tick()
        self._timer.start()

    def remaining_s(self) -> float:
        return max(0.0, self._deadline - time.monotonic())

    def _tick(self) -> None:
        left = self.remaining_s()
        if left <= 0:
            self._timer.stop()
            self.label.setText(f"Retrying now ({self._text})… {self._summary}")
            return
        self.label.setText(
            f"Waiting {left:.0f} s, then {self._text} (Cancel stops it). {self._summary}"
        )

    def stop(self) -> None:
        self._timer.stop()


class DeliveryNote(QWidget):
    """After a failure that may have reached Meta: say what is unknown, offer a manual resend."""

    resend_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = Notice(kind="warning")
        self.note.setObjectName("delivery-unknown")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.resend_button = QPushButton("Resend anyway…")
        self.resend_button.setToolTip("Send the same request again after a warning")
        self.resend_button.clicked.connect(self.resend_requested.emit)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(self.resend_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addLayout(row)
        self.hide()

    def show_for(self, result: SendResult, events: Sequence[Any]) -> bool:
        """Shown only when some request's delivery is unknown; returns whether it is shown."""
        unknown = result.unknown_chunks
        if not unknown:
            self.hide()
            return False
        count = sum(c.events for c in unknown)
        self.note.setText(unknown_delivery_text(count, events_without_id(events)))
        self.show()
        return True


class HistoryQueueNote(QWidget):
    """'History could not be written' with the number waiting and a Write now button."""

    write_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = Notice(kind="warning")
        self.note.setObjectName("history-not-written")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.write_button = QPushButton("Write to history now")
        self.write_button.clicked.connect(self.write_requested.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.write_button)
        self.hide()

    def show_problem(self, message: str) -> None:
        self.note.setText(message)
        self.show()
