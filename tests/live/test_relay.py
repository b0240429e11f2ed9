"""The recording relay under good and bad input; forwarding against the emulator standing in for Meta."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from capi_desktop.backend.emulator import DEFAULT_PIXEL, DEFAULT_TOKEN, RunningEmulator
from capi_desktop.backend.relay import RELAY_HEADER, ForwardRefused, RecordingRelay
from capi_desktop.backend.relay_import import relayed_from_log
from capi_desktop.domain.live.session import LiveSession


def _event(n: int = 0) -> dict[str, object]:
    return {
        "event_name": "Purchase",
        "event_time": int(time.time()),
        "event_id": f"ord-{n}",
        "action_source": "website",
        "event_source_url": "https://shop.example/thanks",
        "user_data": {
            "em": ["a" * 64],
            "fbp": "fb.1.1700000000000.123456789",
            "client_ip_address": "203.0.113.7",
            "client_user_agent": "Mozilla/5.0",
        },
        "custom_data": {"value": 10, "currency": "EUR"},
    }


def _post(relay: RecordingRelay, body: bytes | dict[str, object], **headers: str) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(
        relay.events_url(DEFAULT_PIXEL),
        content=content,
        headers={"Content-Type": "application/json", **headers},
        timeout=30,
    )


@pytest.fixture
def relay() -> RecordingRelay:
    with RecordingRelay() as running:
        yield running  # type: ignore[misc]


def test_accepts_like_meta_records_without_the_token_and_does_not_forward(
    relay: RecordingRelay,
) -> None:
    answer = _post(relay, {"data": [_event()], "access_token": "secret-token-abc"})

    assert answer.status_code == 200 and answer.json()["events_received"] == 1
    assert answer.headers[RELAY_HEADER] == "recorded, not forwarded"
    (record,) = relay.records
    assert record.events[0]["event_id"] == "ord-0" and not record.forwarded
    assert "secret-token-abc" not in repr(record)


def test_garbage_and_bad_shapes_get_metas_error_bodies_and_are_recorded(
    relay: RecordingRelay,
) -> None:
    garbage = _post(relay, b"\x00\xff not json {{{", Authorization="Bearer t0ken-123")
    no_token = _post(relay, {"data": [_event()]})
    empty = _post(relay, {"data": [], "access_token": "t0ken-123"})
    old = _post(relay, {"data": [{**_event(), "event_time": 1}], "access_token": "t0ken-123"})
    other = httpx.post(f"{relay.url}/v21.0/{DEFAULT_PIXEL}/adspixels", content=b"{}")
    not_pixel = httpx.post(f"{relay.url}/v21.0/me/events", content=b"{}")

    assert garbage.status_code == 400 and garbage.json()["error"]["code"] == 100
    assert no_token.json()["error"]["code"] == 104
    assert empty.json()["error"]["code"] == 100
    assert old.json()["error"]["error_subcode"] == 2804003
    assert other.status_code == 400 and not_pixel.status_code == 400
    assert [r.status for r in relay.records] == [400, 400, 400, 400]
    session = LiveSession()
    for record in relay.records:
        session.add_relayed(record)
    assert [w.kind for w in session.warnings] == [
        "rejected request",
        "token",
        "rejected request",
        "rejected request",
    ]


def test_ten_megabyte_bodies_are_answered_and_recorded(relay: RecordingRelay) -> None:
    big_garbage = b"x" * (10 * 1024 * 1024)
    padding = "p" * (10 * 1024 * 1024)
    big_valid = {
        "data": [{**_event(), "custom_data": {"value": 1, "currency": "EUR", "note": padding}}],
        "access_token": "t0ken-123",
    }

    assert _post(relay, big_garbage, Authorization="Bearer t0ken-123").status_code == 400
    assert _post(relay, big_valid).status_code == 200
    assert [r.status for r in relay.records] == [400, 200]


def test_many_concurrent_posts_lose_nothing(relay: RecordingRelay) -> None:
    bodies = [{"data": [_event(n)], "access_token": "t0ken-123"} for n in range(120)]
    with ThreadPoolExecutor(max_workers=24) as pool:
        statuses = list(pool.map(lambda body: _post(relay, body).status_code, bodies))

    assert statuses == [200] * 120
    assert sorted(r.events[0]["event_id"] for r in relay.records) == sorted(
        f"ord-{n}" for n in range(120)
    )


def test_forwarding_sends_unchanged_with_the_session_test_code(emulator: RunningEmulator) -> None:
    with RecordingRelay(forward=True, graph_url=emulator.url, test_event_code="TEST4242") as relay:
        answer = _post(relay, {"data": [_event(7)]}, Authorization=f"Bearer {DEFAULT_TOKEN}")
        rejected = _post(relay, {"data": [_event(8)], "access_token": "not-the-token"})

    assert answer.status_code == 200 and answer.headers[RELAY_HEADER] == "forwarded"
    (received,) = emulator.received()
    assert received["test_event_code"] == "TEST4242"
    assert received["data"][0] == _event(7) | {"event_time": received["data"][0]["event_time"]}
    assert rejected.json()["error"]["code"] == 190  # Meta's (the emulator's) own answer
    assert [r.forwarded for r in relay.records] == [True, True]
    assert DEFAULT_TOKEN not in repr(relay.records)


def test_forwarding_is_off_by_default_and_refuses_plain_http_elsewhere(
    emulator: RunningEmulator,
) -> None:
    with RecordingRelay(graph_url=emulator.url) as relay:
        _post(relay, {"data": [_event()]}, Authorization=f"Bearer {DEFAULT_TOKEN}")
    assert not relay.forward and emulator.received() == []
    with pytest.raises(ForwardRefused):
        RecordingRelay(graph_url="http://graph.example.com")


def test_server_log_import_feeds_a_running_session(tmp_path: Path) -> None:
    log = tmp_path / "capi.log"
    log.write_text("\n".join(json.dumps({"data": [_event(n)]}) for n in range(3)), encoding="utf-8")
    session = LiveSession()
    for request in relayed_from_log(log):
        session.add_relayed(request)
    assert [s.event["event_id"] for s in session.server] == ["ord-0", "ord-1", "ord-2"]
    assert session.server[0].origin.startswith("capi.log")


def test_form_encoded_request_is_forwarded_with_the_test_code(emulator: RunningEmulator) -> None:
    from urllib.parse import urlencode

    form = urlencode({"data": json.dumps([_event(9)]), "access_token": DEFAULT_TOKEN}).encode()
    with RecordingRelay(forward=True, graph_url=emulator.url, test_event_code="TEST77") as relay:
        answer = _post(
            relay, form + b"&note=caf%E9", **{"Content-Type": "application/x-www-form-urlencoded"}
        )
    assert answer.status_code == 200
    assert emulator.received()[0]["test_event_code"] == "TEST77"
