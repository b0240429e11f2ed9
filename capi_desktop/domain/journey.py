"""A synthetic five-step shopping journey with one browser context, and what to check in Meta."""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

JOURNEY_EVENTS: tuple[str, ...] = (
    "PageView",
    "ViewContent",
    "AddToCart",
    "InitiateCheckout",
    "Purchase",
)
# Meta's guidance (capi.md §9): leave the test code in until ten minutes pass with no new
# issues in Test Events / Diagnostics.
CLEAN_WINDOW_MINUTES = 10
DEFAULT_SPACING_S = 3.0

CHECKLIST: tuple[str, ...] = (
    "Test Events shows all five events, in order, each marked as received from the Server.",
    "If the website's Pixel fires too, each event appears twice (Browser and Server) before "
    "deduplication, then as one deduplicated event.",
    "Browser and server copies carry the same event_id (the event_id of each step below).",
    "Server events carry fbp (and fbc when the visit came from an ad click), client IP address "
    "and user agent — the same browser context as the Pixel.",
    "Purchase shows value and currency; ViewContent/AddToCart/InitiateCheckout show content_ids.",
    "Diagnostics shows no new warning for these events.",
    f"Clean window: wait until {CLEAN_WINDOW_MINUTES} minutes pass with no new issue before "
    "removing the test event code from the production setup.",
)

_SYNTHETIC_NOTE = (
    "Synthetic journey (no real person): identifiers are generated for this run only. "
    "Events sent with a test code are still real events for Meta."
)
_PATHS = {
    "PageView": "",
    "ViewContent": "product/journey-sku-1",
    "AddToCart": "cart",
    "InitiateCheckout": "checkout",
    "Purchase": "checkout/thank-you",
}


@dataclass(frozen=True)
class BrowserContext:
    """What a real browser would send with every event of one visit."""

    fbp: str
    fbc: str
    external_id: str  # SHA-256 of a synthetic customer id
    client_ip_address: str
    client_user_agent: str
    site_url: str  # every step's event_source_url starts with this


@dataclass(frozen=True)
class JourneyStep:
    index: int
    event_name: str
    event: dict[str, Any]

    @property
    def event_id(self) -> str:
        return str(self.event["event_id"])


@dataclass(frozen=True)
class JourneyPlan:
    context: BrowserContext
    steps: tuple[JourneyStep, ...]
    checklist: tuple[str, ...] = CHECKLIST
    note: str = _SYNTHETIC_NOTE
    clean_window_minutes: int = CLEAN_WINDOW_MINUTES

    def request_for(self, step: JourneyStep, test_event_code: str | None) -> dict[str, Any]:
        """The request body for one step (one event per request, as a browser visit would)."""
        body: dict[str, Any] = {"data": [step.event]}
        if test_event_code:
            body["test_event_code"] = test_event_code
        return body


def make_context(rng: random.Random, now_s: int, site: str) -> BrowserContext:
    ms = now_s * 1000
    fbclid = "IwAR" + "".join(
        rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        for _ in range(24)
    )
    customer = f"journey-test-{rng.randrange(10**9):09d}"
    return BrowserContext(
        fbp=f"fb.1.{ms - 60_000}.{rng.randrange(10**9, 10**10)}",
        fbc=f"fb.1.{ms - 30_000}.{fbclid}",
        external_id=hashlib.sha256(customer.encode()).hexdigest(),
        # RFC 3849 documentation prefix: never a real client.
        client_ip_address=f"2001:db8::{rng.randrange(1, 0xFFFF):x}",
        client_user_agent=(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Safari/537.36 CAPIDesktopJourneyTest"
        ),
        site_url=site.rstrip("/") + "/",
    )


def _custom_data(event_name: str, order: str) -> dict[str, Any]:
    if event_name == "PageView":
        return {}
    contents = [{"id": "journey-sku-1", "quantity": 1, "item_price": 19.99}]
    data: dict[str, Any] = {
        "content_ids": ["journey-sku-1"],
        "content_type": "product",
        "contents": contents,
        "currency": "USD",
        "value": 19.99,
    }
    if event_name == "InitiateCheckout":
        data["num_items"] = 1
    if event_name == "Purchase":
        data["order_id"] = order
    return data


def build_journey(
    now_s: int,
    *,
    site: str = "https://shop.example.com/journey-test",
    seed: int | None = None,
    new_id: Callable[[], str] | None = None,
    spacing_s: float = DEFAULT_SPACING_S,
) -> JourneyPlan:
    """Five events sharing one browser context; event_time advances by `spacing_s` per step."""
    rng = random.Random(seed)
    make_id = new_id or (lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4)))
    context = make_context(rng, now_s, site)
    order = f"journey-order-{rng.randrange(10**6):06d}"
    steps: list[JourneyStep] = []
    for index, name in enumerate(JOURNEY_EVENTS):
        event: dict[str, Any] = {
            "event_name": name,
            "event_time": int(now_s + index * spacing_s),
            "event_id": make_id(),
            "action_source": "website",
            "event_source_url": context.site_url + _PATHS[name],
            "user_data": {
                "external_id": [context.external_id],
                "client_ip_address": context.client_ip_address,
                "client_user_agent": context.client_user_agent,
                "fbp": context.fbp,
                "fbc": context.fbc,
            },
        }
        custom = _custom_data(name, order)
        if custom:
            event["custom_data"] = custom
        steps.append(JourneyStep(index, name, event))
    return JourneyPlan(context, tuple(steps))
