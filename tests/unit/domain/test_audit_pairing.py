"""Audit pairing: exact keys, broken keys, one-sided events, duplicates, per-event counts, cancel."""

from __future__ import annotations

from typing import Any

import pytest

from capi_desktop.domain.audit.har_audit import ServerEvent, audit_events
from capi_desktop.domain.cancel import Cancelled
from capi_desktop.domain.pixel.hit import PixelHit, hit_from_params

PIXEL = "111"
TS = 1_764_000_000
OTHER_FBP = "fb.1.1763990000000.8"  # another visitor: nothing pairs by the fallback


def hit(name: str, event_id: str | None, *, ts: int = TS, pixel: str = PIXEL) -> PixelHit:
    params = [("id", pixel), ("ev", name), ("ts", str(ts * 1000)), ("fbp", "fb.1.1763990000000.7")]
    if event_id is not None:
        params.append(("eid", event_id))
    return hit_from_params(params, "har")


def server(
    name: str, event_id: Any, *, ts: int = TS + 5, pixel: str | None = PIXEL, **extra: Any
) -> ServerEvent:
    event: dict[str, Any] = {
        "event_name": name,
        "event_time": ts,
        "action_source": "website",
        "user_data": {"fbp": "fb.1.1763990000000.7"},
        **extra,
    }
    if event_id is not None:
        event["event_id"] = event_id
    return ServerEvent(event, pixel, "test")


def _categories(report: Any) -> dict[str | None, str]:
    return {row.event_id: row.category for row in report.rows}


def test_every_category() -> None:
    hits = [
        hit("Purchase", "p1"),
        hit("Purchase", "p2"),
        hit("Purchase", "p3"),
        hit("Purchase", "p4"),
        hit("Lead", "l1"),
        hit("Lead", None),
        hit("PageView", "pv1", pixel="999"),
        hit("Microdata", "m"),
    ]
    events = [
        server("Purchase", "p1"),
        server("Purchase", "p2", ts=TS + 600),  # > 5 min: at risk
        server("Purchase", "P3"),  # case: double counted
        server("Purchase", "p4", ts=TS + 49 * 3600),  # > 48 h: double counted
        server("Lead", "only-server", user_data={"fbp": OTHER_FBP}),
        server("Lead", None, user_data={"fbp": OTHER_FBP}),
        server("PageView", "pv1"),  # browser hit went to pixel 999: double counted
    ]
    report = audit_events(hits, events)
    cats = _categories(report)
    assert cats["p1"] == "matched"
    assert cats["p2"] == "at_risk"
    assert cats["p3"] == "double_counted"
    assert cats["p4"] == "double_counted"
    assert cats["only-server"] == "server_only"
    assert cats["l1"] == "browser_only"
    assert cats["pv1"] == "double_counted"
    assert report.ignored_hits == 1 and report.browser_hits == 7
    totals = report.totals
    assert (totals.matched, totals.at_risk, totals.double_counted) == (1, 1, 3)
    assert (totals.browser_only, totals.server_only) == (2, 2)
    assert totals.dedup_rate == pytest.approx(2 / 9)
    per = {s.event_name: s for s in report.per_event}
    assert per["Purchase"].matched == 1 and per["Purchase"].double_counted == 2
    assert per["Lead"].server_only == 2 and per["Lead"].browser_only == 2
    p3 = next(r for r in report.rows if r.event_id == "p3")
    assert p3.problems[0].field == "event_id" and "upper/lower case" in p3.reason
    no_id = [r for r in report.rows if r.event_id is None]
    assert no_id and all("no event ID" in r.reason for r in no_id)
    summary = report.summary_json()
    assert summary["double_counted"] == 3 and summary["dedup_rate"] == round(2 / 9, 4)


def test_no_event_id_pairs_by_fbp_or_external_id_and_is_at_risk() -> None:
    """capi.md §5.6 rule 2: fbp / external_id + event_name, only if the browser is first."""
    by_fbp = audit_events([hit("Lead", None)], [server("Lead", None)])
    row = by_fbp.rows[0]
    assert row.category == "at_risk" and "fbp" in row.reason and "first" in row.reason
    ext = "7c3e0b1f" * 8
    params = [("id", PIXEL), ("ev", "Lead"), ("ts", str(TS * 1000)), ("ud[external_id]", ext)]
    by_ext = audit_events(
        [hit_from_params(params, "har")],
        [server("Lead", None, user_data={"external_id": [ext]})],
    )
    assert by_ext.rows[0].category == "at_risk" and "external_id" in by_ext.rows[0].reason
    nothing = audit_events([hit("Lead", None)], [server("Lead", None, user_data={})])
    assert sorted(r.category for r in nothing.rows) == ["browser_only", "server_only"]


def test_different_event_ids_of_one_visitor_pair_and_are_double_counted() -> None:
    """Issue 21: Compare says double counted for this pair; so must the audit."""
    report = audit_events([hit("Purchase", "o-1")], [server("Purchase", "o-9")])
    assert [r.category for r in report.rows] == ["double_counted"]
    assert report.rows[0].reason.startswith("event_id: Event IDs must be string-equal")


def test_duplicate_ids_are_counted_and_flagged() -> None:
    hits = [hit("Purchase", "same"), hit("Purchase", "same")]
    events = [server("Purchase", "same"), server("Purchase", "same"), server("Purchase", "same")]
    report = audit_events(hits, events)
    assert report.totals.duplicate_ids == 3  # one extra browser copy, two extra server copies
    assert report.totals.matched == 2 and report.totals.server_only == 1
    # the second pair (both sides repeat the key) and the unpaired third server event
    assert sum(r.duplicate for r in report.rows) == 2


def test_unknown_server_pixel_is_never_assumed_the_same() -> None:
    """Issue 12 item 2: a pixel nobody read gives no verdict, never "deduplicated"."""
    hits = [hit("Lead", "x", pixel="222")]
    report = audit_events(hits, [server("Lead", "x", pixel=None)])
    assert report.totals.unknown == 1 and report.totals.matched == 0
    assert report.rows[0].reason.startswith("pixel_id: The server side does not say")
    assert (
        audit_events(hits, [server("Lead", "x", pixel=None)], default_pixel_id="222").totals.matched
        == 1
    )
    report = audit_events(hits, [server("Lead", "x", pixel=None)], default_pixel_id="333")
    assert report.totals.double_counted == 1


def test_whitespace_in_event_id_is_double_counted() -> None:
    report = audit_events([hit("Purchase", "ord-1")], [server("Purchase", "ord-1 ")])
    assert report.totals.double_counted == 1


def test_progress_and_cancel() -> None:
    hits = [hit("Lead", f"e{i}") for i in range(1200)]
    events = [server("Lead", f"e{i}") for i in range(1200)]
    seen: list[float] = []
    report = audit_events(hits, events, on_progress=lambda f, _m: seen.append(f))
    assert report.totals.matched == 1200
    assert seen[0] == 0.0 and seen[-1] == 1.0 and len(seen) >= 3
    with pytest.raises(Cancelled):
        audit_events(hits, events, should_cancel=lambda: True)


def test_empty_inputs() -> None:
    report = audit_events([], [])
    assert report.totals.total == 0 and report.totals.dedup_rate is None
