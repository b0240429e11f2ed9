"""Profile commands of the Credentials panel: new, save, revert, rename, duplicate, delete,
forget token, and the local emulator ("Try without a Meta account")."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from capi_desktop.domain.redact import mask_token
from capi_desktop.ui import async_dialogs as dialogs
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.credentials.controllers.emulator import EmulatorProblem, EmulatorProfile
from capi_desktop.ui.panels.credentials.editor_page import storage_place

if TYPE_CHECKING:
    from capi_desktop.ui.panels.credentials.panel import CredentialsPanel


class ProfileActions:
    """The panel's profile commands: ask, let the ProfilesController do it, show the outcome."""

    def __init__(self, panel: CredentialsPanel) -> None:
        self.panel = panel
        self.profiles = panel.controller
        self.emulator = EmulatorProfile(panel.controller)

    # ----- new / save / revert ------------------------------------------------------------
    @async_slot()
    async def new_profile(self) -> None:
        if await self.panel.switch_to(None, new=True):
            self.panel.form.name_edit.setFocus()
            self.panel.show_status(
                "info", "Fill in the name and Pixel ID, paste the token, then Save."
            )

    @async_slot()
    async def save(self) -> None:
        await self.save_now()

    async def save_now(self) -> bool:
        """Save the form (and a typed token); on any problem keep everything typed."""
        panel, form = self.panel, self.panel.form
        was_new = self.profiles.current_id is None
        try:
            saved = self.profiles.save(form.build_profile(self.profiles.current_id or "new"))
        except ValueError as exc:
            panel.show_status("error", f"Not saved: {exc}.")
            return False
        except OSError as exc:
            panel.show_status(
                "error",
                f"Could not write the profiles file ({exc.strerror or exc}). Your edits are still "
                "in the form: free some disk space or fix the folder's permissions, then Save.",
            )
            return False
        found = self.profiles.result(saved.id) if was_new else None
        if found is not None:  # a Verify run before the first save stays
            panel.profiles.set_status(saved.id, bool(found.check.ok))
        form.mark_saved(saved)
        note = ""
        token = form.token.token()
        if token:
            state = await self.profiles.set_token(saved.id, token)
            form.token.clear_typed()  # the widget never keeps a saved token
            form.token.set_saved_mask(mask_token(token), storage_place(state))
            panel.show_storage(state, has_token=True)
            if state.state != "system":
                note = " The token is kept for this session only (see the warning above)."
        panel.reload(select=saved.id)
        self.profiles.set_active(saved.id, force=True)
        panel.refresh_title()
        panel.show_status("ok", f"Saved “{saved.name}”.{note}")
        return True

    def revert(self) -> None:
        if self.profiles.current_id is not None:
            self.panel.open_profile(self.profiles.current_id)
            self.panel.show_status("info", "Changes discarded.")

    # ----- rename / duplicate / delete ----------------------------------------------------
    @async_slot()
    async def rename_profile(self) -> None:
        profile = self.profiles.current()
        if profile is None:
            return
        name = await dialogs.ask_text(
            self.panel.dialogs,
            self.panel,
            "Rename profile",
            "New name for this profile:",
            profile.name,
        )
        if name is None or not name.strip() or name.strip() == profile.name:
            return
        try:
            renamed = self.profiles.rename(profile.id, name)
        except (ValueError, OSError) as exc:
            self.panel.show_status("error", f"Not renamed: {exc}.")
            return
        self.panel.form.set_name(renamed.name)
        self.panel.form.mark_saved(renamed)
        self.panel.reload(select=renamed.id)
        self.profiles.set_active(renamed.id, force=True)
        self.panel.show_status("ok", f"Renamed to “{renamed.name}”.")

    @async_slot()
    async def duplicate_profile(self) -> None:
        source = self.profiles.current()
        if source is None:
            return
        try:
            copy, copied = await self.profiles.duplicate(source.id)
        except (ValueError, OSError) as exc:
            self.panel.show_status("error", f"Not duplicated: {exc}.")
            return
        self.panel.profiles.fill(self.profiles.profiles(), self.profiles.current_id)
        if await self.panel.switch_to(copy.id):
            with_token = " with the same token" if copied else " (no token to copy)"
            self.panel.show_status("ok", f"Duplicated as “{copy.name}”{with_token}.")
        self.panel.profiles_changed.emit()

    @async_slot()
    async def delete_profile(self) -> None:
        profile = self.profiles.current()
        if profile is None:
            if self.profiles.editing_new:  # an unsaved new profile: just drop the form
                self.panel.open_profile(next(iter(self.panel.profiles.ids()), None))
            return
        agreed = await dialogs.confirm(
            self.panel.dialogs,
            self.panel,
            "Delete profile",
            f"Delete the profile “{profile.name}”?",
            "Delete",
            detail="Its token is removed from the keyring too. This cannot be undone.",
        )
        if not agreed:
            return
        try:
            await self.profiles.remove(profile.id)
        except (KeyError, OSError) as exc:
            self.panel.show_status("error", f"Not deleted: {exc}.")
            return
        self.panel.reload()
        self.panel.show_status("ok", f"Deleted “{profile.name}”.")

    @async_slot()
    async def forget_token(self) -> None:
        profile = self.profiles.current()
        if profile is None:
            return
        agreed = await dialogs.confirm(
            self.panel.dialogs,
            self.panel,
            "Forget token",
            f"Remove the token of “{profile.name}” from {storage_place(self.panel.storage)}?",
            "Forget token",
            detail="Meta shows a token only once: you will need a new one (or your own copy) to "
            "verify or send with this profile again.",
        )
        if not agreed:
            return
        await self.profiles.forget_token(profile.id)
        self.panel.profiles.set_status(profile.id, None)
        self.panel.verify_view.clear()
        self.panel.form.token.set_saved_mask(None)
        self.panel.show_storage(self.profiles.storage_state(), has_token=False)
        self.panel.refresh_title()
        self.panel.show_status(
            "ok", "Token forgotten. Paste a new one and Save to use this profile."
        )

    async def start(self) -> None:
        """Once per run: bring the emulator profile back, show the token state, and verify the
        active profile in the background unless this session already did."""
        panel, profiles = self.panel, self.profiles
        if await self.restore_emulator():
            panel.reload()
            if profiles.current_id and not panel.has_unsaved():
                panel.open_profile(profiles.current_id)  # show the emulator's new address
        await panel.refresh_token_state(profiles.current_id)
        current = profiles.current_id
        if not current or current != profiles.active_id or panel.is_verifying():
            return
        if profiles.result(current) is None and await profiles.token(current):
            panel.verify(background=True)

    # ----- the local emulator -------------------------------------------------------------
    @async_slot()
    async def try_emulator(self) -> None:
        """Start the emulator (once per run) and show a working profile that talks to it."""
        if not await self.panel.switch_to(self.profiles.current_id):  # save/discard edits first
            return
        try:
            profile = await self.emulator.ensure(create=True)
        except EmulatorProblem as exc:
            self.panel.show_status("error", str(exc))
            return
        if profile is None:
            return
        self.panel.reload(select=profile.id)
        self.panel.open_profile(profile.id)
        self.panel.show_status(
            "warning",
            f"Local emulator running at {escape(self.emulator.url)} — not Meta: events go nowhere "
            "else. It stops when CAPI Desktop quits.",
        )
        self.panel.verify()

    async def restore_emulator(self) -> bool:
        """At start: re-create the emulator profile's emulator and token (see EmulatorProfile)."""
        try:
            return await self.emulator.restore() is not None
        except EmulatorProblem as exc:
            self.panel.show_status("error", str(exc))
            return False

    async def stop_emulator(self) -> None:
        await self.emulator.stop()
