"""ProfilesController: the saved profiles, the one on screen and the active one, their tokens and
this session's Verify results; publishes to the app-wide ActiveProfile (no widgets here)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal

from capi_desktop.domain.profile import Profile

if TYPE_CHECKING:
    from capi_desktop.backend.credentials import CredentialStore, StorageState
    from capi_desktop.backend.graph_models import CredentialCheck
    from capi_desktop.backend.settings import Settings
    from capi_desktop.ui.links import ActiveProfile

log = logging.getLogger(__name__)
ACTIVE_SETTING = "active_profile"
UNAVAILABLE = "Credentials are not available in this build."
UNSAVED = ""  # the Verify results key of a profile that is not saved yet
_ADD_FIELDS = ("api_version", "graph_url", "test_event_code", "notes")


class CredentialsUnavailable(RuntimeError):
    """There is no credential store (a build or test without one): nothing can be saved."""

    def __init__(self) -> None:
        super().__init__(UNAVAILABLE)


class VerifyResult(NamedTuple):
    check: CredentialCheck
    checked_at: dt.datetime
    emulator: bool  # verified against the local emulator, not Meta


class ProfilesController(QObject):
    """`current_id` is the profile being edited (None: none, or a new one being typed);
    `active_id` the one other panels send as (saved in the settings, published to `active`)."""

    active_changed = Signal(str)  # also on a re-save of the same profile (its fields changed)

    def __init__(
        self,
        store: CredentialStore | None,
        settings: Settings,
        active: ActiveProfile,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._settings = settings
        self._active = active
        self._profiles: list[Profile] = []
        self._new = False
        self.current_id: str | None = None
        self.active_id = str(settings.get(ACTIVE_SETTING) or "")
        self.results: dict[str, VerifyResult] = {}

    # ----- the list -----------------------------------------------------------------------
    @property
    def available(self) -> bool:
        return self._store is not None

    @property
    def store(self) -> CredentialStore:
        if self._store is None:
            raise CredentialsUnavailable()
        return self._store

    @property
    def load_problem(self) -> str | None:
        """Why the saved profiles could not all be read (None: they could)."""
        return self._store.load_problem if self._store is not None else UNAVAILABLE

    def reload(self) -> list[Profile]:
        """Re-read the profiles and publish them (with any load problem) to ActiveProfile."""
        self._profiles = self._store.list_profiles() if self._store is not None else []
        self._active.publish(self._profiles, self.load_problem)
        self._active.select(self.active_id if self.get(self.active_id) else "")
        return list(self._profiles)

    def profiles(self) -> list[Profile]:
        return list(self._profiles)

    def get(self, profile_id: str | None) -> Profile | None:
        if not profile_id or self._store is None:
            return None
        return self._store.get(profile_id)

    def choose(self, select: str | None) -> str | None:
        """Which profile to show after a reload: `select`, else the current one, else (unless
        a new profile is being typed) the first."""
        ids = [p.id for p in self._profiles]
        if select in ids:
            return select
        if self.current_id in ids:
            return self.current_id
        if self.editing_new:
            return None
        return ids[0] if ids else None

    # ----- current and active -------------------------------------------------------------
    @property
    def editing_new(self) -> bool:
        """A new profile's form is open and not saved yet."""
        return self.current_id is None and self._new

    @property
    def editing(self) -> bool:
        """A form is open (a saved profile or a new one), not the empty state."""
        return self.current_id is not None or self._new

    def open(self, profile_id: str | None, *, new: bool = False) -> Profile | None:
        """Make this profile (None: none, or a new one) the current one; a saved profile shown
        becomes the active one."""
        profile = self.get(profile_id)
        self.current_id = profile.id if profile else None
        self._new = new and profile is None
        if profile is not None:
            self.set_active(profile.id)
        return profile

    def current(self) -> Profile | None:
        return self.get(self.current_id)

    def active_profile(self) -> Profile | None:
        """The last selected saved profile (what Composer / Send use by default)."""
        try:
            return self.get(self.active_id)
        except Exception:  # a damaged store must not break the panels that ask
            return None

    def set_active(self, profile_id: str, *, force: bool = False) -> None:
        if profile_id == self.active_id and not force:
            return
        self.active_id = profile_id
        self._settings.set(ACTIVE_SETTING, profile_id)
        try:
            self._settings.save()
        except OSError as exc:
            log.warning("could not save settings: %s", exc)
        self._active.select(profile_id)
        self.active_changed.emit(profile_id)

    # ----- edits (ValueError / OSError carry the reason to show) --------------------------
    def save(self, profile: Profile) -> Profile:
        """Add the current new profile or update the current saved one; it becomes current."""
        if self.current_id is None:
            extra = {k: v for k, v in profile.to_json().items() if k in _ADD_FIELDS}
            saved = self.store.add(profile.name, profile.pixel_id, **extra)
            unsaved = self.results.pop(UNSAVED, None)  # a Verify run before the first save
            if unsaved is not None:
                self.results[saved.id] = unsaved
        else:
            saved = self.store.update(profile)
        self.current_id = saved.id
        return saved

    def rename(self, profile_id: str, name: str) -> Profile:
        return self.store.rename(profile_id, name)

    async def duplicate(self, profile_id: str) -> tuple[Profile, bool]:
        """A copy of the profile and whether its token came along."""
        copy = self.store.duplicate(profile_id)
        copied = await self.store.copy_token(profile_id, copy.id)
        self.reload()
        return copy, copied

    async def remove(self, profile_id: str) -> None:
        """Delete the profile, its token and its Verify result; no profile is active then."""
        await self.store.remove(profile_id)
        self.results.pop(profile_id, None)
        if self.active_id == profile_id:
            self.active_id = ""

    # ----- tokens -------------------------------------------------------------------------
    async def token(self, profile_id: str | None) -> str | None:
        return await self.store.get_token(profile_id) if profile_id else None

    async def set_token(self, profile_id: str, token: str) -> StorageState:
        return await self.store.set_token(profile_id, token)

    async def forget_token(self, profile_id: str) -> None:
        await self.store.forget_token(profile_id)
        self.results.pop(profile_id, None)

    async def saved_token(self, profile_id: str | None) -> tuple[StorageState, str | None]:
        """Where tokens go and this profile's saved token (probing the keyring off the UI)."""
        await self.store.refresh_storage_state()
        token = await self.token(profile_id)
        return self.store.storage_state(), token  # reading may have found the keyring locked

    def storage_state(self) -> StorageState:
        return self.store.storage_state()

    # ----- Verify results (this session) --------------------------------------------------
    @property
    def result_key(self) -> str:
        return self.current_id or UNSAVED

    def record(self, key: str, check: CredentialCheck, *, emulator: bool) -> VerifyResult:
        result = VerifyResult(check, dt.datetime.now(dt.UTC), emulator)
        self.results[key] = result
        return result

    def result(self, profile_id: str | None) -> VerifyResult | None:
        return self.results.get(profile_id or UNSAVED)
