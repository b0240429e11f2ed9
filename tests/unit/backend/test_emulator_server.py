"""The Graph API emulator over plain HTTP (urllib): Meta-shaped bodies, validation, control API."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from capi_desktop.backend.emulator import RunningEmulator, post_faults, start_emulator
from capi_desktop.backend.emulator.validate import validate_events
from tests.conftest import SHARED_FIXTURES

TOKEN = "test-token-123"
PIXEL = "1234567890"
GRAPH_FIXTURES = SHARED_FIXTURES / "graph"


def call(
    emulator: RunningEmulator,
    path: str,
    body: Any = None,
    *,
    token: str | None = TOKEN,
    form: bool = False,
    method: str | None = None,
) -> tuple[int, Any]:
    headers = {}
    data = None
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    request = urllib.request.Request(emulator.url + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def good_event(**overrides: Any) -> dict[str, Any]:
    return {
        "event_name": "Purchase",
        "event_time": int(time.time()),
        "action_source": "website",
        "user_data": {"client_ip_address": "192.0.2.1", "client_user_agent": "Mozilla/5.0"},
        "custom_data": {
            "value": 10.0,
            "currency": "USD",
        },  # Meta rejects a Purchase without currency
    } | overrides


def without_trace(body: dict[str, Any]) -> dict[str, Any]:
    error = dict(body["error"])
    error.pop("fbtrace_id")
    return error


def test_accepts_events_and_shows_them_at_received(emulator: RunningEmulator) -> None:
    status, body = call(
        emulator, f"/v26.0/{PIXEL}/events", {"data": [good_event()], "test_event_code": "TEST9"}
    )
    assert status == 200 and body["events_received"] == 1 and body["messages"] == []
    assert body["fbtrace_id"]
    _, received = call(emulator, "/_emulator/received", token=None)
    [entry] = received["requests"]
    assert entry["test_event_code"] == "TEST9" and entry["pixel_id"] == PIXEL
    assert entry["data"][0]["event_name"] == "Purchase" and TOKEN not in json.dumps(received)


def test_sdk_style_form_body_with_access_token_field(emulator: RunningEmulator) -> None:
    form = {"data": json.dumps([json.dumps(good_event())]), "access_token": TOKEN}
    status, body = call(emulator, f"/v25.0/{PIXEL}/events", form, token=None, form=True)
    assert status == 200 and body["events_received"] == 1


def test_old_event_gets_the_real_2804003_body(emulator: RunningEmulator) -> None:
    old = good_event(event_time=int(time.time()) - 8 * 86400)
    status, body = call(emulator, f"/v26.0/{PIXEL}/events", {"data": [old]})
    real = json.loads((GRAPH_FIXTURES / "error_100_2804003_en.json").read_text(encoding="utf-8"))
    assert status == 400 and without_trace(body) == without_trace(real)


def test_thin_user_data_gets_the_real_2804050_body(emulator: RunningEmulator) -> None:
    thin = good_event(user_data={"fn": ["f" * 64], "ge": ["g" * 64]})
    status, body = call(emulator, f"/v26.0/{PIXEL}/events", {"data": [thin]})
    real = json.loads((GRAPH_FIXTURES / "error_100_2804050_en.json").read_text(encoding="utf-8"))
    assert status == 400 and without_trace(body) == without_trace(real)


def test_physical_store_events_may_be_62_days_old(emulator: RunningEmulator) -> None:
    store_event = good_event(
        action_source="physical_store", event_time=int(time.time()) - 30 * 86400
    )
    assert call(emulator, f"/v26.0/{PIXEL}/events", {"data": [store_event]})[0] == 200


@pytest.mark.parametrize(("token", "code", "subcode"), [(None, 104, None), ("nope", 190, None)])
def test_token_problems(
    emulator: RunningEmulator, token: str | None, code: int, subcode: int | None
) -> None:
    status, body = call(emulator, f"/v26.0/{PIXEL}/events", {"data": [good_event()]}, token=token)
    assert status == 400 and body["error"]["code"] == code
    assert body["error"].get("error_subcode") == subcode


def test_access_token_in_the_query_is_accepted_like_meta(emulator: RunningEmulator) -> None:
    status, body = call(emulator, f"/me?access_token={TOKEN}", token=None)
    assert status == 200 and body["id"]


def test_unknown_pixel_is_100_33(emulator: RunningEmulator) -> None:
    status, body = call(emulator, "/v26.0/42424242/events", {"data": [good_event()]})
    assert status == 400 and (body["error"]["code"], body["error"]["error_subcode"]) == (100, 33)
    assert body["error"]["type"] == "GraphMethodException"
    status, body = call(emulator, "/v26.0/42424242?fields=id")
    assert body["error"]["message"].startswith("Unsupported get request")


@pytest.mark.parametrize(
    "data",
    [None, "not json", [], [good_event()] * 1001, ["x"], [good_event(event_time="yesterday")]],
    ids=["missing", "string", "empty", "1001", "non-object", "bad-time"],
)
def test_malformed_data_is_100(emulator: RunningEmulator, data: Any) -> None:
    body_in = {} if data is None else {"data": data}
    status, body = call(emulator, f"/v26.0/{PIXEL}/events", body_in)
    assert status == 400 and body["error"]["code"] == 100


def test_pixel_fields_and_unknown_paths(emulator: RunningEmulator) -> None:
    status, body = call(emulator, f"/v26.0/{PIXEL}?fields=id,name,owner_business")
    assert status == 200 and set(body) == {"id", "name", "owner_business"}
    status, body = call(emulator, "/v26.0/me/adaccounts/extra")
    assert status == 400 and body["error"]["code"] == 2500


def test_debug_token(emulator: RunningEmulator) -> None:
    status, body = call(emulator, f"/debug_token?input_token={TOKEN}")
    assert status == 200 and body["data"]["is_valid"] is True
    assert call(emulator, "/debug_token?input_token=other")[1]["data"]["is_valid"] is False


def test_faults_over_http_control_endpoint(emulator: RunningEmulator) -> None:
    post_faults(emulator.url, [{"kind": "throttle", "code": 613, "regain_minutes": 2}])
    request = urllib.request.Request(
        emulator.url + "/v26.0/me", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(request, timeout=5)
    body = json.loads(failed.value.read())
    assert body["error"]["code"] == 613 and body["error"]["is_transient"] is True
    usage = json.loads(failed.value.headers["X-Business-Use-Case-Usage"])
    assert next(iter(usage.values()))[0]["estimated_time_to_regain_access"] == 2
    assert call(emulator, "/v26.0/me")[0] == 200  # times=1: used up
    status, body = call(emulator, "/_emulator/faults", {"faults": [{"kind": "bogus"}]}, token=None)
    assert status == 400


def test_html_fault_page(emulator: RunningEmulator) -> None:
    emulator.set_faults({"kind": "http_502"})
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(emulator.url + "/v26.0/me", timeout=5)
    assert failed.value.code == 502 and b"Bad Gateway" in failed.value.read()


def test_reset_clears_received_and_hits(emulator: RunningEmulator) -> None:
    call(emulator, f"/v26.0/{PIXEL}/events", {"data": [good_event()]})
    assert emulator.received() and emulator.hits()
    call(emulator, "/_emulator/reset", {}, token=None)
    assert emulator.received() == [] and emulator.hits() == []


def test_refuses_a_non_loopback_bind_unless_allowed() -> None:
    with pytest.raises(ValueError, match="loopback"):
        start_emulator(host="0.0.0.0")


def test_ipv6_loopback() -> None:
    import socket

    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    try:
        running = start_emulator(host="::1")
    except OSError:
        pytest.skip("IPv6 loopback not configured")
    with running:
        assert running.url.startswith("http://[::1]:")
        assert call(running, "/v26.0/me")[0] == 200


def test_one_bad_event_rejects_the_batch() -> None:
    events = [good_event(), good_event(), good_event(event_time=0)]
    problem = validate_events(events)
    assert problem is not None and problem["error"]["error_subcode"] == 2804003
