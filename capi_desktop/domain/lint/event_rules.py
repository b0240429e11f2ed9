"""Lint rules for one server event's envelope: event_time, event_name, action_source, event_id, LDU."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from capi_desktop.domain.lint.findings import Collector
from capi_desktop.domain.lint.ldu_rules import check_ldu
from capi_desktop.domain.lint.values import describe, duration
from capi_desktop.domain.request import capi_fields as f
from capi_desktop.domain.request.field_contract import field_contract
from capi_desktop.domain.request.json_locate import PathPart
from capi_desktop.domain.values import finite_number

_STANDARD = frozenset(f.STANDARD_EVENT_NAMES)
_STANDARD_BY_FOLDED = {name.casefold(): name for name in f.STANDARD_EVENT_NAMES}
_ACTION_SOURCES = frozenset(f.ACTION_SOURCES)


@lru_cache(maxsize=1)
def server_event_keys() -> frozenset[str]:
    """Documented server event keys: the contract's rows directly under data[]."""
    return field_contract().keys("server_event")


def check_event_envelope(
    event: Mapping[str, Any], base: list[PathPart], now: int, out: Collector
) -> None:
    known = server_event_keys()
    for key in event:
        if key not in known:
            out.add(
                "event.unknown_key",
                [*base, key],
                f"{key!r} is not a server event parameter; Meta ignores or rejects it.",
                _unknown_key_fix(key),
            )
    action_source = event.get("action_source")
    _check_event_time(event, base, now, action_source, out)
    _check_event_name(event, base, out)
    _check_action_source(event, base, action_source, out)
    _check_event_id(event, base, out)
    check_ldu(event, base, out)


def _unknown_key_fix(key: str) -> str:
    close = difflib.get_close_matches(key, server_event_keys(), n=1, cutoff=0.75)
    if close:
        return f"Did you mean {close[0]!r}?"
    return "Remove it, or move it into custom_data if it describes the event."


def _check_event_time(
    event: Mapping[str, Any], base: list[PathPart], now: int, action_source: Any, out: Collector
) -> None:
    path = [*base, "event_time"]
    if "event_time" not in event or event["event_time"] is None:
        out.add(
            "event_time.missing",
            path,
            "event_time is missing; every event needs a Unix timestamp in seconds.",
            "Set event_time to the moment the action happened, e.g. int(time.time()).",
        )
        return
    raw = event["event_time"]
    seconds: int
    if isinstance(raw, bool) or not isinstance(raw, int):
        numeric = finite_number(raw)
        if numeric is None or numeric != int(numeric):
            out.add(
                "event_time.not_integer",
                path,
                f"event_time must be an integer number of seconds, got {describe(raw)}.",
                "Send a whole number of seconds since 1970-01-01 UTC, e.g. 1767225600.",
            )
            return
        out.add(
            "event_time.not_integer",
            path,
            f"event_time is {describe(raw)}, not an integer.",
            "Send it as a JSON integer (no quotes, no decimal part).",
            severity="warning",
        )
        seconds = int(numeric)
    else:
        seconds = raw
    if seconds >= 100_000_000_000:  # 13+ digits: milliseconds (or microseconds)
        out.add(
            "event_time.milliseconds",
            path,
            "event_time looks like milliseconds (13+ digits); Meta expects seconds. What Meta "
            "does with a far-future time is not documented (rejected, or recorded at a wrong "
            "date): unknown, so this is a warning, not a predicted error.",
            "Divide by 1000 (JavaScript: Math.floor(Date.now() / 1000)).",
        )
        return
    age = now - seconds
    if age < -f.FUTURE_TOLERANCE_SECONDS:
        out.add(
            "event_time.future",
            path,
            f"event_time is {duration(-age)} in the future.",
            "Check the server clock and time zone: event_time is UTC seconds.",
        )
        return
    limit = f.MAX_EVENT_AGE_SECONDS
    window = "7 days"
    if action_source == "physical_store":
        limit, window = f.MAX_PHYSICAL_STORE_AGE_SECONDS, "62 days (physical_store)"
    if age > limit:
        out.add(
            "event_time.too_old",
            path,
            f"event_time is {duration(age)} old; Meta accepts events up to {window} old and "
            "rejects the whole batch otherwise.",
            "Drop or re-date stale events before sending; check for a units or clock bug.",
        )
    elif age > f.FRESH_EVENT_SECONDS:
        out.add(
            "event_time.stale",
            path,
            f"event_time is {duration(age)} old; Meta recommends sending within one hour.",
            "Send events as soon as they happen (queue delays lower match and optimization quality).",
        )


def _check_event_name(event: Mapping[str, Any], base: list[PathPart], out: Collector) -> None:
    name = event.get("event_name")
    path = [*base, "event_name"]
    if not isinstance(name, str) or not name.strip():
        out.add(
            "event_name.missing",
            path,
            "event_name is missing or not a non-empty string.",
            "Use a standard event name such as Purchase, or your custom event name.",
        )
        return
    if name in _STANDARD:
        return
    standard, typo = _closest_standard(name)
    if standard is not None and not typo:
        out.add(
            "event_name.wrong_case",
            path,
            f"{name!r} is not the standard event {standard!r}: names are case-sensitive. Meta "
            "accepts the request but records a custom event that campaigns optimizing for the "
            "standard one ignore.",
            f"Send exactly {standard!r}.",
        )
    elif standard is not None:
        out.add(
            "event_name.possible_typo",
            path,
            f"Custom event {name!r} looks like a typo of the standard event {standard!r}.",
            f"If you meant the standard event, send exactly {standard!r}.",
        )


@lru_cache(maxsize=1024)
def _closest_standard(name: str) -> tuple[str | None, bool]:
    """(standard name, is_typo): exact up to case/whitespace/separators → not a typo."""
    folded = name.strip().replace("_", "").replace(" ", "").replace("-", "").casefold()
    if folded in _STANDARD_BY_FOLDED:
        return _STANDARD_BY_FOLDED[folded], False
    close = difflib.get_close_matches(folded, _STANDARD_BY_FOLDED, n=1, cutoff=0.8)
    return (_STANDARD_BY_FOLDED[close[0]], True) if close else (None, False)


def _check_action_source(
    event: Mapping[str, Any], base: list[PathPart], action_source: Any, out: Collector
) -> None:
    path = [*base, "action_source"]
    if action_source is None or action_source == "":
        out.add(
            "action_source.missing",
            path,
            "action_source is missing; it is required for every event.",
            'Add action_source, e.g. "website" for events that happened on your site.',
        )
        return
    if not (isinstance(action_source, str) and action_source in _ACTION_SOURCES):
        hint = ""
        if isinstance(action_source, str) and action_source.strip().lower() in _ACTION_SOURCES:
            hint = f" (values are lower-case: {action_source.strip().lower()!r})"
        out.add(
            "action_source.invalid",
            path,
            f"action_source {action_source!r} is not one of Meta's values{hint}.",
            "Use one of: " + ", ".join(f.ACTION_SOURCES) + ".",
        )
        return


def _check_event_id(event: Mapping[str, Any], base: list[PathPart], out: Collector) -> None:
    path = [*base, "event_id"]
    event_id = event.get("event_id")
    if event_id is None or event_id == "":
        out.add(
            "event_id.missing",
            path,
            "No event_id: Meta cannot deduplicate this event against the browser pixel.",
            "Generate one ID per action and send it both as the pixel's eventID and here.",
        )
        return
    if not isinstance(event_id, str):
        out.add(
            "event_id.not_string",
            path,
            f"event_id is {describe(event_id)}; Meta documents it as a string and the pixel's "
            "eventID is compared as text.",
            f"Send it as a string: {str(event_id)!r}.",
        )
        return
    if event_id != event_id.strip():
        out.add(
            "event_id.whitespace",
            path,
            "event_id has leading or trailing whitespace; dedup compares it exactly.",
            "Trim the value on both the pixel and the server side.",
        )
    if len(event_id) > f.MAX_EVENT_ID_LENGTH:
        out.add(
            "event_id.too_long",
            path,
            f"event_id is {len(event_id)} characters long.",
            "Use a short stable ID such as the order ID or a UUID.",
        )
