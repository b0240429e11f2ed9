"""Quality panel logic: read Meta's view for a profile or all, store it, and gather what to show."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from capi_desktop.domain.profile import Profile
from capi_desktop.domain.quality.local import LocalEstimate, local_estimates
from capi_desktop.domain.quality.snapshot import QualitySnapshot
from capi_desktop.services import Services
from capi_desktop.ui.async_qt import async_slot

if TYPE_CHECKING:  # asyncio and httpx (the client's) load after the panel has painted
    import asyncio

    from capi_desktop.backend.quality_client import QualityClient
    from capi_desktop.backend.quality_store import QualityStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class View:
    """Everything the panel draws for one profile."""

    profile: Profile
    snapshots: tuple[QualitySnapshot, ...]  # oldest first; the last one is shown
    local: dict[str, LocalEstimate] = field(default_factory=dict)
    sends: tuple[tuple[float, str], ...] = ()

    @property
    def latest(self) -> QualitySnapshot | None:
        return self.snapshots[-1] if self.snapshots else None


class QualityController(QObject):
    loading = Signal(str)  # profile name
    waiting = Signal(float, str)  # seconds, why (throttle backoff or pacing)
    view_ready = Signal(object)  # View
    failed = Signal(str)  # a message for the user (never raw exception text)
    sweep_progress = Signal(object)  # SweepProgress
    sweep_finished = Signal(bool)  # cancelled?
    overview_ready = Signal(object)  # dict profile_id -> QualitySnapshot

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.store: QualityStore | None = services.quality_store
        self._client = services.quality_client  # None: made on first use (see `client`)
        self._owns_client = self._client is None
        self._sweep_task: asyncio.Task[Any] | None = None

    @property
    def client(self) -> QualityClient:
        """The Graph reads' client; its own is made on first use, so building the panel
        imports no httpx (time to interactive)."""
        if self._client is None:
            from capi_desktop.backend.quality_client import QualityClient

            self._client = QualityClient()
        return self._client

    # ----- profiles -----------------------------------------------------------------------
    def profiles(self) -> list[Profile]:
        credentials = self.services.credentials
        if credentials is None:
            return []
        try:
            return list(credentials.list_profiles())
        except Exception:
            log.warning("could not list profiles", exc_info=True)
            return []

    async def _token(self, profile: Profile) -> str | None:
        credentials = self.services.credentials
        if credentials is None:
            return None
        try:
            token = await credentials.get_token(profile.id)
        except Exception:
            log.warning("keyring read failed", exc_info=True)
            return None
        return str(token) if token else None

    # ----- one profile --------------------------------------------------------------------
    async def _view(self, profile: Profile, extra: QualitySnapshot | None = None) -> View:
        def gather() -> View:
            stored = tuple(self.store.for_profile(profile.id)) if self.store else ()
            if extra is not None and (not stored or stored[-1].fetched_at != extra.fetched_at):
                stored = (*stored, extra)
            events: list[Any] = []
            sends: list[tuple[float, str]] = []
            history = self.services.history
            if history is not None:
                for row in history.search(profile_id=profile.id, limit=500):
                    if row.result != "accepted":
                        continue
                    body = row.request if isinstance(row.request, dict) else {}
                    data = body.get("data")
                    events.extend(data if isinstance(data, list) else [])
                    # One marker per send, however many events of that name it carried.
                    sends.extend((row.created_at, n) for n in dict.fromkeys(row.event_names))
            return View(profile, stored, local_estimates(events), tuple(sends))

        import asyncio  # here, not at import: the panel paints before asyncio loads

        return await asyncio.to_thread(gather)

    @async_slot(cancel_previous=True)
    async def show_stored(self, profile: Profile) -> None:
        """What is stored (no network): the view a restart comes back to."""
        try:
            self.view_ready.emit(await self._view(profile))
        except Exception:
            log.warning("reading stored quality failed", exc_info=True)
            self.failed.emit("The stored quality history could not be read.")

    @async_slot(cancel_previous=True)
    async def refresh(self, profile: Profile) -> None:
        import asyncio

        self.loading.emit(profile.name)
        token = await self._token(profile)
        if not token:
            self.failed.emit(
                f"No token is stored for {profile.name}. Save one in Credentials (Ctrl+1), then "
                "refresh."
            )
            return
        try:
            snapshot = await self.client.fetch(profile, token, on_wait=self.waiting.emit)
        except ValueError as exc:  # plain-http refusal, a bad URL
            self.failed.emit(str(exc))
            return
        try:
            if self.store is not None:
                await asyncio.to_thread(self.store.add, snapshot)
            view = await self._view(profile, snapshot)
        except Exception:
            log.warning("storing the quality snapshot failed", exc_info=True)
            view = View(profile, (snapshot,))
        self.view_ready.emit(view)

    # ----- every profile ------------------------------------------------------------------
    def sweep_running(self) -> bool:
        return self._sweep_task is not None and not self._sweep_task.done()

    def start_sweep(self) -> None:
        if self.sweep_running():
            return
        self._sweep_task = self._run_sweep()

    def cancel_sweep(self) -> None:
        if self._sweep_task is not None and not self._sweep_task.done():
            self._sweep_task.cancel()

    @async_slot()
    async def _run_sweep(self) -> None:
        import asyncio

        from capi_desktop.backend.quality_sweep import sweep

        profiles = self.profiles()
        try:
            await sweep(
                profiles, self._token, self.client, self.store, on_progress=self.sweep_progress.emit
            )
        except asyncio.CancelledError:
            self.sweep_finished.emit(True)
            await self._emit_overview()
            raise
        self.sweep_finished.emit(False)
        await self._emit_overview()

    async def _emit_overview(self) -> None:
        if self.store is None:
            return
        import asyncio

        try:
            latest = await asyncio.to_thread(self.store.latest_per_profile)
        except Exception:
            log.warning("reading the overview failed", exc_info=True)
            return
        self.overview_ready.emit(latest)

    @async_slot()
    async def load_overview(self) -> None:
        await self._emit_overview()

    async def shutdown(self) -> None:
        import asyncio

        self.cancel_sweep()
        if self._sweep_task is not None and not self._sweep_task.done():
            await asyncio.wait([self._sweep_task], timeout=2)
        if self._owns_client and self._client is not None:  # never made: nothing to close
            await self._client.aclose()
        if self.store is not None:
            await self.store.aclose()  # reopens on next use; the WAL is checkpointed now
