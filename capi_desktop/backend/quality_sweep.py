"""Refresh many profiles' quality view in one paced sweep, with progress; cancel the task to stop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from capi_desktop.backend.quality_client import QualityClient, WaitCallback, pace_delay_s
from capi_desktop.backend.quality_store import QualityStore
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.quality.outcome import Outcome
from capi_desktop.domain.quality.snapshot import QualitySnapshot

log = logging.getLogger(__name__)
TokenLookup = Callable[[Profile], Awaitable[str | None]]
THROTTLE_PAUSE_MAX_S = 60.0  # between profiles after a throttled one


@dataclass(frozen=True)
class SweepProgress:
    done: int
    total: int
    profile_name: str
    snapshot: QualitySnapshot | None  # None while waiting
    waiting_s: float = 0.0
    note: str = ""


@dataclass
class SweepResult:
    snapshots: list[QualitySnapshot] = field(default_factory=list)


def _no_token(profile: Profile) -> QualitySnapshot:
    import time

    return QualitySnapshot.for_profile(
        profile,
        Outcome(
            "error",
            "No token stored for this profile",
            "Save a token in Credentials (it stays in the OS keyring), then refresh.",
        ),
        fetched_at=time.time(),
    )


async def sweep(
    profiles: Sequence[Profile],
    token_for: TokenLookup,
    client: QualityClient,
    store: QualityStore | None,
    *,
    on_progress: Callable[[SweepProgress], Any] | None = None,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    agent_name: str | None = None,
) -> SweepResult:
    """One profile after another (never in parallel: Meta's limits are per business)."""
    result = SweepResult()

    def report(progress: SweepProgress) -> None:
        if on_progress is not None:
            try:
                on_progress(progress)
            except Exception:
                log.exception("sweep progress callback failed")

    total = len(profiles)
    for index, profile in enumerate(profiles):
        token = await token_for(profile)

        def waiting(seconds: float, why: str, name: str = profile.name, done: int = index) -> None:
            report(SweepProgress(done, total, name, None, seconds, why))

        on_wait: WaitCallback = waiting
        if not token:
            snapshot = _no_token(profile)
        else:
            snapshot = await client.fetch(profile, token, on_wait=on_wait, agent_name=agent_name)
        if store is not None:
            await asyncio.to_thread(store.add, snapshot)
        result.snapshots.append(snapshot)
        report(SweepProgress(index + 1, total, profile.name, snapshot))
        if index + 1 < total:
            pause = pace_delay_s(client.last_usage_pct)
            if snapshot.outcome.state == "throttled":
                pause = max(pause, min(snapshot.outcome.retry_after_s or 5.0, THROTTLE_PAUSE_MAX_S))
            if pause > 0:
                waiting(pause, "pacing for Meta's rate limit")
                await sleep(pause)
    return result
