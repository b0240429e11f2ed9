"""Emulated Dataset Quality API, /{pixel}/stats, /{pixel}/da_checks: numbers derived from received events."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from capi_desktop.backend.emulator import bodies
from capi_desktop.backend.emulator.quality_block import event_block
from capi_desktop.backend.emulator.state import EmulatorState

Answer = tuple[int, Any, dict[str, str]]
BUSINESS_ID = "200000000000002"
FULL_ANY = ("ads_read", "ads_management", "business_management")
PIXEL_FIELDS: dict[str, Any] = {
    "is_unavailable": False,
    "data_use_setting": "ADVERTISING_AND_ANALYTICS",
    "automatic_matching_fields": ["em", "ph", "fn", "ln", "external_id"],
    "first_party_cookie_status": "FIRST_PARTY_COOKIE_ENABLED",
    "enable_automatic_matching": True,
}


def answer(
    state: EmulatorState, method: str, parts: list[str], query: Mapping[str, str], token: str
) -> Answer | None:
    """The reply for a quality read, or None when the path is not one of ours."""
    if method != "GET":
        return None
    if parts == ["dataset_quality"]:
        agent = query.get("agent_name", "")
        return _guarded(
            state,
            token,
            query.get("dataset_id", ""),
            lambda s, p: _dataset_quality(s, p, agent),
            dq=True,
        )
    if len(parts) == 2 and parts[1] in ("stats", "da_checks"):
        build = _stats if parts[1] == "stats" else _da_checks
        return _guarded(state, token, parts[0], lambda s, p: build(s, p, query))
    return None


def _usage_headers(pct: int) -> dict[str, str]:
    app = {"call_count": pct, "total_cputime": max(0, pct // 2), "total_time": max(0, pct // 2)}
    buc = {
        BUSINESS_ID: [
            {
                "type": "ads_management",
                "call_count": pct,
                "total_cputime": max(0, pct // 2),
                "total_time": max(0, pct // 2),
                "estimated_time_to_regain_access": 0,
            }
        ]
    }
    return {"x-app-usage": json.dumps(app), "x-business-use-case-usage": json.dumps(buc)}


def _guarded(
    state: EmulatorState, token: str, pixel: str, build: Any, *, dq: bool = False
) -> Answer:
    config = state.quality
    headers = _usage_headers(config.count_call(token))
    if not pixel:
        return 400, bodies.param_error("The parameter dataset_id is required"), headers
    if pixel not in state.pixels:
        return 400, bodies.unknown_object(pixel, "GET"), headers
    scopes = set(config.scopes_for(token))
    if dq and token in config.events_manager_tokens:
        return 200, {}, headers
    needs_all = ("ads_read",) if dq else ()
    any_of = ("ads_management", "business_management") if dq else FULL_ANY
    missing = [s for s in needs_all if s not in scopes]
    if not scopes.intersection(any_of):
        missing.append(" or ".join(any_of))
    if missing:
        body = bodies.graph_error(100, f"(#100) Missing permissions: {', '.join(missing)}")
        body["error"]["type"] = "OAuthException"
        return 400, body, headers
    return 200, build(state, pixel), headers


def normalized_agent(partner_agent: Any) -> str:
    """Meta's rule: `[partner_name]_[major]_[minor]` filters as `partner_name`, lower case."""
    parts = str(partner_agent or "").lower().split("_")
    while len(parts) > 1 and parts[-1].isdigit():
        parts.pop()
    return "_".join(parts)


def _events(
    state: EmulatorState, pixel: str, agent_name: str = ""
) -> list[tuple[float, dict[str, Any]]]:
    found = []
    for request in state.received():
        if request.get("pixel_id") != pixel:
            continue
        if agent_name and normalized_agent(request.get("partner_agent")) != agent_name.lower():
            continue
        for event in request.get("data") or []:
            if isinstance(event, dict):
                found.append((float(request.get("received_at") or 0), event))
    return found


def _dataset_quality(state: EmulatorState, pixel: str, agent_name: str = "") -> dict[str, Any]:
    groups: dict[str, list[tuple[float, dict[str, Any]]]] = {}
    for at, event in _events(state, pixel, agent_name):
        source = event.get("action_source")
        if source not in (None, "website"):
            continue  # Meta scores web events only (capi.md §8)
        groups.setdefault(str(event.get("event_name") or ""), []).append((at, event))
    return {"web": [event_block(name, items) for name, items in groups.items() if name]}


def _stats(state: EmulatorState, pixel: str, query: Mapping[str, str]) -> dict[str, Any]:
    aggregation = query.get("aggregation", "event")
    buckets: dict[str, dict[str, int]] = {}
    for at, event in _events(state, pixel):
        hour = time.strftime("%Y-%m-%dT%H:00:00+0000", time.gmtime(at))
        counts = buckets.setdefault(hour, {})
        for value in _values(aggregation, event):
            counts[value] = counts.get(value, 0) + 1
    return {
        "data": [
            {
                "aggregation": aggregation,
                "start_time": hour,
                "data": [{"value": v, "count": c} for v, c in sorted(counts.items())],
            }
            for hour, counts in sorted(buckets.items())
        ]
    }


def _values(aggregation: str, event: dict[str, Any]) -> list[str]:
    raw = event.get("user_data")
    user_data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    if aggregation == "event":
        return [str(event.get("event_name") or "")]
    if aggregation == "match_keys":
        return sorted(k for k, v in user_data.items() if v not in (None, "", []))
    if aggregation == "had_pii":
        return ["true" if any(k in user_data for k in ("em", "ph")) else "false"]
    if aggregation == "event_source":
        return ["SERVER"]
    if aggregation == "event_processing_results":
        return ["processed"]
    return []


def _da_checks(state: EmulatorState, pixel: str, query: Mapping[str, str]) -> dict[str, Any]:
    events = [e for _, e in _events(state, pixel)]
    purchases = [e for e in events if e.get("event_name") == "Purchase"]
    missing = [
        e
        for e in purchases
        if not isinstance(e.get("custom_data"), dict)
        or "value" not in e["custom_data"]
        or "currency" not in e["custom_data"]
    ]
    return {
        "data": [
            {
                "key": "pixel_missing_param_in_events",
                "title": "Parameters missing in events",
                "description": "Purchase events should carry value and currency.",
                "result": "failed" if missing else "passed",
                "user_message": f"{len(missing)} of {len(purchases)} Purchase event(s) lack value "
                "or currency."
                if missing
                else "",
                "action_uri": "",
            },
            {
                "key": "pixel_decline",
                "title": "Event volume decline",
                "description": "Checks for a sudden drop in received events.",
                "result": "passed",
                "user_message": "",
                "action_uri": "",
            },
        ]
    }
