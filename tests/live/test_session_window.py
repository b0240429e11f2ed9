"""Live session logic without a browser: pairing order rules, the clean window on a fake clock."""

from __future__ import annotations

from typing import Any

from capi_desktop.domain.live.capture import CapturedRequest
from capi_desktop.domain.live.clean_window import CLEAN_WINDOW_S
from capi_desktop.domain.live.records import RelayedRequest
from capi_desktop.domain.live.session import LiveSession

FBP = "fb.1.1700000000000.123456789"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _hit(name: str, eid: str | None, at: float, method: str = "GET") -> CapturedRequest:
    query = f"id=1234567890&ev={name}&fbp={FBP}&dl=https%3A%2F%2Fshop.example%2F" + (
        f"&eid={eid}" if eid else ""
    )
    if method == "POST":
        return CapturedRequest("https://www.facebook.com/tr/", "POST", query, None, None, at)
    return CapturedRequest(f"https://www.facebook.com/tr/?{query}", "GET", None, None, None, at)


def _server(name: str, eid: str | None, at: float, **user: Any) -> RelayedRequest:
    user_data = {
        "fbp": FBP,
        "client_ip_address": "203.0.113.7",
        "client_user_agent": "Mozilla/5.0",
        **user,
    }
    event = {
        "event_name": name,
        "event_time": int(at),
        "action_source": "website",
        "event_source_url": "https://shop.example/",
        "user_data": {k: v for k, v in user_data.items() if v is not None},
    }
    if eid:
        event["event_id"] = eid
    return RelayedRequest(
        at=at, path="/v21.0/1234567890/events", pixel_id="1234567890", status=200, events=(event,)
    )


def test_window_runs_from_the_first_clean_pair_and_is_ready_after_ten_minutes() -> None:
    clock = Clock()
    session = LiveSession(clock=clock)
    session.add_capture(_hit("PageView", "pv-1", clock.now))
    session.add_relayed(_server("PageView", "pv-1", clock.now))
    assert session.status().state == "running"
    clock.now += CLEAN_WINDOW_S - 1
    assert session.status().state == "running"
    clock.now += 1
    status = session.status()
    assert status.state == "ready"
    assert "Ready to remove the test code" in status.message and "48 hours" in status.message


def test_a_warning_resets_the_window_naming_what_reset_it() -> None:
    clock = Clock()
    session = LiveSession(clock=clock)
    session.add_capture(_hit("PageView", "pv-1", clock.now))
    session.add_relayed(_server("PageView", "pv-1", clock.now))
    clock.now += 300
    session.add_capture(_hit("Lead", "ld-1", clock.now, "POST"))
    session.add_relayed(_server("Lead", "ld-1", clock.now, client_user_agent=None))
    status = session.status()
    assert status.state == "waiting"
    assert status.last_reset is not None and "client_user_agent" in status.last_reset.reason
    assert "client_user_agent" in status.message
    session.add_capture(_hit("ViewContent", "vc-1", clock.now + 5))
    session.add_relayed(_server("ViewContent", "vc-1", clock.now + 6))
    clock.now += 60
    assert session.status().state == "running" and session.status().elapsed_s == 54


def test_late_browser_hit_pairs_by_event_id_but_not_by_fbp_fallback() -> None:
    session = LiveSession(clock=Clock())
    session.add_relayed(_server("AddToCart", "atc-1", 100.0))
    session.add_capture(_hit("AddToCart", "atc-1", 101.0))
    session.add_relayed(_server("Purchase", "ord-1", 100.0))
    session.add_capture(_hit("Purchase", None, 160.0))  # no eid and a minute after the server
    assert [p.method for p in session.pairs] == ["event_id"]
    assert [b.hit.event_name for b in session.unpaired_browser()] == ["Purchase"]


def test_privacy_sandbox_trigger_is_counted_not_paired() -> None:
    session = LiveSession(clock=Clock())
    url = (
        "https://www.facebook.com/privacy_sandbox/pixel/register/trigger/?id=1234567890&ev=Purchase"
    )
    updates = session.add_capture(CapturedRequest(url, "GET", None, None, None, 1.0))
    assert session.triggers == 1 and not session.browser
    assert updates[0].kind == "ignored"
