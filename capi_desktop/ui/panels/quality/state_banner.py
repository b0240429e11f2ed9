"""The Quality panel's state line: a notice that says loading / empty / permission / throttled / error."""

from __future__ import annotations

import html
import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from capi_desktop.domain.quality.outcome import Outcome
from capi_desktop.ui.widgets.notice import Notice

_STATE_KIND = {
    "data": "ok",
    "empty": "info",
    "events_manager_empty": "warning",
    "permission": "error",
    "throttled": "warning",
    "error": "error",
    "loading": "info",
}
_RETRY_STATES = ("throttled", "error", "permission", "events_manager_empty")


class StateBanner(Notice):
    """Title, detail (with the setup step for a permission problem), Retry and a countdown."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.state = ""
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(9, 9, 9, 9)  # a roomier box: the panel's main message
        self.action.setText("Retry")
        self.action.clicked.connect(self.retry_requested.emit)
        self._deadline = 0.0
        self._base_detail = ""
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    def show_state(
        self, state: str, title: str, detail: str, *, retry_in_s: float | None = None
    ) -> None:
        self.state = state
        retry = "Retry" if state in _RETRY_STATES else ""
        self.show_message(_STATE_KIND.get(state, "info"), detail, retry, title=title)
        self._base_detail = detail
        self._timer.stop()
        if retry_in_s:
            self._deadline = time.monotonic() + retry_in_s
            self._timer.start()
            self._tick()

    def show_outcome(self, outcome: Outcome) -> None:
        detail = outcome.detail
        if outcome.setup_step:
            detail += f"<br><b>Setup:</b> {html.escape(outcome.setup_step)}"
        self.show_state(outcome.state, outcome.title, detail, retry_in_s=outcome.retry_after_s)

    def _tick(self) -> None:
        left = max(0, round(self._deadline - time.monotonic()))
        suffix = f"<br>Retry possible in {left} s." if left else "<br>You can retry now."
        self.label.setText(self._base_detail + suffix)
        if not left:
            self._timer.stop()
