"""Event templates filled with SYNTHETIC sample data (reserved domains, 555-01xx numbers, doc IPs)."""

from __future__ import annotations

import time
from typing import Any

from capi_desktop.backend.catalog_store import standard_events
from capi_desktop.backend.drafts import Draft
from capi_desktop.domain.event_kinds.starters import starter_event
from capi_desktop.domain.request.event_ids import new_event_id

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

# A demo order richer than the catalogue's template (two items), for screenshots.
DEMO_CUSTOM_DATA: dict[str, Any] = {
    "value": 142.5,
    "currency": "USD",
    "contents": [
        {"id": "SKU-1042", "quantity": 2, "item_price": 49.0},
        {"id": "SKU-2210", "quantity": 1, "item_price": 44.5},
    ],
    "content_ids": ["SKU-1042", "SKU-2210"],
    "content_type": "product",
    "order_id": "ORD-2026-000417",
    "num_items": 3,
}


def synthetic_cookies(now: float) -> list[tuple[str, str]]:
    ms = int(now * 1000)
    return [
        ("fbc", f"fb.1.{ms - 7_200_000}.IwAR0SyntheticDemoClickId_ForTestsOnly"),
        ("fbp", f"fb.1.{ms - 86_400_000}.1234567890"),
    ]


def template(event_name: str, *, now: float | None = None) -> Draft:
    """The catalogue's template for a standard event, with its synthetic sample customer data."""
    now = time.time() if now is None else now
    catalogue = standard_events()
    entry = catalogue.get(event_name)
    if entry is not None:
        event = entry.build(event_time=int(now) - 120, user_data={})
    else:
        event = {"event_name": event_name, "event_time": int(now) - 120, "user_data": {}}
        event["action_source"] = "website"
    event["event_id"] = new_event_id()  # a fresh ID: templates must not collide in dedup
    rows = [
        (key, str(value))
        for key, value in catalogue.sample_user_data.items()
        if key not in ("fbc", "fbp")
    ]
    rows += synthetic_cookies(now)  # the catalogue's cookies carry a fixed, ageing timestamp
    return Draft(body={"data": [event]}, user_rows=rows, default_country="US")


def demo_purchase(*, now: float | None = None) -> Draft:
    """A full synthetic Purchase: several emails, Unicode names, national phone, cookies."""
    now = time.time() if now is None else now
    draft = template("Purchase", now=now)
    event = draft.body["data"][0]
    event["event_source_url"] = "https://shop.example/checkout/thank-you"
    event["referrer_url"] = "https://shop.example/cart"
    event["custom_data"] = dict(DEMO_CUSTOM_DATA)
    draft.user_rows = [*SAMPLE_USER_ROWS, *synthetic_cookies(now)]
    return draft


def blank(*, now: float | None = None) -> Draft:
    """The starting point: a website Purchase with no customer data yet."""
    now = time.time() if now is None else now
    event = {
        "event_name": "Purchase",
        "event_time": int(now),
        "event_id": new_event_id(),
        "action_source": "website",
        "user_data": {},
    }
    return Draft(body={"data": [event]})


# Raw customer rows per kind (typed values: the Customer tab shows their normalize/hash steps).
_PERSON = (("em", " Alex.Rivera@Example.com "), ("ph", "(650) 555-0142"))
KIND_USER_ROWS: dict[str, tuple[tuple[str, str], ...]] = {
    "app": (
        ("madid", "38400000-8cf0-11bd-b23e-10b96e40000d"),
        ("anon_id", "XZ0000000000-0000-0000-0000-000000000000"),
        ("em", " Alex.Rivera@Example.com "),
        ("client_ip_address", "203.0.113.24"),
    ),
    "crm": (("lead_id", "123456789012345"), *_PERSON),
    "business_messaging": (
        ("ctwa_clid", "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4Xvn"),
    ),
}
_OFFLINE_ROWS = (
    *_PERSON,
    ("fn", "Álex"),
    ("ln", "Rivera-Núñez"),
    ("zp", "94107-1234"),
    ("country", "United States"),
    ("external_id", "cust-000123"),
)


def kind_template(kind: str, event_name: str | None = None, *, now: float | None = None) -> Draft:
    """A starting event of one kind (domain.event_kinds), with synthetic raw customer rows."""
    now = time.time() if now is None else now
    if kind == "website":
        return template(event_name or "Purchase", now=now)
    event = starter_event(kind, event_name, now=int(now))
    rows = list(KIND_USER_ROWS.get(kind, _OFFLINE_ROWS))
    return Draft(body={"data": [event]}, user_rows=rows, default_country="US")
