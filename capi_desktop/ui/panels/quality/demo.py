"""Synthetic quality data for screenshots (`load_demo`) and for each panel state."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from capi_desktop.domain.profile import Profile
from capi_desktop.domain.quality.local import LocalEstimate
from capi_desktop.domain.quality.outcome import Outcome, classify
from capi_desktop.domain.quality.snapshot import QualitySnapshot
from capi_desktop.ui.panels.quality.controller import View

if TYPE_CHECKING:
    from capi_desktop.ui.panels.quality.panel import QualityPanel

PROFILES = (
    Profile(id="demo-a", name="Acme Shoes (demo)", pixel_id="1234567890123456"),
    Profile(id="demo-b", name="Northwind Travel (demo)", pixel_id="2234567890123456"),
    Profile(
        id="demo-c",
        name="Globex Insurance — a long client name (demo)",
        pixel_id="3234567890123456",
    ),
)


def _event(
    name: str, score: float, coverage: float, fbc: float, diagnostics: bool
) -> dict[str, Any]:
    diags = []
    if diagnostics:
        diags = [
            {
                "name": "Send click ID (fbc) with your events",
                "description": "Events without fbc cannot be tied to an ad click.",
                "solution": "Pass the _fbc cookie (or build it from fbclid) as user_data.fbc.",
                "percentage": round(100 - fbc, 1),
                "affected_event_count": round(1000 - fbc * 10),
                "total_event_count": 1000,
            },
            {
                "name": "Update your IPv4 IP addresses to IPv6 IP addresses",
                "description": "Meta matches better on IPv6 when the browser has one.",
                "solution": "Forward the visitor's IPv6 address as client_ip_address.",
                "percentage": 38.0,
                "affected_event_count": 380,
                "total_event_count": 1000,
            },
        ]
    return {
        "event_name": name,
        "event_match_quality": {
            "composite_score": score,
            "match_key_feedback": [
                {"identifier": "email", "coverage": {"percentage": 92.4}},
                {"identifier": "ip_address", "coverage": {"percentage": 99.1}},
                {"identifier": "user_agent", "coverage": {"percentage": 99.8}},
                {"identifier": "external_id", "coverage": {"percentage": 64.0}},
                {"identifier": "fbc", "coverage": {"percentage": fbc}},
            ],
            "diagnostics": diags,
        },
        "event_coverage": {"percentage": coverage, "goal_percentage": 75},
        "dedupe_key_feedback": [
            {
                "dedupe_key": "event_id",
                "browser_events_with_dedupe_key": {"percentage": 100},
                "server_events_with_dedupe_key": {"percentage": 100},
                "overall_browser_coverage_from_dedupe_key": {
                    "percentage": round(coverage * 0.4, 1)
                },
            },
            {
                "dedupe_key": "fbp",
                "browser_events_with_dedupe_key": {"percentage": 96},
                "server_events_with_dedupe_key": {"percentage": 87},
                "overall_browser_coverage_from_dedupe_key": {"percentage": 3.1},
            },
        ],
        "data_freshness": {"upload_frequency": "real_time"},
        "acr": {"percentage": 6.5, "description": "Demo: about 6.5% more conversions reported."},
    }


def snapshots(profile: Profile, now: float) -> tuple[QualitySnapshot, ...]:
    found = []
    ok = classify(code=None, message="", answered_empty=False, event_count=3)
    for step in range(6):
        at = now - (5 - step) * 12 * 3600
        fbc = 30.0 + step * 11
        body = {
            "web": [
                _event("Purchase", round(5.2 + step * 0.55, 1), 48.0 + step * 6, fbc, True),
                _event("AddToCart", round(6.0 + step * 0.3, 1), 61.0 + step * 3, fbc + 5, True),
                _event("Lead", 7.9, 80.0, 90.0, False),
            ]
        }
        found.append(
            QualitySnapshot(
                profile.id,
                profile.name,
                profile.pixel_id,
                "v25.0",
                at,
                ok,
                dataset_quality=body,
                stats={
                    "event": {
                        "data": [
                            {
                                "aggregation": "event",
                                "start_time": "t",
                                "data": [
                                    {"value": "Purchase", "count": 1000},
                                    {"value": "AddToCart", "count": 2400},
                                ],
                            }
                        ]
                    }
                },
                da_checks={
                    "data": [
                        {
                            "key": "pixel_missing_param_in_events",
                            "result": "passed",
                            "title": "Parameters missing in events",
                        }
                    ]
                },
                pixel={
                    "id": profile.pixel_id,
                    "last_fired_time": "2026-12-06T09:58:00+0000",
                    "is_unavailable": False,
                    "first_party_cookie_status": "FIRST_PARTY_COOKIE_ENABLED",
                    "enable_automatic_matching": True,
                    "automatic_matching_fields": ["em", "ph"],
                    "data_use_setting": "ADVERTISING_AND_ANALYTICS",
                },
            )
        )
    return tuple(found)


STATES: dict[str, Outcome] = {
    "empty": classify(code=None, message="", answered_empty=False, event_count=0),
    "events_manager": classify(code=None, message="", answered_empty=True, event_count=0),
    "permission": classify(
        code=100,
        message="(#100) Missing permissions",
        answered_empty=False,
        event_count=0,
        scopes=("ads_management",),
    ),
    "throttled": classify(
        code=80004,
        message="There have been too many calls to this ad-account",
        answered_empty=False,
        event_count=0,
        retry_after_s=240,
    ),
    "error": classify(
        code=2500,
        message="Unknown path components: /dataset_quality",
        answered_empty=False,
        event_count=0,
    ),
}


# Which state `load_demo` shows; `shots.py` sets it to render every state in its own process.
DEMO_STATE = "data"
DEMO_STATES = ("data", "loading", "overview", "diagnostics", "dedup", *STATES)


def fill(panel: QualityPanel, state: str | None = None) -> None:
    state = state or DEMO_STATE
    now = time.time()
    profile = PROFILES[0]
    panel.profile_box.clear()
    for p in PROFILES:
        panel.profile_box.addItem(f"{p.name} — {p.pixel_id}", p.id)
    panel.refresh_button.setEnabled(True)
    if state == "loading":
        panel.controller.loading.emit(profile.name)
        return
    if state == "overview":
        panel.tabs.setCurrentWidget(panel.overview)
    if state == "diagnostics":
        panel.details.setCurrentWidget(panel.diagnostics)
    if state == "dedup":
        panel.details.setCurrentWidget(panel.dedup)
    stored = snapshots(profile, now)
    if state in STATES:
        failed = QualitySnapshot(
            profile.id, profile.name, profile.pixel_id, "v25.0", now, STATES[state]
        )
        stored = (*stored, failed)
    local = {
        "Purchase": LocalEstimate("Purchase", 71, 14),
        "AddToCart": LocalEstimate("AddToCart", 58, 9),
    }
    sends = (
        (now - 40 * 3600, "Purchase"),
        (now - 15 * 3600, "Purchase"),
        (now - 30 * 3600, "AddToCart"),
    )
    panel.show_view(View(profile, stored, local, sends))
    latest = {
        PROFILES[0].id: stored[-1],
        PROFILES[1].id: snapshots(PROFILES[1], now)[-2],
        PROFILES[2].id: QualitySnapshot(
            PROFILES[2].id,
            PROFILES[2].name,
            PROFILES[2].pixel_id,
            "v25.0",
            now,
            STATES["permission"],
        ),
    }
    panel.overview.set_rows(list(PROFILES), latest)
