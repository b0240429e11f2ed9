"""Quality domain: lenient parsing keeps unknown fields; links name real lint rules; probe and verdicts."""

from __future__ import annotations

from capi_desktop.domain.lint.findings import RULES
from capi_desktop.domain.quality.access import probe_reads
from capi_desktop.domain.quality.dataset_reads import (
    parse_da_checks,
    parse_pixel,
    parse_stats,
    stats_totals,
)
from capi_desktop.domain.quality.links import IDENTIFIERS, diagnostic_link, identifier_link
from capi_desktop.domain.quality.models import Diagnostic, parse_dataset_quality
from capi_desktop.domain.quality.outcome import classify
from capi_desktop.domain.quality.report_section import render_html, render_markdown
from capi_desktop.domain.quality.snapshot import QualitySnapshot
from capi_desktop.domain.quality.trend import trend_for

BODY = {
    "web": [
        {
            "event_name": "Purchase",
            "event_match_quality": {
                "composite_score": "6.4",
                "match_key_feedback": [
                    {"identifier": "email", "coverage": {"percentage": 71.2}},
                    {"identifier": "ip_address", "coverage": {"percentage": 99}, "new_key": 1},
                ],
                "diagnostics": [
                    {
                        "name": "Update your IPv4 IP addresses to IPv6 IP addresses",
                        "description": "d",
                        "solution": "s",
                        "percentage": 40,
                        "affected_event_count": 4,
                        "total_event_count": 10,
                    }
                ],
                "future_block": {"x": 1},
            },
            "event_coverage": {"percentage": 60, "goal_percentage": 75},
            "dedupe_key_feedback": [
                {
                    "dedupe_key": "event_id",
                    "browser_events_with_dedupe_key": 10,
                    "server_events_with_dedupe_key": 8,
                    "overall_browser_coverage_from_dedupe_key": {"percentage": 80},
                }
            ],
            "data_freshness": {"upload_frequency": "real_time"},
            "acr": {"percentage": 3.5},
            "event_potential_aly_acr_increase": {"percentage": 1.2},
            "brand_new_field": [1, 2],
        }
    ],
    "other_top": True,
}


def test_parse_keeps_values_and_unknown_fields() -> None:
    quality = parse_dataset_quality(BODY)
    event = quality.events[0]
    assert event.composite_score == 6.4  # a string number is read, not dropped
    assert [m.identifier for m in event.match_keys] == ["email", "ip_address"]
    assert event.match_keys[1].extra == {"new_key": 1}
    assert event.extra["brand_new_field"] == [1, 2]
    assert event.extra["event_match_quality"] == {"future_block": {"x": 1}}
    assert quality.extra == {"other_top": True}
    assert event.dedupe[0].browser_coverage_pct == 80
    assert event.coverage_goal_pct == 75 and event.upload_frequency == "real_time"
    assert event.acr_pct == 3.5 and event.potential_acr_pct == 1.2


def test_parse_survives_wrong_shapes() -> None:
    for junk in (None, [], "x", {"web": "nope"}, {"web": [None, 3, {"event_match_quality": []}]}):
        quality = parse_dataset_quality(junk)
        assert all(e.composite_score is None for e in quality.events)
    assert parse_dataset_quality({}).answered_empty
    assert not parse_dataset_quality({"web": []}).answered_empty
    assert parse_stats({"data": "x"}) == ()
    assert parse_da_checks(None) == ()
    assert parse_pixel([]).pixel_id == ""


def test_stats_checks_and_pixel() -> None:
    stats = parse_stats(
        {
            "data": [
                {
                    "aggregation": "event",
                    "start_time": "t1",
                    "data": [{"value": "Lead", "count": 2}],
                },
                {
                    "aggregation": "event",
                    "start_time": "t2",
                    "data": [{"value": "Lead", "count": "3"}],
                },
            ]
        }
    )
    assert stats_totals(stats) == {"Lead": 5}
    checks = parse_da_checks({"data": [{"key": "k", "result": "failed", "extra_x": 1}]})
    assert checks[0].failed and checks[0].extra == {"extra_x": 1}
    pixel = parse_pixel(
        {"id": "1", "is_unavailable": False, "automatic_matching_fields": ["em"], "z": 1}
    )
    assert pixel.is_unavailable is False and pixel.automatic_matching_fields == ("em",)
    assert pixel.extra == {"z": 1}


def test_links_name_existing_lint_rules() -> None:
    for link in IDENTIFIERS.values():
        assert link.rule_id in RULES, link
    ipv6 = diagnostic_link(
        Diagnostic("Update your IPv4 IP addresses to IPv6", "", "", None, None, None)
    )
    assert ipv6 is not None and ipv6.path.endswith("client_ip_address")
    fbc = diagnostic_link(Diagnostic("Send click ID (fbc)", "", "", None, None, None))
    assert fbc is not None and fbc.rule_id == "user_data.bad_fbc"
    assert diagnostic_link(Diagnostic("Something new", "unrelated", "", None, None, None)) is None
    assert identifier_link("EMAIL") == IDENTIFIERS["email"]


def test_probe_reads_names_missing_scope_and_unknown_without_scopes() -> None:
    reads = {r.key: r for r in probe_reads(("ads_management",))}
    assert reads["dataset_quality"].allowed is False
    assert reads["dataset_quality"].missing == ("ads_read",)
    assert reads["stats"].allowed is True
    full = probe_reads(("ads_read", "business_management"))
    assert all(r.allowed for r in full)
    assert all(r.allowed is None for r in probe_reads(None))
    none = {r.key: r for r in probe_reads(())}
    assert none["dataset_quality"].missing == ("ads_read", "ads_management or business_management")


def test_outcomes() -> None:
    assert classify(code=None, message="", answered_empty=True, event_count=0).state == (
        "events_manager_empty"
    )
    assert classify(code=None, message="", answered_empty=False, event_count=0).state == "empty"
    throttled = classify(
        code=80004, message="Too many", answered_empty=False, event_count=0, retry_after_s=300
    )
    assert throttled.state == "throttled" and "5 min" in throttled.detail
    denied = classify(
        code=100,
        message="(#100) Missing permissions",
        answered_empty=False,
        event_count=0,
        scopes=("ads_read",),
    )
    assert denied.state == "permission"
    assert denied.missing_scopes == ("ads_management or business_management",)
    assert classify(code=2500, message="bad", answered_empty=False, event_count=0).state == "error"


def _snapshot(at: float, score: float) -> QualitySnapshot:
    body = {
        "web": [
            {
                "event_name": "Purchase",
                "event_match_quality": {"composite_score": score},
                "event_coverage": {"percentage": score * 10},
            }
        ]
    }
    outcome = classify(code=None, message="", answered_empty=False, event_count=1)
    return QualitySnapshot("p", "Client", "1", "v25.0", at, outcome, dataset_quality=body)


def test_trend_and_report() -> None:
    snapshots = [_snapshot(200.0, 7.0), _snapshot(100.0, 4.0)]
    trend = trend_for("Purchase", snapshots, sends=[(150.0, "Purchase"), (160.0, "Lead")])
    assert [p.emq for p in trend.points] == [4.0, 7.0]
    assert trend.sends == (150.0,)
    assert trend.span == (100.0, 200.0)
    markdown = render_markdown(snapshots)
    assert "| Purchase | 7/10 |" in markdown
    assert "<table>" in render_html(snapshots)
    assert "No quality snapshot" in render_markdown([])
