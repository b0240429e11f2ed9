"""Send tab: pick a request and a profile, send with a test code, see the result, bisect, journey."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain import doc_links
from capi_desktop.domain.bisect import bisect
from capi_desktop.domain.journey import DEFAULT_SPACING_S, build_journey
from capi_desktop.domain.redact import redact
from capi_desktop.services import Services
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.send_compare import send_flow
from capi_desktop.ui.panels.send_compare.async_dialogs import DialogHost, choose_file, confirm
from capi_desktop.ui.panels.send_compare.result_view import ResultView
from capi_desktop.ui.panels.send_compare.step_views import BisectView, JourneyView
from capi_desktop.ui.panels.send_compare.widgets import CodeView, Note

log = logging.getLogger(__name__)

TEST_EVENTS_NOTE = (
    "Events sent with a test event code are still <b>real events</b> for Meta: they show in "
    "Test Events <i>and</i> flow into Events Manager, targeting and measurement. Send only "
    f'synthetic or consented data. <a href="{doc_links.USING_API}">Meta: testing server events</a>'
)
SPACING_SETTING = "send.journey_spacing_s"
ACTIVE_SETTING = "active_profile"  # written by the Credentials panel


class SendTab(QWidget):
    """`composer` returns the Composer panel (or None); history rows are added after each send."""

    history_changed = Signal()
    send_finished = Signal(str)  # accepted / rejected / error / cancelled

    def __init__(
        self,
        services: Services,
        composer: Callable[[], Any],
        dialogs: DialogHost,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._composer = composer
        self.dialogs = dialogs
        self._profiles: list[Any] = []
        self._wanted_profile = ""
        self._auto_code = ""  # the test code we filled in from the profile (replaced on switch)
        self._busy_task: asyncio.Task[Any] | None = None
        self.last_result: Any = None
        self.last_body: dict[str, Any] | None = None
        self.last_profile: Any = None
        self.sends_started = 0

        self.editor = CodeView(read_only=False)
        self.editor.setPlaceholderText(
            'Paste a request body ({"data": [...]}), a list of events or one event — or take it '
            "from the Composer."
        )
        self.take_button = QPushButton("Take from Composer")
        self.take_button.clicked.connect(self.take_from_composer)
        self.open_button = QPushButton("Open file…")
        self.open_button.clicked.connect(self.open_file)
        source_row = QHBoxLayout()
        source_row.addWidget(QLabel("<b>Request</b>"))
        source_row.addStretch(1)
        source_row.addWidget(self.take_button)
        source_row.addWidget(self.open_button)

        self.profile_combo = QComboBox()
        self.profile_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.profile_combo.currentIndexChanged.connect(self._profile_changed)
        self.reload_button = QPushButton("Reload")
        self.reload_button.setToolTip("Reload profiles from the Credentials panel")
        self.reload_button.clicked.connect(self.reload_profiles)
        profile_row = QHBoxLayout()
        profile_row.addWidget(self.profile_combo, 1)
        profile_row.addWidget(self.reload_button)
        self.test_code = QLineEdit()
        self.test_code.setPlaceholderText("TEST12345 (from Events Manager → Test Events)")
        self.test_code.setToolTip(
            "Events Manager → Data sources → your pixel → Test events. Sent as the top-level "
            "test_event_code field."
        )
        form = QFormLayout()
        form.addRow("Profile", profile_row)
        form.addRow("Test event code", self.test_code)

        self.send_button = QPushButton("Send")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QLabel("")
        self.bisect_button = QPushButton("Find the offending event")
        self.bisect_button.setEnabled(False)
        self.bisect_button.setToolTip(
            "Re-send halves of the rejected request with the test code until the failing "
            "event(s) remain"
        )
        self.bisect_button.clicked.connect(self.find_offending)
        self.journey_button = QPushButton("Journey test")
        self.journey_button.setToolTip(
            "Send PageView → ViewContent → AddToCart → InitiateCheckout → Purchase with one "
            "synthetic browser context"
        )
        self.journey_button.clicked.connect(self.run_journey)
        self.spacing = QDoubleSpinBox()
        self.spacing.setRange(0.0, 60.0)
        self.spacing.setSuffix(" s apart")
        self.spacing.setValue(float(services.settings.get(SPACING_SETTING, DEFAULT_SPACING_S)))
        actions = QHBoxLayout()
        actions.addWidget(self.send_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.progress, 1)
        more = QHBoxLayout()
        more.addWidget(self.bisect_button)
        more.addWidget(self.journey_button)
        more.addWidget(self.spacing)
        more.addStretch(1)

        self.note = Note(TEST_EVENTS_NOTE, kind="warning")
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.problem = Note(kind="error")
        self.problem.hide()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(source_row)
        left_layout.addWidget(self.editor, 1)
        left_layout.addLayout(form)
        left_layout.addLayout(actions)
        left_layout.addLayout(more)
        left_layout.addWidget(self.problem)
        left_layout.addWidget(self.note)

        self.result_view = ResultView()
        self.result_view.focus_requested.connect(self.focus_in_composer)
        self.bisect_view = BisectView()
        self.bisect_view.focus_requested.connect(self.focus_in_composer)
        self.journey_view = JourneyView()
        self.results = QTabWidget()
        self.results.addTab(self.result_view, "Result")
        self.results.addTab(self.bisect_view, "Offending event")
        self.results.addTab(self.journey_view, "Journey test")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.results)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # ----- profiles -----------------------------------------------------------------------
    @async_slot(cancel_previous=True)
    async def reload_profiles(self) -> None:
        credentials = self.services.credentials
        try:
            profiles = await send_flow.list_profiles(credentials)
        except Exception as exc:
            log.warning("could not list profiles: %s", exc)
            profiles = []
        self.set_profiles(list(profiles))
        problem = getattr(credentials, "load_problem", None)
        if problem:
            self._show_problem(str(problem))

    def set_profiles(self, profiles: list[Any]) -> None:
        previous = self.current_profile()
        self._profiles = list(profiles)
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for profile in self._profiles:
            self.profile_combo.addItem(f"{profile.name} — pixel {profile.pixel_id}", profile.id)
        if not self._profiles:
            self.profile_combo.addItem("No profile yet: add one in Credentials", None)
        wanted = self._wanted_profile or (
            previous.id if previous is not None else self.services.settings.get(ACTIVE_SETTING)
        )
        self._wanted_profile = ""
        if wanted:
            self.profile_combo.setCurrentIndex(max(self.profile_combo.findData(wanted), 0))
        self.profile_combo.blockSignals(False)
        self._profile_changed()

    def select_profile(self, profile_id: str) -> None:
        """Follow the active profile chosen in the Credentials panel."""
        index = self.profile_combo.findData(profile_id)
        if index < 0:
            self._wanted_profile = profile_id
            self.reload_profiles()  # a new profile: the list is stale
            return
        self.profile_combo.setCurrentIndex(index)

    def current_profile(self) -> Any:
        index = self.profile_combo.currentIndex()
        return self._profiles[index] if 0 <= index < len(self._profiles) else None

    def _profile_changed(self, *_args: Any) -> None:
        profile = self.current_profile()
        typed = self.test_code.text().strip()
        if profile is not None and (not typed or typed == self._auto_code):
            self._auto_code = getattr(profile, "test_event_code", "") or ""
            self.test_code.setText(self._auto_code)

    # ----- request source -----------------------------------------------------------------
    def set_request(self, body: Any) -> None:
        self.editor.setPlainText(json.dumps(body, indent=2, ensure_ascii=False))

    def take_from_composer(self) -> bool:
        composer = self._composer()
        if composer is None or not hasattr(composer, "request_body"):
            self._show_problem("The Composer is not available.")
            return False
        self.set_request(composer.request_body())
        self.problem.hide()
        return True

    @async_slot()
    async def open_file(self) -> None:
        path = await choose_file(
            self.dialogs, self, "Open a request body", "JSON (*.json *.txt);;All files (*)"
        )
        if path:
            try:
                text = await asyncio.to_thread(_read_small, path)
            except (OSError, ValueError) as exc:
                self._show_problem(f"Could not open {path}: {exc}")
                return
            self.editor.setPlainText(text)

    def focus_in_composer(self, path: str) -> None:
        composer = self._composer()
        if composer is not None and hasattr(composer, "focus_path"):
            body = self.last_body
            if (
                body is not None
                and hasattr(composer, "load_request")
                and _body_differs(composer, body)
            ):
                composer.load_request(body)
            composer.focus_path(send_flow.composer_path(path))
        else:
            self._show_problem(f"Offending field: {path} (open the Composer to edit it).")

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    # ----- sending ------------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self._busy_task is not None and not self._busy_task.done()

    def _set_busy(self, busy: bool, label: str = "") -> None:
        self.send_button.setEnabled(not busy)
        self.journey_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.bisect_button.setEnabled(not busy and self._can_bisect())
        self.progress.setText(label)
        self._busy_task = asyncio.current_task() if busy else None

    def cancel(self) -> None:
        if self._busy_task is not None and not self._busy_task.done():
            self._busy_task.cancel()

    def _can_bisect(self) -> bool:
        return (
            self.result_view.last_kind == "rejected"
            and self.last_body is not None
            and len(self.last_body.get("data") or []) > 1
        )

    def _prepare(self) -> tuple[Any, dict[str, Any]] | None:
        parsed = send_flow.parse_body(self.editor.toPlainText())
        if parsed.body is None:
            self._show_problem(parsed.problem)
            return None
        profile = self.current_profile()
        if profile is None:
            self._show_problem("Choose a profile (add one in the Credentials panel first).")
            return None
        if self.services.graph is None or self.services.credentials is None:
            self._show_problem("Sending is not available: the Graph client is not set up.")
            return None
        self.problem.hide()
        return profile, parsed.body

    async def _token(self, profile: Any) -> Any:
        token = await send_flow.get_token(self.services.credentials, profile.id)
        if not token:
            raise LookupError(
                f"No access token saved for profile “{profile.name}”: add it in Credentials."
            )
        return token

    @async_slot()
    async def send(self) -> None:
        """One send at a time: a second click while this runs returns the running task."""
        prepared = self._prepare()
        if prepared is None:
            return
        profile, body = prepared
        code = self.test_code.text().strip()
        if not code:
            agreed = await confirm(
                self.dialogs,
                self,
                "Send without a test event code?",
                "Without a test event code these events go straight into the live dataset "
                f"of pixel {profile.pixel_id} and count as real conversions.",
                "Send live events",
                detail="Cancel and enter the code from Events Manager → Test Events to test.",
            )
            if not agreed:
                self.progress.setText("Not sent.")
                return
        self.sends_started += 1
        self._set_busy(True, "Sending…")
        self.result_view.clear()
        self.results.setCurrentWidget(self.result_view)
        self.last_body, self.last_profile = body, profile
        secret = ""
        kind = "error"
        try:
            token = await self._token(profile)
            secret = send_flow.token_text(token)
            result = await self.services.graph.send_events(
                profile, token, body, test_event_code=code or None,
                on_progress=self._on_progress,
            )  # fmt: skip
            self.last_result = result
            kind = send_flow.result_kind(result)
            self.result_view.show_result(result, sent_at=time.time())
            await self._record(send_flow.history_entry(profile, body, result, code), secret)
        except asyncio.CancelledError:
            kind = "cancelled"
            self.result_view.show_failure(
                "Cancelled. A request already on the wire may still reach Meta."
            )
            raise
        except Exception as exc:  # no token, refused URL, bad body: show, record, keep going
            message = redact(str(exc), secret) or type(exc).__name__
            self.result_view.show_failure(message)
            await self._record(send_flow.failure_entry(profile, body, message, code), secret)
        finally:
            self._set_busy(False, "")
            self.progress.setText({"cancelled": "Cancelled."}.get(kind, ""))
            self.send_finished.emit(kind)

    def _on_progress(self, progress: Any) -> None:
        self.progress.setText(
            f"Sent {progress.events_done} of {progress.events_total} events "
            f"({progress.chunks_done}/{progress.chunks_total} requests)"
        )

    async def _record(self, entry: Any, secret: str) -> None:
        history = self.services.history
        if history is None:
            return
        try:
            await asyncio.to_thread(history.add, entry, secrets=[secret])
        except Exception as exc:
            log.warning("could not record the send in history: %s", exc)
            return
        self.history_changed.emit()

    # ----- bisect -------------------------------------------------------------------------
    @async_slot()
    async def find_offending(self) -> None:
        if self.is_busy() or self.last_body is None or self.last_profile is None:
            return
        code = self.test_code.text().strip()
        if not code:
            self._show_problem(
                "Finding the offending event re-sends events: enter a test event code."
            )
            return
        body, profile = self.last_body, self.last_profile
        events = list(body["data"])
        top = {k: v for k, v in body.items() if k != "data"}
        reasons: dict[int, str] = {}
        self.results.setCurrentWidget(self.bisect_view)
        self.bisect_view.start(len(events))
        self._set_busy(True, "Bisecting…")
        sends = 0
        try:
            token = await self._token(profile)

            async def check(subset: list[Any]) -> bool:
                nonlocal sends
                sends += 1
                self.bisect_view.progress(sends)
                sub_body = {**top, "data": subset}
                result = await self.services.graph.send_events(
                    profile, token, sub_body, test_event_code=code
                )
                # Every request that reached Meta is history, bisect sends included.
                entry = send_flow.history_entry(profile, sub_body, result, code)
                await self._record(entry, send_flow.token_text(token))
                if not result.ok and len(subset) == 1:
                    error = result.error
                    reasons[events.index(subset[0])] = error.summary() if error else "rejected"
                return bool(result.ok)

            outcome = await bisect(events, check)
            self.bisect_view.show_result(outcome, events, reasons)
        except asyncio.CancelledError:
            self.bisect_view.status.setText(f"Cancelled after {sends} test send(s).")
            raise
        except Exception as exc:
            self.bisect_view.status.setText(redact(str(exc)))
        finally:
            self._set_busy(False, "")

    # ----- journey ------------------------------------------------------------------------
    @async_slot()
    async def run_journey(self) -> None:
        if self.is_busy():
            return
        code = self.test_code.text().strip()
        profile = self.current_profile()
        if profile is None or self.services.graph is None:
            self._show_problem("Choose a profile (add one in the Credentials panel first).")
            return
        if not code:
            self._show_problem(
                "The journey test needs a test event code (Events Manager → Test Events)."
            )
            return
        spacing = float(self.spacing.value())
        self.services.settings.set(SPACING_SETTING, spacing)
        plan = build_journey(int(time.time()), spacing_s=spacing)
        self.results.setCurrentWidget(self.journey_view)
        self.journey_view.start(plan)
        self._set_busy(True, "Journey test…")
        accepted = 0
        secret = ""
        try:
            token = await self._token(profile)
            secret = send_flow.token_text(token)
            for step in plan.steps:
                if step.index and spacing > 0:
                    await asyncio.sleep(spacing)
                self.journey_view.step_running(step.index)
                body = plan.request_for(step, code)
                result = await self.services.graph.send_events(
                    profile, token, body, test_event_code=code
                )
                kind = send_flow.result_kind(result)
                accepted += kind == "accepted"
                chunk = send_flow.first_chunk(result)
                self.journey_view.step_done(
                    step.index, kind, f"{result.events_received}/{result.events_sent}",
                    getattr(chunk, "fbtrace_id", "") or "",
                )  # fmt: skip
                await self._record(send_flow.history_entry(profile, body, result, code), secret)
            self.journey_view.finish(
                f"Journey finished: {accepted} of {len(plan.steps)} steps accepted. Now check "
                "Test Events with the checklist below."
            )
        except asyncio.CancelledError:
            self.journey_view.finish("Journey cancelled.")
            raise
        except Exception as exc:
            self.journey_view.finish(f"Journey stopped: {redact(str(exc), secret)}")
        finally:
            self._set_busy(False, "")


def _read_small(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        text = handle.read(20_000_001)
    if len(text) > 20_000_000:
        raise ValueError("the file is larger than 20 MB; a request body is never that big")
    return text


def _body_differs(composer: Any, body: dict[str, Any]) -> bool:
    try:
        return bool(composer.request_body() != body)
    except Exception:
        return True
