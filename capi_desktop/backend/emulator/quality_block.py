"""One event name's emulated dataset_quality block: match keys, diagnostics, dedupe keys, freshness."""

from __future__ import annotations

import time
from typing import Any

from capi_desktop.domain.match_score import score_event

# Meta's identifier names for our match_score keys (ip_ua is reported as two identifiers).
_IDENTIFIERS = (
    ("em", "email"),
    ("ph", "phone"),
    ("external_id", "external_id"),
    ("fbp", "fbp"),
    ("fbc", "fbc"),
    ("ip_ua", "ip_address"),
    ("ip_ua", "user_agent"),
)


def _share(count: int, total: int) -> float:
    return round(100.0 * count / total, 1) if total else 0.0


def event_block(name: str, items: list[tuple[float, dict[str, Any]]]) -> dict[str, Any]:
    events = [e for _, e in items]
    scores = [score_event(e) for e in events]
    total = len(events)
    valid = {
        ident: sum(1 for s in scores if any(k.key == key and k.valid for k in s.present))
        for key, ident in _IDENTIFIERS
    }
    feedback = [
        {"identifier": ident, "coverage": {"percentage": _share(count, total)}}
        for ident, count in valid.items()
        if count
    ]
    average = sum(s.score for s in scores) / total
    with_id = sum(1 for e in events if str(e.get("event_id") or "").strip())
    diagnostics = []
    if valid["fbc"] < total:
        diagnostics.append(
            _diagnostic(
                "Send click ID (fbc) with your events",
                "Events without the fbc parameter cannot be tied to an ad click.",
                "Pass the _fbc cookie (or build it from fbclid) as user_data.fbc.",
                total - valid["fbc"],
                total,
            )
        )
    if valid["ip_address"] < total:
        diagnostics.append(
            _diagnostic(
                "Server sending invalid or private IP addresses",
                "Some events carry no public client IP address.",
                "Send the visitor's public IP (IPv6 when available) as client_ip_address.",
                total - valid["ip_address"],
                total,
            )
        )
    if with_id < total:
        diagnostics.append(
            _diagnostic(
                "Events missing event_id for deduplication",
                "Without event_id Meta cannot deduplicate browser and server events.",
                "Send the same event_id from the Pixel and the Conversions API.",
                total - with_id,
                total,
            )
        )
    last = max(t for t, _ in items)
    age = time.time() - last
    frequency = "real_time" if age < 3600 else ("hourly" if age < 86400 else "daily")
    coverage = _share(with_id, total)
    return {
        "event_name": name,
        "event_match_quality": {
            # Emulated: match_score's 0-100 estimate folded to Meta's 0-10 scale.
            "composite_score": round(average / 10, 1),
            "match_key_feedback": feedback,
            "diagnostics": diagnostics,
        },
        "event_coverage": {"percentage": coverage, "goal_percentage": 75, "description": _COVERAGE},
        "dedupe_key_feedback": [
            {
                "dedupe_key": key,
                # Emulated: every website event is assumed to have fired the Pixel with the key.
                "browser_events_with_dedupe_key": _described(100.0, _BROWSER_WITH_KEY),
                "server_events_with_dedupe_key": _described(_share(count, total), _SERVER_WITH_KEY),
                "overall_browser_coverage_from_dedupe_key": _described(
                    _share(count, total), _DEDUPED
                ),
            }
            for key, count in (
                ("event_id", with_id),
                ("external_id", valid["external_id"]),
                ("fbp", valid["fbp"]),
            )
        ],
        "data_freshness": {"upload_frequency": frequency, "description": _FRESHNESS},
        "acr": _described(round(min(30.0, average / 5), 1), "Emulated additional conversions."),
    }


# Descriptions as Meta's examples word them (Dataset Quality API page).
_BROWSER_WITH_KEY = "The percentage of browser events that contain this dedupe key."
_SERVER_WITH_KEY = "The percentage of server events that contain this dedupe key."
_DEDUPED = (
    "The overall percentage of browser events that are deduped with Conversions API events "
    "using this key. This percentage is incremental for each dedupe key."
)
_COVERAGE = (
    "The percentage of events received from your Conversions API compared to unique browser "
    "events from the Meta Pixel."
)
_FRESHNESS = (
    "The average frequency with which instances of this event are received through the "
    "Conversions API."
)


def _described(percentage: float, description: str) -> dict[str, Any]:
    return {"percentage": percentage, "description": description}


def _diagnostic(
    name: str, description: str, solution: str, affected: int, total: int
) -> dict[str, Any]:
    return {
        "name": name,
        "description": description,
        "solution": solution,
        "percentage": _share(affected, total),
        "affected_event_count": affected,
        "total_event_count": total,
    }
