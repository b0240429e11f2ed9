"""The Credentials panel: profiles list, one form per profile, keyring status, Verify, guide."""

from __future__ import annotations

import logging
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.profile import Profile
from capi_desktop.services import Services
from capi_desktop.ui import async_dialogs as dialogs
from capi_desktop.ui.async_qt import loop_running, start_task
from capi_desktop.ui.links import Links, panel_links
from capi_desktop.ui.panels.credentials.actions import ProfileActions
from capi_desktop.ui.panels.credentials.controllers.profiles import UNAVAILABLE, ProfilesController
from capi_desktop.ui.panels.credentials.editor_page import EditorPage
from capi_desktop.ui.panels.credentials.empty_state import EmptyState
from capi_desktop.ui.panels.credentials.guide import guide_browser
from capi_desktop.ui.panels.credentials.profile_list import ProfileList
from capi_desktop.ui.panels.credentials.unsaved_dialog import Unsaved, ask_save_first
from capi_desktop.ui.panels.credentials.verify_flow import VerifyFlow
from capi_desktop.ui.qt_keys import set_keys
from capi_desktop.ui.shortcuts import bind
from capi_desktop.ui.widgets.notice import Notice

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Coroutine

    from capi_desktop.backend.keyring_calls import StorageState

log = logging.getLogger(__name__)


class CredentialsPanel(QWidget):
    """Renders the ProfilesController and forwards input to it; other panels follow
    `links.active_profile` (the `active_profile_changed(id)` / `profiles_changed` signals stay
    until every panel has moved there)."""

    active_profile_changed = Signal(str)
    profiles_changed = Signal()

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, links: Links | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.links = panel_links(links, self)
        self.controller = ProfilesController(
            services.credentials, services.settings, self.links.active_profile, self
        )
        self.controller.active_changed.connect(self.active_profile_changed)
        self.dialogs = dialogs.DialogHost()
        self._started = False
        self._guide_pinned = False  # the user opened or closed the guide: leave it that way
        self.commands = ProfileActions(self)
        self.verifier = VerifyFlow(self)
        self._build()
        self._connect()
        self.reload(select=self.controller.active_id or None)
        QTimer.singleShot(0, self, self.on_app_started)  # after the loop runs: keyring + verify

    # ----- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        title = QLabel("<b>Credentials</b> — which Pixel to send to, and with which token")
        self.guide_button = QPushButton("How do I get a token?")
        self.guide_button.setCheckable(True)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.guide_button)
        self.banner = Notice(framed=True)
        self.profiles = ProfileList()
        self.editor = EditorPage()
        # The page's parts, named on the panel for other code and tests.
        self.form = self.editor.form
        self.profile_title = self.editor.profile_title
        self.storage_line = self.editor.storage_line
        self.save_button = self.editor.save_button
        self.revert_button = self.editor.revert_button
        self.forget_button = self.editor.forget_button
        self.verify_button = self.editor.verify_button
        self.status_label = self.editor.status_label
        self.verify_view = self.editor.verify_view
        self.empty = EmptyState()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.editor)
        self.guide = guide_browser()
        self.splitter = QSplitter()
        self.splitter.addWidget(self.profiles)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.guide)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.profiles.setMinimumWidth(190)
        self.guide.setMinimumWidth(260)
        self.splitter.setSizes([220, 700, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self.guide_button.toggled.connect(self.guide.setVisible)
        self.guide_button.clicked.connect(self._guide_clicked)
        self.profiles.selected.connect(self._list_selected)
        commands = self.commands
        self.profiles.new_button.clicked.connect(commands.new_profile)
        self.empty.new_button.clicked.connect(commands.new_profile)
        self.profiles.duplicate_button.clicked.connect(commands.duplicate_profile)
        self.profiles.rename_button.clicked.connect(commands.rename_profile)
        self.profiles.delete_button.clicked.connect(commands.delete_profile)
        self.profiles.emulator_button.clicked.connect(commands.try_emulator)
        self.empty.emulator_button.clicked.connect(commands.try_emulator)
        self.save_button.clicked.connect(commands.save)
        self.revert_button.clicked.connect(commands.revert)
        self.forget_button.clicked.connect(commands.forget_token)
        self.verify_button.clicked.connect(lambda: self.verify())
        self.verify_view.cancel_button.clicked.connect(self.cancel_verify)
        self.form.changed.connect(self.refresh_title)
        bind(self, "credentials.save", commands.save)
        bind(self, "credentials.verify", self.verify)
        bind(self, "credentials.new", commands.new_profile)
        bind(self, "credentials.rename", commands.rename_profile)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.profiles.list)
        set_keys(delete, "context", "WidgetShortcut")
        delete.activated.connect(commands.delete_profile)

    def _guide_clicked(self, checked: bool) -> None:
        self._guide_pinned = True
        if checked:
            sizes = self.splitter.sizes()
            wanted = max(300, sizes[2])
            self.splitter.setSizes([sizes[0], max(sizes[1] - wanted, 200), wanted])

    def show_guide(self, visible: bool = True) -> None:
        self.guide_button.setChecked(visible)

    # ----- public API ---------------------------------------------------------------------
    def active_profile(self) -> Profile | None:
        """The last selected saved profile (what Composer / Send use by default)."""
        return self.controller.active_profile()

    def current_profile_id(self) -> str | None:
        return self.controller.current_id

    # Commands live in `self.commands` (ProfileActions: new_profile, save, save_now,
    # rename_profile, duplicate_profile, delete_profile, forget_token, try_emulator).
    def verify(self, background: bool = False) -> asyncio.Task[Any] | None:
        return self.verifier.verify(background)

    def cancel_verify(self) -> None:
        self.verifier.cancel_verify()

    def is_verifying(self) -> bool:
        return self.verifier.is_verifying()

    def on_app_started(self) -> None:
        """Once per run, in the background: probe the keyring, verify the active profile."""
        if self._started or not loop_running() or not self.controller.available:
            return
        self._started = True
        self.spawn(self.commands.start())

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any] | None:
        """Start a task if the asyncio loop runs (it does not while taking screenshots)."""
        if not loop_running():
            coro.close()
            return None
        return start_task(coro)

    async def shutdown(self) -> None:
        await self.verifier.stop()
        await self.commands.stop_emulator()

    # ----- loading and switching ----------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        """Re-read the profiles; show `select` (else the current, else the first)."""
        controller = self.controller
        profiles = controller.reload()
        if not controller.available:
            self.banner.show_message("error", UNAVAILABLE)
            self.setEnabled(False)
            return
        if controller.load_problem:
            self.banner.show_message(
                "error",
                f"<b>Saved profiles could not all be read.</b> {escape(controller.load_problem)}"
                "<br>Create the missing profiles again; tokens still in the keyring are unaffected"
                " but cannot be matched to the lost profiles.",
            )
        wanted = controller.choose(select)
        self.profiles.fill(profiles, wanted)
        if not controller.editing_new and (wanted != controller.current_id or wanted is None):
            self.open_profile(wanted)
        self.profiles_changed.emit()

    def _list_selected(self, profile_id: str) -> None:
        if profile_id == self.controller.current_id:
            return
        if not self.has_unsaved():
            self.open_profile(profile_id)
            return
        # The list shows the target while the user decides; `switch_to` moves it back on
        # Cancel (changing the current row inside its own change signal is not safe in Qt).
        self.spawn(self.switch_to(profile_id))

    def has_unsaved(self) -> bool:
        return self.controller.editing and self.form.is_dirty()

    def unsaved_changes(self) -> str | None:
        """What the main window should warn about on close, or None."""
        if not self.has_unsaved():
            return None
        return f'Profile "{self.form.fields()["name"] or "new profile"}" has unsaved changes.'

    async def save_unsaved(self) -> bool:
        return bool(await self.commands.save_now())

    async def switch_to(self, profile_id: str | None, *, new: bool = False) -> bool:
        """Show another profile (None: a new one), asking what to do with unsaved edits."""
        if self.has_unsaved():
            name = self.form.fields()["name"] or "this new profile"
            choice = await ask_save_first(self.dialogs, self, name)
            if choice is Unsaved.CANCEL or (
                choice is Unsaved.SAVE and not await self.commands.save_now()
            ):
                self.profiles.select(self.controller.current_id)
                return False
        self.open_profile(profile_id, new=new)
        return True

    def open_profile(self, profile_id: str | None, *, new: bool = False) -> None:
        """Show this profile's form (None: the empty state, or a blank form when `new`)."""
        profile = self.controller.open(profile_id, new=new)
        self.profiles.select(self.controller.current_id)
        has_profiles = bool(self.profiles.ids())
        self.pages.setCurrentIndex(1 if profile or new else 0)
        if not self._guide_pinned:  # the empty state explains itself with the guide
            self.guide_button.setChecked(not has_profiles and not new)
        self.guide.setVisible(self.guide_button.isChecked())
        self.form.load(profile)
        self.form.token.set_saved_mask(None)
        self.status_label.clear()
        self.verifier.show_cached_result(self.controller.current_id)
        if profile is not None:
            self.spawn(self.refresh_token_state(profile.id))
        self.refresh_title()

    def refresh_title(self) -> None:
        self.editor.refresh_title(new=self.controller.current_id is None)

    # ----- tokens and storage -------------------------------------------------------------
    async def refresh_token_state(self, profile_id: str | None) -> None:
        """Show where tokens go and this profile's saved token (masked), read off the UI."""
        state, token = await self.controller.saved_token(profile_id)
        if profile_id == self.controller.current_id:
            self.editor.show_saved_token(state, token)
            self.refresh_title()

    def show_storage(self, state: StorageState, *, has_token: bool) -> None:
        self.editor.show_storage(state, has_token=has_token)

    @property
    def storage(self) -> StorageState | None:
        """The storage state last shown (where a saved token lives)."""
        return self.editor.storage_state

    def show_status(self, level: str, text: str) -> None:
        self.editor.show_status(level, text)

    def load_demo(self) -> None:
        """Synthetic profiles and a successful verification, for screenshots (no network)."""
        from capi_desktop.ui.panels.credentials.demo import fill_demo

        fill_demo(self)
