"""The Composer panel: form, live normalize/hash preview, two-way JSON, lint, score, drafts."""

from __future__ import annotations

import contextlib
import copy
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.backend.drafts import Draft
from capi_desktop.domain.event_model import CapiRequest, parse_request
from capi_desktop.domain.json_locate import locate_offset
from capi_desktop.domain.lint import Finding, lint
from capi_desktop.domain.match_score import MatchScore, score_event
from capi_desktop.domain.normalize import NormalizeContext
from capi_desktop.services import Services
from capi_desktop.ui.panels.composer.catalog import (
    ACTION_SOURCES,
    STANDARD_EVENT_NAMES,
    recommended_fields,
    required_fields,
)
from capi_desktop.ui.panels.composer.composer_actions import ComposerActions
from capi_desktop.ui.panels.composer.consent_box import ConsentBox
from capi_desktop.ui.panels.composer.custom_data_section import CustomDataSection
from capi_desktop.ui.panels.composer.customer_section import CustomerSection
from capi_desktop.ui.panels.composer.event_section import EventSection
from capi_desktop.ui.panels.composer.findings_view import FindingsList, ScoreMeter
from capi_desktop.ui.panels.composer.json_render import RequestRenderer
from capi_desktop.ui.panels.composer.json_views import JsonEditor, JsonPreview
from capi_desktop.ui.panels.composer.request_state import (
    event_at,
    event_location,
    events_of,
    with_event,
)
from capi_desktop.ui.panels.composer.splitters import ProportionalSplitter
from capi_desktop.ui.panels.composer.templates import demo_purchase

FORM_DEBOUNCE_MS = 60  # form -> preview; well under the 150 ms budget
EDITOR_DEBOUNCE_MS = 150  # JSON editor -> form: lets a burst of typing settle first
LINT_INLINE_MAX = 50  # events; bigger requests are linted once typing pauses
SLOW_LINT_MS = 400
EVENT_TAB, CUSTOMER_TAB, CUSTOM_TAB = range(3)


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


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

    send_requested = Signal(dict)
    request_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._body: dict[str, Any] = {"data": [{}]}
        self._event_index = 0
        self._json_text = ""
        self._renderer = RequestRenderer()
        self._preview_stale = self._editor_stale = False
        self._recommended_for: str | None = None
        self._window: Any = None
        self.findings: list[Finding] = []
        self.score: MatchScore | None = None
        self._build()
        self.tools = ComposerActions(self)
        self._form_timer = _timer(self, FORM_DEBOUNCE_MS, self._update_from_form)
        self._editor_timer = _timer(self, EDITOR_DEBOUNCE_MS, self._apply_editor_text)
        self._lint_timer = _timer(self, SLOW_LINT_MS, self._lint)
        for section in (self.event_section, self.customer, self.custom_data):
            section.changed.connect(self._form_timer.start)
        self.editor.text_edited.connect(self._editor_timer.start)
        self.tools.restore_autosave()

    # ----- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.event_section = EventSection(STANDARD_EVENT_NAMES, ACTION_SOURCES)
        self.consent = ConsentBox()
        self.consent.changed.connect(lambda: self.tools.schedule_autosave())
        self.consent.apply_requested.connect(
            lambda d: self.event_section.apply_ldu(d.country, d.state)
        )
        event_page = QWidget()
        event_layout = QVBoxLayout(event_page)
        event_layout.addWidget(self.event_section)
        event_layout.addWidget(self.consent)
        event_layout.addStretch(1)
        self.customer = CustomerSection()
        self.customer.country_changed.connect(self._country_changed)
        self.custom_data = CustomDataSection()
        self.form_tabs = QTabWidget()
        self.form_tabs.addTab(_scroll(event_page), "Event")
        self.form_tabs.addTab(self.customer, "Customer information")
        self.form_tabs.addTab(_scroll(self.custom_data), "Custom data")

        self.findings_list = FindingsList()
        self.findings_list.finding_activated.connect(self.focus_path)
        self.score_meter = ScoreMeter()
        self.score_meter.add_next.connect(self._add_next_key)
        bottom = ProportionalSplitter(Qt.Orientation.Horizontal, (0.6, 0.4))
        bottom.addWidget(self.findings_list)
        score_area = _scroll(self.score_meter)
        score_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bottom.addWidget(score_area)

        left = ProportionalSplitter(Qt.Orientation.Vertical, (0.72, 0.28))
        left.addWidget(self.form_tabs)
        left.addWidget(bottom)

        self.preview = JsonPreview()
        self.editor = JsonEditor()
        self.editor.discard_requested.connect(self._discard_editor_text)
        self.json_tabs = QTabWidget()
        self.json_tabs.addTab(self.preview, "Request preview")
        self.json_tabs.addTab(self.editor, "Edit JSON")
        self.json_tabs.currentChanged.connect(self._json_tab_changed)

        self.main_splitter = ProportionalSplitter(Qt.Orientation.Horizontal, (0.6, 0.4))
        self.main_splitter.addWidget(left)
        self.main_splitter.addWidget(self.json_tabs)

        self.toolbar = QHBoxLayout()
        self.event_picker = QComboBox()
        self.event_picker.setToolTip("This request holds several events: pick the one to edit")
        self.event_picker.activated.connect(self.select_event)
        self.status = QLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.send_button = QPushButton("Send…")
        self.send_button.setToolTip("Hand this request to Send & Compare (Ctrl+Enter)")
        self.send_button.clicked.connect(self.request_send)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.main_splitter, 1)

    def _shortcut(self, keys: str, slot: Any) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    # ----- body <-> form ------------------------------------------------------------------
    def _update_from_form(self) -> None:
        event = event_at(self._body, self._event_index)
        for section in (self.event_section, self.customer, self.custom_data):
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
        self._refresh_event_picker()

    def _apply_editor_text(self) -> None:
        result = parse_request(self.editor.text())
        if not result.ok or result.request is None:
            self.editor.show_error(result.error)
            return
        self._form_timer.stop()  # the editor is newer than any pending form edit
        self.editor.show_error(None)
        self._body = copy.deepcopy(result.request.body)
        self._load_form()
        self._render(from_editor=True)

    def _discard_editor_text(self) -> None:
        self.editor.show_error(None)
        self.editor.set_text(self._json_text)
        self._editor_stale = False

    def _render(self, *, from_editor: bool) -> None:
        request = CapiRequest(self._body)
        text = self._renderer.render(self._body)
        if text != self._json_text:
            self._json_text = text
            if self.json_tabs.currentWidget() is self.preview:
                self.preview.show_json(text)
            else:
                self._preview_stale = True
            if not from_editor:
                if self.editor.has_error():
                    self.editor.show_error(self.editor._error, form_ahead=True)
                elif self.json_tabs.currentWidget() is self.editor:
                    self.editor.set_text(text)
                else:
                    self._editor_stale = True
        if len(events_of(self._body)) > LINT_INLINE_MAX:
            self._lint_timer.start()  # linting 1,000 events per keystroke would stall typing
        else:
            self._lint(request)
        self.score = score_event(event_at(self._body, self._event_index))
        self.score_meter.show_score(self.score)
        self._refresh_recommended()
        self.tools.schedule_autosave()
        self.request_changed.emit()

    def _lint(self, request: CapiRequest | None = None) -> None:
        context = NormalizeContext(default_country=self.customer.default_country() or None)
        request = request or CapiRequest(self._body)
        self.findings = lint(request, now=int(time.time()), context=context)
        self.findings_list.show_findings(self.findings)

    def _json_tab_changed(self, _index: int) -> None:
        if self.json_tabs.currentWidget() is self.preview and self._preview_stale:
            self.preview.show_json(self._json_text)
            self._preview_stale = False
        elif (
            self.json_tabs.currentWidget() is self.editor
            and not self.editor.has_error()
            and (self._editor_stale or not self.editor.text())
        ):
            self.editor.set_text(self._json_text)
            self._editor_stale = False

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
        for index, event in enumerate(events):
            name = event.get("event_name", "?") if isinstance(event, dict) else "not an object"
            self.event_picker.addItem(f"Event {index + 1} of {len(events)}: {name}")
        self.event_picker.setCurrentIndex(self._event_index)

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

    def load_draft(self, draft: Draft) -> None:
        self._form_timer.stop()
        self._editor_timer.stop()
        self._body = copy.deepcopy(draft.body)
        self._event_index = draft.event_index
        country = draft.default_country or self.services.settings.get(
            "composer_default_country", ""
        )
        self.customer.set_default_country(str(country or ""))
        self._load_form()
        if draft.user_rows:
            from capi_desktop.ui.panels.composer.request_state import UserRow

            self.customer.load_rows([UserRow(k, v) for k, v in draft.user_rows])
        self.consent.set_state(draft.consent)
        self.editor.show_error(None)
        self.editor.set_text("")
        self._json_text = ""
        self._recommended_for = None
        self._update_from_form()

    def current_draft(self) -> Draft:
        self.flush()
        return Draft(
            body=copy.deepcopy(self._body),
            user_rows=[(row.key, row.raw) for row in self.customer.rows()],
            event_index=self._event_index,
            default_country=self.customer.default_country(),
            consent=self.consent.state(),
        )

    def focus_path(self, path: str) -> bool:
        """Show and focus the widget for a finding's JSON path; falls back to the JSON editor."""
        self.flush()
        index, rest = event_location(path)
        if index >= 0 and index != self._event_index:
            self.select_event(index)
        head = rest[0] if rest else None
        found = False
        if head == "user_data":
            self.form_tabs.setCurrentIndex(CUSTOMER_TAB)
            key: str | None = rest[1] if len(rest) > 1 and isinstance(rest[1], str) else None
            occurrence = rest[2] if len(rest) > 2 and isinstance(rest[2], int) else 0
            found = self.customer.focus_key(key, occurrence) if key else False
            if not found:
                self.customer.table.setFocus()
                found = key is None
        elif head == "custom_data":
            self.form_tabs.setCurrentIndex(CUSTOM_TAB)
            name = rest[1] if len(rest) > 1 and isinstance(rest[1], str) else None
            if name == "contents" and len(rest) > 2 and isinstance(rest[2], int):
                field = rest[3] if len(rest) > 3 and isinstance(rest[3], str) else "id"
                found = self.custom_data.focus_content(rest[2], field)
            found = found or (self.custom_data.focus_field(name) if name else False)
        elif isinstance(head, str) and self.event_section.field_widget(head) is not None:
            self.form_tabs.setCurrentIndex(EVENT_TAB)
            found = self.event_section.focus_field(head)
        if not found:
            self.json_tabs.setCurrentWidget(self.editor)
            offset = locate_offset(self.editor.text(), path)
            if offset is not None:
                self.editor.go_to_offset(offset)
                found = True
        return found

    def load_demo(self) -> None:
        """A complete synthetic Purchase, customer tab open on the phone row's variants."""
        self.load_draft(demo_purchase())
        self.form_tabs.setCurrentIndex(CUSTOMER_TAB)
        self.customer.focus_key("ph")
        self.customer.details.setCurrentIndex(1)

    def _add_next_key(self, key: str) -> None:
        target = {"ip_ua": "client_ip_address", "address": "ct"}.get(key, key)
        self.form_tabs.setCurrentIndex(CUSTOMER_TAB)
        row = self.customer.model.row_of(target)
        if row >= 0:
            self.customer.focus_row(row, edit=True)

    def attach_window(self, window: Any) -> None:
        self._window = window

    def request_send(self) -> None:
        body = self.request_body()
        if self._window is not None and hasattr(self._window, "panel"):
            with contextlib.suppress(KeyError):
                self._window.panel("send")  # built on demand; it connects to send_requested
        self.send_requested.emit(body)
        self.tools.show_status("Handed to Send & Compare.")

    def save_draft(self, path: Path | None = None) -> Path | None:
        return self.tools.save_draft(path)

    def open_draft(self, path: Path) -> bool:
        return self.tools.open_draft(path)

    def copy_as(self, fmt: str) -> str | None:
        return self.tools.copy_as(fmt)

    async def shutdown(self) -> None:
        self.tools.autosave_now()
