"""Event templates filled with SYNTHETIC sample data (reserved domains, 555-01xx numbers, doc IPs)."""

from __future__ import annotations

import time
import uuid
from typing import Any

from capi_desktop.backend.drafts import Draft

# Everything here is made up: example.com/.org addresses, a 555-01xx phone number reserved for
# fiction, a documentation-range IP (RFC 5737), synthetic cookie values.
SAMPLE_USER_ROWS: tuple[tuple[str, str], ...] = (
    ("em", " Alex.Rivera@Example.com "),
    ("em", "alex.rivera+shop@example.org"),
    ("ph", "(650) 555-0142"),
    ("fn", "Álex"),
    ("ln", "Rivera-Núñez"),
    ("db", "1990-04-03"),
    ("ge", "Female"),
    ("ct", "San Francisco"),
    ("st", "California"),
    ("zp", "94107-1234"),
    ("country", "United States"),
    ("external_id", "cust-000123"),
    ("client_ip_address", "203.0.113.24"),
    (
        "client_user_agent",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0 Safari/537.36",
    ),
)

SAMPLE_CUSTOM_DATA: dict[str, Any] = {
    "value": 142.5,
    "currency": "USD",
    "contents": [
        {"id": "SKU-1042", "quantity": 2, "item_price": 49.0},
        {"id": "SKU-2210", "quantity": 1, "item_price": 44.5},
    ],
    "content_ids": ["SKU-1042", "SKU-2210"],
    "content_type": "product",
    "content_name": "Trail running shoes",
    "content_category": "Shoes",
    "order_id": "ORD-2026-000417",
    "num_items": 3,
    "search_string": "trail running shoes",
    "status": "registered",
    "predicted_ltv": 480.0,
    "delivery_category": "home_delivery",
}

# Used only when the standard-events catalogue does not list an event's recommended fields.
FALLBACK_RECOMMENDED: dict[str, tuple[str, ...]] = {
    "Purchase": ("value", "currency", "contents", "content_ids", "content_type", "order_id"),
}


def recommended_custom_fields(event_name: str) -> tuple[str, ...]:
    """custom_data fields the catalogue recommends for a standard event ('' for custom ones)."""
    from capi_desktop.ui.panels.composer.catalog import recommended_fields

    fields = recommended_fields(event_name)
    if fields is None:
        return FALLBACK_RECOMMENDED.get(event_name, ())
    return tuple(f.removeprefix("custom_data.") for f in fields if _is_custom(f))


def _is_custom(field: str) -> bool:
    return field.startswith("custom_data.") or field in SAMPLE_CUSTOM_DATA


def synthetic_cookies(now: float) -> list[tuple[str, str]]:
    ms = int(now * 1000)
    return [
        ("fbc", f"fb.1.{ms - 7_200_000}.IwAR0SyntheticDemoClickId_ForTestsOnly"),
        ("fbp", f"fb.1.{ms - 86_400_000}.1234567890"),
    ]


def template(event_name: str, *, now: float | None = None, with_people: bool = True) -> Draft:
    """A ready-to-edit event: the event's recommended fields, all values synthetic."""
    now = time.time() if now is None else now
    event: dict[str, Any] = {
        "event_name": event_name,
        "event_time": int(now) - 120,
        "event_id": str(uuid.uuid4()),
        "action_source": "website",
        "event_source_url": "https://shop.example/checkout/thank-you"
        if event_name == "Purchase"
        else "https://shop.example/products/trail-shoes",
        "user_data": {},
    }
    custom = {
        key: SAMPLE_CUSTOM_DATA[key]
        for key in recommended_custom_fields(event_name)
        if key in SAMPLE_CUSTOM_DATA
    }
    if custom:
        event["custom_data"] = custom
    rows = [*SAMPLE_USER_ROWS, *synthetic_cookies(now)] if with_people else []
    return Draft(body={"data": [event]}, user_rows=rows, default_country="US")


def blank(*, now: float | None = None) -> Draft:
    """The starting point: a website Purchase with no customer data yet."""
    now = time.time() if now is None else now
    event = {
        "event_name": "Purchase",
        "event_time": int(now),
        "event_id": str(uuid.uuid4()),
        "action_source": "website",
        "user_data": {},
    }
    return Draft(body={"data": [event]})
