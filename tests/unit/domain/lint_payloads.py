"""Synthetic payloads for the lint tests: one clean Purchase and helpers to break it one way at a time."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from capi_desktop.domain.lint import Finding, lint
from capi_desktop.domain.request.event_model import CapiRequest

NOW = 1_790_000_000  # fixed clock (2026-09-21) so age rules are deterministic


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean_event(**overrides: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_name": "Purchase",
        "event_time": NOW - 30,
        "action_source": "website",
        "event_source_url": "https://shop.example.com/checkout/thank-you",
        "event_id": "order-10042-purchase",
        "user_data": {
            "em": [sha("test@example.com")],
            "ph": [sha("16505550100")],
            "external_id": ["customer-0001"],
            "client_ip_address": "203.0.113.10",
            "client_user_agent": "Mozilla/5.0 (X11; Linux x86_64) Example/1.0",
            "fbp": f"fb.1.{(NOW - 3600) * 1000}.1234567890",
            "fbc": f"fb.1.{(NOW - 3600) * 1000}.IwAR0exampleClickId",
        },
        "custom_data": {
            "value": 49.99,
            "currency": "USD",
            "contents": [{"id": "SKU-1001", "quantity": 1, "item_price": 49.99}],
            "content_ids": ["SKU-1001"],
        },
    }
    event.update(overrides)
    return event


def request(*events: dict[str, Any], **top: Any) -> CapiRequest:
    body: dict[str, Any] = {"data": list(events) if events else [clean_event()]}
    body.update(top)
    return CapiRequest(body)


def _with_section(section: str, changes: dict[str, Any]) -> dict[str, Any]:
    event = clean_event()
    part = copy.deepcopy(event[section])
    for key, value in changes.items():
        if value is _DROP:
            part.pop(key, None)
        else:
            part[key] = value
    event[section] = part
    return event


def with_user_data(**changes: Any) -> dict[str, Any]:
    """The clean event with user_data keys replaced (DROP removes a key)."""
    return _with_section("user_data", changes)


def with_custom_data(**changes: Any) -> dict[str, Any]:
    """The clean event with custom_data keys replaced (DROP removes a key)."""
    return _with_section("custom_data", changes)


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


_DROP = _Drop()
DROP: Any = _DROP


def findings_for(req: CapiRequest, rule: str, *, now: int = NOW) -> list[Finding]:
    return [f for f in lint(req, now=now) if f.rule == rule]


def rules(req: CapiRequest, *, now: int = NOW) -> set[str]:
    return {f.rule for f in lint(req, now=now)}
