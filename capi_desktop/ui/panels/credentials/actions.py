"""Profile commands of the Credentials panel: new, save, revert, rename, duplicate, delete,
forget token, and the local emulator ("Try without a Meta account")."""

from __future__ import annotations

import asyncio
from html import escape
from typing import TYPE_CHECKING, Any

from capi_desktop.domain.redact import mask_token, redact
from capi_desktop.ui import async_dialogs as dialogs
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.credentials.profile_form import FIELDS, is_emulator_url

if TYPE_CHECKING:
    from capi_desktop.ui.panels.credentials.panel import CredentialsPanel

EMULATOR_NAME = "Local emulator"


class ProfileActions:
    """The panel's profile commands; the panel delegates its buttons and shortcuts here."""

    def __init__(self, panel: CredentialsPanel) -> None:
        self.panel = panel
        self.emulator: Any = None  # the running emulator (kept until `stop_emulator`)

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
        try:
            profile = self.panel.form.build_profile(self.panel._current_id or "new")
        except ValueError as exc:
            self.panel.show_status("error", f"Not saved: {exc}.")
            return False
        token = self.panel.form.token.token()
        try:
            if self.panel._current_id is None:
                extra = {k: v for k, v in profile.to_json().items() if k in FIELDS[2:]}
                saved = self.panel.store.add(profile.name, profile.pixel_id, **extra)
            else:
                saved = self.panel.store.update(profile)
        except ValueError as exc:
            self.panel.show_status("error", f"Not saved: {exc}.")
            return False
        except OSError as exc:
            self.panel.show_status(
                "error",
                f"Could not write the profiles file ({exc.strerror or exc}). Your edits are still "
                "in the form: free some disk space or fix the folder's permissions, then Save.",
            )
            return False
        if self.panel._current_id is None:  # a Verify run before the first save stays
            unsaved = self.panel.verifier.results.pop("", None)
            if unsaved is not None:
                self.panel.verifier.results[saved.id] = unsaved
                self.panel.profiles.set_status(saved.id, bool(unsaved[0].ok))
        self.panel._current_id = saved.id
        self.panel.form.mark_saved(saved)
        note = ""
        if token:
            state = await self.panel.store.set_token(saved.id, token)
            self.panel.form.token.clear_typed()  # the widget never keeps a saved token
            self.panel.form.token.set_saved_mask(mask_token(token), self.panel._where(state))
            self.panel.show_storage(state, has_token=True)
            if state.state != "system":
                note = " The token is kept for this session only (see the warning above)."
        self.panel.reload(select=saved.id)
        self.panel._set_active(saved.id, force=True)
        self.panel._form_changed()
        self.panel.show_status("ok", f"Saved “{saved.name}”.{note}")
        return True

    def revert(self) -> None:
        if self.panel._current_id is not None:
            self.panel._open(self.panel._current_id)
            self.panel.show_status("info", "Changes discarded.")

    # ----- rename / duplicate / delete ----------------------------------------------------
    @async_slot()
    async def rename_profile(self) -> None:
        profile = self.panel.store.get(self.panel._current_id) if self.panel._current_id else None
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
            renamed = self.panel.store.rename(profile.id, name)
        except (ValueError, OSError) as exc:
            self.panel.show_status("error", f"Not renamed: {exc}.")
            return
        self.panel.form.set_name(renamed.name)
        self.panel.form.mark_saved(renamed)
        self.panel.reload(select=renamed.id)
        self.panel._set_active(renamed.id, force=True)
        self.panel.show_status("ok", f"Renamed to “{renamed.name}”.")

    @async_slot()
    async def duplicate_profile(self) -> None:
        source = self.panel.store.get(self.panel._current_id) if self.panel._current_id else None
        if source is None:
            return
        try:
            copy = self.panel.store.duplicate(source.id)
        except (ValueError, OSError) as exc:
            self.panel.show_status("error", f"Not duplicated: {exc}.")
            return
        copied = await self.panel.store.copy_token(source.id, copy.id)
        self.panel.profiles.fill(self.panel.store.list_profiles(), self.panel._current_id)
        if await self.panel.switch_to(copy.id):
            with_token = " with the same token" if copied else " (no token to copy)"
            self.panel.show_status("ok", f"Duplicated as “{copy.name}”{with_token}.")
        self.panel.profiles_changed.emit()

    @async_slot()
    async def delete_profile(self) -> None:
        if self.panel._current_id is None:
            if self.panel.pages.currentIndex() == 1:  # an unsaved new profile: just drop the form
                self.panel._open(next(iter(self.panel.profiles.ids()), None))
            return
        profile = self.panel.store.get(self.panel._current_id)
        if profile is None:
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
            await self.panel.store.remove(profile.id)
        except (KeyError, OSError) as exc:
            self.panel.show_status("error", f"Not deleted: {exc}.")
            return
        self.panel.verifier.results.pop(profile.id, None)
        if self.panel._active_id == profile.id:
            self.panel._active_id = ""
        self.panel.reload()
        self.panel.show_status("ok", f"Deleted “{profile.name}”.")

    @async_slot()
    async def forget_token(self) -> None:
        profile = self.panel.store.get(self.panel._current_id) if self.panel._current_id else None
        if profile is None:
            return
        agreed = await dialogs.confirm(
            self.panel.dialogs,
            self.panel,
            "Forget token",
            f"Remove the token of “{profile.name}” from {self.panel._where(self.panel._storage)}?",
            "Forget token",
            detail="Meta shows a token only once: you will need a new one (or your own copy) to "
            "verify or send with this profile again.",
        )
        if not agreed:
            return
        await self.panel.store.forget_token(profile.id)
        self.panel.verifier.results.pop(profile.id, None)
        self.panel.profiles.set_status(profile.id, None)
        self.panel.verify_view.clear()
        self.panel.form.token.set_saved_mask(None)
        self.panel.show_storage(self.panel.store.storage_state(), has_token=False)
        self.panel._form_changed()
        self.panel.show_status(
            "ok", "Token forgotten. Paste a new one and Save to use this profile."
        )

    # ----- the local emulator -------------------------------------------------------------
    @async_slot()
    async def try_emulator(self) -> None:
        """Start the emulator (once per run) and show a working profile that talks to it."""
        if not await self.panel.switch_to(
            self.panel._current_id
        ):  # unsaved edits: save/discard first
            return
        profile = await self._emulator_profile(create=True)
        if profile is None:
            return
        self.panel.reload(select=profile.id)
        self.panel._open(profile.id)
        self.panel.show_status(
            "warning",
            f"Local emulator running at {escape(self.emulator.url)} — not Meta: events go nowhere "
            "else. It stops when CAPI Desktop quits.",
        )
        self.panel.verifier.verify()

    async def restore_emulator(self) -> bool:
        """At start: the "Try without a Meta account" profile keeps working after a restart.

        Its token is not a secret and was kept for the session only, and its emulator stopped
        with the last run, so both are re-created (on a new port) before anything is sent.
        """
        if self._saved_emulator_profile() is None:
            return False
        return await self._emulator_profile(create=False) is not None

    def _saved_emulator_profile(self) -> Any:
        return next(
            (
                p
                for p in self.panel.store.list_profiles()
                if p.name.startswith(EMULATOR_NAME) and is_emulator_url(p.graph_url)
            ),
            None,
        )

    async def _emulator_profile(self, *, create: bool) -> Any:
        """Start the emulator if needed, point the emulator profile at it (making one if
        `create`) and store its token; None (with the reason shown) when that failed."""
        from capi_desktop.backend.emulator import DEFAULT_TOKEN, start_emulator

        if self.emulator is None:
            try:
                self.emulator = await asyncio.to_thread(start_emulator)
            except OSError as exc:
                self.panel.show_status("error", f"Could not start the emulator: {redact(str(exc))}")
                return None
        url = self.emulator.url
        existing = self._saved_emulator_profile()
        try:
            if existing is not None:  # the port changes each run: point it at this one
                from dataclasses import replace

                profile = self.panel.store.update(replace(existing, graph_url=url))
            elif create:
                template = self.emulator.profile(EMULATOR_NAME)
                profile = self.panel.store.add(
                    _free_name(self.panel.store, EMULATOR_NAME),
                    template.pixel_id,
                    graph_url=url,
                    notes=template.notes,
                )
            else:
                return None
        except (ValueError, OSError) as exc:
            self.panel.show_status("error", f"Could not save the emulator profile: {exc}.")
            return None
        await self.panel.store.set_token(profile.id, DEFAULT_TOKEN)
        return profile

    async def stop_emulator(self) -> None:
        emulator, self.emulator = self.emulator, None
        if emulator is not None:
            await asyncio.to_thread(emulator.stop)


def _free_name(store: Any, base: str) -> str:
    taken = {p.name.casefold() for p in store.list_profiles()}
    name, number = base, 2
    while name.casefold() in taken:
        name, number = f"{base} {number}", number + 1
    return name
