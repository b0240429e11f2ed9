"""Send tab: pick a request and a profile, send with a test code, see the result, bisect, journey."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from capi_desktop.domain.journey import DEFAULT_SPACING_S
from capi_desktop.domain.profile import Profile
from capi_desktop.services import Services
from capi_desktop.ui.async_dialogs import DialogHost, choose_file
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.links import ComposerPort, Links
from capi_desktop.ui.panels.send_compare import send_flow
from capi_desktop.ui.panels.send_compare.controllers.send import SPACING_SETTING, SendController
from capi_desktop.ui.panels.send_compare.files import read_text
from capi_desktop.ui.panels.send_compare.send_form import SendFormView
from capi_desktop.ui.panels.send_compare.send_questions import SendQuestionBox
from capi_desktop.ui.panels.send_compare.send_results import SendResults
from capi_desktop.ui.shortcuts import bind


class SendTab(QWidget):
    """The view: renders what `controller` (a SendController) reports and forwards input."""

    history_changed = Signal()
    send_finished = Signal(str)  # accepted / rejected / throttled / error / cancelled

    def __init__(
        self, services: Services, links: Links, dialogs: DialogHost, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.links = links
        self.dialogs = dialogs
        spacing = services.settings.get(SPACING_SETTING, DEFAULT_SPACING_S)
        valid = isinstance(spacing, int | float) and not isinstance(spacing, bool)
        self.form = SendFormView(float(spacing) if valid else DEFAULT_SPACING_S)
        self.profile_combo = self.form.profile_combo  # the form's, for layout checks
        self.results = SendResults()
        self.result_view = self.results.result_view
        self.bisect_view = self.results.bisect_view
        self.journey_view = self.results.journey_view
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.form)
        splitter.addWidget(self.results)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        views = (self.form, self.results, SendQuestionBox(dialogs, self))
        self.controller = SendController(services, views, links.active_profile, self)
        self._connect(self.controller)

    def _connect(self, controller: SendController) -> None:
        """Every input goes to the controller; its signals are the tab's."""
        form = self.form
        form.take_button.clicked.connect(self.take_from_composer)
        form.open_button.clicked.connect(self.open_file)
        form.profile_combo.currentIndexChanged.connect(controller.profiles.choose)
        form.reload_button.clicked.connect(controller.profiles.reload)
        form.send_button.clicked.connect(controller.send)
        bind(self, "send.send", form.send_button.click)
        form.cancel_button.clicked.connect(controller.cancel)
        form.bisect_button.clicked.connect(controller.find_offending)
        form.journey_button.clicked.connect(controller.run_journey)
        form.history_note.write_requested.connect(controller.write_pending_history)
        self.result_view.focus_requested.connect(self.focus_in_composer)
        self.result_view.delivery.resend_requested.connect(controller.resend_after_unknown)
        self.bisect_view.focus_requested.connect(self.focus_in_composer)
        controller.history_changed.connect(self.history_changed)
        controller.send_finished.connect(self.send_finished)

    # ----- what the panel and the users' shortcuts call -----------------------------------
    def send(self) -> asyncio.Task[Any] | None:
        return self.controller.send()

    def cancel(self) -> None:
        self.controller.cancel()

    def is_busy(self) -> bool:
        return self.controller.is_busy()

    def current_profile(self) -> Profile | None:
        return self.controller.current_profile()

    def set_profiles(self, profiles: Sequence[Profile]) -> None:
        self.controller.profiles.show(profiles)

    def set_request(self, body: Mapping[str, Any]) -> None:
        self.form.set_request(body)

    # ----- request source -----------------------------------------------------------------
    def take_from_composer(self) -> bool:
        composer = self.links.composer()
        if composer is None:
            self.form.show_problem("The Composer is not available.")
            return False
        self.set_request(composer.request_body())
        self.form.show_problem(None)
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
                self.form.show_problem(f"Could not open {path}: {exc}")
                return
            self.form.editor.setPlainText(text)

    def focus_in_composer(self, path: str) -> None:
        """Show a blamed field in the Composer, holding the request that was sent."""
        composer = self.links.composer()
        if composer is None:
            self.form.show_problem(f"Offending field: {path} (open the Composer to edit it).")
            return
        body = self.controller.last_body
        if body is not None and _body_differs(composer, body):
            composer.load_request(body)
        self.links.open_field(send_flow.composer_path(path))


def _body_differs(composer: ComposerPort, body: dict[str, Any]) -> bool:
    try:
        return bool(composer.request_body() != body)
    except Exception:
        return True
