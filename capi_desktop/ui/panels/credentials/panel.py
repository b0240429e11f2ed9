"""The Credentials panel: profiles list, one form per profile, keyring status, Verify, guide."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from html import escape
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.profile import Profile
from capi_desktop.domain.redact import mask_token
from capi_desktop.services import Services
from capi_desktop.ui import async_dialogs as dialogs
from capi_desktop.ui.async_qt import start_task
from capi_desktop.ui.links import Links
from capi_desktop.ui.panels.credentials.actions import ProfileActions
from capi_desktop.ui.panels.credentials.editor_page import EditorPage, storage_place
from capi_desktop.ui.panels.credentials.empty_state import EmptyState
from capi_desktop.ui.panels.credentials.guide import guide_browser
from capi_desktop.ui.panels.credentials.profile_list import ProfileList
from capi_desktop.ui.panels.credentials.verify_flow import VerifyFlow
from capi_desktop.ui.shortcuts import bind
from capi_desktop.ui.widgets.notice import Notice

if TYPE_CHECKING:
    from capi_desktop.backend.credentials import CredentialStore

log = logging.getLogger(__name__)
ACTIVE_SETTING = "active_profile"


def running_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class CredentialsPanel(QWidget):
    """Other panels read `active_profile()` and listen to `active_profile_changed(id)`."""

    active_profile_changed = Signal(str)
    profiles_changed = Signal()

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, links: Links | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.links = links if links is not None else Links()
        # The app always builds a store; ProfilesController will own this (issue 14).
        self.store = cast("CredentialStore", services.credentials)
        self.dialogs = dialogs.DialogHost()
        self._current_id: str | None = None
        self._active_id = str(services.settings.get(ACTIVE_SETTING) or "")
        self._started = False
        self._guide_pinned = False  # the user opened or closed the guide: leave it that way
        self.commands = ProfileActions(self)
        self.verifier = VerifyFlow(self)
        self._build()
        self._connect()
        self.reload(select=self._active_id or None)
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
        self.form.changed.connect(self._form_changed)
        bind(self, "credentials.save", commands.save)
        bind(self, "credentials.verify", self.verify)
        bind(self, "credentials.new", commands.new_profile)
        bind(self, "credentials.rename", commands.rename_profile)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.profiles.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
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
        if self.store is None or not self._active_id:
            return None
        try:
            return self.store.get(self._active_id)
        except Exception:
            return None

    def current_profile_id(self) -> str | None:
        return self._current_id

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
        if self._started or not running_loop() or self.store is None:
            return
        self._started = True
        self.spawn(self._startup())

    async def _startup(self) -> None:
        if await self.commands.restore_emulator():
            self.reload()
            if self._current_id and not self._has_unsaved():
                self._open(self._current_id)  # show the emulator's new address
        await self._refresh_token_state(self._current_id)
        current = self._current_id
        if not current or current != self._active_id or self.is_verifying():
            return
        if current not in self.verifier.results and await self.store.has_token(current):
            self.verify(background=True)

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any] | None:
        """Start a task if the asyncio loop runs (it does not while taking screenshots)."""
        if not running_loop():
            coro.close()
            return None
        return start_task(coro)

    async def shutdown(self) -> None:
        await self.verifier.stop()
        await self.commands.stop_emulator()

    # ----- loading and switching ----------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        """Re-read the profiles; show `select` (else the current, else the first)."""
        if self.store is None:
            self.banner.show_message("error", "Credentials are not available in this build.")
            self.setEnabled(False)
            return
        profiles = self.store.list_profiles()
        if self.store.load_problem:
            self.banner.show_message(
                "error",
                f"<b>Saved profiles could not all be read.</b> {escape(self.store.load_problem)}"
                "<br>Create the missing profiles again; tokens still in the keyring are unaffected"
                " but cannot be matched to the lost profiles.",
            )
        ids = [p.id for p in profiles]
        typing_new = self._current_id is None and self.pages.currentIndex() == 1
        if select in ids:
            wanted: str | None = select
        elif self._current_id in ids:
            wanted = self._current_id
        elif typing_new:
            wanted = None
        else:
            wanted = ids[0] if ids else None
        self.profiles.fill(profiles, wanted)
        if not typing_new and (wanted != self._current_id or wanted is None):
            self._open(wanted)
        self.profiles_changed.emit()

    def _list_selected(self, profile_id: str) -> None:
        if profile_id == self._current_id:
            return
        if not self._has_unsaved():
            self._open(profile_id)
            return
        # The list shows the target while the user decides; `switch_to` moves it back on
        # Cancel (changing the current row inside its own change signal is not safe in Qt).
        self.spawn(self.switch_to(profile_id))

    def _has_unsaved(self) -> bool:
        return self.pages.currentIndex() == 1 and self.form.is_dirty()

    def unsaved_changes(self) -> str | None:
        """What the main window should warn about on close, or None."""
        if not self._has_unsaved():
            return None
        return f'Profile "{self.form.fields()["name"] or "new profile"}" has unsaved changes.'

    async def save_unsaved(self) -> bool:
        return bool(await self.commands.save_now())

    async def switch_to(self, profile_id: str | None, *, new: bool = False) -> bool:
        """Show another profile (None: a new one), asking what to do with unsaved edits."""
        if self._has_unsaved():
            name = self.form.fields()["name"] or "this new profile"
            roles = QMessageBox.ButtonRole
            choice = await dialogs.ask_choice(
                self.dialogs,
                self,
                "Unsaved changes",
                f"Save your changes to “{name}” first?",
                [
                    ("Save", roles.AcceptRole),
                    ("Discard", roles.DestructiveRole),
                    ("Cancel", roles.RejectRole),
                ],
                detail="Discarding forgets what you typed in this form, including a pasted token.",
                default=0,
            )
            if choice not in (0, 1) or (choice == 0 and not await self.commands.save_now()):
                self.profiles.select(self._current_id)
                return False
        self._open(profile_id, new=new)
        return True

    def _open(self, profile_id: str | None, *, new: bool = False) -> None:
        profile = self.store.get(profile_id) if profile_id else None
        self._current_id = profile.id if profile else None
        self.profiles.select(self._current_id)
        has_profiles = bool(self.profiles.ids())
        self.pages.setCurrentIndex(1 if profile or new else 0)
        if not self._guide_pinned:  # the empty state explains itself with the guide
            self.guide_button.setChecked(not has_profiles and not new)
        self.guide.setVisible(self.guide_button.isChecked())
        self.form.load(profile)
        self.form.token.set_saved_mask(None)
        self.status_label.clear()
        self.verifier.show_cached_result(self._current_id)
        if profile is not None:
            self._set_active(profile.id)
            self.spawn(self._refresh_token_state(profile.id))
        self._form_changed()

    def _set_active(self, profile_id: str, *, force: bool = False) -> None:
        if profile_id == self._active_id and not force:
            return
        self._active_id = profile_id
        self.services.settings.set(ACTIVE_SETTING, profile_id)
        try:
            self.services.settings.save()
        except OSError as exc:
            log.warning("could not save settings: %s", exc)
        self.active_profile_changed.emit(profile_id)

    def _form_changed(self) -> None:
        self.editor.refresh_title(new=self._current_id is None)

    # ----- tokens and storage -------------------------------------------------------------
    async def _refresh_token_state(self, profile_id: str | None) -> None:
        state = await self.store.refresh_storage_state()
        token = await self.store.get_token(profile_id) if profile_id else None
        state = self.store.storage_state()  # reading may have found the keyring locked
        if profile_id != self._current_id:
            return
        self.show_storage(state, has_token=bool(token))
        self.form.token.set_saved_mask(
            mask_token(token) if token else None,
            self._where(state),
            unreadable=state.state != "system",
        )
        self._form_changed()

    def _where(self, state: Any) -> str:
        return storage_place(state)

    def show_storage(self, state: Any, *, has_token: bool) -> None:
        self.editor.show_storage(state, has_token=has_token)

    @property
    def _storage(self) -> Any:
        return self.editor.storage_state

    def show_status(self, level: str, text: str) -> None:
        self.editor.show_status(level, text)

    def load_demo(self) -> None:
        """Synthetic profiles and a successful verification, for screenshots (no network)."""
        from capi_desktop.ui.panels.credentials.demo import fill_demo

        fill_demo(self)
