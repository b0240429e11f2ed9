"""Send tab: pick a request and a profile, send with a test code, see the result, bisect, journey."""

from __future__ import annotations

import asyncio
import json
import logging
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

from capi_desktop.backend.history import HistoryNotWritten
from capi_desktop.domain import doc_links
from capi_desktop.domain.journey import DEFAULT_SPACING_S
from capi_desktop.domain.redact import redact
from capi_desktop.services import Services
from capi_desktop.ui.async_dialogs import DialogHost, choose_file
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.send_compare import send_flow, send_runs
from capi_desktop.ui.panels.send_compare.files import read_text
from capi_desktop.ui.panels.send_compare.result_view import ResultView
from capi_desktop.ui.panels.send_compare.send_delivery import HistoryQueueNote, RetryCountdown
from capi_desktop.ui.panels.send_compare.send_runs import SPACING_SETTING
from capi_desktop.ui.panels.send_compare.step_views import BisectView, JourneyView
from capi_desktop.ui.panels.send_compare.widgets import CodeView
from capi_desktop.ui.shortcuts import bind
from capi_desktop.ui.widgets.notice import Notice

log = logging.getLogger(__name__)

TEST_EVENTS_NOTE = (
    "Events sent with a test event code are still <b>real events</b> for Meta: they show in "
    "Test Events <i>and</i> flow into Events Manager, targeting and measurement. Send only "
    f'synthetic or consented data. <a href="{doc_links.USING_API}">Meta: testing server events</a>'
)
ACTIVE_SETTING = "active_profile"  # written by the Credentials panel
RESULTS_MIN_WIDTH = 220


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
        # Never squeezed below ~16 characters; longer "Name — pixel …" texts elide and show
        # in full in the tooltip.
        self.profile_combo.setMinimumContentsLength(16)
        self.profile_combo.currentIndexChanged.connect(self._profile_changed)
        self.profile_combo.currentTextChanged.connect(self.profile_combo.setToolTip)
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
        self.send_button.setToolTip("Send the request (Ctrl+Enter)")
        self.send_button.clicked.connect(self.send)
        bind(self, "send.send", self.send_button.click)
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

        self.note = Notice(TEST_EVENTS_NOTE, kind="warning")
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.problem = Notice(kind="error")
        self.problem.hide()
        self.retry_status = RetryCountdown(self.progress)
        self.history_note = HistoryQueueNote()
        self.history_note.write_requested.connect(self.write_pending_history)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(source_row)
        left_layout.addWidget(self.editor, 1)
        left_layout.addLayout(form)
        left_layout.addLayout(actions)
        left_layout.addLayout(more)
        left_layout.addWidget(self.problem)
        left_layout.addWidget(self.history_note)
        left_layout.addWidget(self.note)

        self.result_view = ResultView()
        self.result_view.focus_requested.connect(self.focus_in_composer)
        self.result_view.delivery.resend_requested.connect(self.resend_after_unknown)
        self.bisect_view = BisectView()
        self.bisect_view.focus_requested.connect(self.focus_in_composer)
        self.journey_view = JourneyView()
        self.results = QTabWidget()
        self.results.addTab(self.result_view, "Result")
        self.results.addTab(self.bisect_view, "Offending event")
        self.results.addTab(self.journey_view, "Journey test")

        # A fixed floor for the results: what a send shows there (errors, blame buttons) must
        # not raise its minimum and push the form aside (both fit at 800 px).
        self.results.setMinimumWidth(RESULTS_MIN_WIDTH)
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
            self.show_problem(str(problem))

    def set_profiles(self, profiles: list[Any]) -> None:
        previous = self.current_profile()
        self._profiles = list(profiles)
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for profile in self._profiles:
            label = f"{profile.name} — pixel {profile.pixel_id}"
            self.profile_combo.addItem(label, profile.id)
            self.profile_combo.setItemData(
                self.profile_combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole
            )
        if not self._profiles:
            self.profile_combo.addItem("No profile yet: add one in Credentials", None)
        wanted = self._wanted_profile or (
            previous.id if previous is not None else self.services.settings.get(ACTIVE_SETTING)
        )
        self._wanted_profile = ""
        if wanted:
            self.profile_combo.setCurrentIndex(max(self.profile_combo.findData(wanted), 0))
        self.profile_combo.blockSignals(False)
        self.profile_combo.setToolTip(self.profile_combo.currentText())
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
            self.show_problem("The Composer is not available.")
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
                text = await asyncio.to_thread(read_text, path, 20_000_000)
            except (OSError, ValueError) as exc:
                self.show_problem(f"Could not open {path}: {exc}")
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
            self.show_problem(f"Offending field: {path} (open the Composer to edit it).")

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    # ----- sending ------------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self._busy_task is not None and not self._busy_task.done()

    def set_busy(self, busy: bool, label: str = "") -> None:
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

    def prepare(self) -> tuple[Any, dict[str, Any]] | None:
        parsed = send_flow.parse_body(self.editor.toPlainText())
        if parsed.body is None:
            self.show_problem(parsed.problem)
            return None
        profile = self.current_profile()
        if profile is None:
            self.show_problem("Choose a profile (add one in the Credentials panel first).")
            return None
        if self.services.graph is None or self.services.credentials is None:
            self.show_problem("Sending is not available: the Graph client is not set up.")
            return None
        self.problem.hide()
        return profile, parsed.body

    async def token_for(self, profile: Any) -> Any:
        token = await send_flow.get_token(self.services.credentials, profile.id)
        if not token:
            # The store answers None both when nothing is saved and when the keyring is
            # locked or unreachable, so the message names both ways out.
            raise LookupError(
                f"No access token available for profile “{profile.name}”: none is saved, or the"
                " system keyring is locked or unavailable. Unlock the keyring, or paste the"
                " token again in Credentials."
            )
        return token

    @async_slot()
    async def send(self) -> None:
        """One send at a time: a second click while this runs returns the running task."""
        await send_runs.run_send(self)

    def on_progress(self, progress: Any) -> None:
        self.progress.setText(
            f"Sent {progress.events_done} of {progress.events_total} events "
            f"({progress.chunks_done}/{progress.chunks_total} requests)"
        )

    def on_retry(self, notice: Any) -> None:
        """A failed request will be repeated automatically: show why and the wait, live."""
        self.retry_status.start(notice)

    async def record(self, entry: Any, secret: str) -> None:
        history = self.services.history
        if history is None:
            return
        try:
            await asyncio.to_thread(history.add, entry, secrets=[secret])
        except HistoryNotWritten as exc:
            log.warning("history not written: %s", exc.reason)
            self.history_note.show_problem(str(exc))
            return
        except Exception as exc:
            log.warning("could not record the send in history: %s", exc)
            self.history_note.show_problem(
                f"This send could not be written to the history: {redact(str(exc))}"
            )
            return
        self.history_note.hide()
        self.history_changed.emit()

    @async_slot()
    async def write_pending_history(self) -> None:
        history = self.services.history
        if history is None:
            return
        try:
            written = await asyncio.to_thread(history.flush_pending)
        except HistoryNotWritten as exc:
            self.history_note.show_problem(str(exc))
            return
        self.history_note.hide()
        self.progress.setText(f"{written} send(s) written to the history.")
        self.history_changed.emit()

    @async_slot()
    async def resend_after_unknown(self) -> None:
        """Manual resend after "unknown whether Meta received it", with the double-count warning."""
        await send_runs.resend_after_unknown(self)

    # ----- bisect and journey (bodies in send_runs) --------------------------------------
    @async_slot()
    async def find_offending(self) -> None:
        await send_runs.find_offending(self)

    @async_slot()
    async def run_journey(self) -> None:
        await send_runs.run_journey(self)


def _body_differs(composer: Any, body: dict[str, Any]) -> bool:
    try:
        return bool(composer.request_body() != body)
    except Exception:
        return True
