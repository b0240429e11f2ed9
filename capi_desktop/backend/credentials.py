"""Credential profiles (JSON) and their tokens (OS keyring, or memory for this session only)."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from capi_desktop import config, paths
from capi_desktop.backend.json_store import load_json_file, write_json_atomic
from capi_desktop.backend.keyring_calls import (
    KeyringUnavailable,
    StorageState,
    keyring_failure,
    run_with_timeout,
)
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.redact import remember_secret

if TYPE_CHECKING:
    from capi_desktop.backend.keyring_status import KeyringState

__all__ = ["CredentialStore", "KeyringUnavailable", "StorageState"]
log = logging.getLogger(__name__)
T = TypeVar("T")
PROFILES_FILE = "profiles.json"


async def _in_thread(fn: Callable[..., T], *args: Any) -> T:
    # asyncio on the first call, not with this module: the first panel lists profiles before
    # it paints, and asyncio is not needed for that (time to interactive).
    import asyncio

    return await asyncio.to_thread(fn, *args)


def keyring_state() -> KeyringState:
    # keyring is imported on first use, not with this module: the app lists profiles in the
    # first panel before it paints, and importing keyring costs ~50 ms (time to interactive).
    from capi_desktop.backend.keyring_status import keyring_state as probe

    return probe()


class CredentialStore:
    """Profiles are cheap to list (loaded on first use); keyring calls run off the UI thread.

    Every keyring failure (no backend, plaintext-only backend, locked, D-Bus missing, timeout)
    switches to session-only storage for the rest of the run; tokens are never written to a file.
    """

    def __init__(self, path: Path | None = None, *, timeout_s: float = config.KEYRING_TIMEOUT_S):
        self._path = path
        self._timeout_s = timeout_s
        self._profiles: list[Profile] | None = None
        self._session: dict[str, str] = {}
        self._state: StorageState | None = None
        self._lock = threading.RLock()
        self.load_problem: str | None = None

    def __repr__(self) -> str:
        return f"CredentialStore(path={self.path!s}, state={self._state!r})"

    @property
    def path(self) -> Path:
        return self._path or paths.config_dir() / PROFILES_FILE

    # -- profiles -----------------------------------------------------------------------------

    def _loaded(self) -> list[Profile]:
        with self._lock:
            if self._profiles is None:
                result = load_json_file(self.path, {"profiles": []}, expect=dict)
                problems = [result.problem] if result.problem else []
                raw = result.data.get("profiles") if isinstance(result.data, dict) else None
                profiles: list[Profile] = []
                skipped = 0
                for item in raw if isinstance(raw, list) else []:
                    profile = _profile_from_json(item)
                    if profile is None:
                        skipped += 1
                    else:
                        profiles.append(profile)
                if skipped:
                    problems.append(
                        f"{skipped} saved profile(s) in {self.path} had a missing name, pixel ID"
                        " or id (or values of the wrong type) and were skipped; the file is"
                        " unchanged until you edit a profile."
                    )
                self._profiles = profiles
                self.load_problem = " ".join(problems) or None
                if self.load_problem:
                    log.warning("profiles: %s", self.load_problem)
            return self._profiles

    def _save(self) -> None:
        data = {"version": 1, "profiles": [p.to_json() for p in self._loaded()]}
        write_json_atomic(self.path, data, sort_keys=False)

    def list_profiles(self) -> list[Profile]:
        return list(self._loaded())

    def get(self, profile_id: str) -> Profile | None:
        return next((p for p in self._loaded() if p.id == profile_id), None)

    def find(self, name_or_id: str) -> Profile | None:
        """By id, else by name (case-insensitive)."""
        wanted = name_or_id.strip().casefold()
        return self.get(name_or_id) or next(
            (p for p in self._loaded() if p.name.casefold() == wanted), None
        )

    def _require(self, profile_id: str) -> Profile:
        profile = self.get(profile_id)
        if profile is None:
            raise KeyError(f"no profile with id {profile_id}")
        return profile

    def _check_name_free(self, name: str, except_id: str = "") -> None:
        if any(
            p.name.casefold() == name.strip().casefold() and p.id != except_id
            for p in self._loaded()
        ):
            raise ValueError(f"a profile named {name.strip()!r} already exists")

    def add(self, name: str, pixel_id: str, **fields: str) -> Profile:
        """Create and save a profile (fields: api_version, graph_url, test_event_code, notes)."""
        with self._lock:
            profile = Profile.new(name, pixel_id, **fields)
            self._check_name_free(profile.name)
            self._loaded().append(profile)
            self._save()
            return profile

    def update(self, profile: Profile) -> Profile:
        with self._lock:
            profile = profile.validated()
            self._require(profile.id)
            self._check_name_free(profile.name, except_id=profile.id)
            profiles = self._loaded()
            profiles[:] = [profile if p.id == profile.id else p for p in profiles]
            self._save()
            return profile

    def rename(self, profile_id: str, new_name: str) -> Profile:
        return self.update(replace(self._require(profile_id), name=new_name))

    def duplicate(self, profile_id: str, new_name: str | None = None) -> Profile:
        """A copy with a new id and name; the token is NOT copied (see `copy_token`)."""
        source = self._require(profile_id)
        name = new_name or self.free_name(f"{source.name} (copy)")
        fields = {k: v for k, v in source.to_json().items() if k not in ("id", "name", "pixel_id")}
        return self.add(name, source.pixel_id, **fields)

    def free_name(self, base: str) -> str:
        """`base`, or `base 2`, `base 3`… when a profile of that name exists (any case)."""
        taken = {p.name.casefold() for p in self._loaded()}
        name, n = base, 2
        while name.casefold() in taken:
            name, n = f"{base} {n}", n + 1
        return name

    def remove_sync(self, profile_id: str) -> None:
        with self._lock:
            self._require(profile_id)
            self.forget_token_sync(profile_id)
            profiles = self._loaded()
            profiles[:] = [p for p in profiles if p.id != profile_id]
            self._save()

    async def remove(self, profile_id: str) -> None:
        """Delete the profile and its token (keyring and session)."""
        await _in_thread(self.remove_sync, profile_id)

    # -- tokens ---------------------------------------------------------------------------------

    def _degrade(self, reason: str) -> None:
        with self._lock:
            backend = self._state.backend if self._state else ""
            self._state = StorageState("session-only", reason, backend)
        log.warning("keyring unusable, tokens kept for this session only: %s", reason)

    def storage_state(self) -> StorageState:
        """Probes the keyring on first call (~100 ms): call `refresh_storage_state` off the UI."""
        with self._lock:
            if self._state is None:
                try:
                    found = run_with_timeout(keyring_state, (), self._timeout_s)
                except Exception as exc:
                    self._state = StorageState("session-only", keyring_failure(exc))
                else:
                    self._state = StorageState(
                        "system" if found.usable else "session-only",
                        found.reason,
                        found.backend_name,
                    )
            return self._state

    async def refresh_storage_state(self) -> StorageState:
        return await _in_thread(self.storage_state)

    def _keyring_call(self, fn: Callable[..., T], *args: Any) -> T:
        import keyring.errors

        if self.storage_state().state != "system":
            raise KeyringUnavailable(self.storage_state().reason)
        try:
            return run_with_timeout(fn, args, self._timeout_s)
        except keyring.errors.PasswordDeleteError:
            raise
        except Exception as exc:
            self._degrade(keyring_failure(exc, *(a for a in args if isinstance(a, str))))
            raise KeyringUnavailable(str(exc)) from None

    def get_token_sync(self, profile_id: str) -> str | None:
        with self._lock:
            if profile_id in self._session:
                return self._session[profile_id]
        import keyring

        try:
            token = self._keyring_call(keyring.get_password, config.APP_ID, profile_id)
        except KeyringUnavailable:
            return None
        if token:
            remember_secret(token)  # from now on no log line or error text can show it
        return token

    def set_token_sync(self, profile_id: str, token: str) -> StorageState:
        """Store the token; returns where it went (system keyring or session memory)."""
        token = token.strip()
        if not token:
            self.forget_token_sync(profile_id)
            return self.storage_state()
        remember_secret(token)
        try:
            import keyring

            self._keyring_call(keyring.set_password, config.APP_ID, profile_id, token)
        except KeyringUnavailable:
            with self._lock:
                self._session[profile_id] = token
        else:
            with self._lock:
                self._session.pop(profile_id, None)
        return self.storage_state()

    def forget_token_sync(self, profile_id: str) -> None:
        with self._lock:
            self._session.pop(profile_id, None)
        import keyring.errors

        with contextlib.suppress(KeyringUnavailable, keyring.errors.PasswordDeleteError):
            self._keyring_call(keyring.delete_password, config.APP_ID, profile_id)

    async def get_token(self, profile_id: str) -> str | None:
        return await _in_thread(self.get_token_sync, profile_id)

    async def set_token(self, profile_id: str, token: str) -> StorageState:
        return await _in_thread(self.set_token_sync, profile_id, token)

    async def forget_token(self, profile_id: str) -> None:
        await _in_thread(self.forget_token_sync, profile_id)

    async def has_token(self, profile_id: str) -> bool:
        return bool(await self.get_token(profile_id))

    async def copy_token(self, source_id: str, target_id: str) -> bool:
        token = await self.get_token(source_id)
        if token:
            await self.set_token(target_id, token)
        return bool(token)

    async def aclose(self) -> None:
        with self._lock:
            self._session.clear()


def _profile_from_json(item: Any) -> Profile | None:
    """A stored profile, or None when it lacks a usable id/name/pixel (never the text "None")."""
    if not isinstance(item, dict):
        return None
    # Only string values: `name: null` must not become the profile "None".
    fields = {k: v for k, v in item.items() if isinstance(v, str)}
    if not all(fields.get(key, "").strip() for key in ("id", "name", "pixel_id")):
        return None
    try:
        return Profile.from_json(fields)
    except (TypeError, ValueError):
        return None
