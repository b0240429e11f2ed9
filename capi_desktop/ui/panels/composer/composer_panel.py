"""The Composer panel: form, live normalize/hash preview, two-way JSON, lint, score, drafts."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QWidget

from capi_desktop.backend.drafts import Draft
from capi_desktop.domain.match_score import MatchScore
from capi_desktop.services import Services
from capi_desktop.ui.links import Links, panel_links
from capi_desktop.ui.panels.composer.composer_actions import ComposerActions
from capi_desktop.ui.panels.composer.composer_layout import build_layout
from capi_desktop.ui.panels.composer.consent_box import ConsentBox
from capi_desktop.ui.panels.composer.controllers.document import ComposerDocument
from capi_desktop.ui.panels.composer.custom_data_tab import CustomDataTab
from capi_desktop.ui.panels.composer.customer_tab import CustomerTab
from capi_desktop.ui.panels.composer.event_picker import EventPicker
from capi_desktop.ui.panels.composer.event_section import EventSection
from capi_desktop.ui.panels.composer.field_focus import CUSTOMER_TAB, focus_path
from capi_desktop.ui.panels.composer.findings_view import FindingsList, ScoreMeter
from capi_desktop.ui.panels.composer.hints import RecommendedHints
from capi_desktop.ui.panels.composer.json_views import JsonEditor, JsonPane, JsonPreview
from capi_desktop.ui.panels.composer.kind_section import KindSection
from capi_desktop.ui.panels.composer.send_guard import SendGuard
from capi_desktop.ui.panels.composer.splitters import ProportionalSplitter
from capi_desktop.ui.panels.composer.templates import demo_purchase
from capi_desktop.ui.widgets.single_shot import single_shot

if TYPE_CHECKING:
    from capi_desktop.domain.lint.findings import Finding
    from capi_desktop.ui.panels.composer.custom_data_section import CustomDataSection
    from capi_desktop.ui.panels.composer.customer_section import CustomerSection

FORM_DEBOUNCE_MS = 60  # form -> preview; well under the 150 ms budget
EDITOR_DEBOUNCE_MS = 150  # JSON editor -> form: lets a burst of typing settle first
LINT_INLINE_MAX = 50  # events; bigger requests are linted once typing pauses
SLOW_LINT_MS = 400


class ComposerPanel(QWidget):
    """Compose one request: a view of `self.document` (a Qt-free `ComposerDocument`).

    Form sections patch the current event with the fields the user edited and hand it to the
    document; the JSON editor's text replaces its body when it parses. On every change the
    form (unless it made the change), preview, lint and match-key score are shown again."""

    # No dict argument: PySide turns it into a QVariantMap, which sorts its keys, so the Send
    # tab got (and sent) the body in another key order than the preview showed.
    request_changed = Signal()

    # Built by composer_layout.build_layout:
    event_section: EventSection
    kind_section: KindSection
    consent: ConsentBox
    customer_tab: CustomerTab
    custom_data_tab: CustomDataTab
    form_sections: tuple[EventSection, CustomerTab, CustomDataTab, KindSection]  # edit the event
    form_tabs: QTabWidget
    findings_list: FindingsList
    score_meter: ScoreMeter
    json_tabs: JsonPane
    preview: JsonPreview
    editor: JsonEditor
    main_splitter: ProportionalSplitter
    toolbar: QHBoxLayout
    event_picker: EventPicker
    status: QLabel
    send_button: QPushButton

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, links: Links | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.links = panel_links(links, self)
        self.document = ComposerDocument()
        self.findings: list[Finding] = []
        self.score: MatchScore | None = None
        build_layout(self)
        self.hints = RecommendedHints(self.event_section, self.custom_data_tab)
        self.tools = ComposerActions(self)
        self.send_guard = SendGuard(self, self.links)
        self._form_timer = single_shot(self, FORM_DEBOUNCE_MS, self._update_from_form)
        self._editor_timer = single_shot(self, EDITOR_DEBOUNCE_MS, self._apply_editor_text)
        # The first lint (its engine and normalization load then, ~70 ms) runs at the loop's
        # next turn, after the panel painted: the list says "checking…" till then (issue 14).
        self._lint_timer = single_shot(self, 0, self._lint)
        self._linted = False
        for section in self.form_sections:
            section.changed.connect(self._form_timer.start)
        self.editor.text_edited.connect(self._editor_timer.start)
        self.document.subscribe(self._document_changed)
        self.tools.restore_autosave()

    # ----- form and editor -> document ----------------------------------------------------
    def _update_from_form(self, *, undoable: bool = True) -> None:
        event = self.document.current_event()
        for section in self.form_sections:
            section.apply(event)
        self.document.edit_event(
            event,
            rows=self.customer_tab.rows(),
            country=self.customer_tab.default_country(),
            undoable=undoable,
        )

    def _apply_editor_text(self) -> None:
        outcome = self.document.apply_text(self.editor.text())
        if outcome.error is not None:
            self.editor.show_error(outcome.error)
            self.tools.schedule_autosave()  # the invalid text is kept in the draft too
            return
        self._form_timer.stop()  # the editor is newer than any pending form edit
        self.editor.show_error(None)
        if outcome.token_removed:
            self.tools.say_token_removed()

    def flush(self) -> None:
        """Apply pending edits and run a pending lint now (before reading, saving, sending)."""
        self._flush_edits()
        if self.lint_pending:
            self._lint_timer.stop()
            self._lint()

    def _flush_edits(self) -> None:
        if self._editor_timer.isActive():
            self._editor_timer.stop()
            self._apply_editor_text()
        if self._form_timer.isActive():
            self._form_timer.stop()
            self._update_from_form()

    def reload_form(self) -> None:
        """Apply pending edits, then show the body again (after a section removed fields)."""
        self.flush()
        self.document.reread_rows()

    # ----- document -> view ---------------------------------------------------------------
    def _document_changed(self, origin: str) -> None:
        if origin != "form":  # the form shows its own edit already
            self._load_form()
        self._render(from_editor=origin == "editor")

    def _load_form(self, *, rows_typed: bool = False) -> None:
        event = self.document.current_event()
        self.event_section.load(event)
        if self.customer_tab.default_country() != self.document.country:  # undo of a country pick
            self.customer_tab.set_default_country(self.document.country)
        self.customer_tab.load_rows(self.document.rows(), dirty=rows_typed)
        self.custom_data_tab.load(event)
        self.kind_section.load(event)
        self.event_picker.show_events(self.document.events(), self.document.event_index)

    def _render(self, *, from_editor: bool) -> None:
        document = self.document
        self.json_tabs.show_text(document.preview_text(), from_editor=from_editor)
        if not self._linted or len(document.events()) > LINT_INLINE_MAX:
            self._lint_timer.start()  # linting 1,000 events per keystroke would stall typing
        else:
            self._lint()
        self.score = document.score()
        self.score_meter.show_score(self.score)
        self.kind_section.show_kind(document.current_event())
        self.hints.refresh()
        self.event_picker.refresh_label(document.events(), document.event_index, self)
        self.tools.schedule_autosave()
        self.request_changed.emit()

    def _lint(self) -> None:
        self.findings = self.document.findings()
        self.findings_list.show_findings(self.findings)
        self._linted = True
        self._lint_timer.setInterval(SLOW_LINT_MS)

    @property
    def lint_pending(self) -> bool:
        """A lint is scheduled and not run yet (`flush` runs it now)."""
        return self._lint_timer.isActive()

    @property
    def customer(self) -> CustomerSection:
        """The Customer information tab's table and details (built now if not yet shown)."""
        return self.customer_tab.section

    @property
    def custom_data(self) -> CustomDataSection:
        """The Custom data tab's fields (built now if not yet shown)."""
        return self.custom_data_tab.section

    @property
    def event_index(self) -> int:
        return self.document.event_index

    def select_event(self, index: int) -> None:
        self.flush()
        self.document.select_event(index)

    # ----- undo ---------------------------------------------------------------------------
    def undo(self) -> bool:
        """Undo the last edit of the request (form or JSON), raw customer input included."""
        self.flush()
        done = self.document.undo()
        self.tools.show_status("Undone." if done else "Nothing to undo.")
        return done

    def redo(self) -> bool:
        self.flush()
        done = self.document.redo()
        self.tools.show_status("Redone." if done else "Nothing to redo.")
        return done

    # ----- public API (links.ComposerPort and the toolbar) --------------------------------
    def request_body(self) -> dict[str, Any]:
        """The exact request body (hashes, not raw input), as a deep copy."""
        self.flush()
        return self.document.sendable_body()

    def load_request(self, body: Any) -> None:
        """Show a request (from history, a paste, another panel): raw input is unknown here."""
        self.load_draft(Draft(body=copy.deepcopy(body)))
        if self.tools.kept_path is not None:  # say now where the replaced work went
            self.tools.show_status("Request loaded.")

    def load_draft(self, draft: Draft) -> None:
        """Show `draft`; unsaved work shown so far is first kept as a file (see `keep_unsaved`)."""
        self.tools.keep_unsaved()
        self._form_timer.stop()
        self._editor_timer.stop()
        country = draft.default_country or self.services.settings.get(
            "composer_default_country", ""
        )
        self.customer_tab.set_default_country(str(country or ""))
        self.consent.set_state(draft.consent)
        self.json_tabs.reset()
        self.hints.reset()
        token_removed = self.document.load(
            draft.body,
            event_index=draft.event_index,
            rows=draft.user_rows,
            country=self.customer_tab.default_country(),
            notify=False,
        )
        self._load_form(rows_typed=bool(draft.user_rows))
        self._update_from_form(undoable=False)  # applies the rows, and a kind's own fields
        if token_removed:
            self.tools.say_token_removed()
        if draft.editor_text:  # text that did not parse when saved: back where it was typed
            self.json_tabs.setCurrentWidget(self.editor)
            self.editor.edit.setPlainText(draft.editor_text)
            self._editor_timer.stop()
            self._apply_editor_text()
        self.tools.mark_unchanged()

    def current_draft(self) -> Draft:
        self._flush_edits()  # a draft holds no findings: a pending lint may wait
        return Draft(
            body=self.document.body(),
            user_rows=[(row.key, row.raw) for row in self.document.rows()],
            event_index=self.document.event_index,
            default_country=self.customer_tab.default_country(),
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

    def request_send(self) -> None:
        """Hand the request to Send & Compare (see `SendGuard.request` for when it asks)."""
        self.send_guard.request()

    def save_draft(self, path: Path | None = None) -> Path | None:
        return self.tools.save_draft(path)

    def open_draft(self, path: Path) -> bool:
        return self.tools.open_draft(path)

    def copy_as(self, fmt: str) -> str | None:
        return self.tools.copy_as(fmt)

    async def shutdown(self) -> None:
        self.tools.autosave_now()
