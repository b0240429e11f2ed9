"""Edge cases with httpx.MockTransport: odd bodies, headers, the plain-http guard, Secret, retry math."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import random
import time
from collections.abc import Callable
from typing import Any

import pytest

from capi_desktop.backend import http
from capi_desktop.backend.graph_client import GraphClient, Profile, Secret
from capi_desktop.backend.graph_errors import categorize, parse_response
from capi_desktop.backend.retry import RetryPolicy, server_wait_s
from capi_desktop.domain.request.graph_versions import version_status

TOKEN = "canary-edge-7f3a9c"
PROFILE = Profile(id="p", name="n", pixel_id="1234567890", graph_url="https://graph.example.test")
BODY = {"data": [{"event_name": "Lead", "event_time": 1, "user_data": {"em": ["x"]}}]}


class Recorder:
    def __init__(self, respond: Callable[[http.Request], http.Response]) -> None:
        self.respond = respond
        self.requests: list[http.Request] = []
        self.delays: list[float] = []

    def handler(self, request: http.Request) -> http.Response:
        self.requests.append(request)
        return self.respond(request)

    async def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)

    async def send(self, body: Any = None, **kwargs: Any) -> Any:
        client = GraphClient(
            http.make_client(http.MockTransport(self.handler)),
            sleep=self.sleep,
            retry=RetryPolicy(max_attempts=3, base_delay_s=0.01),
        )
        async with client._client():
            return await client.send_events(
                PROFILE, TOKEN, body or BODY, test_event_code=None, **kwargs
            )


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("value", "error"), [("cut \ud83d", UnicodeEncodeError), ({1, 2}, TypeError)]
)
async def test_an_unencodable_body_raises_plainly_before_any_request(
    value: Any, error: type[Exception]
) -> None:
    rec = Recorder(lambda r: http.Response(200, json={"events_received": 1}))
    client = GraphClient(http.make_client(http.MockTransport(rec.handler)), sleep=rec.sleep)
    async with client._client():
        with pytest.raises(error):
            await client.send_events(PROFILE, TOKEN, {"data": [{"n": value}]}, test_event_code=None)
    assert rec.requests == []


@pytest.mark.asyncio
async def test_request_shape_token_in_header_json_body() -> None:
    rec = Recorder(lambda r: http.Response(200, json={"events_received": 1, "messages": []}))
    result = await rec.send()
    [request] = rec.requests
    assert result.ok and request.method == "POST"
    assert str(request.url) == "https://graph.example.test/v26.0/1234567890/events"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in str(request.url) and TOKEN.encode() not in request.content
    assert json.loads(request.content) == BODY


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("status", "text", "key", "category", "attempts"),
    [
        (
            403,
            "<html><title>Forbidden</title><body>proxy</body></html>",
            "http:proxy",
            "unknown",
            1,
        ),
        (200, "", "http:empty-body", "unknown", 1),
        (200, '{"events_received": 1, "mess', "http:truncated-json", "unknown", 1),
        # A 5xx may come after Meta processed the batch: never repeated automatically.
        (503, "", "http:empty-body", "server", 1),
        (504, "upstream timed out", "http:5xx-html", "server", 1),
    ],
)
async def test_non_graph_bodies_become_typed_errors(
    status: int, text: str, key: str, category: str, attempts: int
) -> None:
    rec = Recorder(lambda r: http.Response(status, text=text))
    result = await rec.send()
    error = result.error
    assert error is not None and error.code is None and error.category == category
    assert error.entry is not None and error.entry.key == key
    assert result.attempts == attempts and error.http_status == status


@pytest.mark.asyncio
async def test_error_envelope_with_http_200_is_an_error() -> None:
    body = {
        "error": {"code": 2, "message": "Service temporarily unavailable", "is_transient": True}
    }
    rec = Recorder(lambda r: http.Response(200, json=body))
    result = await rec.send()
    # BODY's event has no event_id: a repeat could not be deduplicated, so it is not automatic.
    assert result.error is not None and result.error.code == 2 and result.attempts == 1
    assert "event_id" in result.chunks[0].stop_reason


@pytest.mark.asyncio
async def test_a_server_echoing_the_token_is_redacted() -> None:
    body = {"error": {"code": 190, "message": f"bad token {TOKEN}", "error_user_msg": TOKEN}}
    rec = Recorder(lambda r: http.Response(401, json=body))
    result = await rec.send()
    chunk = result.chunks[0]
    assert chunk.error is not None
    assert TOKEN not in chunk.error.message + chunk.error.user_msg + chunk.error.raw_body
    assert TOKEN not in chunk.response_text and TOKEN not in repr(result)


@pytest.mark.asyncio
async def test_retry_after_http_date() -> None:
    when = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30))
    calls = iter(
        [
            http.Response(
                429, json={"error": {"code": 4, "message": "limit"}}, headers={"Retry-After": when}
            ),
            http.Response(200, json={"events_received": 1}),
        ]
    )
    rec = Recorder(lambda r: next(calls))
    with_id = {"data": [{**BODY["data"][0], "event_id": "order-1"}]}
    result = await rec.send(with_id)
    assert result.ok and len(rec.delays) == 1 and 25 <= rec.delays[0] <= 31


@pytest.mark.asyncio
async def test_connect_error_is_network_and_retried() -> None:
    def refuse(request: http.Request) -> http.Response:
        raise http.ConnectError("connection refused")  # nothing sent: safe to repeat

    rec = Recorder(refuse)
    result = await rec.send()
    assert result.error is not None and result.error.category == "network"
    assert result.attempts == 3


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("http://graph.example.com/v26.0/me", True),
        ("http://10.0.0.5:8765/v26.0/me", True),
        ("http://127.0.0.1:8765/v26.0/me", False),
        ("http://127.1.2.3/v26.0/me", False),
        ("http://[::1]:8765/v26.0/me", False),
        ("http://localhost:8765/v26.0/me", False),
        ("https://graph.example.com/v26.0/me", False),
    ],
)
async def test_transport_guard(url: str, refused: bool) -> None:
    client = http.make_client(http.MockTransport(lambda r: http.Response(200, json={})))
    async with client:
        if refused:
            with pytest.raises(http.PlainHttpRefused):
                await client.get(url, headers={"Authorization": "Bearer x"})
            with pytest.raises(http.PlainHttpRefused):
                await client.get(url, params={"access_token": "x"})
            with pytest.raises(http.PlainHttpRefused):
                await client.post(url, content=b"access_token=x")
        else:
            assert (await client.get(url, headers={"Authorization": "Bearer x"})).status_code == 200
        # Without a token plain http is not our business.
        assert (await client.get(url)).status_code == 200


def test_client_timeouts_come_from_config() -> None:
    from capi_desktop import config

    client = http.make_client()
    assert client.timeout.connect == config.CONNECT_TIMEOUT_S
    assert client.timeout.read == config.TOTAL_TIMEOUT_S


def test_secret_never_shows_itself() -> None:
    secret = Secret(TOKEN)
    texts = [repr(secret), str(secret), f"{secret}", f"{secret!r}", format(secret, ">40")]
    assert all(TOKEN not in t for t in texts) and secret.reveal() == TOKEN
    assert TOKEN not in repr({"token": secret})
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_profile_and_client_reprs_have_no_token() -> None:
    assert "token" not in repr(PROFILE).lower()
    assert "token" not in repr(GraphClient()).lower()


@pytest.mark.parametrize(
    ("code", "subcode", "status", "category"),
    [
        (190, 463, 400, "token"),
        (102, None, 400, "token"),
        (100, 33, 400, "pixel"),
        (100, 2804003, 400, "payload"),
        (10, None, 403, "permission"),
        (250, None, 403, "permission"),
        (294, None, 403, "permission"),
        (2635, None, 400, "version"),
        (17, None, 400, "throttle"),
        (80009, None, 400, "throttle"),
        (1, None, 500, "server"),
        (None, None, 502, "server"),
        (None, None, None, "network"),
        (9999, None, 400, "unknown"),
    ],
)
def test_categories(
    code: int | None, subcode: int | None, status: int | None, category: str
) -> None:
    assert categorize(code, subcode, status) == category


@pytest.mark.parametrize(
    ("code", "transient_flag", "retryable"),
    [
        (1, False, True),
        (4, False, True),
        (21009, False, True),
        (80014, False, True),
        (368, False, False),
        (100, True, False),
        (190, True, False),
        (10, False, False),
        (12345, True, True),
    ],
)
def test_retryable_codes(code: int, transient_flag: bool, retryable: bool) -> None:
    body = {"error": {"code": code, "message": "m", "is_transient": transient_flag}}
    _, error = parse_response(400, json.dumps(body))
    assert error is not None and error.retryable is retryable


def test_server_wait_hints() -> None:
    assert server_wait_s({}) is None
    assert server_wait_s({"Retry-After": "12"}) == 12
    usage = {
        "1": [{"estimated_time_to_regain_access": 3}],
        "2": [{"estimated_time_to_regain_access": 0}],
    }
    assert server_wait_s({"x-business-use-case-usage": json.dumps(usage)}) == 180
    assert server_wait_s({"X-Ad-Account-Usage": '{"reset_time_duration": 40}'}) == 40
    assert server_wait_s({"Retry-After": "garbage", "X-Business-Use-Case-Usage": "{bad"}) is None


def test_backoff_is_capped_and_jittered() -> None:
    policy = RetryPolicy(base_delay_s=1, max_delay_s=8, max_server_wait_s=30)
    rng = random.Random(7)
    delays = [policy.backoff_s(n, rng) for n in range(1, 8)]
    assert all(d <= 8 for d in delays) and delays[-1] >= 4 and len(set(delays)) == len(delays)
    assert policy.delay_s(1, {"Retry-After": "3600"}, rng) == 30


def test_version_status() -> None:
    today = dt.date(2026, 11, 27)
    assert version_status("v26.0", today).state == "current"
    assert version_status("v21.0", today).state == "near-expiry"
    assert version_status("v20.0", today).state == "expired"
    assert version_status("v9.0", today).state == "unknown"
    assert version_status("latest", today).state == "unknown"
    assert time.time() > 0
