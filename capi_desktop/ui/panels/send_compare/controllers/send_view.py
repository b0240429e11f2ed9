"""What the Send controller asks of its views: the form, the result panes, the questions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, Protocol

from capi_desktop.backend.graph_models import SendResult
from capi_desktop.backend.retry import RetryNotice
from capi_desktop.domain.journey import JourneyPlan
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.request.bisect import BisectResult
from capi_desktop.domain.request.repeat_sends import Repeat

RepeatAnswer = Literal["new", "same", "cancel"]


class ResultPane(Protocol):
    def show_sending(self) -> None: ...

    def show_result(self, result: SendResult, *, sent_at: float, events: Sequence[Any]) -> None: ...

    def show_failure(self, message: str) -> None: ...


class BisectPane(Protocol):
    def bisect_started(self, count: int) -> None: ...

    def bisect_progress(self, sends: int) -> None: ...

    def bisect_finished(
        self, outcome: BisectResult[int], events: list[Any], reasons: dict[int, str]
    ) -> None: ...

    def bisect_stopped(self, text: str) -> None: ...


class JourneyPane(Protocol):
    def journey_started(self, plan: JourneyPlan) -> None: ...

    def journey_step_running(self, index: int) -> None: ...

    def journey_step_done(self, index: int, kind: str, received: str, trace: str) -> None: ...

    def journey_finished(self, text: str, unfinished: str = "") -> None: ...


class SendQuestions(Protocol):
    async def ask_live_send(self, profile: Profile) -> bool: ...

    async def ask_resend(self, events: int, without_id: int) -> bool: ...

    async def ask_repeats(self, pixel_id: str, repeats: Sequence[Repeat]) -> RepeatAnswer: ...


class SendPanes(ResultPane, BisectPane, JourneyPane, Protocol):
    """Where runs are shown (the Send tab's results side)."""


class SendForm(Protocol):
    """The Send tab's form as the controller sees it: what to send, status lines."""

    def request_text(self) -> str: ...

    def set_request(self, body: Mapping[str, Any]) -> None: ...

    def test_code_text(self) -> str: ...

    def set_test_code(self, code: str) -> None: ...

    def journey_spacing(self) -> float: ...

    def show_profiles(self, profiles: Sequence[Profile], index: int) -> None: ...

    def show_problem(self, text: str | None) -> None:
        """None hides the problem line."""

    def show_busy(self, busy: bool, label: str, can_bisect: bool) -> None: ...

    def show_progress(self, text: str) -> None: ...

    def show_retry(self, notice: RetryNotice | None) -> None:
        """A live countdown to the next automatic retry; None stops it."""

    def show_history_problem(self, text: str | None) -> None:
        """Why the history could not be written (with "write now"); None hides it."""
