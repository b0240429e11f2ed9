"""The emulator reads multipart/form-data events requests (the PHP SDK's curl adapter sends them)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
from typing import Any

import pytest

from capi_desktop.backend.emulator import RunningEmulator
from capi_desktop.backend.emulator.multipart import parse_multipart

EVENT = {
    "event_name": "Lead",
    "event_time": 0,
    "action_source": "website",
    "user_data": {"em": ["0" * 64], "client_ip_address": "203.0.113.9"},
    "custom_data": {"note": "ü € 'quoted' $x \\ {}", "empty": {}},
}


def _event() -> dict[str, Any]:
    return dict(EVENT, event_time=int(time.time()) - 5)


def _multipart(fields: dict[str, str], boundary: str = "----capi7MA4YWxkTrZu0gW") -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    return ("".join(parts) + f"--{boundary}--\r\n").encode("utf-8")


def test_fields_are_read_with_utf8_values() -> None:
    body = _multipart({"data": '["{\\"a\\": \\"ü\\"}"]', "test_event_code": "T1"})
    fields = parse_multipart("multipart/form-data; boundary=----capi7MA4YWxkTrZu0gW", body)
    assert fields == {"data": '["{\\"a\\": \\"ü\\"}"]', "test_event_code": "T1"}


def test_a_body_that_is_not_multipart_is_none() -> None:
    assert parse_multipart("multipart/form-data", b"{}") is None


def test_the_emulator_accepts_a_multipart_events_request(emulator: RunningEmulator) -> None:
    event = _event()
    body = _multipart(
        {
            "data": json.dumps([json.dumps(event)]),
            "test_event_code": "TEST9",
            "access_token": "test-token-123",
        }
    )
    request = urllib.request.Request(
        f"{emulator.url}/v26.0/1234567890/events",
        data=body,
        headers={"Content-Type": "multipart/form-data; boundary=----capi7MA4YWxkTrZu0gW"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.loads(response.read())["events_received"] == 1
    received = emulator.received()
    assert [r["data"] for r in received] == [[event]]
    assert received[0]["test_event_code"] == "TEST9"


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_curl_form_fields_arrive_as_sent(emulator: RunningEmulator) -> None:
    """What PHP's CURLOPT_POSTFIELDS array (the SDK's adapter) puts on the wire: curl -F."""
    event = _event()
    done = subprocess.run(
        [
            "curl", "-sS", "--noproxy", "*",
            "-F", f"data=[{json.dumps(json.dumps(event, ensure_ascii=False), ensure_ascii=False)}]",
            "-F", "test_event_code=TEST10",
            "-F", "access_token=test-token-123",
            f"{emulator.url}/v26.0/1234567890/events",
        ],
        capture_output=True, text=True, timeout=20, check=False,
    )  # fmt: skip
    assert '"events_received": 1' in done.stdout, done.stdout + done.stderr
    assert emulator.received()[0]["data"] == [event]
