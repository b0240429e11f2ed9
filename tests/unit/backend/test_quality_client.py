"""QualityClient, sweep and snapshot store against the local emulator over real sockets."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from capi_desktop.backend.emulator import Fault, RunningEmulator
from capi_desktop.backend.quality_client import QualityClient, pace_delay_s, usage_pct
from capi_desktop.backend.quality_store import QualityStore
from capi_desktop.backend.quality_sweep import SweepProgress, sweep
from capi_desktop.domain.profile import Profile
from tests.quality_support import TOKEN, Sleeps, good_event, poor_event, post_events

pytestmark = pytest.mark.asyncio


async def fetch(emulator: RunningEmulator, token: str = TOKEN, sleeps: Sleeps | None = None):  # type: ignore[no-untyped-def]
    client = QualityClient(sleep=sleeps or Sleeps())
    try:
        return await client.fetch(emulator.profile(), token)
    finally:
        await client.aclose()


async def test_better_events_raise_emulated_emq_and_coverage(emulator: RunningEmulator) -> None:
    post_events(emulator.url, [poor_event()])
    before = (await fetch(emulator)).quality.event("Purchase")
    post_events(emulator.url, [good_event() for _ in range(3)])
    after = (await fetch(emulator)).quality.event("Purchase")
    assert before is not None and after is not None
    assert before.composite_score is not None and after.composite_score is not None
    assert after.composite_score > before.composite_score
    assert (after.coverage_pct or 0) > (before.coverage_pct or 0)
    assert after.coverage_goal_pct == 75
    keys = {m.identifier: m.coverage_pct for m in after.match_keys}
    assert keys["email"] == 75.0  # 3 of 4 events
    assert any("fbc" in d.name for d in before.diagnostics)
    dedupe = {d.dedupe_key: d for d in after.dedupe}
    assert dedupe["event_id"].server_pct == 75.0 and dedupe["event_id"].browser_pct == 100.0


async def test_snapshot_has_stats_checks_and_pixel_fields(emulator: RunningEmulator) -> None:
    post_events(emulator.url, [good_event(), good_event("Lead")])
    snapshot = await fetch(emulator)
    assert snapshot.outcome.state == "data"
    assert snapshot.graph_version == emulator.profile().api_version
    assert {"event", "match_keys", "had_pii", "event_processing_results", "event_source"} <= set(
        snapshot.stats
    )
    totals = {v: c for b in snapshot.stats_buckets("event") for v, c in b.counts}
    assert totals == {"Purchase": 1, "Lead": 1}
    assert [c.key for c in snapshot.checks] == ["pixel_missing_param_in_events", "pixel_decline"]
    assert snapshot.pixel_info.first_party_cookie_status == "FIRST_PARTY_COOKIE_ENABLED"
    assert snapshot.read_errors == {}


async def test_empty_dataset(emulator: RunningEmulator) -> None:
    snapshot = await fetch(emulator)
    assert snapshot.outcome.state == "empty"


async def test_missing_scope_names_it(emulator: RunningEmulator) -> None:
    emulator.state.quality.token_scopes[TOKEN] = ("ads_management",)
    snapshot = await fetch(emulator)
    assert snapshot.outcome.state == "permission"
    assert "ads_read" in snapshot.outcome.detail
    assert "System users" in snapshot.outcome.setup_step
    # the pixel reads still work with ads_management
    assert snapshot.pixel is not None


async def test_events_manager_token_gets_empty_object(emulator: RunningEmulator) -> None:
    emulator.state.quality.events_manager_tokens.add(TOKEN)
    snapshot = await fetch(emulator)
    assert snapshot.outcome.state == "events_manager_empty"
    assert snapshot.dataset_quality == {}


async def test_throttle_retried_with_server_backoff(emulator: RunningEmulator) -> None:
    post_events(emulator.url, [good_event()])
    emulator.set_faults(
        Fault(kind="throttle", code=80004, path="dataset_quality", times=1, regain_minutes=1)
    )
    sleeps = Sleeps()
    snapshot = await fetch(emulator, sleeps=sleeps)
    assert snapshot.outcome.state == "data"
    assert sleeps.delays and sleeps.delays[0] == 30.0  # 60 s asked, capped by QUALITY_RETRY


async def test_throttle_that_persists_gives_retry_time(emulator: RunningEmulator) -> None:
    emulator.set_faults(
        Fault(kind="throttle", code=17, path="dataset_quality", times=0, retry_after_s=120)
    )
    snapshot = await fetch(emulator)
    assert snapshot.outcome.state == "throttled"
    assert snapshot.outcome.retry_after_s == 120
    assert "2 min" in snapshot.outcome.detail
    assert snapshot.pixel is None  # stopped instead of pushing on


async def test_graph_error(emulator: RunningEmulator) -> None:
    emulator.set_faults(
        Fault(kind="error", code=2500, path="dataset_quality", message="Unknown path")
    )
    snapshot = await fetch(emulator)
    assert snapshot.outcome.state == "error"
    assert "Unknown path" in snapshot.outcome.detail


async def test_usage_headers_drive_pacing() -> None:
    headers = {"X-App-Usage": '{"call_count": 90, "total_cputime": 10, "total_time": 5}'}
    assert usage_pct(headers) == 90
    assert pace_delay_s(50) == 0
    assert 1 < pace_delay_s(90) < pace_delay_s(100) == 30.0
    assert usage_pct({"x-business-use-case-usage": '{"1": [{"call_count": 12}]}'}) == 12
    assert usage_pct({"x-app-usage": "not json"}) is None


async def test_sweep_stores_every_profile_and_survives_reopen(
    emulator: RunningEmulator, tmp_path: Path
) -> None:
    post_events(emulator.url, [good_event()])
    profiles = [
        emulator.profile("Client A"),
        emulator.profile("Client B"),
        emulator.profile("No token"),
    ]
    tokens = {profiles[0].id: TOKEN, profiles[1].id: TOKEN}

    async def token_for(profile: Profile) -> str | None:
        return tokens.get(profile.id)

    store = QualityStore(tmp_path / "quality.sqlite3")
    seen: list[SweepProgress] = []
    client = QualityClient(sleep=Sleeps())
    try:
        result = await sweep(
            profiles, token_for, client, store, on_progress=seen.append, sleep=Sleeps()
        )
    finally:
        await client.aclose()
    assert [s.outcome.state for s in result.snapshots] == ["data", "data", "error"]
    assert [p.done for p in seen if p.snapshot is not None] == [1, 2, 3]
    store.close()
    reopened = QualityStore(tmp_path / "quality.sqlite3")
    latest = reopened.latest_per_profile()
    assert set(latest) == {p.id for p in profiles}
    stored = latest[profiles[0].id]
    assert stored.quality.event("Purchase") is not None
    assert stored.graph_version == profiles[0].api_version
    assert "No token stored" in latest[profiles[2].id].outcome.title
    reopened.close()


async def test_sweep_cancel_stops_midway(emulator: RunningEmulator, tmp_path: Path) -> None:
    profiles = [emulator.profile(f"Client {i}") for i in range(4)]
    gate = asyncio.Event()
    store = QualityStore(tmp_path / "q.sqlite3")

    async def token_for(profile: Profile) -> str | None:
        if profile is profiles[1]:
            gate.set()
            await asyncio.sleep(30)
        return TOKEN

    client = QualityClient(sleep=Sleeps())
    task = asyncio.create_task(sweep(profiles, token_for, client, store, sleep=Sleeps()))
    await gate.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await client.aclose()
    assert len(store.latest_per_profile()) == 1
    store.close()


async def test_agent_name_filters_to_that_partner_agent(emulator: RunningEmulator) -> None:
    post_events(emulator.url, [good_event()])  # no partner_agent
    client = QualityClient(sleep=Sleeps())
    try:
        everything = await client.fetch(emulator.profile(), TOKEN)
        filtered = await client.fetch(emulator.profile(), TOKEN, agent_name="someplatform")
    finally:
        await client.aclose()
    assert everything.outcome.state == "data"
    assert filtered.outcome.state == "empty"  # Meta counts only events sent with that agent
