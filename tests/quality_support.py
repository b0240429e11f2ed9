"""Helpers for the quality tests: events of known quality posted to the emulator, a recording sleep."""

from __future__ import annotations

import hashlib
import json
import time
import urllib.request
from typing import Any

TOKEN = "test-token-123"
PIXEL = "1234567890"


def _h(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def poor_event(name: str = "Purchase", **overrides: Any) -> dict[str, Any]:
    """Only a private IP: little to match on, no event_id, no fbc."""
    base = {
        "event_name": name,
        "event_time": int(time.time()) - 30,
        "action_source": "website",
        "event_source_url": "https://shop.example/checkout",
        "user_data": {"client_ip_address": "10.0.0.7", "client_user_agent": "Mozilla/5.0"},
        "custom_data": {"currency": "EUR", "value": 12.5},
    }
    return base | overrides


def good_event(name: str = "Purchase", **overrides: Any) -> dict[str, Any]:
    """Email, phone, external_id, fbp, fbc, public IP + UA and an event_id."""
    stamp = int(time.time() * 1000)
    base = poor_event(name)
    base["event_id"] = f"order-{stamp}"
    base["user_data"] = {
        "em": [_h("jane.doe@example.com")],
        "ph": [_h("33612345678")],
        "external_id": ["cust-42"],
        "fbp": f"fb.1.{stamp}.1234567890",
        "fbc": f"fb.1.{stamp}.IwAR0example",
        "client_ip_address": "2001:db8:85a3::8a2e:370:7334",
        "client_user_agent": "Mozilla/5.0",
    }
    return base | overrides


def post_events(
    url: str, events: list[dict[str, Any]], token: str = TOKEN, pixel: str = PIXEL
) -> None:
    request = urllib.request.Request(
        f"{url}/v25.0/{pixel}/events",
        data=json.dumps({"data": events}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200, response.read()


class Sleeps:
    """Injectable sleep: records requested delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
