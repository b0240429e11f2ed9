"""The Send tab's right side: one send's result, the offending-event search, the journey."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QTabWidget, QWidget

from capi_desktop.backend.graph_models import SendResult
from capi_desktop.domain.journey import JourneyPlan
from capi_desktop.domain.request.bisect import BisectResult
from capi_desktop.ui.panels.send_compare.result_view import ResultView
from capi_desktop.ui.panels.send_compare.step_views import BisectView, JourneyView

RESULTS_MIN_WIDTH = 220


class SendResults(QTabWidget):
    """Renders what the Send controller reports (its ResultPane, BisectPane and JourneyPane)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result_view = ResultView()
        self.bisect_view = BisectView()
        self.journey_view = JourneyView()
        self.addTab(self.result_view, "Result")
        self.addTab(self.bisect_view, "Offending event")
        self.addTab(self.journey_view, "Journey test")
        # A fixed floor for the results: what a send shows there (errors, blame buttons) must
        # not raise its minimum and push the form aside (both fit at 800 px).
        self.setMinimumWidth(RESULTS_MIN_WIDTH)

    # ----- one send -----------------------------------------------------------------------
    def show_sending(self) -> None:
        self.result_view.clear()
        self.setCurrentWidget(self.result_view)

    def show_result(self, result: SendResult, *, sent_at: float, events: Sequence[Any]) -> None:
        self.result_view.show_result(result, sent_at=sent_at, events=events)

    def show_failure(self, message: str) -> None:
        self.result_view.show_failure(message)

    # ----- bisect -------------------------------------------------------------------------
    def bisect_started(self, count: int) -> None:
        self.setCurrentWidget(self.bisect_view)
        self.bisect_view.start(count)

    def bisect_progress(self, sends: int) -> None:
        self.bisect_view.progress(sends)

    def bisect_finished(
        self, outcome: BisectResult[int], events: list[Any], reasons: dict[int, str]
    ) -> None:
        self.bisect_view.show_result(outcome, events, reasons)

    def bisect_stopped(self, text: str) -> None:
        self.bisect_view.status.setText(text)

    # ----- journey ------------------------------------------------------------------------
    def journey_started(self, plan: JourneyPlan) -> None:
        self.setCurrentWidget(self.journey_view)
        self.journey_view.start(plan)

    def journey_step_running(self, index: int) -> None:
        self.journey_view.step_running(index)

    def journey_step_done(self, index: int, kind: str, received: str, trace: str) -> None:
        self.journey_view.step_done(index, kind, received, trace)

    def journey_finished(self, text: str, unfinished: str = "") -> None:
        self.journey_view.finish(text, unfinished=unfinished)
