"""Profile commands of the Credentials panel: new, save, revert, rename, duplicate, delete,
forget token, and the local emulator ("Try without a Meta account")."""

from __future__ import annotations

import asyncio
from html import escape
from typing import TYPE_CHECKING, Any

from capi_desktop.domain.redact import mask_token, redact
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.credentials import dialogs
from capi_desktop.ui.panels.credentials.profile_form import FIELDS, is_emulator_url

if TYPE_CHECKING:
    from capi_desktop.ui.panels.credentials.panel import CredentialsPanel

EMULATOR_NAME = "Local emulator"


class ProfileActions:
    """Mixin for CredentialsPanel (kept apart so each module stays readable)."""

    def _init_actions(self: CredentialsPanel) -> None:
        self._emulator: Any = None

    # ----- new / save / revert ------------------------------------------------------------
    @async_slot()
    async def new_profile(self: CredentialsPanel) -> None:
        if await self.switch_to(None, new=True):
            self.form.name_edit.setFocus()
            self.show_status("info", "Fill in the name and Pixel ID, paste the token, then Save.")

    @async_slot()
    async def save(self: CredentialsPanel) -> None:
        await self.save_now()

    async def save_now(self: CredentialsPanel) -> bool:
        """Save the form (and a typed token); on any problem keep everything typed."""
        try:
            profile = self.form.build_profile(self._current_id or "new")
        except ValueError as exc:
            self.show_status("error", f"Not saved: {exc}.")
            return False
        token = self.form.token.token()
        try:
            if self._current_id is None:
                extra = {k: v for k, v in profile.to_json().items() if k in FIELDS[2:]}
                saved = self.store.add(profile.name, profile.pixel_id, **extra)
            else:
                saved = self.store.update(profile)
        except ValueError as exc:
            self.show_status("error", f"Not saved: {exc}.")
            return False
        except OSError as exc:
            self.show_status(
                "error",
                f"Could not write the profiles file ({exc.strerror or exc}). Your edits are still "
                "in the form: free some disk space or fix the folder's permissions, then Save.",
            )
            return False
        self._current_id = saved.id
        self.form.mark_saved(saved)
        note = ""
        if token:
            state = await self.store.set_token(saved.id, token)
            self.form.token.clear_typed()  # the widget never keeps a saved token
            self.form.token.set_saved_mask(mask_token(token), self._where(state))
            self.show_storage(state, has_token=True)
            if state.state != "system":
                note = " The token is kept for this session only (see the warning above)."
        self.reload(select=saved.id)
        self._set_active(saved.id, force=True)
        self._form_changed()
        self.show_status("ok", f"Saved “{saved.name}”.{note}")
        return True

    def revert(self: CredentialsPanel) -> None:
        if self._current_id is not None:
            self._open(self._current_id)
            self.show_status("info", "Changes discarded.")

    # ----- rename / duplicate / delete ----------------------------------------------------
    @async_slot()
    async def rename_profile(self: CredentialsPanel) -> None:
        profile = self.store.get(self._current_id) if self._current_id else None
        if profile is None:
            return
        name = await dialogs.ask_text(
            self.dialogs, self, "Rename profile", "New name for this profile:", profile.name
        )
        if name is None or not name.strip() or name.strip() == profile.name:
            return
        try:
            renamed = self.store.rename(profile.id, name)
        except (ValueError, OSError) as exc:
            self.show_status("error", f"Not renamed: {exc}.")
            return
        self.form.set_name(renamed.name)
        self.form.mark_saved(renamed)
        self.reload(select=renamed.id)
        self._set_active(renamed.id, force=True)
        self.show_status("ok", f"Renamed to “{renamed.name}”.")

    @async_slot()
    async def duplicate_profile(self: CredentialsPanel) -> None:
        source = self.store.get(self._current_id) if self._current_id else None
        if source is None:
            return
        try:
            copy = self.store.duplicate(source.id)
        except (ValueError, OSError) as exc:
            self.show_status("error", f"Not duplicated: {exc}.")
            return
        copied = await self.store.copy_token(source.id, copy.id)
        self.profiles.fill(self.store.list_profiles(), self._current_id)
        if await self.switch_to(copy.id):
            with_token = " with the same token" if copied else " (no token to copy)"
            self.show_status("ok", f"Duplicated as “{copy.name}”{with_token}.")
        self.profiles_changed.emit()

    @async_slot()
    async def delete_profile(self: CredentialsPanel) -> None:
        if self._current_id is None:
            if self.pages.currentIndex() == 1:  # an unsaved new profile: just drop the form
                self._open(next(iter(self.profiles.ids()), None))
            return
        profile = self.store.get(self._current_id)
        if profile is None:
            return
        agreed = await dialogs.confirm(
            self.dialogs,
            self,
            "Delete profile",
            f"Delete the profile “{profile.name}”?",
            "Delete",
            detail="Its token is removed from the keyring too. This cannot be undone.",
        )
        if not agreed:
            return
        try:
            await self.store.remove(profile.id)
        except (KeyError, OSError) as exc:
            self.show_status("error", f"Not deleted: {exc}.")
            return
        self._results.pop(profile.id, None)
        if self._active_id == profile.id:
            self._active_id = ""
        self.reload()
        self.show_status("ok", f"Deleted “{profile.name}”.")

    @async_slot()
    async def forget_token(self: CredentialsPanel) -> None:
        profile = self.store.get(self._current_id) if self._current_id else None
        if profile is None:
            return
        agreed = await dialogs.confirm(
            self.dialogs,
            self,
            "Forget token",
            f"Remove the token of “{profile.name}” from {self._where(self._storage)}?",
            "Forget token",
            detail="Meta shows a token only once: you will need a new one (or your own copy) to "
            "verify or send with this profile again.",
        )
        if not agreed:
            return
        await self.store.forget_token(profile.id)
        self._results.pop(profile.id, None)
        self.verify_view.clear()
        self.form.token.set_saved_mask(None)
        self.show_storage(self.store.storage_state(), has_token=False)
        self._form_changed()
        self.show_status("ok", "Token forgotten. Paste a new one and Save to use this profile.")

    # ----- the local emulator -------------------------------------------------------------
    @async_slot()
    async def try_emulator(self: CredentialsPanel) -> None:
        """Start the emulator (once per run) and show a working profile that talks to it."""
        from capi_desktop.backend.emulator import DEFAULT_TOKEN, start_emulator

        if not await self.switch_to(self._current_id):  # unsaved edits: save/discard first
            return
        if self._emulator is None:
            try:
                self._emulator = await asyncio.to_thread(start_emulator)
            except OSError as exc:
                self.show_status("error", f"Could not start the emulator: {redact(str(exc))}")
                return
        url = self._emulator.url
        existing = next(
            (
                p
                for p in self.store.list_profiles()
                if p.name.startswith(EMULATOR_NAME) and is_emulator_url(p.graph_url)
            ),
            None,
        )
        try:
            if existing is not None:  # the port changes each run: point it at this one
                from dataclasses import replace

                profile = self.store.update(replace(existing, graph_url=url))
            else:
                template = self._emulator.profile(EMULATOR_NAME)
                profile = self.store.add(
                    _free_name(self.store, EMULATOR_NAME),
                    template.pixel_id,
                    graph_url=url,
                    notes=template.notes,
                )
        except (ValueError, OSError) as exc:
            self.show_status("error", f"Could not save the emulator profile: {exc}.")
            return
        await self.store.set_token(profile.id, DEFAULT_TOKEN)
        self.reload(select=profile.id)
        self._open(profile.id)
        self.show_status(
            "warning",
            f"Local emulator running at {escape(url)} — not Meta: events go nowhere else. "
            "It stops when CAPI Desktop quits.",
        )
        self.verify()

    async def stop_emulator(self: CredentialsPanel) -> None:
        emulator, self._emulator = self._emulator, None
        if emulator is not None:
            await asyncio.to_thread(emulator.stop)


def _free_name(store: Any, base: str) -> str:
    taken = {p.name.casefold() for p in store.list_profiles()}
    name, number = base, 2
    while name.casefold() in taken:
        name, number = f"{base} {number}", number + 1
    return name
