"""Issue 19 item 1: "What to fix" is derived from the rows it summarises, by one function."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capi_desktop.domain.audit.har_audit import ServerEvent, audit_events
from capi_desktop.domain.audit.report import render_report
from capi_desktop.domain.audit.report_fixes import fix_list
from capi_desktop.domain.pixel.hit import PixelHit, hit_from_params

PIXEL = "1005535387858009"
TS = 1_764_000_000


def _hit(
    name: str, eid: str | None, *, fbp: str = "fb.1.1763990000000.1", ts: int = TS
) -> PixelHit:
    params = [("id", PIXEL), ("ev", name), ("ts", str(ts * 1000)), ("fbp", fbp)]
    if eid is not None:
        params.append(("eid", eid))
    return hit_from_params(params, "har")


def _server(name: str, eid: str | None, *, fbp: str = "fb.1.1763990000000.1", ts: int = TS + 5,
            pixel: str | None = PIXEL) -> ServerEvent:  # fmt: skip
    event: dict[str, Any] = {"event_name": name, "event_time": ts, "action_source": "website",
                             "user_data": {"fbp": fbp}}  # fmt: skip
    if eid is not None:
        event["event_id"] = eid
    return ServerEvent(event, pixel, "test")


def test_browser_only_is_never_summarised_as_nothing_to_fix() -> None:
    """The report of issue 19: o-1 and o-2 in the HAR, only o-1 on the server."""
    report = audit_events(
        [_hit("Purchase", "o-1", fbp="fb.1.1.1"), _hit("Purchase", "o-2", fbp="fb.1.1.2")],
        [_server("Purchase", "o-1", fbp="fb.1.1.1")],
    )
    text = render_report(report, "md")
    assert "Nothing" not in text
    assert "- **Browser only (1)**" in text and "50.0%" in text
    assert [(i.category, i.count) for i in fix_list(report.rows)] == [("browser_only", 1)]


def test_clean_audit_says_nothing_to_fix() -> None:
    report = audit_events([_hit("Lead", "a")], [_server("Lead", "a")])
    assert fix_list(report.rows) == []
    assert "Nothing: every pair is deduplicated cleanly." in render_report(report, "md")
    assert "Nothing to check" in render_report(audit_events([], []), "html")


def _mixed() -> Any:
    hits = [
        _hit("Purchase", "p1"),
        _hit("Purchase", "p2", ts=TS - 600),  # 10 min apart: at risk (time_gap)
        _hit("Purchase", "P3", fbp="fb.1.1.3"),  # case differs: double counted (event_id)
        _hit("Lead", None, fbp="fb.1.1.4"),  # no id, shared fbp: at risk (event_id fallback)
        _hit("Lead", "only-browser", fbp="fb.1.1.5"),
        _hit("Purchase", "dup"),
        _hit("Purchase", "dup"),
    ]
    events = [
        _server("Purchase", "p1"),
        _server("Purchase", "p2"),
        _server("Purchase", "p3", fbp="fb.1.1.3"),
        _server("Lead", None, fbp="fb.1.1.4"),
        _server("Lead", "only-server", fbp="fb.1.1.6"),
        _server("Purchase", "x", pixel=None),  # unknown pixel + nothing pairs it: server only
        _server("Purchase", "dup"),
    ]
    return audit_events(hits, events)


def test_mixed_report_summary_matches_rows() -> None:
    report = _mixed()
    items = fix_list(report.rows)
    by_category: Counter[str] = Counter()
    for item in items:
        if item.category != "matched":
            by_category[item.category] += item.count
    rows = Counter(r.category for r in report.rows if r.category != "matched")
    assert by_category == rows
    totals = report.totals
    for category, count in rows.items():
        assert getattr(totals, category) == count
    titles = [i.title for i in items]
    assert titles[0] == "Double counted: event_id"
    assert "At risk: time_gap" in titles and "At risk: event_id" in titles
    assert "Browser only" in titles and "Server only" in titles
    assert titles[-1] == "Duplicate event IDs"
    text = render_report(report, "md")
    for item in items:
        assert f"**{item.title} ({item.count})**" in text
    summary = report.summary_json()
    assert [(f["title"], f["count"]) for f in summary["fixes"]] == [
        (i.title, i.count) for i in items
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Lead", "Purchase", "lead"]),
            st.sampled_from([None, "a", "b", "A", "c "]),
            st.sampled_from(["fb.1.1.1", "fb.1.1.2"]),
            st.sampled_from([0, 30, 900, 200_000]),
            st.booleans(),
        ),
        max_size=12,
    ),
    st.lists(
        st.tuples(
            st.sampled_from(["Lead", "Purchase"]),
            st.sampled_from([None, "a", "b", "c"]),
            st.sampled_from(["fb.1.1.1", "fb.1.1.3"]),
            st.sampled_from([PIXEL, None, "42"]),
        ),
        max_size=12,
    ),
)
def test_any_report_summary_counts_every_problem_row_once(
    browser: list[tuple[Any, ...]], server: list[tuple[Any, ...]]
) -> None:
    hits = [_hit(n, e, fbp=f, ts=TS + gap) for n, e, f, gap, _ in browser]
    events = [_server(n, e, fbp=f, pixel=p) for n, e, f, p in server]
    report = audit_events(hits, events)
    items = fix_list(report.rows)
    problem_rows = [r for r in report.rows if r.category != "matched"]
    assert sum(i.count for i in items if i.category != "matched") == len(problem_rows)
    duplicates = sum(1 for r in report.rows if r.duplicate)
    assert sum(i.count for i in items if i.category == "matched") == duplicates
    if not problem_rows and not duplicates:
        assert "Nothing" in render_report(report, "md")
    else:
        assert (
            "Nothing" not in render_report(report, "md").split("## What to fix")[1].split("##")[0]
        )


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_every_fix_line_names_a_fix(fmt: str) -> None:
    text = render_report(_mixed(), fmt)  # type: ignore[arg-type]
    assert "Give both copies the same event ID" in text
    assert "Send these events from the server too" in text
