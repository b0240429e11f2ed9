"""Composer toolbar actions: drafts (autosave, open, save, recent, templates), Copy as, shortcuts."""

from __future__ import annotations

import logging
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMenu, QToolButton

from capi_desktop import paths
from capi_desktop.backend.drafts import (
    DRAFT_SUFFIX,
    DraftError,
    DraftStore,
    read_draft,
    write_draft,
)
from capi_desktop.domain.event_kinds import KINDS
from capi_desktop.ui.panels.composer.catalog import STANDARD_EVENT_NAMES
from capi_desktop.ui.panels.composer.copy_as import CopyAs
from capi_desktop.ui.panels.composer.templates import blank, kind_template, template
from capi_desktop.ui.panels.composer.undo_buttons import UndoButtons
from capi_desktop.ui.shortcuts import bind
from capi_desktop.ui.theme import SEVERITY_COLORS
from capi_desktop.ui.widgets.single_shot import single_shot

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFileDialog

    from capi_desktop.ui.panels.composer.composer_panel import ComposerPanel

log = logging.getLogger(__name__)
AUTOSAVE_MS = 1000
FILE_FILTER = f"CAPI drafts (*{DRAFT_SUFFIX});;JSON files (*.json);;All files (*)"


def _menu_button(text: str, tip: str, menu: QMenu) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setMenu(menu)
    return button


def _has_content(draft: Any) -> bool:
    """More than a blank event: customer data, custom data, unparsed JSON, several events."""
    events = draft.body.get("data") if isinstance(draft.body, dict) else None
    bare = {"event_name", "event_time", "event_id", "action_source", "user_data"}
    return bool(
        draft.editor_text
        or any(raw.strip() for _key, raw in draft.user_rows)
        or not isinstance(events, list)
        or len(events) != 1
        or not isinstance(events[0], dict)
        or set(events[0]) - bare
        or events[0].get("user_data")
    )


def _button(text: str, tip: str, slot: Any) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


class ComposerActions:
    """The panel's toolbar and file/clipboard work; the panel keeps the form and the body."""

    def __init__(self, panel: ComposerPanel) -> None:
        self.panel = panel
        self.drafts = DraftStore(paths.data_dir() / "drafts")
        self.draft_path: Path | None = None
        self.kept_path: Path | None = None  # where `keep_unsaved` last put unsaved work
        self._baseline: dict[str, Any] | None = None  # the draft as last loaded or saved
        self._kept_note = ""
        self._dialogs: list[QFileDialog] = []
        self._autosave_timer = single_shot(panel, AUTOSAVE_MS, self.autosave_now)

        new_menu = QMenu(panel)
        new_menu.addAction("Blank event", lambda: self.start(blank()))
        new_menu.addSection("Templates (synthetic sample data)")
        for name in STANDARD_EVENT_NAMES:
            new_menu.addAction(name, partial(self.start_template, name))
        new_menu.addSection("Other kinds of event (app, store, CRM, messaging…)")
        for kind in KINDS.values():
            if kind.key != "website":
                new_menu.addAction(kind.label, partial(self.start_kind, kind.key))
        self.recent_menu = QMenu(panel)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.copier = CopyAs(panel, self.show_status)

        bar = self.panel.toolbar
        new_button = _menu_button("New ▾", "Start a blank event or a template", new_menu)
        new_button.setObjectName("composer_new")
        bar.addWidget(new_button)
        bar.addWidget(_button("Open…", "Open a draft or a request JSON file", self.choose_open))
        bar.addWidget(_button("Save", "Save the draft (Ctrl+S)", lambda: self.save_draft()))
        bar.addWidget(_button("Save as…", "Save the draft to a new file", self.choose_save))
        bar.addWidget(_menu_button("Recent ▾", "Recently used drafts", self.recent_menu))
        bar.addWidget(
            _menu_button(
                "Copy as ▾", "Code that sends this request (token placeholder)", self.copier.menu
            )
        )
        self.undo_buttons = UndoButtons(panel, panel.document.history, panel.undo, panel.redo)
        panel.document.subscribe(lambda _origin: self.undo_buttons.refresh())
        bar.addWidget(self.undo_buttons.undo_button)
        bar.addWidget(self.undo_buttons.redo_button)
        bar.addWidget(self.panel.event_picker)
        bar.addWidget(self.panel.status, 1)
        bar.addWidget(self.panel.send_button)

        bind(self.panel, "composer.send", self.panel.request_send)
        bind(self.panel, "composer.save", lambda: self.save_draft())
        bind(self.panel, "composer.copy_curl", lambda: self.copy_as("curl"))

    # ----- status -------------------------------------------------------------------------
    def say_token_removed(self) -> None:
        self.show_status(
            "Removed the access_token from the request: tokens belong in Credentials "
            "(OS keyring), never in a draft.",
            error=True,
        )

    def show_status(self, text: str, *, error: bool = False) -> None:
        if self._kept_note:  # said once, after whatever replaced the kept draft
            text, self._kept_note = f"{text} {self._kept_note}", ""
        self.panel.status.setText(text)
        self.panel.status.setToolTip(text)
        self.panel.status.setStyleSheet(f"color: {SEVERITY_COLORS['error']};" if error else "")

    # ----- autosave -----------------------------------------------------------------------
    def schedule_autosave(self) -> None:
        self._autosave_timer.start()

    def autosave_now(self) -> None:
        self._autosave_timer.stop()
        try:
            self.drafts.autosave(self.panel.current_draft())
        except OSError as exc:
            log.warning("autosave failed: %s", exc)
            self.show_status(f"Autosave failed: {exc.strerror or exc}", error=True)

    def restore_autosave(self) -> None:
        draft = self.drafts.load_autosave()
        if draft is None:
            self.panel.load_draft(blank())
            if self.drafts.problem:
                self.show_status(self.drafts.problem, error=True)
            return
        self.panel.load_draft(draft)
        if _has_content(draft):  # work from the last run, maybe never saved to a file
            self._baseline = {}
        self.show_status("Restored your last draft.")

    def mark_unchanged(self) -> None:
        """The shown draft is saved (or freshly loaded): nothing to keep when it is replaced."""
        self._baseline = self.panel.current_draft().to_json()

    def keep_unsaved(self) -> Path | None:
        """Before the shown draft is replaced (New, Open, Recent, a request from another panel):
        if it was edited since it was loaded or saved — including JSON-editor text that does not
        parse — write it to the drafts folder and list it under Recent, so nothing is lost."""
        self.kept_path = None
        if self._baseline is None:
            return None  # nothing shown yet (start-up restores the autosave)
        draft = self.panel.current_draft()
        if draft.to_json() == self._baseline:
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = self.drafts.folder / f"unsaved-{stamp}{DRAFT_SUFFIX}"
        number = 2
        while path.exists():
            path = self.drafts.folder / f"unsaved-{stamp}-{number}{DRAFT_SUFFIX}"
            number += 1
        try:
            write_draft(path, draft)
            self.drafts.add_recent(path)
        except OSError as exc:
            log.warning("could not keep the unsaved draft: %s", exc)
            return None
        what = "JSON that did not parse" if draft.editor_text else "unsaved draft"
        self._kept_note = f"Your previous {what} was kept as {path.name} (Recent ▾)."
        self.kept_path = path
        return path

    def start_template(self, event_name: str) -> None:
        self.start(template(event_name))

    def start_kind(self, kind: str) -> None:
        """A template of another kind of event (app, store, CRM, messaging, …)."""
        self.start(kind_template(kind))

    def start(self, draft: Any) -> None:
        self.draft_path = None
        self.panel.load_draft(draft)
        self.show_status("New draft (not saved to a file yet; autosaved).")

    # ----- files --------------------------------------------------------------------------
    def save_draft(self, path: Path | None = None) -> Path | None:
        """Save to `path`, the current draft file, or ask for a file name (non-blocking)."""
        target = path or self.draft_path
        if target is None:
            self.choose_save()
            return None
        try:
            write_draft(target, self.panel.current_draft())
            self.drafts.add_recent(target)
        except OSError as exc:
            self.show_status(f"Could not save {target.name}: {exc.strerror or exc}", error=True)
            return None
        self.draft_path = target
        self.mark_unchanged()
        self.show_status(f"Saved {target.name}")
        return target

    def open_draft(self, path: Path) -> bool:
        try:
            draft = read_draft(path)
        except (OSError, DraftError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.show_status(f"Could not open {path.name}: {message}", error=True)
            return False
        self.panel.load_draft(draft)
        self.draft_path = path
        self.drafts.add_recent(path)
        self.show_status(f"Opened {path.name}")
        return True

    def _dialog(self, title: str, save: bool, slot: Any) -> QFileDialog:
        from PySide6.QtWidgets import QFileDialog  # here: PySide builds the class on first use

        folder = str(self.draft_path.parent if self.draft_path else self.drafts.folder)
        dialog = QFileDialog(self.panel, title, folder, FILE_FILTER)
        if save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix(DRAFT_SUFFIX.lstrip("."))
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda name: slot(Path(name)))
        dialog.finished.connect(lambda _=0, d=dialog: self._dialogs.remove(d))
        self._dialogs.append(dialog)
        dialog.open()  # never exec(): no nested event loop under qasync
        return dialog

    def choose_save(self) -> QFileDialog:
        return self._dialog("Save draft", True, self.save_draft)

    def choose_open(self) -> QFileDialog:
        return self._dialog("Open draft", False, self.open_draft)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.drafts.recent()
        if not recent:
            self.recent_menu.addAction("No recent drafts").setEnabled(False)
        for path in recent:
            action = self.recent_menu.addAction(path.name, partial(self.open_draft, path))
            action.setToolTip(str(path))
            action.setEnabled(path.exists())

    def copy_as(self, fmt: str) -> str | None:
        return self.copier.copy(fmt)
