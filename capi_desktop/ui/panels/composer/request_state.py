"""Qt-free glue between the Composer form and the request body: events, paths, field patches."""

from __future__ import annotations

import copy
import math
from typing import Any

from capi_desktop.domain.request.json_locate import split_path


def event_location(path: str) -> tuple[int, list[str | int]]:
    """Split a finding path into (event index, the rest inside that event); (-1, parts) if none."""
    parts = split_path(path) or []
    if len(parts) >= 2 and parts[0] == "data" and isinstance(parts[1], int):
        return parts[1], parts[2:]
    return -1, parts


def events_of(body: dict[str, Any]) -> list[Any]:
    data = body.get("data")
    return data if isinstance(data, list) else []


def event_at(body: dict[str, Any], index: int) -> dict[str, Any]:
    """A deep copy of event `index` (an empty dict when there is none or it is not an object)."""
    events = events_of(body)
    if 0 <= index < len(events) and isinstance(events[index], dict):
        return copy.deepcopy(events[index])
    return {}


def with_event(body: dict[str, Any], index: int, event: dict[str, Any]) -> dict[str, Any]:
    """A new body with event `index` replaced (appended when the body had no such event)."""
    new = dict(body)
    events = list(events_of(body))
    if 0 <= index < len(events):
        events[index] = event
    else:
        events.append(event)
    new["data"] = events
    return new


def set_or_pop(target: dict[str, Any], key: str, value: Any) -> None:
    """Write `value`, or drop the key when the value is empty (blank string, None, [])."""
    if value is None or value == "" or value == []:
        target.pop(key, None)
    else:
        target[key] = value


def number_from_text(text: str) -> Any:
    """'12' -> 12, '12.50' / '12,5' -> 12.5, '1,234.50' / '1.234,50' -> 1234.5, '' -> None;
    anything else (and inf/nan, which JSON cannot carry) stays text: lint reports it."""
    stripped = text.strip()
    if not stripped:
        return None
    try:
        return int(stripped)
    except ValueError:
        pass
    candidate = stripped
    if "," in candidate and "." in candidate:  # both: the last one is the decimal separator
        if candidate.rfind(",") > candidate.rfind("."):
            candidate = candidate.replace(".", "").replace(",", ".")
        else:
            candidate = candidate.replace(",", "")
    elif candidate.count(",") == 1:
        candidate = candidate.replace(",", ".")
    try:
        number = float(candidate)
    except ValueError:
        return stripped
    return number if math.isfinite(number) else stripped


def text_from_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# Lint points a missing field at the object that lacks it; clicking should land on the field.
MISSING_FIELD_TARGETS: dict[str, str] = {
    "event_time.missing": "event_time",
    "event_name.missing": "event_name",
    "action_source.missing": "action_source",
    "event_id.missing": "event_id",
    "action_source.website_without_url": "event_source_url",
    "action_source.website_without_user_agent": "user_data.client_user_agent",
    "custom_data.purchase_missing_value": "custom_data.value",
    "custom_data.purchase_missing_currency": "custom_data.currency",
    "user_data.missing": "user_data.em",
    "user_data.no_strong_key": "user_data.em",
    "user_data.broad_combination": "user_data.em",
    "ldu.location_without_ldu": "data_processing_options",
    "ldu.missing_location": "data_processing_options",
    "ldu.incomplete_location": "data_processing_options",
}


def target_path(rule: str, path: str) -> str:
    """The path of the form field that fixes a finding (its own path when it names one)."""
    target = MISSING_FIELD_TARGETS.get(rule)
    index, _rest = event_location(path)
    if target is None or index < 0:
        return path
    return f"data[{index}].{target}"
