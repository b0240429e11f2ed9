"""Lint rules for the request envelope: data, batch size, duplicate event_ids, test code, token."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from capi_desktop.domain.lint.findings import Collector
from capi_desktop.domain.request.capi_fields import MAX_EVENTS_PER_REQUEST
from capi_desktop.domain.request.event_model import CapiRequest
from capi_desktop.domain.request.field_contract import field_contract

# In the SDK's generated edge spec only, undocumented: accepted without a finding (contract left_out).
_SDK_ONLY_KEYS = frozenset({"platforms", "progress", "trace"})


def form_encoded_events(raw: Any) -> Any:
    """`data` as Graph reads it: a JSON string of the list, or (SDK style) a list of JSON
    strings, decoded; anything else unchanged (also when it does not decode)."""
    decoded = raw
    if isinstance(raw, str):
        try:
            decoded = json.loads(raw)
        except (ValueError, RecursionError):
            return raw
    if isinstance(decoded, list) and decoded and all(isinstance(item, str) for item in decoded):
        try:
            items = [json.loads(item) for item in decoded]
        except (ValueError, RecursionError):
            return raw
        return items if all(isinstance(item, dict) for item in items) else raw
    return decoded if isinstance(decoded, list) else raw


def check_request(request: CapiRequest, out: Collector) -> list[tuple[int, Mapping[str, Any]]]:
    """Check the envelope; returns the (index, event) pairs that are objects, for event rules."""
    body = request.body
    known = field_contract().keys("request") | _SDK_ONLY_KEYS
    for key in body:
        if key not in known:
            out.add(
                "request.unknown_key",
                [key],
                f"Top-level key {key!r} is not a Conversions API request parameter.",
                "Move it into an event or remove it; check its spelling.",
            )
    if "access_token" in body:
        out.add(
            "request.access_token_in_body",
            ["access_token"],
            "The request body contains an access token.",
            "Keep the token in a credential profile; CAPI Desktop never sends or exports it from the body.",
        )
    code = body.get("test_event_code")
    if isinstance(code, str) and code.strip():
        out.add(
            "request.test_event_code_present",
            ["test_event_code"],
            "test_event_code is set: these events show in Test Events, and they are still real "
            "events that Meta uses for measurement and targeting.",
            "Remove test_event_code before sending production traffic.",
        )
    else:
        out.add(
            "request.test_event_code_absent",
            [],
            "No test_event_code: sent to Meta (not the local emulator), these events go straight to production data.",
            "Add the code from Events Manager > Test Events while testing.",
        )
    data = form_encoded_events(body.get("data"))
    if data is not body.get("data"):
        out.add(
            "request.data_as_json_strings",
            ["data"],
            "data holds each event as a JSON string (form-encoded, as the Business SDKs send "
            "it); Meta decodes them, and so does this check.",
            "Nothing to fix; in a JSON body you may also send the events as objects.",
        )
    if not isinstance(data, list):
        message = "The request has no data array." if data is None else "data is not an array."
        out.add(
            "request.no_data",
            ["data"] if "data" in body else [],
            message,
            'Put the events in a "data" array: {"data": [{...}]}.',
        )
        return []
    if not data:
        out.add(
            "request.empty_data",
            ["data"],
            "data is an empty array.",
            "Add at least one event.",
        )
    if len(data) > MAX_EVENTS_PER_REQUEST:
        out.add(
            "request.too_many_events",
            ["data"],
            f"{len(data):,} events in one request; Meta accepts at most {MAX_EVENTS_PER_REQUEST:,}.",
            f"Split into batches of at most {MAX_EVENTS_PER_REQUEST:,} events.",
        )
    events: list[tuple[int, Mapping[str, Any]]] = []
    for index, event in enumerate(data):
        if isinstance(event, dict):
            events.append((index, event))
        else:
            out.add(
                "request.event_not_object",
                ["data", index],
                "This event is not a JSON object; Meta rejects the whole batch.",
                "Each entry of data must be an object with event_name, event_time, user_data, ...",
            )
    _check_duplicate_ids(events, out)
    return events


def _check_duplicate_ids(events: list[tuple[int, Mapping[str, Any]]], out: Collector) -> None:
    first_seen: dict[str, tuple[int, Any]] = {}
    for index, event in events:
        event_id = event.get("event_id")
        if not isinstance(event_id, str | int) or isinstance(event_id, bool) or event_id == "":
            continue
        key = str(event_id)
        if key not in first_seen:
            first_seen[key] = (index, event.get("event_name"))
            continue
        other, other_name = first_seen[key]
        same_name = other_name == event.get("event_name")
        consequence = (
            "Meta treats them as one action and keeps only one"
            if same_name
            else "dedup with the browser events becomes unreliable"
        )
        out.add(
            "request.duplicate_event_id",
            ["data", index, "event_id"],
            f"event_id {key!r} is also used by data[{other}]: {consequence}.",
            "Give every distinct action its own event_id (e.g. order ID + event name).",
        )
