"""Journey test plan: five steps, one browser context, fresh ids, synthetic values only."""

from __future__ import annotations

import re

from capi_desktop.domain.journey import (
    CHECKLIST,
    CLEAN_WINDOW_MINUTES,
    JOURNEY_EVENTS,
    build_journey,
)

NOW = 1_800_000_000


def test_five_steps_in_order_with_fresh_ids() -> None:
    plan = build_journey(NOW, seed=1)
    assert tuple(s.event_name for s in plan.steps) == JOURNEY_EVENTS == (
        "PageView", "ViewContent", "AddToCart", "InitiateCheckout", "Purchase",
    )  # fmt: skip
    ids = [s.event_id for s in plan.steps]
    assert len(set(ids)) == 5 and all(ids)
    times = [s.event["event_time"] for s in plan.steps]
    assert times == sorted(times) and times[0] == NOW


def test_one_consistent_browser_context() -> None:
    plan = build_journey(NOW, seed=2)
    users = [s.event["user_data"] for s in plan.steps]
    for key in ("fbp", "fbc", "external_id", "client_ip_address", "client_user_agent"):
        assert len({str(u[key]) for u in users}) == 1, key
    urls = [s.event["event_source_url"] for s in plan.steps]
    assert all(u.startswith(plan.context.site_url) for u in urls)
    assert re.fullmatch(r"fb\.1\.\d{13}\.\d{10}", plan.context.fbp)
    assert re.fullmatch(r"fb\.1\.\d{13}\.IwAR[\w-]+", plan.context.fbc)
    assert re.fullmatch(r"[0-9a-f]{64}", plan.context.external_id)
    assert plan.context.client_ip_address.startswith("2001:db8::")  # documentation range


def test_purchase_and_requests() -> None:
    plan = build_journey(NOW, seed=3, new_id=iter(["a", "b", "c", "d", "e"]).__next__)
    purchase = plan.steps[-1].event
    assert purchase["custom_data"]["value"] > 0 and purchase["custom_data"]["currency"] == "USD"
    assert "custom_data" not in plan.steps[0].event
    assert [s.event_id for s in plan.steps] == ["a", "b", "c", "d", "e"]
    body = plan.request_for(plan.steps[1], "TEST42")
    assert body == {"data": [plan.steps[1].event], "test_event_code": "TEST42"}
    assert "test_event_code" not in plan.request_for(plan.steps[1], None)


def test_different_runs_differ_and_checklist() -> None:
    a, b = build_journey(NOW), build_journey(NOW)
    assert a.context.fbp != b.context.fbp
    assert a.steps[0].event_id != b.steps[0].event_id
    assert any("twice" in item for item in CHECKLIST)
    assert any(f"{CLEAN_WINDOW_MINUTES} minutes" in item for item in CHECKLIST)
    assert "real events" in a.note
