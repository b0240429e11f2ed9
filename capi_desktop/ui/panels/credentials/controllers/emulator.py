"""The "Try without a Meta account" profile and the local Graph API emulator it talks to."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from capi_desktop.domain.netloc import is_loopback_host
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.redact import redact

if TYPE_CHECKING:
    from capi_desktop.backend.emulator import RunningEmulator
    from capi_desktop.ui.panels.credentials.controllers.profiles import ProfilesController

EMULATOR_NAME = "Local emulator"


def is_emulator_url(url: str) -> bool:
    """A loopback Graph URL is the local emulator (or a mock): never Meta."""
    return is_loopback_host(urlsplit(url.strip()).hostname or "")


class EmulatorProblem(Exception):
    """The emulator or its profile could not be set up; the message says why, for the user."""


class EmulatorProfile:
    """Starts the emulator once per run and keeps one saved profile pointed at it."""

    def __init__(self, profiles: ProfilesController) -> None:
        self.profiles = profiles
        self._running: RunningEmulator | None = None  # kept until `stop`

    @property
    def running(self) -> bool:
        return self._running is not None

    @property
    def url(self) -> str:
        return self._running.url if self._running is not None else ""

    def saved_profile(self) -> Profile | None:
        return next(
            (
                p
                for p in self.profiles.store.list_profiles()
                if p.name.startswith(EMULATOR_NAME) and is_emulator_url(p.graph_url)
            ),
            None,
        )

    async def restore(self) -> Profile | None:
        """At start: the emulator profile keeps working after a restart.

        Its token is not a secret and was kept for the session only, and its emulator stopped
        with the last run, so both are re-created (on a new port) before anything is sent.
        """
        if self.saved_profile() is None:
            return None
        return await self.ensure(create=False)

    async def ensure(self, *, create: bool) -> Profile | None:
        """Start the emulator if needed, point the emulator profile at it (making one if
        `create`, else None when there is none) and store its token. EmulatorProblem says
        what failed."""
        import asyncio  # here, not at import: off the path to the first painted panel

        from capi_desktop.backend.emulator import DEFAULT_TOKEN, start_emulator

        if self._running is None:
            try:
                self._running = await asyncio.to_thread(start_emulator)
            except OSError as exc:
                raise EmulatorProblem(f"Could not start the emulator: {redact(str(exc))}") from None
        existing = self.saved_profile()
        store = self.profiles.store
        try:
            if existing is not None:  # the port changes each run: point it at this one
                profile = store.update(replace(existing, graph_url=self._running.url))
            elif create:
                template = self._running.profile(EMULATOR_NAME)
                profile = store.add(
                    store.free_name(EMULATOR_NAME),
                    template.pixel_id,
                    graph_url=self._running.url,
                    notes=template.notes,
                )
            else:
                return None
        except (ValueError, OSError) as exc:
            raise EmulatorProblem(f"Could not save the emulator profile: {exc}.") from None
        await store.set_token(profile.id, DEFAULT_TOKEN)
        return profile

    async def stop(self) -> None:
        import asyncio

        running, self._running = self._running, None
        if running is not None:
            await asyncio.to_thread(running.stop)
