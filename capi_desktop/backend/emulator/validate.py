"""The emulator's Meta-like validation of an events request: lint's verdict, as Graph error bodies."""

from __future__ import annotations

import time
from typing import Any

from capi_desktop.backend.emulator import bodies
from capi_desktop.domain.lint import lint
from capi_desktop.domain.lint.request_rules import form_encoded_events
from capi_desktop.domain.lint.verdict import Rejection, rejection
from capi_desktop.domain.request.event_model import CapiRequest

MAX_EVENTS = 1000


def decode_data(raw: Any) -> Any:
    """`data` as JSON list, a JSON string of a list, or (SDK style) a list of JSON strings."""
    decoded = form_encoded_events(raw)
    return None if isinstance(decoded, str) else decoded


def validate_events(data: Any, now: float | None = None) -> dict[str, Any] | None:
    """Meta's error body for the first problem lint says Meta rejects (one bad event rejects
    all), or None when Meta would accept the request (warnings included)."""
    now = time.time() if now is None else now
    if not isinstance(data, list):
        return bodies.param_error("param data must be an array.")
    if not data:
        return bodies.param_error("param data must be a non-empty array.")
    if len(data) > MAX_EVENTS:
        return bodies.param_error(f"param data must be an array of at most {MAX_EVENTS} elements.")
    found = rejection(lint(CapiRequest({"data": data}), now=int(now)))
    return None if found is None else error_body(found)


def error_body(found: Rejection) -> dict[str, Any]:
    """The Graph body Meta sends for this rejection: real bodies where one is known."""
    if found.subcode == 2804003:
        return bodies.event_too_old()
    if found.subcode == 2804050:
        return bodies.thin_user_data()
    if found.subcode == 2804010:
        return bodies.missing_currency()
    if found.finding.rule == "request.event_not_object":
        return bodies.param_error("param data must be an array of objects.")
    return bodies.invalid_parameter(found.title, found.finding.message)
