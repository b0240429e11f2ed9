"""A synthetic live session (no browser, no network) for screenshots and a first look."""

from __future__ import annotations

from urllib.parse import urlencode

from capi_desktop.domain.live.capture import CapturedRequest
from capi_desktop.domain.live.records import RelayedRequest
from capi_desktop.domain.live.session import LiveSession

PIXEL = "1234567890"
FBP = "fb.1.1796500000000.1948305521"
_START = 1_796_500_000.0
_EM = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


class _DemoClock:
    def __init__(self) -> None:
        self.now = _START

    def __call__(self) -> float:
        return self.now


def _hit(name: str, eid: str | None, at: float, page: str, beacon: bool) -> CapturedRequest:
    params = {"id": PIXEL, "ev": name, "dl": f"https://shop.example{page}", "rl": "",
              "ts": str(int(at * 1000)), "fbp": FBP}  # fmt: skip
    if eid:
        params["eid"] = eid
    if name == "Purchase":
        params |= {"cd[value]": "129.95", "cd[currency]": "EUR"}
    query = urlencode(params)
    cookies = {"_fbp": FBP}
    url = f"https://shop.example{page}"
    if beacon:
        return CapturedRequest(
            "https://www.facebook.com/tr/", "POST", query, None, url, at, cookies
        )
    return CapturedRequest(
        f"https://www.facebook.com/tr/?{query}", "GET", None, None, url, at, cookies
    )


def _server(name: str, eid: str, at: float, page: str) -> RelayedRequest:
    event = {
        "event_name": name,
        "event_time": int(at),
        "event_id": eid,
        "action_source": "website",
        "event_source_url": f"https://shop.example{page}",
        "user_data": {
            "em": [_EM],
            "fbp": FBP,
            "client_ip_address": "203.0.113.42",
            "client_user_agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0",
        },
    }
    if name == "Purchase":
        event["custom_data"] = {"value": 129.95, "currency": "EUR"}
    return RelayedRequest(at=at, path=f"/v21.0/{PIXEL}/events", pixel_id=PIXEL, status=200,
                          events=(event,), test_event_code="TEST12345")  # fmt: skip


def demo_session() -> LiveSession:
    """PageView and ViewContent clean, AddToCart without eid (resets), then a clean 6 min 12 s."""
    clock = _DemoClock()
    session = LiveSession(clock=clock)
    steps = [
        ("PageView", "pv-7f3a", "/", False, 0.0),
        ("ViewContent", "vc-2b91", "/mug", False, 14.0),
        ("AddToCart", None, "/mug", True, 31.0),
        ("InitiateCheckout", "ic-c04e", "/checkout", False, 55.0),
        ("Purchase", "ord-9821", "/thanks", True, 80.0),
    ]
    for name, eid, page, beacon, offset in steps:
        at = _START + offset
        session.add_capture(_hit(name, eid, at, page, beacon))
        session.add_relayed(_server(name, eid or f"{name.lower()}-5512", at + 0.4, page))
    clock.now = _START + 55.4 + 372
    return session
