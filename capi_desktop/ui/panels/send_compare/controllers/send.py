"""The Send tab's state and logic: profile, token, the run, repeat guard, outcome, history."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from capi_desktop.backend.graph_models import SendProgress
from capi_desktop.domain.journey import build_journey
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.redact import redact
from capi_desktop.domain.request.delivery import events_without_id
from capi_desktop.domain.request.send_outcome import EffectiveTestCode, effective_test_code
from capi_desktop.domain.secret import Secret
from capi_desktop.services import Services
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.links import ActiveProfile
from capi_desktop.ui.panels.send_compare import send_flow
from capi_desktop.ui.panels.send_compare.controllers import send_steps
from capi_desktop.ui.panels.send_compare.controllers.repeats import confirm_repeats
from capi_desktop.ui.panels.send_compare.controllers.send_history import HistoryWriter
from capi_desktop.ui.panels.send_compare.controllers.send_profiles import SendProfiles
from capi_desktop.ui.panels.send_compare.controllers.send_view import (
    SendForm,
    SendPanes,
    SendQuestions,
)

if TYPE_CHECKING:  # httpx comes with it: loaded after the first paint
    import asyncio

    from capi_desktop.backend.graph_client import GraphClient

log = logging.getLogger(__name__)

SPACING_SETTING = "send.journey_spacing_s"
NO_PROFILE = "Choose a profile (add one in the Credentials panel first)."


class SendController(QObject):
    """Owns the send state; talks to the Send tab only through its three Protocols."""

    history_changed = Signal()
    send_finished = Signal(str)  # accepted / rejected / throttled / error / cancelled

    def __init__(
        self,
        services: Services,
        views: tuple[SendForm, SendPanes, SendQuestions],
        active: ActiveProfile,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.form, self.panes, self.questions = views
        self.profiles = SendProfiles(services, self.form, active, self)
        self._busy_task: asyncio.Task[Any] | None = None
        self.last_outcome = ""  # of the last single send (bisect needs "rejected")
        # Events of the last send that Meta may or may not have received (never repeated
        # automatically): only they may be resent by hand, after a warning.
        self.unknown_events = 0
        self.last_body: dict[str, Any] | None = None
        self.last_profile: Profile | None = None
        self.sends_started = 0
        self.recorder = HistoryWriter(
            lambda: services.history, self.form, self.history_changed.emit
        )

    def current_profile(self) -> Profile | None:
        return self.profiles.current()

    # ----- state --------------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self._busy_task is not None and not self._busy_task.done()

    def can_bisect(self) -> bool:
        body = self.last_body
        return self.last_outcome == "rejected" and body is not None and len(body["data"]) > 1

    def _set_busy(self, busy: bool, label: str = "") -> None:
        import asyncio  # here, not at import: the panel paints before asyncio loads

        self._busy_task = asyncio.current_task() if busy else None
        self.form.show_busy(busy, label, self.can_bisect())

    def cancel(self) -> None:
        if self._busy_task is not None and not self._busy_task.done():
            self._busy_task.cancel()

    def prepare(self) -> tuple[Profile, dict[str, Any]] | None:
        """The profile and body to send, or None after saying what is missing."""
        parsed = send_flow.parse_body(self.form.request_text())
        if parsed.body is None:
            self.form.show_problem(parsed.problem)
            return None
        profile = self.current_profile()
        if profile is None:
            self.form.show_problem(NO_PROFILE)
            return None
        if self.services.graph is None or self.services.credentials is None:
            self.form.show_problem("Sending is not available: the Graph client is not set up.")
            return None
        self.form.show_problem(None)
        return profile, parsed.body

    async def token_for(self, profile: Profile) -> str | Secret:
        credentials = self.services.credentials
        token = await credentials.get_token(profile.id) if credentials is not None else None
        if not token:
            # The store answers None both when nothing is saved and when the keyring is
            # locked or unreachable, so the message names both ways out.
            raise LookupError(
                f"No access token available for profile “{profile.name}”: none is saved, or the"
                " system keyring is locked or unavailable. Unlock the keyring, or paste the"
                " token again in Credentials."
            )
        return token

    def _graph(self) -> GraphClient:
        if self.services.graph is None:
            raise LookupError("Sending is not available: the Graph client is not set up.")
        return self.services.graph

    # ----- one send -----------------------------------------------------------------------
    @async_slot()
    async def send(self) -> None:
        """One send at a time: a second click while this runs returns the running task."""
        prepared = self.prepare()
        if prepared is None:
            return
        profile, body = prepared
        history = self.services.history
        checked = await confirm_repeats(history, self.questions, profile.pixel_id, body)
        test = effective_test_code(self.form.test_code_text(), checked)
        if checked is None or (test.live and not await self.questions.ask_live_send(profile)):
            self.form.show_progress("Not sent.")
            return
        if checked is not body:  # fresh event_ids: what is sent is what the editor shows
            self.form.set_request(checked)
        await self._send(profile, checked, test)

    @async_slot()
    async def resend_after_unknown(self) -> None:
        """Manual resend after "unknown whether Meta received it", once warned."""
        body, profile = self.last_body, self.last_profile
        if self.is_busy() or body is None or profile is None or not self.unknown_events:
            return
        events = body["data"]
        if await self.questions.ask_resend(len(events), events_without_id(events)):
            await self._send(profile, body, effective_test_code(self.form.test_code_text(), body))

    async def _send(self, profile: Profile, body: dict[str, Any], test: EffectiveTestCode) -> None:
        import asyncio

        code = test.code or ""
        self.sends_started += 1
        self._set_busy(True, f"Sending with {test.describe()}…")
        self.panes.show_sending()
        self.last_body, self.last_profile = body, profile
        self.unknown_events = 0
        secret = ""
        kind = "error"
        try:
            token = await self.token_for(profile)
            secret = send_flow.token_text(token)
            result = await self._graph().send_events(
                profile, token, body, test_event_code=code or None,
                on_progress=self._progress, on_retry=self.form.show_retry,
            )  # fmt: skip
            kind = send_flow.result_kind(result)
            self.unknown_events = sum(chunk.events for chunk in result.unknown_chunks)
            self.form.show_retry(None)
            self.panes.show_result(result, sent_at=time.time(), events=body["data"])
            await self.recorder.record(send_flow.history_entry(profile, body, result, code), secret)
        except asyncio.CancelledError:
            kind = "cancelled"
            self.panes.show_failure(
                "Cancelled. A request already on the wire may still reach Meta."
            )
            raise
        except Exception as exc:  # no token, refused URL, bad body: show, record, keep going
            message = redact(str(exc), secret) or type(exc).__name__
            self.panes.show_failure(message)
            await self.recorder.record(
                send_flow.failure_entry(profile, body, message, code), secret
            )
        finally:
            self.last_outcome = kind
            self.form.show_retry(None)
            self._set_busy(False)
            self.form.show_progress({"cancelled": "Cancelled."}.get(kind, ""))
            self.send_finished.emit(kind)

    def _progress(self, progress: SendProgress) -> None:
        self.form.show_progress(
            f"Sent {progress.events_done} of {progress.events_total} events "
            f"({progress.chunks_done}/{progress.chunks_total} requests)"
        )

    @async_slot()
    async def write_pending_history(self) -> None:
        await self.recorder.write_pending()

    # ----- bisect and journey (runs in send_steps) ----------------------------------------
    def _opener(self, profile: Profile, code: str) -> send_steps.OpenSender:
        async def open_sender() -> send_steps.Sender:
            token = await self.token_for(profile)
            return send_steps.Sender(self._graph(), profile, token, code, self.recorder.record)

        return open_sender

    @async_slot()
    async def find_offending(self) -> None:
        """Re-send halves of the last rejected request (with the test code) to find culprits."""
        body, profile = self.last_body, self.last_profile
        if self.is_busy() or body is None or profile is None:
            return
        code = effective_test_code(self.form.test_code_text(), body).code or ""
        if not code:
            self.form.show_problem(
                "Finding the offending event re-sends events: enter a test event code."
            )
            return
        self._set_busy(True, "Bisecting…")
        try:
            await send_steps.find_offending(self._opener(profile, code), body, self.panes)
        finally:
            self._set_busy(False)

    @async_slot()
    async def run_journey(self) -> None:
        """Send the five journey steps with the test code in the field, spaced apart."""
        if self.is_busy():
            return
        code = self.form.test_code_text().strip()
        profile = self.current_profile()
        if profile is None or self.services.graph is None:
            self.form.show_problem(NO_PROFILE)
            return
        if not code:
            self.form.show_problem(
                "The journey test needs a test event code (Events Manager → Test Events)."
            )
            return
        spacing = self.form.journey_spacing()
        self.services.settings.set(SPACING_SETTING, spacing)
        plan = build_journey(int(time.time()), spacing_s=spacing)
        self._set_busy(True, "Journey test…")
        try:
            await send_steps.run_journey(self._opener(profile, code), plan, spacing, self.panes)
        finally:
            self._set_busy(False)
