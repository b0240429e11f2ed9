"""graph_errors recognises throttles in every form Meta sends them, with the wait from the headers."""

from __future__ import annotations

import json

import pytest

from capi_desktop.backend.graph_errors import parse_response, throttle_wait_s
from capi_desktop.domain.request.send_outcome import classify_outcome

USAGE = {
    "x-business-use-case-usage": json.dumps(
        {"123": [{"type": "ads_management", "estimated_time_to_regain_access": 12}]}
    )
}


def _outcome(status: int, text: str) -> str:
    _, error = parse_response(status, text, headers=USAGE)
    assert error is not None
    return classify_outcome(
        False, category=error.category, http_status=error.http_status, throttled=error.throttled
    )


@pytest.mark.parametrize(
    ("code", "subcode"), [(4, None), (17, 2446079), (32, None), (613, 1487742), (80004, 2446079)]
)
def test_throttle_sent_with_http_400_is_throttled_not_rejected(
    code: int, subcode: int | None
) -> None:
    error: dict[str, object] = {
        "message": f"(#{code}) limit",
        "type": "OAuthException",
        "code": code,
    }
    if subcode:
        error["error_subcode"] = subcode
    text = json.dumps({"error": error})
    assert _outcome(400, text) == "throttled"
    _, parsed = parse_response(400, text, headers=USAGE)
    assert parsed is not None and parsed.throttled and parsed.wait_s == 720
    assert "wait about 12 minutes" in parsed.summary()


def test_plain_text_429_is_throttled() -> None:
    assert _outcome(429, "Too Many Requests") == "throttled"
    _, error = parse_response(429, "Too Many Requests", headers={"Retry-After": "30"})
    assert error is not None and error.category == "throttle" and error.wait_s == 30


def test_payload_errors_stay_rejected() -> None:
    body = json.dumps(
        {"error": {"message": "Invalid parameter", "code": 100, "error_subcode": 2804003}}
    )
    assert _outcome(400, body) == "rejected"
    _, error = parse_response(400, body, headers=USAGE)
    assert error is not None and error.wait_s is None


def test_throttle_wait_helper() -> None:
    assert throttle_wait_s(USAGE) == 720 and throttle_wait_s({}) is None


@pytest.mark.asyncio
async def test_a_throttled_send_says_how_long_meta_asks_to_wait() -> None:
    """Through the real client: the usage headers reach the error, so the Send tab can say it."""
    from capi_desktop.backend.emulator import Fault, start_emulator
    from capi_desktop.backend.graph_client import GraphClient
    from capi_desktop.backend.retry import RetryPolicy
    from capi_desktop.domain.profile import Profile

    emulator = start_emulator(tokens=["t0ken-for-tests"], pixels=["1234567890"])
    client = GraphClient(retry=RetryPolicy(max_attempts=1))
    try:
        emulator.set_faults(Fault("throttle", times=0, status=400, code=17, regain_minutes=9))
        profile = Profile(id="p", name="P", pixel_id="1234567890", graph_url=emulator.url)
        event = {"event_name": "Lead", "event_time": 1, "action_source": "website"}
        result = await client.send_events(
            profile, "t0ken-for-tests", {"data": [event]}, test_event_code="TEST1"
        )
        error = result.chunks[0].error
        assert error is not None and error.throttled
        assert error.wait_s == 9 * 60
    finally:
        await client.aclose()
        emulator.stop()
