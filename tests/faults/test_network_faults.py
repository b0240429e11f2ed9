"""Network faults through a local misbehaving server: never a blind double-send, bounded bodies."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from capi_desktop.backend.graph_client import GraphClient
from capi_desktop.backend.history import HistoryStore
from capi_desktop.backend.retry import RetryNotice, RetryPolicy
from capi_desktop.domain.profile import Profile
from capi_desktop.ui.panels.send_compare.send_flow import history_entry
from tests.faults.fault_server import fault_server, refused_url

TOKEN = "fault-token-5b1e0c"


def events(with_ids: bool, n: int = 2) -> dict[str, Any]:
    base = {"event_name": "Lead", "event_time": int(time.time()), "action_source": "website"}
    return {"data": [{**base, **({"event_id": f"e{i}"} if with_ids else {})} for i in range(n)]}


async def send(
    url: str, body: dict[str, Any], *, timeout: float = 5.0
) -> tuple[Any, list[RetryNotice]]:
    notices: list[RetryNotice] = []
    sleeps: list[float] = []

    async def sleep(s: float) -> None:
        sleeps.append(s)

    graph = GraphClient(
        retry=RetryPolicy(max_attempts=4, base_delay_s=0.01), sleep=sleep, total_timeout_s=timeout
    )
    profile = Profile(id="p", name="Fault", pixel_id="1234567890", graph_url=url)
    try:
        result = await graph.send_events(
            profile, TOKEN, body, test_event_code="T1", on_retry=notices.append
        )
    finally:
        await graph.aclose()
    assert len(sleeps) == len(notices)
    return result, notices


MAY_HAVE_ARRIVED = ["reset-mid-body", "truncated", "close-no-reply", "5xx-html"]


@pytest.mark.asyncio
@pytest.mark.parametrize("mode", MAY_HAVE_ARRIVED)
@pytest.mark.parametrize("with_ids", [True, False])
async def test_faults_after_the_request_left_are_sent_once(mode: str, with_ids: bool) -> None:
    with fault_server(mode, "accept") as server:
        result, notices = await send(server.url, events(with_ids))
    assert server.hits == 1, "the batch was delivered more than once"
    assert not result.ok and notices == []
    assert result.unknown_chunks and "unknown whether Meta received" in result.chunks[0].stop_reason


@pytest.mark.asyncio
async def test_slow_reply_times_out_once_and_is_unknown() -> None:
    with fault_server("slow", "accept") as server:
        result, notices = await send(server.url, events(True), timeout=0.5)
    assert server.hits == 1 and not result.ok and notices == [] and result.unknown_chunks
    assert result.error is not None and "timed out" in result.error.message


@pytest.mark.asyncio
async def test_refused_connection_is_retried_nothing_was_sent() -> None:
    result, notices = await send(refused_url(), events(False))
    assert not result.ok and result.attempts == 4 and len(notices) == 3
    assert result.chunks[0].delivery == "not_sent" and not result.unknown_chunks
    assert "never left this machine" in notices[0].reason


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "mode",
    ["429-plain", "400-throttle-4", "400-throttle-17", "400-throttle-32", "400-throttle-613",
     "400-throttle-80004"],
)  # fmt: skip
async def test_throttles_are_retried_only_with_event_ids(mode: str) -> None:
    with fault_server(mode, "accept") as server:
        result, notices = await send(server.url, events(True))
    assert result.ok and server.hits == 2 and len(notices) == 1
    assert notices[0].attempt == 1 and notices[0].max_attempts == 4 and notices[0].wait_s >= 0
    with fault_server(mode, "accept") as server:
        result, notices = await send(server.url, events(False))
    assert not result.ok and server.hits == 1 and notices == []
    assert "event_id" in result.chunks[0].stop_reason


@pytest.mark.asyncio
async def test_a_50_mb_error_page_is_read_once_capped_and_stored_small(tmp_path: Path) -> None:
    with fault_server("huge-5xx") as server:
        result, notices = await send(server.url, events(True), timeout=30)
    assert server.hits == 1 and notices == []
    chunk = result.chunks[0]
    assert len(chunk.response_text) < 100_000
    assert "50.0 MB" in chunk.response_text or "8.0 MB" in chunk.response_text
    assert server.bytes_sent < 50_000_000  # stopped reading long before the end
    error = result.error
    assert error is not None and "instead of a Graph API reply" in error.message
    store = HistoryStore(tmp_path / "history.sqlite3")
    profile = Profile(id="p", name="Fault", pixel_id="1234567890")
    store.add(history_entry(profile, events(True), result, "T1"), secrets=[TOKEN])
    [row] = store.search()
    assert len(row.response_text) < 100_000 and row.http_status == 503
    store.close()
    assert (tmp_path / "history.sqlite3").stat().st_size < 1_000_000
