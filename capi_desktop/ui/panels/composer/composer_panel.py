"""The Composer panel: form, live normalize/hash preview, two-way JSON, lint, score, drafts."""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QWidget,
)

from capi_desktop.backend.drafts import Draft
from capi_desktop.domain.lint import Finding, lint
from capi_desktop.domain.lint.value_verdicts import unusable_keys, verdict_findings
from capi_desktop.domain.match_score import MatchScore, score_event
from capi_desktop.domain.normalize import NormalizeContext
from capi_desktop.domain.request.event_model import BODY_EXCLUDED_KEYS, CapiRequest, parse_request
from capi_desktop.services import Services
from capi_desktop.ui.links import Links
from capi_desktop.ui.panels.composer.catalog import (
    recommended_fields,
    required_fields,
)
from capi_desktop.ui.panels.composer.composer_actions import ComposerActions
from capi_desktop.ui.panels.composer.composer_layout import build_layout
from capi_desktop.ui.panels.composer.consent_box import ConsentBox
from capi_desktop.ui.panels.composer.custom_data_section import CustomDataSection
from capi_desktop.ui.panels.composer.customer_section import CustomerSection
from capi_desktop.ui.panels.composer.event_section import EventSection
from capi_desktop.ui.panels.composer.field_focus import (
    CUSTOMER_TAB,
    focus_path,
    focus_score_key,
)
from capi_desktop.ui.panels.composer.findings_view import FindingsList, ScoreMeter
from capi_desktop.ui.panels.composer.json_render import RequestRenderer
from capi_desktop.ui.panels.composer.json_views import JsonEditor, JsonPane, JsonPreview
from capi_desktop.ui.panels.composer.kind_section import KindSection
from capi_desktop.ui.panels.composer.request_state import (
    UserRow,
    event_at,
    events_of,
    with_event,
)
from capi_desktop.ui.panels.composer.send_guard import SendGuard
from capi_desktop.ui.panels.composer.splitters import ProportionalSplitter
from capi_desktop.ui.panels.composer.templates import demo_purchase

FORM_DEBOUNCE_MS = 60  # form -> preview; well under the 150 ms budget
EDITOR_DEBOUNCE_MS = 150  # JSON editor -> form: lets a burst of typing settle first
LINT_INLINE_MAX = 50  # events; bigger requests are linted once typing pauses
SLOW_LINT_MS = 400


def _timer(parent: QWidget, ms: int, slot: Any) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer


class ComposerPanel(QWidget):
    """Compose one request; the body (`request_body()`) is the single source of truth.

    Form sections patch the body with the fields the user edited; the JSON editor replaces it
    when its text parses; lint and the match-key score are recomputed after every change.
    """

    # object, not dict: PySide turns a dict into a QVariantMap, which sorts its keys, so the
    # Send tab got (and sent) the body in another key order than the preview showed.
    send_requested = Signal(object)
    request_changed = Signal()

    # Built by composer_layout.build_layout:
    event_section: EventSection
    kind_section: KindSection
    consent: ConsentBox
    customer: CustomerSection
    custom_data: CustomDataSection
    form_tabs: QTabWidget
    findings_list: FindingsList
    score_meter: ScoreMeter
    json_tabs: JsonPane
    preview: JsonPreview
    editor: JsonEditor
    main_splitter: ProportionalSplitter
    toolbar: QHBoxLayout
    event_picker: QComboBox
    status: QLabel
    send_button: QPushButton

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, links: Links | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.links = links if links is not None else Links()
        self._body: dict[str, Any] = {"data": [{}]}
        self._event_index = 0
        self._renderer = RequestRenderer()
        self._recommended_for: str | None = None
        self._window: Any = None
        self.findings: list[Finding] = []
        self.score: MatchScore | None = None
        build_layout(self)
        self.tools = ComposerActions(self)
        self.send_guard = SendGuard(self)
        self._form_timer = _timer(self, FORM_DEBOUNCE_MS, self._update_from_form)
        self._editor_timer = _timer(self, EDITOR_DEBOUNCE_MS, self._apply_editor_text)
        self._lint_timer = _timer(self, SLOW_LINT_MS, self._lint)
        for section in (self.event_section, self.customer, self.custom_data, self.kind_section):
            section.changed.connect(self._form_timer.start)
        self.editor.text_edited.connect(self._editor_timer.start)
        self.tools.restore_autosave()

    # ----- body <-> form ------------------------------------------------------------------
    def _update_from_form(self) -> None:
        event = event_at(self._body, self._event_index)
        for section in (self.event_section, self.customer, self.custom_data, self.kind_section):
            section.apply(event)
        self._body = with_event(self._body, self._event_index, event)
        self._render(from_editor=False)

    def flush(self) -> None:
        """Apply pending form or editor edits now (before reading, saving or sending)."""
        if self._editor_timer.isActive():
            self._editor_timer.stop()
            self._apply_editor_text()
        if self._form_timer.isActive():
            self._form_timer.stop()
            self._update_from_form()
        if self._lint_timer.isActive():
            self._lint_timer.stop()
            self._lint()

    def _load_form(self) -> None:
        count = len(events_of(self._body))
        self._event_index = min(self._event_index, max(count - 1, 0))
        event = event_at(self._body, self._event_index)
        self.event_section.load(event)
        self.customer.load(event)
        self.custom_data.load(event)
        self.kind_section.load(event)
        self._refresh_event_picker()

    def reload_form(self) -> None:
        """Apply pending edits, then show the body again (after a section removed fields)."""
        self.flush()
        self._load_form()
        self._render(from_editor=False)

    def _apply_editor_text(self) -> None:
        result = parse_request(self.editor.text())
        if not result.ok or result.request is None:
            self.editor.show_error(result.error)
            self.tools.schedule_autosave()  # the invalid text is kept in the draft too
            return
        self._form_timer.stop()  # the editor is newer than any pending form edit
        self.editor.show_error(None)
        self._body = self._without_token(result.request.body)
        self._load_form()
        self._render(from_editor=True)

    def _without_token(self, body: dict[str, Any]) -> dict[str, Any]:
        """A deep copy without an access token: drafts and autosave never hold one."""
        clean = copy.deepcopy(body)
        removed = [key for key in BODY_EXCLUDED_KEYS if clean.pop(key, None) is not None]
        if removed:
            self.tools.show_status(
                "Removed the access_token from the request: tokens belong in Credentials "
                "(OS keyring), never in a draft.",
                error=True,
            )
        return clean

    def _render(self, *, from_editor: bool) -> None:
        request = CapiRequest(self._body)
        self.json_tabs.show_text(self._renderer.render(self._body), from_editor=from_editor)
        if len(events_of(self._body)) > LINT_INLINE_MAX:
            self._lint_timer.start()  # linting 1,000 events per keystroke would stall typing
        else:
            self._lint(request)
        verdicts = self.customer.value_verdicts()
        self.score = score_event(event_at(self._body, self._event_index), unusable_keys(verdicts))
        self.score_meter.show_score(self.score)
        self.kind_section.show_kind(event_at(self._body, self._event_index))
        self._refresh_recommended()
        if self.event_picker.isVisibleTo(self):  # keep "Event 2 of 3: <name>" current
            self.event_picker.setItemText(self._event_index, self._picker_label(self._event_index))
        self.tools.schedule_autosave()
        self.request_changed.emit()

    def _lint(self, request: CapiRequest | None = None) -> None:
        context = NormalizeContext(default_country=self.customer.default_country() or None)
        request = request or CapiRequest(self._body)
        self.findings = lint(request, now=int(time.time()), context=context) + verdict_findings(
            self._event_index, ((None, v) for v in self.customer.value_verdicts())
        )
        self.findings_list.show_findings(self.findings)

    def _refresh_recommended(self) -> None:
        name = self.event_section.current_event_name()
        if name == self._recommended_for:
            return
        self._recommended_for = name
        fields = recommended_fields(name)
        required = required_fields(name)
        self.custom_data.set_recommended(fields, name)
        parts = []
        if required:
            parts.append(f"{name} requires " + ", ".join(required))
        others = [f for f in fields if f not in required]
        if others:
            parts.append("recommends " + ", ".join(others))
        self.event_section.set_recommended_text(
            "; ".join(parts) + " (marked ★ under Custom data)." if parts else ""
        )

    def _country_changed(self, code: str) -> None:
        self.services.settings.set("composer_default_country", code)

    # ----- events in the request ----------------------------------------------------------
    def _refresh_event_picker(self) -> None:
        events = events_of(self._body)
        self.event_picker.setVisible(len(events) > 1)
        self.event_picker.clear()
        for index in range(len(events)):
            self.event_picker.addItem(self._picker_label(index))
        self.event_picker.setCurrentIndex(self._event_index)

    def _picker_label(self, index: int) -> str:
        events = events_of(self._body)
        event = events[index] if index < len(events) else None
        name = event.get("event_name", "?") if isinstance(event, dict) else "not an object"
        return f"Event {index + 1} of {len(events)}: {name}"

    @property
    def event_index(self) -> int:
        return self._event_index

    def select_event(self, index: int) -> None:
        self.flush()
        if index == self._event_index or not 0 <= index < len(events_of(self._body)):
            return
        self._event_index = index
        self._load_form()
        self._render(from_editor=False)

    # ----- public API ---------------------------------------------------------------------
    def request_body(self) -> dict[str, Any]:
        """The exact request body (hashes, not raw input), as a deep copy."""
        self.flush()
        return copy.deepcopy(CapiRequest(self._body).sendable_body())

    def load_request(self, body: dict[str, Any]) -> None:
        """Show a request (from history, a paste, another panel): raw input is unknown here."""
        self.load_draft(Draft(body=copy.deepcopy(body)))
        if self.tools.kept_path is not None:  # say now where the replaced work went
            self.tools.show_status("Request loaded.")

    def load_draft(self, draft: Draft) -> None:
        """Show `draft`; unsaved work shown so far is first kept as a file (see `keep_unsaved`)."""
        self.tools.keep_unsaved()
        self._form_timer.stop()
        self._editor_timer.stop()
        self._body = self._without_token(draft.body)
        self._event_index = draft.event_index
        country = draft.default_country or self.services.settings.get(
            "composer_default_country", ""
        )
        self.customer.set_default_country(str(country or ""))
        self._load_form()
        if draft.user_rows:
            self.customer.load_rows([UserRow(k, v) for k, v in draft.user_rows])
        self.consent.set_state(draft.consent)
        self.json_tabs.reset()
        self._recommended_for = None
        self._update_from_form()
        if draft.editor_text:  # text that did not parse when saved: back where it was typed
            self.json_tabs.setCurrentWidget(self.editor)
            self.editor.edit.setPlainText(draft.editor_text)
            self._editor_timer.stop()
            self._apply_editor_text()
        self.tools.mark_unchanged()

    def current_draft(self) -> Draft:
        self.flush()
        return Draft(
            body=copy.deepcopy(self._body),
            user_rows=[(row.key, row.raw) for row in self.customer.rows()],
            event_index=self._event_index,
            default_country=self.customer.default_country(),
            consent=self.consent.state(),
            editor_text=self.editor.text() if self.editor.has_error() else "",
        )

    def focus_path(self, path: str) -> bool:
        """Show and focus the widget for a finding's JSON path; falls back to the JSON editor."""
        self.flush()
        return focus_path(self, path)

    def load_demo(self) -> None:
        """A complete synthetic Purchase, customer tab open on the phone row's variants."""
        self.load_draft(demo_purchase())
        self.form_tabs.setCurrentIndex(CUSTOMER_TAB)
        self.customer.focus_key("ph")
        self.customer.details.setCurrentIndex(1)

    def _add_next_key(self, key: str) -> None:
        focus_score_key(self, key)

    def attach_window(self, window: Any) -> None:
        self._window = window

    def request_send(self) -> None:
        """Hand the request to Send & Compare; asks first when consent says suppress.

        Refused while Edit JSON holds text that does not parse: sending the last valid request
        instead would send something other than what the screen shows.
        """
        self.flush()
        error = self.editor.error if self.editor.has_error() else None
        if error is not None:
            self.json_tabs.setCurrentWidget(self.editor)
            self.editor.go_to_error()
            self.tools.show_status(
                f"Not sent: the JSON in Edit JSON does not parse ({error}). Fix it, or click "
                "“Discard my text” to go back to the form's request.",
                error=True,
            )
            return
        self.send_guard.request()

    def save_draft(self, path: Path | None = None) -> Path | None:
        return self.tools.save_draft(path)

    def open_draft(self, path: Path) -> bool:
        return self.tools.open_draft(path)

    def copy_as(self, fmt: str) -> str | None:
        return self.tools.copy_as(fmt)

    async def shutdown(self) -> None:
        self.tools.autosave_now()
