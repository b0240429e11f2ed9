"""Play the test shop's journey in a headless browser against a relay and collect the session."""

from __future__ import annotations

import queue
import time
from typing import Any

from capi_desktop.backend.browser_capture import BrowserCapture
from capi_desktop.backend.relay import RecordingRelay
from capi_desktop.domain.live.session import LiveSession, SessionUpdate
from tests.live.shop_server import ShopServer


def play_journey(
    chromium: str, variant: str = "", *, timeout_s: float = 25.0, **relay_options: Any
) -> tuple[LiveSession, list[SessionUpdate], RecordingRelay]:
    """Run the five-step journey; returns once Purchase arrived from both sides (or timeout)."""
    inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
    relay = RecordingRelay(on_record=lambda r: inbox.put(("server", r)), **relay_options)
    shop = ShopServer(relay.url)
    capture = BrowserCapture(
        chromium, lambda c: inbox.put(("browser", c)), headless=True, block_pixel=True
    )
    session = LiveSession()
    updates: list[SessionUpdate] = []
    try:
        query = f"?variant={variant}" if variant else ""
        capture.start(f"{shop.url}/index.html{query}")
        deadline = time.monotonic() + timeout_s
        purchase = {"browser": False, "server": False}
        while time.monotonic() < deadline and not all(purchase.values()):
            try:
                kind, item = inbox.get(timeout=0.2)
            except queue.Empty:
                continue
            if kind == "browser":
                updates += session.add_capture(item)
                purchase["browser"] |= any(b.hit.event_name == "Purchase" for b in session.browser)
            else:
                updates += session.add_relayed(item)
                purchase["server"] |= any(
                    e.get("event_name") == "Purchase" for e in item.events
                ) or (item.status != 200 and len(shop.statuses) >= 5)
    finally:
        capture.stop()
        shop.stop()
        relay.stop()
    return session, updates, relay
