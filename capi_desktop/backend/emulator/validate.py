"""The emulator's Meta-like validation of an events request (capi.md §1.3, §2.4, §7)."""

from __future__ import annotations

import json
import time
from typing import Any

from capi_desktop.backend.emulator import bodies
from capi_desktop.backend.emulator.kind_checks import kind_problem

MAX_EVENTS = 1000
MAX_AGE_S = 7 * 86400
MAX_AGE_PHYSICAL_STORE_S = 62 * 86400
# capi.md §2.4: customer information made only of (a subset of) one of these is too thin.
THIN_COMBINATIONS = (
    frozenset({"ct", "country", "st", "zp", "ge", "client_user_agent"}),
    frozenset({"db", "client_user_agent"}),
    frozenset({"fn", "ge"}),
    frozenset({"ln", "ge"}),
)


def decode_data(raw: Any) -> Any:
    """`data` as JSON list, a JSON string of a list, or (SDK style) a list of JSON strings."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    if isinstance(raw, list) and raw and all(isinstance(item, str) for item in raw):
        try:
            return [json.loads(item) for item in raw]
        except ValueError:
            return None
    return raw


def _has_value(value: Any) -> bool:
    if isinstance(value, list):
        return any(_has_value(item) for item in value)
    return value not in (None, "", {})


def _present_keys(user_data: dict[str, Any]) -> frozenset[str]:
    return frozenset(k for k, v in user_data.items() if _has_value(v))


def is_thin(user_data: Any) -> bool:
    if not isinstance(user_data, dict):
        return True
    keys = _present_keys(user_data)
    return not keys or any(keys <= combo for combo in THIN_COMBINATIONS)


def validate_events(data: Any, now: float | None = None) -> dict[str, Any] | None:
    """Return Meta's error body for the first problem (one bad event rejects all), or None."""
    now = time.time() if now is None else now
    if not isinstance(data, list):
        return bodies.param_error("param data must be an array.")
    if not data:
        return bodies.param_error("param data must be a non-empty array.")
    if len(data) > MAX_EVENTS:
        return bodies.param_error(f"param data must be an array of at most {MAX_EVENTS} elements.")
    for event in data:
        problem = _event_problem(event, now)
        if problem is not None:
            return problem
    return None


def _event_problem(event: Any, now: float) -> dict[str, Any] | None:
    if not isinstance(event, dict):
        return bodies.param_error("param data must be an array of objects.")
    if not isinstance(event.get("event_name"), str) or not event["event_name"].strip():
        return bodies.invalid_parameter(
            "Missing event name", "The parameter event_name is required for every event."
        )
    event_time = event.get("event_time")
    if isinstance(event_time, str) and event_time.isdigit():
        event_time = int(event_time)
    if not isinstance(event_time, int) or isinstance(event_time, bool):
        return bodies.invalid_parameter(
            "Invalid event time", "event_time must be a Unix timestamp in seconds."
        )
    max_age = (
        MAX_AGE_PHYSICAL_STORE_S if event.get("action_source") == "physical_store" else MAX_AGE_S
    )
    if now - event_time > max_age:
        return bodies.event_too_old()
    if is_thin(event.get("user_data")):
        return bodies.thin_user_data()
    return kind_problem(event)
